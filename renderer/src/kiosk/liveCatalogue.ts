/**
 * A kiosk keeps its catalogue current from the event stream instead of asking the hub for it
 * again after every ticket: each ticket event moves one service's waiting count (and, when issued,
 * its quota), and the estimate follows from the count as the hub computes it
 * (electron/hub/queue/views.ts catalogue(), shared/waitEstimate.ts). Only what a kiosk cannot
 * compute asks for a fresh catalogue: master data, settings, a counter opening, closing, going on
 * a break and back (the estimate's counters, a service with no open counter), the day closing, or
 * an event of another business date. Opening hours, breaks and pauses ending change nothing in the
 * log: the kiosk fetches the catalogue again at the `statusUntil` the hub gave each service.
 */
import { localParts } from '../../../shared/businessDate.js';
import type { Catalogue, CatalogueService, Event } from '../../../shared/protocol.js';
import { estimatedWaitMinutes } from '../../../shared/waitEstimate.js';

/** What one event does to the catalogue: a new catalogue, nothing, or "fetch it again". */
export type CatalogueChange = Catalogue | 'unchanged' | 'resync';

interface Delta {
  serviceId: number;
  waiting: number;
  issued: number;
}

/** The change to the waiting count (and to the tickets issued) one ticket event makes. */
function ticketDelta(e: Event): Delta | null {
  if (e.serviceId === null) return null;
  switch (e.type) {
    case 'ticket.issued':
      return { serviceId: e.serviceId, waiting: 1, issued: 1 };
    case 'ticket.called':
      // A no-show called back was not waiting.
      return e.data.again ? null : { serviceId: e.serviceId, waiting: -1, issued: 0 };
    case 'ticket.transferred':
      // Back in the queue of the new service, at its arrival time; it was held at a counter.
      return { serviceId: e.data.toServiceId, waiting: 1, issued: 0 };
    case 'ticket.cancelled':
    case 'ticket.closed':
      return e.data.previousStatus === 'waiting' ? { serviceId: e.serviceId, waiting: -1, issued: 0 } : null;
    default:
      return null;
  }
}

function withDelta(s: CatalogueService, d: Delta): CatalogueService {
  const waiting = Math.max(0, s.waiting + d.waiting);
  const quotaLeft = s.quotaLeft === null ? null : Math.max(0, s.quotaLeft - d.issued);
  const full = s.open && quotaLeft === 0;
  return {
    ...s,
    waiting,
    quotaLeft,
    estimatedWaitMinutes: estimatedWaitMinutes(waiting, s.waitBasis),
    ...(full ? { open: false, unavailableReason: 'QUOTA_EXHAUSTED' as const } : {}),
  };
}

export function applyToCatalogue(c: Catalogue, e: Event): CatalogueChange {
  switch (e.type) {
    case 'master.changed':
      // the displays' media playlist: nothing the kiosk shows
      return e.data.kind === 'media' ? 'unchanged' : 'resync';
    case 'settings.changed':
    case 'standard.published': // what to bring, shown before "Ambil tiket"
    case 'counter.opened':
    case 'counter.closed':
    case 'counter.paused':
    case 'counter.resumed': // a break too: the services' open counters (countersOpen) and estimates
    case 'day.closed':
    case 'day.reopened':
      return 'resync';
    default:
      break;
  }
  if (!e.type.startsWith('ticket.')) return 'unchanged';
  // Midnight passed, or an earlier day was closed out: the hub's catalogue says what holds now.
  if (e.businessDate !== c.businessDate) return 'resync';
  const d = ticketDelta(e);
  if (!d) return 'unchanged';
  let found = false;
  const agencies = c.agencies.map((a) => {
    if (!a.services.some((s) => s.id === d.serviceId)) return a;
    found = true;
    return { ...a, services: a.services.map((s) => (s.id === d.serviceId ? withDelta(s, d) : s)) };
  });
  // A service the kiosk does not offer (inactive): nothing on screen moves.
  return found ? { ...c, agencies } : 'unchanged';
}

/**
 * Milliseconds from `hubNow` until a service's state may change (a range of hours, its issuing
 * window, a break or a pause begins or ends: each service's `statusUntil`), or the business day
 * ends, in the site's time zone. Indonesia's zones are whole hours from UTC, so a local minute
 * starts when a UTC minute does.
 */
export function msUntilHoursChange(c: Catalogue, hubNow: number): number {
  const { minuteOfDay } = localParts(hubNow, c.site.timeZone);
  let next = hubNow + (24 * 60 - minuteOfDay) * 60_000 - (hubNow % 60_000);
  for (const a of c.agencies) for (const s of a.services) if (s.statusUntil > hubNow && s.statusUntil < next) next = s.statusUntil;
  return next - hubNow;
}
