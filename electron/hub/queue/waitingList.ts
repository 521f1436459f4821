/**
 * The tickets waiting for one counter, in the order "Panggil berikutnya" would call them from now
 * on if nobody else arrived, nobody else called and no time passed: the counter screen's waiting
 * list, whose first line is what the next call-next picks.
 *
 * It replays QueueEngine.callNext (engine.ts) pick after pick on the counter's own interleave
 * state (counters.phase / phase_count): a regular ticket past the policy's maximum wait goes first
 * while a priority ticket waits (oldest first, whatever the service); otherwise the interleave
 * decides the class (up to `priorityRun` priority calls, then up to `regularRun` regular ones);
 * inside a class, the counter's service preference, then arrival. Keep the two in step:
 * tests/unit/waitingList.property.test.ts drains random queues with callNext and compares.
 *
 * A booked ticket before its slot (due_at > now) is not called yet: it is left out of the picks and
 * listed after them, by slot, marked with `dueAt` (docs/BOOKING.md).
 *
 * Cost: three index searches of at most `limit` rows each (a pick consumes one ticket, so the
 * first `limit` picks never reach past the first `limit` rows of any of the three orders), and
 * the count per service the view reads anyway.
 */
import type { PriorityPolicy } from '../../../shared/settings.js';
import { formatTicketNumber } from '../../../shared/ticketNumber.js';
import type { Db } from '../db/open.js';

export interface WaitingEntry {
  id: number;
  display: string;
  serviceId: number;
  priorityGroup: string | null;
  arrivedAt: number;
  /** whole minutes since arrival (hub time) */
  waitedMinutes: number;
  /** a regular ticket past the policy's maximum wait: called before the priority tickets */
  overdue: boolean;
  /** a booked ticket: its slot start (called from then on), else null */
  dueAt: number | null;
  /** a booked ticket's slot, local "HH:MM"–"HH:MM", for the counter's "Booking 09:00–09:30" */
  bookingSlot: { start: string; end: string } | null;
}

export interface WaitingList {
  /** every ticket waiting for the counter's services, however many the list shows */
  total: number;
  /** the first `limit` in call order */
  tickets: WaitingEntry[];
}

interface Row {
  id: number;
  prefix: string;
  number: number;
  service_id: number;
  priority_group: string | null;
  arrived_at: number;
  due_at: number | null;
  slot_start: string | null;
  slot_end: string | null;
}

type Phase = { phase: 'priority' | 'regular'; count: number };

/**
 * The interleave bookkeeping after a call of class `cls` (a priority run, then a regular run, as
 * the policy says): the engine records it on the counter after each call, and the waiting list
 * replays it to see which ticket each next call takes.
 */
export function advancePhase(state: Phase, cls: 'priority' | 'regular', contested: boolean, policy: PriorityPolicy): Phase {
  let { phase, count } = state;
  if (contested || cls === 'priority') {
    if (phase === cls) count += 1;
    else {
      phase = cls;
      count = 1;
    }
    if (phase === 'priority' && policy.regularRun === 0) count = Math.min(count, policy.priorityRun);
  } else {
    phase = 'priority';
    count = 0;
  }
  return { phase, count };
}

/** Which class the interleave gives the call to when both wait (no overdue ticket). */
function contestedClass(state: Phase, policy: PriorityPolicy): 'priority' | 'regular' {
  const inPriorityRun = state.phase === 'priority' && (state.count < policy.priorityRun || policy.regularRun === 0);
  const regularRunOver = state.phase === 'regular' && state.count >= policy.regularRun;
  return inPriorityRun || regularRunOver ? 'priority' : 'regular';
}

