/**
 * Property-based test of the queue engine: random sequences of issue, call, skip, call-back,
 * recall, start, finish, transfer, cancel, pause/resume, time passing and close-day across four
 * counters, on a real SQLite file, checked against what a citizen and an officer would expect.
 * Booked tickets (issue 23, docs/BOOKING.md) among them: never called before their slot.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { HubError } from '../../electron/hub/hubError.js';
import { DEFAULT_PRIORITY_GROUPS } from '../../shared/domain.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

const MAX_WAIT_MIN = 20;

type Op =
  | { k: 'issue'; svc: number; group: number } // group < 0: regular
  | { k: 'book'; svc: number; dueIn: number } // a booked check-in, its slot dueIn minutes from now
  | { k: 'callNext' | 'noShow' | 'recall' | 'start' | 'finish' | 'cancel' | 'pause' | 'resume'; c: number }
  | { k: 'callBack'; c: number; pick: number }
  | { k: 'transfer'; c: number; svc: number }
  | { k: 'advance'; min: number }
  | { k: 'closeDay' };

const counter = fc.integer({ min: 0, max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('issue' as const), svc: fc.integer({ min: 0, max: 2 }), group: fc.integer({ min: -4, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('book' as const), svc: fc.integer({ min: 0, max: 2 }), dueIn: fc.integer({ min: -10, max: 30 }) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('callNext' as const), c: counter }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('noShow' as const), c: counter }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('callBack' as const), c: counter, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('recall' as const), c: counter }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('start' as const), c: counter }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('finish' as const), c: counter }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('transfer' as const), c: counter, svc: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancel' as const), c: counter }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pause' as const), c: counter }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('resume' as const), c: counter }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('advance' as const), min: fc.integer({ min: 1, max: 15 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('closeDay' as const) }) },
);

interface Row {
  id: number;
  business_date: string;
  prefix: string;
  number: number;
  service_id: number;
  priority_group: string | null;
  status: string;
  counter_id: number | null;
  arrived_at: number;
  due_at: number | null;
}

function snapshot(site: SmallSite): string {
  const db = site.core.db;
  return JSON.stringify([
    db.prepare('SELECT * FROM tickets ORDER BY id').all(),
    db.prepare('SELECT * FROM counters ORDER BY id').all(),
    db.prepare('SELECT * FROM business_days ORDER BY date').all(),
    db.prepare('SELECT COUNT(*), MAX(seq) FROM events').get(),
  ]);
}

function tickets(site: SmallSite): Row[] {
  return site.core.db.prepare('SELECT * FROM tickets ORDER BY id').all() as Row[];
}

function ranks(site: SmallSite, counterId: number): Map<number, number> {
  const rows = site.core.db.prepare('SELECT service_id, rank FROM counter_services WHERE counter_id = ?').all(counterId) as {
    service_id: number;
    rank: number;
  }[];
  return new Map(rows.map((r) => [r.service_id, r.rank]));
}

const before = (a: Row, b: Row) => a.arrived_at < b.arrived_at || (a.arrived_at === b.arrived_at && a.id < b.id);

async function runScenario(ops: Op[]): Promise<void> {
  const site = await smallSite({ policy: { maxWaitMinutes: MAX_WAIT_MIN, priorityRun: 1, regularRun: 2 } });
  try {
    const { core, clock, counters, officers } = site;
    const svcIds = [site.services.a, site.services.b, site.services.c];
    counters.forEach((c, i) => core.engine.openCounter(c, { officerId: officers[i]! }));
    const issuedPerDate = new Map<string, number>();
    let issuedTotal = 0;

    for (const op of ops) {
      const snap = snapshot(site);
      const all = tickets(site);
      const today = core.engine.today();
      const now = clock.now();
      const run = (fn: () => unknown): { ok: true; value: unknown } | { ok: false; code: string } => {
        try {
          return { ok: true, value: fn() };
        } catch (err) {
          if (!(err instanceof HubError)) throw err;
          // A refused operation changes nothing at all.
          expect(snapshot(site), `${op.k} refused with ${err.code} but changed the database`).toBe(snap);
          return { ok: false, code: err.code };
        }
      };

      switch (op.k) {
        case 'issue': {
          const group = op.group >= 0 ? DEFAULT_PRIORITY_GROUPS[op.group]!.code : null;
          const r = run(() => core.engine.issue({ serviceId: svcIds[op.svc]!, priorityGroup: group, requestId: `p-${issuedTotal++}` }));
          expect(r.ok, 'every service is open and has no quota: issue must succeed').toBe(true);
          issuedPerDate.set(today, (issuedPerDate.get(today) ?? 0) + 1);
          break;
        }
        case 'book': {
          // As bookings/checkIn.ts issues an on-time booking: due at its slot, counted from maxWait − 1 min before.
          const bookingId = Number(
            core.db
              .prepare(
                `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, status, received_at)
                 VALUES (?, ?, ?, '09:00', '09:30', ?, 'checked_in', ?)`,
              )
              .run(`P${String(issuedTotal).padStart(5, '0')}`, svcIds[op.svc]!, today, now, now).lastInsertRowid,
          );
          const dueAt = now + op.dueIn * 60_000;
          const booking = { id: bookingId, dueAt, arrivedAt: dueAt - MAX_WAIT_MIN * 60_000 + 60_000 };
          const r = run(() => core.engine.issue({ serviceId: svcIds[op.svc]!, requestId: `p-${issuedTotal++}`, booking }));
          expect(r.ok, 'every service is open and has no quota: issue must succeed').toBe(true);
          issuedPerDate.set(today, (issuedPerDate.get(today) ?? 0) + 1);
          break;
        }
        case 'callNext': {
          const cid = counters[op.c]!;
          const rank = ranks(site, cid);
          const state = core.engine.counterState(cid);
          const holding = all.some((t) => t.counter_id === cid && (t.status === 'called' || t.status === 'serving'));
          // A booked ticket before its slot is not callable yet.
          const eligible = all.filter((t) => t.status === 'waiting' && t.business_date === today && rank.has(t.service_id) && (t.due_at === null || t.due_at <= now));
          const r = run(() => core.engine.callNext(cid, { officerId: officers[op.c]! }));
          if (state === 'paused') {
            expect(r).toEqual({ ok: false, code: 'COUNTER_PAUSED' });
            break;
          }
          if (holding) {
            expect(r).toEqual({ ok: false, code: 'COUNTER_BUSY' });
            break;
          }
          if (eligible.length === 0) {
            expect(r).toEqual({ ok: false, code: 'NO_TICKET_WAITING' });
            break;
          }
          expect(r.ok, 'a free, open counter with tickets waiting for it must get one').toBe(true);
          const got = (r as { value: { id: number } }).value;
          const picked = eligible.find((t) => t.id === got.id)!;
          expect(picked, 'the called ticket was waiting for this counter').toBeDefined();
          const isPriority = (t: Row) => t.priority_group !== null;
          const overdue = (t: Row) => !isPriority(t) && t.arrived_at <= now - MAX_WAIT_MIN * 60_000;
          // No regular ticket left past the maximum wait while a priority ticket is called.
          if (isPriority(picked)) expect(eligible.filter(overdue)).toEqual([]);
          // FIFO inside a class within a service.
          const sameQueue = eligible.filter((t) => t.service_id === picked.service_id && isPriority(t) === isPriority(picked));
          expect(sameQueue.filter((t) => before(t, picked))).toEqual([]);
          // Service preference inside the class, unless the overdue rule chose an older ticket.
          const pickedByOverdue = overdue(picked) && eligible.some(isPriority);
          if (!pickedByOverdue) {
            const preferred = eligible.filter(
              (t) => isPriority(t) === isPriority(picked) && rank.get(t.service_id)! < rank.get(picked.service_id)!,
            );
            expect(preferred).toEqual([]);
          } else {
            expect(eligible.filter((t) => overdue(t) && before(t, picked))).toEqual([]);
          }
          break;
        }
        case 'callBack': {
          const cid = counters[op.c]!;
          const rank = ranks(site, cid);
          const noShows = all.filter((t) => t.status === 'no_show' && t.business_date === today && rank.has(t.service_id));
          if (noShows.length === 0) break;
          const target = noShows[op.pick % noShows.length]!;
          const r = run(() => core.engine.callTicket(cid, target.id, { officerId: officers[op.c]! }));
          const state = core.engine.counterState(cid);
          const holding = all.some((t) => t.counter_id === cid && (t.status === 'called' || t.status === 'serving'));
          if (state !== 'paused' && !holding) expect(r.ok).toBe(true);
          break;
        }
        case 'transfer':
          run(() => core.engine.transfer(counters[op.c]!, svcIds[op.svc]!, { officerId: officers[op.c]! }));
          break;
        case 'cancel': {
          const held = core.engine.heldTicket(counters[op.c]!);
          if (held) run(() => core.engine.cancel(held.id, 'pergi', { officerId: officers[op.c]!, counterId: counters[op.c]! }));
          break;
        }
        case 'noShow':
          run(() => core.engine.noShow(counters[op.c]!, {}));
          break;
        case 'recall':
          run(() => core.engine.recall(counters[op.c]!, {}));
          break;
        case 'start':
          run(() => core.engine.start(counters[op.c]!, {}));
          break;
        case 'finish':
          run(() => core.engine.finish(counters[op.c]!, {}));
          break;
        case 'pause':
          run(() => core.engine.pause(counters[op.c]!, 'Istirahat', {}));
          break;
        case 'resume':
          run(() => core.engine.resume(counters[op.c]!, {}));
          break;
        case 'advance':
          clock.advanceMinutes(op.min);
          break;
        case 'closeDay': {
          run(() => core.engine.closeDay(today, 'Tutup hari', {}));
          // Every ticket issued that day is accounted for, and nothing was deleted.
          const day = tickets(site).filter((t) => t.business_date === today);
          expect(day).toHaveLength(issuedPerDate.get(today) ?? 0);
          expect(day.filter((t) => !['done', 'cancelled', 'closed'].includes(t.status))).toEqual([]);
          expect(() => core.engine.issue({ serviceId: svcIds[0]!, requestId: `after-close-${now}` })).toThrow(/DAY_CLOSED/);
          // The next business date: 00:00 plus a little, then back to office hours.
          clock.advanceMinutes(24 * 60);
          break;
        }
      }

      // Invariants after every step.
      const rows = tickets(site);
      const numbers = new Map<string, number[]>();
      for (const t of rows) numbers.set(`${t.business_date}/${t.prefix}`, [...(numbers.get(`${t.business_date}/${t.prefix}`) ?? []), t.number]);
      for (const [k, ns] of numbers) expect([...ns].sort((x, y) => x - y), `numbers of ${k}`).toEqual(ns.map((_, i) => i + 1));
      const held = rows.filter((t) => t.status === 'called' || t.status === 'serving');
      expect(new Set(held.map((t) => t.counter_id)).size, 'a counter holds at most one ticket').toBe(held.length);
      expect(held.every((t) => t.counter_id !== null)).toBe(true);
      expect(rows.filter((t) => t.status === 'waiting' && t.counter_id !== null)).toEqual([]);
    }
  } finally {
    site.dispose();
  }
}

it('keeps numbers gapless, tickets single-held, FIFO per class, the maximum wait and every ticket accounted for', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 80 }), (ops) => runScenario(ops)),
    { numRuns: 120 },
  );
}, 120_000);
