/**
 * The counter screen's waiting list is the order "Panggil berikutnya" calls in: after random
 * arrivals (regular and priority, across services), time passing (regular tickets past the
 * maximum wait) and calls that move the counter's interleave, the list read from the counter's
 * view is compared with what calling next again and again, with nobody arriving, really gives.
 * Booked tickets (issue 23) are among them: one whose slot has not come is not called and is
 * listed after every callable ticket, soonest slot first.
 * Guards electron/hub/queue/waitingList.ts against drifting from QueueEngine.callNext.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { HubError } from '../../electron/hub/hubError.js';
import { waitingList } from '../../electron/hub/queue/waitingList.js';
import { DEFAULT_PRIORITY_GROUPS } from '../../shared/domain.js';
import { smallSite } from '../fixtures/smallSite.js';

type Op =
  | { k: 'issue'; svc: number; group: number }
  | { k: 'book'; svc: number; dueIn: number }
  | { k: 'serve'; c: number }
  | { k: 'advance'; min: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('issue' as const), svc: fc.integer({ min: 0, max: 2 }), group: fc.integer({ min: -5, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('book' as const), svc: fc.integer({ min: 0, max: 2 }), dueIn: fc.integer({ min: -10, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('serve' as const), c: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('advance' as const), min: fc.integer({ min: 1, max: 20 }) }) },
);
const policyArb = fc.record({
  priorityRun: fc.integer({ min: 1, max: 3 }),
  regularRun: fc.integer({ min: 0, max: 3 }),
  maxWaitMinutes: fc.integer({ min: 5, max: 60 }),
});

async function scenario(policy: { priorityRun: number; regularRun: number; maxWaitMinutes: number }, ops: Op[], drained: number, limit: number): Promise<void> {
  const site = await smallSite({ policy });
  try {
    const { core, clock, counters, officers } = site;
    const svc = [site.services.a, site.services.b, site.services.c];
    counters.forEach((c, i) => core.engine.openCounter(c, { officerId: officers[i]! }));
    const callAndFinish = (i: number) => {
      const t = core.engine.callNext(counters[i]!, { officerId: officers[i]! });
      core.engine.finish(counters[i]!, {});
      return t.id;
    };
    let n = 0;
    for (const op of ops) {
      if (op.k === 'issue') {
        const group = op.group >= 0 ? DEFAULT_PRIORITY_GROUPS[op.group]!.code : null;
        core.engine.issue({ serviceId: svc[op.svc]!, priorityGroup: group, requestId: `w-${n++}` });
      } else if (op.k === 'book') {
        // A booked ticket as bookings/checkIn.ts issues it: due at its slot, counted from maxWait − 1 min before.
        const now = clock.now();
        const bookingId = Number(
          core.db
            .prepare(
              `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, status, received_at)
               VALUES (?, ?, ?, '09:00', '09:30', ?, 'checked_in', ?)`,
            )
            .run(`B${String(n).padStart(5, '0')}`, svc[op.svc]!, core.engine.today(), now, now).lastInsertRowid,
        );
        const dueAt = now + op.dueIn * 60_000;
        core.engine.issue({ serviceId: svc[op.svc]!, requestId: `w-${n++}`, booking: { id: bookingId, dueAt, arrivedAt: dueAt - policy.maxWaitMinutes * 60_000 + 60_000 } });
      } else if (op.k === 'advance') clock.advanceMinutes(op.min);
      else {
        try {
          callAndFinish(op.c);
        } catch (err) {
          if (!(err instanceof HubError) || err.code !== 'NO_TICKET_WAITING') throw err;
        }
      }
    }
    const view = core.views.counter(counters[drained]!);
    // The view's list is capped at 50; a smaller cap shows the same first picks.
    expect(view.waitingList.tickets.length).toBe(Math.min(view.waitingList.total, 50));
    const short = waitingList(core.db, { counterId: counters[drained]!, date: core.engine.today(), now: clock.now(), policy: core.settings.get('priorityPolicy'), limit });
    expect(short.tickets.map((t) => t.id)).toEqual(view.waitingList.tickets.slice(0, limit).map((t) => t.id));
    // Now call next until nothing waits, nobody arriving and no time passing.
    const called: number[] = [];
    for (;;) {
      try {
        called.push(callAndFinish(drained));
      } catch (err) {
        if (err instanceof HubError && err.code === 'NO_TICKET_WAITING') break;
        throw err;
      }
    }
    // What is left is the booked tickets whose slot has not come: listed after the callable ones.
    const notYet = core.db
      .prepare(
        `SELECT t.id FROM counter_services cs CROSS JOIN tickets t
         WHERE cs.counter_id = ? AND t.service_id = cs.service_id AND t.status = 'waiting' AND t.business_date = ?
         ORDER BY t.due_at, t.arrived_at, t.id`,
      )
      .pluck()
      .all(counters[drained]!, core.engine.today()) as number[];
    for (const id of notYet) expect(core.engine.ticket(id)!.status).toBe('waiting');
    expect(core.db.prepare(`SELECT COUNT(*) FROM tickets WHERE id IN (${notYet.join(',') || 0}) AND (due_at IS NULL OR due_at <= ?)`).pluck().get(clock.now())).toBe(0);
    expect(called.length + notYet.length).toBe(view.waitingList.total);
    expect(view.waitingList.tickets.map((t) => t.id)).toEqual([...called, ...notYet].slice(0, 50));
  } finally {
    site.dispose();
  }
}

it('lists the waiting tickets in the order call-next calls them', async () => {
  await fc.assert(
    fc.asyncProperty(policyArb, fc.array(opArb, { minLength: 5, maxLength: 90 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 12 }), (policy, ops, c, limit) =>
      scenario(policy, ops, c, limit),
    ),
    { numRuns: 80 },
  );
}, 120_000);
