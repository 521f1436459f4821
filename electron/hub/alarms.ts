/**
 * The hub's alarms: what an MPP's IT person must see and act on (shared/health.ts). Raised by the
 * services that detect a fault (the trusted clock, the history guard, the integrity check, a full
 * disk, a failed backup), shown on `/healthz` (status `degraded`), in the admin overview, on the
 * console (one line in both languages, via the log) and as a `hub.alarm` event, and cleared when
 * the fault is gone or an admin acknowledges it.
 *
 * Raised alarms are kept in memory and in the event log: an alarm must be raised even when the
 * database cannot take a write (a full disk, a damaged file), so the event is best effort and the
 * in-memory list is what `/healthz` answers. At start the hub raises again what it still detects.
 */
import type { Alarm, AlarmKind } from '../../shared/health.js';
import type { Clock } from './clock.js';
import type { EventLog } from './events.js';
import type { HubLog } from './log.js';

export interface AlarmsDeps {
  events: EventLog;
  clock: Clock;
  /** the business date an alarm's event carries */
  businessDate: () => string;
  log: HubLog;
}

export type AlarmInput = Omit<Alarm, 'since' | 'kind'>;

export class Alarms {
  private readonly raised = new Map<AlarmKind, Alarm>();
  private readonly deps: AlarmsDeps;

  constructor(deps: AlarmsDeps) {
    this.deps = deps;
  }

  /** Raises (or updates the figures of) an alarm. Never throws: the caller is handling a fault. */
  raise(kind: AlarmKind, input: AlarmInput): void {
    const was = this.raised.get(kind);
    const alarm: Alarm = { kind, since: was?.since ?? this.deps.clock.now(), ...input };
    this.raised.set(kind, alarm);
    if (was && was.id === alarm.id && JSON.stringify(was.detail) === JSON.stringify(alarm.detail)) return;
    this.deps.log.error({ alarm: kind, ...alarm.detail }, `ALARM ${kind}: ${alarm.id} / ${alarm.en}`);
    if (!was) this.record(alarm, true);
  }

  /** Clears an alarm whose cause is gone (or that an admin acknowledged). */
  clear(kind: AlarmKind, why = 'cleared'): boolean {
    const was = this.raised.get(kind);
    if (!was) return false;
    this.raised.delete(kind);
    this.deps.log.info({ alarm: kind, why }, `alarm ${kind} cleared`);
    this.record(was, false);
    return true;
  }

  has(kind: AlarmKind): boolean {
    return this.raised.has(kind);
  }

  get(kind: AlarmKind): Alarm | undefined {
    return this.raised.get(kind);
  }

  list(): Alarm[] {
    return [...this.raised.values()].sort((a, b) => a.since - b.since);
  }

  private record(alarm: Alarm, raised: boolean): void {
    try {
      this.deps.events.transaction(() =>
        this.deps.events.append({
          type: 'hub.alarm',
          at: this.deps.clock.now(),
          businessDate: this.deps.businessDate(),
          data: { ...alarm, raised },
        }),
      );
    } catch (err) {
      // The fault itself may refuse the write (a full disk): the alarm stands in memory and on the log.
      this.deps.log.warn({ alarm: alarm.kind, err: String(err) }, 'the alarm could not be written to the event log');
    }
  }
}