export function waitingList(db: Db, opts: { counterId: number; date: string; now: number; policy: PriorityPolicy; limit?: number }): WaitingList {
  const { counterId, date, now, policy } = opts;
  const limit = opts.limit ?? 50;
  const counter = db.prepare('SELECT phase, phase_count FROM counters WHERE id = ?').get(counterId) as
    | { phase: 'priority' | 'regular'; phase_count: number }
    | undefined;
  if (!counter) return { total: 0, tickets: [] };
  const total = db
    .prepare(
      `SELECT COUNT(*) FROM counter_services cs CROSS JOIN tickets t
       WHERE cs.counter_id = ? AND t.service_id = cs.service_id AND t.status = 'waiting' AND t.business_date = ?`,
    )
    .pluck()
    .get(counterId, date) as number;
  if (total === 0 || limit <= 0) return { total, tickets: [] };

  // The same searches as callNext's `first`, each for the first `limit` rows instead of one.
  const byPreference = (cls: 'priority' | 'regular') =>
    db
      .prepare(
        `SELECT t.id, t.prefix, t.number, t.service_id, t.priority_group, t.arrived_at, t.due_at, b.slot_start, b.slot_end
         FROM counter_services cs CROSS JOIN tickets t LEFT JOIN bookings b ON b.id = t.booking_id
         WHERE cs.counter_id = ? AND t.service_id = cs.service_id AND t.status = 'waiting' AND t.business_date = ?
           AND t.priority_group IS ${cls === 'priority' ? 'NOT NULL' : 'NULL'} AND (t.due_at IS NULL OR t.due_at <= ?)
         ORDER BY cs.rank, t.arrived_at, t.id LIMIT ?`,
      )
      .all(counterId, date, now, limit) as Row[];
  const overdueBefore = now - policy.maxWaitMinutes * 60_000;
  const priority = byPreference('priority');
  const regular = byPreference('regular');
  const overdue =
    priority.length === 0
      ? []
      : (db
          .prepare(
            `SELECT t.id, t.prefix, t.number, t.service_id, t.priority_group, t.arrived_at, t.due_at, b.slot_start, b.slot_end
         FROM counter_services cs CROSS JOIN tickets t LEFT JOIN bookings b ON b.id = t.booking_id
             WHERE cs.counter_id = ? AND t.service_id = cs.service_id AND t.status = 'waiting' AND t.business_date = ?
               AND t.priority_group IS NULL AND (t.due_at IS NULL OR t.due_at <= ?) AND t.arrived_at <= ?
             ORDER BY t.arrived_at, t.id LIMIT ?`,
          )
          .all(counterId, date, now, overdueBefore, limit) as Row[]);

  const taken = new Set<number>();
  const cursor = { priority: 0, regular: 0, overdue: 0 };
  const head = (list: Row[], key: keyof typeof cursor): Row | undefined => {
    while (cursor[key] < list.length && taken.has(list[cursor[key]]!.id)) cursor[key] += 1;
    return list[cursor[key]];
  };

  let state: Phase = { phase: counter.phase, count: counter.phase_count };
  const picks: { row: Row; overdue: boolean }[] = [];
  while (picks.length < limit) {
    const p = head(priority, 'priority');
    const r = head(regular, 'regular');
    if (!p && !r) break;
    const o = p ? head(overdue, 'overdue') : undefined;
    let pick: Row;
    let cls: 'priority' | 'regular';
    if (o) {
      pick = o;
      cls = 'regular';
    } else if (p && r) {
      cls = contestedClass(state, policy);
      pick = cls === 'priority' ? p : r;
    } else {
      pick = (p ?? r)!;
      cls = p ? 'priority' : 'regular';
    }
    taken.add(pick.id);
    picks.push({ row: pick, overdue: o !== undefined });
    state = advancePhase(state, cls, Boolean(p && r), policy);
  }

  // Booked tickets whose slot has not come: after every ticket callable now, soonest slot first.
  if (picks.length < limit) {
    const notYet = db
      .prepare(
        `SELECT t.id, t.prefix, t.number, t.service_id, t.priority_group, t.arrived_at, t.due_at, b.slot_start, b.slot_end
         FROM counter_services cs CROSS JOIN tickets t LEFT JOIN bookings b ON b.id = t.booking_id
         WHERE cs.counter_id = ? AND t.service_id = cs.service_id AND t.status = 'waiting' AND t.business_date = ? AND t.due_at > ?
         ORDER BY t.due_at, t.arrived_at, t.id LIMIT ?`,
      )
      .all(counterId, date, now, limit - picks.length) as Row[];
    for (const row of notYet) picks.push({ row, overdue: false });
  }

  return {
    total,
    tickets: picks.map(({ row, overdue: late }) => ({
      id: row.id,
      display: formatTicketNumber(row.prefix, row.number),
      serviceId: row.service_id,
      priorityGroup: row.priority_group,
      arrivedAt: row.arrived_at,
      waitedMinutes: Math.max(0, Math.floor((now - row.arrived_at) / 60_000)),
      overdue: late,
      dueAt: row.due_at,
      bookingSlot: row.slot_start !== null && row.slot_end !== null ? { start: row.slot_start, end: row.slot_end } : null,
    })),
  };
}
