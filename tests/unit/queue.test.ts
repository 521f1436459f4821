/**
 * The queue engine, one rule at a time, on a real SQLite file: what a kiosk, an officer and a
 * supervisor would see.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../shared/protocol.js';
import { HubError } from '../../electron/hub/hubError.js';
import { weekdayHours } from '../../shared/openingHours.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

let site: SmallSite;
let n = 0;
const rid = () => `r-${n++}`;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof HubError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

function counts() {
  const db = site.core.db;
  return {
    tickets: db.prepare('SELECT COUNT(*) FROM tickets').pluck().get(),
    events: db.prepare('SELECT COUNT(*) FROM events').pluck().get(),
  };
}

beforeEach(async () => {
  site = await smallSite();
});
afterEach(() => site.dispose());

const issue = (serviceId: number, priorityGroup: string | null = null) =>
  site.core.engine.issue({ serviceId, priorityGroup, requestId: rid() }).ticket;
const open = (i: number) => site.core.engine.openCounter(site.counters[i]!, { officerId: site.officers[i]! });
const callNext = (i: number) => site.core.engine.callNext(site.counters[i]!, { officerId: site.officers[i]! });
const finish = (i: number) => site.core.engine.finish(site.counters[i]!, {});

describe('issuing', () => {
  it('numbers each prefix from 001 without gaps and tells people ahead and the wait', () => {
    const { a, b } = site.services;
    const r1 = site.core.engine.issue({ serviceId: a, requestId: rid() });
    const r2 = site.core.engine.issue({ serviceId: a, requestId: rid() });
    const r3 = site.core.engine.issue({ serviceId: b, requestId: rid() });
    expect([r1.ticket.display, r2.ticket.display, r3.ticket.display]).toEqual(['A-001', 'A-002', 'B-001']);
    expect(r1.peopleAhead).toBe(0);
    expect(r2.peopleAhead).toBe(1);
    // 1 person ahead × 10 minutes ÷ 3 counters set up for A (none open yet) → 4 minutes
    expect(r2.estimatedWaitMinutes).toBe(4);
    open(0);
    const r4 = site.core.engine.issue({ serviceId: a, requestId: rid() });
    // 2 ahead × 10 minutes ÷ 1 counter open
    expect(r4.estimatedWaitMinutes).toBe(20);
    expect(r1.serviceName).toBe('KTP-el');
  });

  it('is idempotent on the request id', () => {
    const first = site.core.engine.issue({ serviceId: site.services.a, requestId: 'kiosk-1-0001' });
    const before = counts();
    const again = site.core.engine.issue({ serviceId: site.services.a, requestId: 'kiosk-1-0001' });
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(again.replayed).toBe(true);
    expect(counts()).toEqual(before);
    expect(refusal(() => site.core.engine.issue({ serviceId: site.services.b, requestId: 'kiosk-1-0001' }))).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('refuses an inactive, closed or full service, or an unknown group, and changes nothing', () => {
    const { a, b, c } = site.services;
    const before = counts();
    expect(refusal(() => issue(999))).toBe('SERVICE_NOT_FOUND');
    expect(refusal(() => issue(a, 'vip'))).toBe('PRIORITY_GROUP_UNKNOWN');
    site.core.master.updateService(a, { active: false });
    expect(refusal(() => issue(a))).toBe('SERVICE_INACTIVE');
    // Monday 09:00 WIB; B opens 10:00–15:00
    site.core.master.updateService(b, { hours: weekdayHours('10:00', '15:00') });
    expect(refusal(() => issue(b))).toBe('SERVICE_CLOSED');
    expect(counts()).toEqual(before);
    site.clock.advanceMinutes(60);
    expect(issue(b).display).toBe('B-001');
    site.clock.advanceMinutes(6 * 60); // 16:00
    expect(refusal(() => issue(b))).toBe('SERVICE_CLOSED');
    site.core.master.updateService(c, { dailyQuota: 2 });
    issue(c);
    issue(c);
    const full = counts();
    expect(refusal(() => issue(c))).toBe('QUOTA_EXHAUSTED');
    expect(counts()).toEqual(full);
  });

  it('says when a closed service opens', () => {
    site.core.master.updateService(site.services.b, { hours: weekdayHours('10:00', '15:00') });
    try {
      issue(site.services.b);
    } catch (err) {
      expect((err as HubError).details).toMatchObject({ hoursToday: [{ open: '10:00', close: '15:00' }], why: 'hours', nextOpening: { text: { id: 'Buka pukul 10.00', en: 'Opens at 10:00' } } });
    }
    expect.assertions(1);
  });
});

describe('calling', () => {
  it('needs an open, free, unpaused counter and something waiting', () => {
    expect(refusal(() => callNext(0))).toBe('SESSION_REQUIRED');
    open(0);
    expect(refusal(() => callNext(0))).toBe('NO_TICKET_WAITING');
    issue(site.services.a);
    issue(site.services.a);
    callNext(0);
    expect(refusal(() => callNext(0))).toBe('COUNTER_BUSY');
    expect(refusal(() => site.core.engine.pause(site.counters[0]!, 'Salat', {}))).toBe('COUNTER_BUSY');
    finish(0);
    site.core.engine.pause(site.counters[0]!, 'Salat Zuhur', {});
    expect(refusal(() => callNext(0))).toBe('COUNTER_PAUSED');
    site.core.engine.resume(site.counters[0]!, {});
    expect(callNext(0).display).toBe('A-002');
    expect(refusal(() => site.core.engine.resume(site.counters[0]!, {}))).toBe('COUNTER_NOT_PAUSED');
  });

  it('follows the counter’s service preference, FIFO inside it', () => {
    const { a, b } = site.services;
    issue(a);
    issue(b); // B-001
    issue(a);
    open(2); // Loket 3 prefers B, then A
    open(0); // Loket 1 prefers A, then B
    expect(callNext(2).display).toBe('B-001');
    expect(callNext(0).display).toBe('A-001');
    finish(2);
    expect(callNext(2).display).toBe('A-002');
  });

  it('never gives the same ticket to two counters', () => {
    issue(site.services.a);
    open(0);
    open(1);
    const got = callNext(0);
    expect(refusal(() => callNext(1))).toBe('NO_TICKET_WAITING');
    expect(site.core.engine.ticket(got.id)!.counterId).toBe(site.counters[0]);
  });

  it('interleaves one priority with two regular while both wait, FIFO in each class', () => {
    const { a } = site.services;
    for (let i = 0; i < 4; i++) issue(a); // A-001 … A-004 regular
    for (let i = 0; i < 3; i++) issue(a, 'lansia'); // A-005 … A-007 priority
    open(0);
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      order.push(callNext(0).display);
      finish(0);
    }
    expect(order).toEqual(['A-005', 'A-001', 'A-002', 'A-006', 'A-003', 'A-004', 'A-007']);
  });

  it('serves a regular ticket first once it has waited past the maximum wait', () => {
    const { a } = site.services;
    site.core.settings.set('priorityPolicy', { ...site.core.settings.get('priorityPolicy'), priorityRun: 5, maxWaitMinutes: 30 });
    issue(a); // A-001 regular, 09:00
    site.clock.advanceMinutes(10);
    for (let i = 0; i < 4; i++) issue(a, 'ibu_hamil');
    open(0);
    expect(callNext(0).display).toBe('A-002');
    finish(0);
    site.clock.advanceMinutes(21); // A-001 has waited 31 minutes
    expect(callNext(0).display).toBe('A-001');
  });

  it('recalls, skips and calls back a no-show the same day only', () => {
    issue(site.services.a);
    open(0);
    const t = callNext(0);
    const recalled = site.core.engine.recall(site.counters[0]!, {});
    expect(recalled.callCount).toBe(2);
    site.core.engine.noShow(site.counters[0]!, {});
    expect(site.core.engine.ticket(t.id)!.status).toBe('no_show');
    const back = site.core.engine.callTicket(site.counters[0]!, t.id, {});
    expect(back.status).toBe('called');
    const ev = site.core.events.readSince(0).filter((e) => e.type === 'ticket.called');
    expect(ev.at(-1)!.data.again).toBe(true);
    site.core.engine.noShow(site.counters[0]!, {});
    site.clock.advanceMinutes(24 * 60);
    expect(refusal(() => site.core.engine.callTicket(site.counters[0]!, t.id, {}))).toBe('TICKET_NOT_TODAY');
  });

  it('refuses to call back a ticket of a service the counter does not serve', () => {
    const t = issue(site.services.c);
    open(0);
    expect(refusal(() => site.core.engine.callTicket(site.counters[0]!, t.id, {}))).toBe('SERVICE_NOT_AT_COUNTER');
  });

  it('transfers keeping the number and the place by original arrival', () => {
    const { a, b } = site.services;
    const first = issue(a); // 09:00
    site.clock.advanceMinutes(5);
    issue(b); // B-001 at 09:05
    open(0);
    const called = callNext(0);
    expect(called.id).toBe(first.id);
    const moved = site.core.engine.transfer(site.counters[0]!, b, {});
    expect(moved).toMatchObject({ display: 'A-001', serviceId: b, status: 'waiting', arrivedAt: first.arrivedAt, counterId: null });
    open(2); // prefers B
    expect(callNext(2).display).toBe('A-001');
    expect(refusal(() => site.core.engine.transfer(site.counters[2]!, b, {}))).toBe('TRANSFER_SAME_SERVICE');
  });

  it('cancels, and a cancelled ticket cannot be called', () => {
    const t = issue(site.services.a);
    const c = site.core.engine.cancel(t.id, 'Salah pilih layanan', {});
    expect(c.status).toBe('cancelled');
    open(0);
    expect(refusal(() => callNext(0))).toBe('NO_TICKET_WAITING');
    expect(refusal(() => site.core.engine.callTicket(site.counters[0]!, t.id, {}))).toBe('TICKET_WRONG_STATE');
  });
});

describe('end of day', () => {
  it('closes every open ticket with a reason, deletes nothing, and numbers again from 001 the next day', () => {
    const { a } = site.services;
    for (let i = 0; i < 3; i++) issue(a);
    open(0);
    callNext(0);
    const before = counts();
    const r = site.core.engine.closeDay(site.core.engine.today(), 'Tutup pukul 15.00', {});
    expect(r.closedTickets).toBe(3);
    const rows = site.core.db.prepare('SELECT status, close_reason FROM tickets').all();
    expect(rows).toEqual(Array(3).fill({ status: 'closed', close_reason: 'Tutup pukul 15.00' }));
    expect(counts().tickets).toBe(before.tickets);
    expect(refusal(() => issue(a))).toBe('DAY_CLOSED');
    const dayClosed = site.core.events.readSince(0).find((e) => e.type === 'day.closed')!;
    expect(dayClosed.data.counts).toEqual({ closed: 3 });
    site.clock.advanceMinutes(24 * 60);
    expect(issue(a).display).toBe('A-001');
  });

  it('closes the days the hub missed when it starts again', () => {
    issue(site.services.a);
    issue(site.services.b);
    site.clock.advanceMinutes(3 * 24 * 60);
    expect(site.core.engine.closeStaleDays()).toBe(2);
    expect(site.core.engine.closeStaleDays()).toBe(0);
    expect(issue(site.services.a).display).toBe('A-001');
  });
});

describe('the event log', () => {
  it('appends one event per change, in seq order, and publishes only after commit', () => {
    const heard: Event[] = [];
    site.core.events.subscribe((e) => heard.push(e));
    issue(site.services.a);
    open(0);
    callNext(0);
    site.core.engine.start(site.counters[0]!, {});
    finish(0);
    expect(refusal(() => callNext(0))).toBe('NO_TICKET_WAITING');
    expect(heard.map((e) => e.type)).toEqual(['ticket.issued', 'counter.opened', 'ticket.called', 'ticket.started', 'ticket.finished']);
    const stored = site.core.events.readSince(0);
    expect(stored.map((e) => e.seq)).toEqual(heard.map((e) => e.seq));
    expect(stored.map((e) => e.seq)).toEqual([...stored.map((e) => e.seq)].sort((x, y) => x - y));
    expect(stored[2]!.data).toMatchObject({ display: 'A-001', counterLabel: 'Loket 1' });
  });

  it('is append-only, and tickets are never deleted', () => {
    issue(site.services.a);
    expect(() => site.core.db.prepare('UPDATE events SET type = ?').run('x')).toThrow(/append-only/);
    expect(() => site.core.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(() => site.core.db.prepare('DELETE FROM tickets').run()).toThrow(/never deleted/);
  });
});
