/**
 * The estimated wait a ticket carries and the kiosk shows, computed the same way by the hub
 * (electron/hub/queue/engine.ts) and by a kiosk keeping its catalogue current from ticket events
 * (renderer/src/kiosk/catalogueEvents.ts). No zod here: the kiosk's bundle imports this module.
 */
export interface WaitBasis {
  /** the service's estimated minutes per citizen */
  minutesPerTicket: number;
  /** the counters sharing its queue: those open, or every one set up for it while none is */
  counters: number;
}

export function estimatedWaitMinutes(peopleAhead: number, basis: WaitBasis): number {
  if (peopleAhead <= 0) return 0;
  return Math.ceil((peopleAhead * basis.minutesPerTicket) / Math.max(1, basis.counters));
}
