/**
 * Which zone an event belongs to, for the displays paired for one zone (a floor, a wing): such a
 * display receives only its zone's calls and waiting, on the stream and in its state. A counter
 * stands in a zone (counters.zone_id) and a service is served in one (services.zone_id).
 *
 * The stream asks this for every event and every zoned client, so the counter → zone and
 * service → zone maps are kept in memory: built on first use, dropped on every `master.changed`
 * (a counter or service moved, a zone added, an import), so the next event reads them again.
 * Writes without an actor (set-up before the hub serves) leave no event: they come before any
 * display is connected, and the maps are built after them.
 */
import type { Event } from '../../shared/protocol.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';

export class ZoneScope {
  private counters: Map<number, number | null> | null = null;
  private services: Map<number, number | null> | null = null;

  constructor(private readonly deps: { db: Db; events: EventLog }) {
    deps.events.subscribe((e) => {
      if (e.type === 'master.changed') this.forget();
    });
  }

  /** Drops the maps (after master data changed). */
  forget(): void {
    this.counters = null;
    this.services = null;
  }

  counterZone(counterId: number): number | null {
    this.counters ??= this.load('SELECT id, zone_id FROM counters');
    return this.counters.get(counterId) ?? null;
  }

  serviceZone(serviceId: number): number | null {
    this.services ??= this.load('SELECT id, zone_id FROM services');
    return this.services.get(serviceId) ?? null;
  }

  private load(sql: string): Map<number, number | null> {
    return new Map((this.deps.db.prepare(sql).all() as { id: number; zone_id: number | null }[]).map((r) => [r.id, r.zone_id]));
  }

  /**
   * Whether a display paired for `zoneId` receives `e`. An event at a counter (a call, a finish,
   * a counter paused) goes to the counter's zone; a ticket event without a counter (issued,
   * cancelled or printed at the kiosk) to its service's zone. Everything else (the day closed,
   * settings, master data) is about every screen and goes to every display.
   */
  sees(zoneId: number, e: Event): boolean {
    if (e.type.startsWith('ticket.') || e.type.startsWith('counter.')) {
      // A ticket sent from a counter here to a service there changes the waiting there too.
      if (e.type === 'ticket.transferred' && this.serviceZone(e.data.toServiceId) === zoneId) return true;
      if (e.counterId !== null) return this.counterZone(e.counterId) === zoneId;
      if (e.serviceId !== null) return this.serviceZone(e.serviceId) === zoneId;
      return false;
    }
    // A survey answer is a citizen's opinion of one ticket: no display needs it.
    return e.type !== 'survey.answered';
  }
}
