/**
 * The display's announcement queue on a virtual clock: a burst said in breaths of several calls in
 * the short wording, never two at once; calls that no longer need saying dropped with the reason;
 * old calls not said; a reconnect's backlog not said twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Announcer, WITHDRAW_REASONS, type AnnouncerRules, type Call, type DropReason, type Utterance } from '../../shared/announcer.js';

/** Time that passes only when nothing else is left to do: timers fire in order, at their time. */
class VirtualClock {
  t = 0;
  private timers: { at: number; n: number; fire: () => void }[] = [];
  private n = 0;
  now = () => this.t;
  sleep = (ms: number) => new Promise<void>((resolve) => this.at(this.t + Math.max(0, ms), resolve));
  at(time: number, fire: () => void): void {
    this.timers.push({ at: time, n: this.n++, fire });
  }
  /** Runs every timer up to `until`, letting the promises each one resolves settle before the next. */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.timers.sort((a, b) => a.at - b.at || a.n - b.n);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fire();
    }
    if (until !== Infinity) this.t = Math.max(this.t, until);
  }
}

interface Said {
  u: Utterance;
  start: number;
  end: number;
}

const RULES: AnnouncerRules = { maxAgeMs: 60_000, callsPerBreath: 3, shortFormBacklog: 2 };
const GATHER = 250;
const GAP = 300;
/** a chime of 500 ms and 2 s per call */
const lasts = (u: Utterance) => 500 + 2000 * u.calls.length;

function hall(rules: Partial<AnnouncerRules> = {}, lastSeq?: number) {
  const clock = new VirtualClock();
  const said: Said[] = [];
  const dropped: { seq: number; reason: DropReason; at: number }[] = [];
  let speaking = 0;
  let overlapped = false;
  const announcer = new Announcer({
    ...RULES,
    ...rules,
    now: clock.now,
    sleep: clock.sleep,
    gatherMs: GATHER,
    gapMs: GAP,
    ...(lastSeq !== undefined ? { lastSeq } : {}),
    speak: async (u) => {
      if (++speaking > 1) overlapped = true;
      const start = clock.t;
      await clock.sleep(lasts(u));
      said.push({ u, start, end: clock.t });
      speaking--;
    },
    onDropped: (c, reason) => dropped.push({ seq: c.seq, reason, at: clock.t }),
  });
  let seq = 0;
  /** a call at `counterId` of ticket `ticketId` (its own number unless said), made now unless said */
  const call = (counterId: number, extra: Partial<Call> = {}): Call => {
    seq = Math.max(seq + 1, extra.seq ?? 0);
    const ticketId = extra.ticketId ?? seq * 100;
    return { seq, at: clock.t, ticketId, ticket: `A-${String(ticketId).padStart(3, '0')}`, counter: `Gerai ${counterId}`, counterId, recall: false, ...extra };
  };
  const seqsSaid = () => said.map((s) => s.u.calls.map((c) => c.seq));
  return { clock, announcer, said, dropped, call, seqsSaid, overlapped: () => overlapped };
}

describe('the announcement queue', () => {
  it('says a lone call in the full wording, alone, once the gathering moment has passed', async () => {
    const h = hall();
    h.clock.t = 1_000;
    h.announcer.offer(h.call(5));
    await h.clock.run();
    expect(h.said).toHaveLength(1);
    expect(h.said[0]!.u.form).toBe('full');
    expect(h.said[0]!.start).toBe(1_000 + GATHER);
  });

  it('says a burst of 14 calls from 14 counters in breaths of 3, in the short wording, in order, never two at once', async () => {
    const h = hall();
    // 14 counters pressing "Panggil" within 0.2 s
    for (let counter = 1; counter <= 14; counter++) {
      h.clock.t = counter * 14;
      h.announcer.offer(h.call(counter));
    }
    await h.clock.run();
    expect(h.seqsSaid()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
      [13, 14],
    ]);
    expect(h.said.map((s) => s.u.form)).toEqual(['short', 'short', 'short', 'short', 'short']);
    expect(h.overlapped()).toBe(false);
    for (let i = 1; i < h.said.length; i++) expect(h.said[i]!.start).toBe(h.said[i - 1]!.end + GAP);
    expect(h.dropped).toEqual([]);
    // From the first call's gathering moment on: 5 chimes instead of 14, 14 calls, 4 gaps.
    expect(h.said.at(-1)!.end).toBe(14 + GATHER + 5 * 500 + 14 * 2000 + 4 * GAP);
  });

  it('uses the short wording once `shortFormBacklog` calls wait, always with 0, and breaths of `callsPerBreath`', async () => {
    const three = hall({ shortFormBacklog: 3, callsPerBreath: 2 });
    three.announcer.offer(three.call(1));
    three.announcer.offer(three.call(2));
    await three.clock.run();
    expect(three.said.map((s) => [s.u.form, s.u.calls.length])).toEqual([['full', 2]]);

    const always = hall({ shortFormBacklog: 0 });
    always.announcer.offer(always.call(1));
    await always.clock.run();
    expect(always.said[0]!.u.form).toBe('short');

    const one = hall({ callsPerBreath: 1 });
    for (const c of [1, 2, 3]) one.announcer.offer(one.call(c));
    await one.clock.run();
    expect(one.seqsSaid()).toEqual([[1], [2], [3]]);
    expect(one.said.map((s) => s.u.form)).toEqual(['short', 'short', 'full']);
  });

  it('drops a pending call whose ticket was transferred, started or finished, and says why; the one being said goes on', async () => {
    const h = hall({ callsPerBreath: 1 });
    const first = h.call(1);
    const second = h.call(2);
    const third = h.call(3);
    for (const c of [first, second, third]) h.announcer.offer(c);
    await h.clock.run(GATHER + 100); // the first is being said
    expect(h.announcer.speaking?.calls.map((c) => c.seq)).toEqual([first.seq]);
    expect(h.announcer.withdraw(first.ticketId, 'started')).toBe(false);
    expect(h.announcer.withdraw(second.ticketId, 'transferred')).toBe(true);
    expect(h.announcer.withdraw(second.ticketId, 'finished')).toBe(false);
    await h.clock.run();
    expect(h.seqsSaid()).toEqual([[first.seq], [third.seq]]);
    expect(h.dropped).toEqual([{ seq: second.seq, reason: 'transferred', at: GATHER + 100 }]);
  });

  it('says only the newest call at a counter, and a recall in place of the call it repeats', async () => {
    const h = hall({ callsPerBreath: 1 });
    h.announcer.offer(h.call(1));
    const old = h.call(2);
    h.announcer.offer(old);
    const newer = h.call(2); // the officer called the next one before the first was said
    h.announcer.offer(newer);
    const other = h.call(3);
    h.announcer.offer(other);
    const recall = h.call(3, { ticketId: other.ticketId, ticket: other.ticket, recall: true });
    h.announcer.offer(recall);
    await h.clock.run();
    expect(h.seqsSaid()).toEqual([[1], [newer.seq], [recall.seq]]);
    expect(h.said.at(-1)!.u.calls[0]!.recall).toBe(true);
    expect(h.dropped.map((d) => [d.seq, d.reason])).toEqual([
      [old.seq, 'superseded'],
      [other.seq, 'superseded'],
    ]);
  });

  it('does not say a call older than the age limit, whether it was old when it came or grew old waiting', async () => {
    const h = hall({ maxAgeMs: 10_000, callsPerBreath: 1 });
    h.clock.t = 100_000;
    // Offered late, after a reconnect: made 30 s ago.
    h.announcer.offer(h.call(1, { at: 70_000 }));
    // Four calls, each 2.5 s to say: the fourth waits more than 10 s.
    for (const c of [2, 3, 4, 5, 6]) h.announcer.offer(h.call(c));
    await h.clock.run();
    expect(h.seqsSaid()).toEqual([[2], [3], [4], [5]]);
    expect(h.dropped.map((d) => [d.seq, d.reason])).toEqual([
      [1, 'old'],
      [6, 'old'],
    ]);
    // Dropped when its turn came, not before.
    expect(h.dropped[1]!.at).toBe(h.said.at(-1)!.end + GAP);
  });

  it('does not repeat what it said when the backlog comes again after a reconnect, nor what a reload said', async () => {
    const h = hall({}, 2);
    expect(h.announcer.offer(h.call(1, { seq: 2 }))).toBe(false);
    h.announcer.offer(h.call(1, { seq: 3 }));
    await h.clock.run();
    expect(h.announcer.offer(h.call(2, { seq: 3 }))).toBe(false);
    expect(h.announcer.offer(h.call(2, { seq: 4 }))).toBe(true);
    await h.clock.run();
    expect(h.seqsSaid()).toEqual([[3], [4]]);
  });

  it('keeps going after an utterance fails to play', async () => {
    const clock = new VirtualClock();
    const spoken: number[] = [];
    const a = new Announcer({
      ...RULES,
      callsPerBreath: 1,
      now: clock.now,
      sleep: clock.sleep,
      speak: async (u) => {
        if (u.calls[0]!.seq === 1) throw new Error('no audio device');
      },
      onSpoken: (u) => spoken.push(u.calls[0]!.seq),
    });
    a.offer({ seq: 1, at: 0, ticketId: 1, ticket: 'A-001', counter: 'Gerai 1', counterId: 1, recall: false });
    a.offer({ seq: 2, at: 0, ticketId: 2, ticket: 'A-002', counter: 'Gerai 2', counterId: 2, recall: false });
    await clock.run();
    expect(spoken).toEqual([1, 2]);
  });

  it('follows new rules from the next utterance (the site changed its settings)', async () => {
    const h = hall();
    for (const c of [1, 2, 3, 4]) h.announcer.offer(h.call(c));
    h.announcer.configure({ callsPerBreath: 4 });
    await h.clock.run();
    expect(h.seqsSaid()).toEqual([[1, 2, 3, 4]]);
  });

  it('says every fresh call once or drops it once with a reason, in order, never two at once, within the rules', async () => {
    type Step = { kind: 'call'; counter: number; again: boolean; late: number; wait: number } | { kind: 'withdraw'; back: number; reason: (typeof WITHDRAW_REASONS)[number]; wait: number };
    // Mostly calls in bursts (no time between them), now and then a pause longer than a breath.
    const WAIT = fc.constantFrom(0, 0, 0, 0, 300, 2_000, 8_000);
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('call' as const), counter: fc.integer({ min: 1, max: 6 }), again: fc.boolean(), late: fc.constantFrom(0, 0, 0, 20_000, 90_000), wait: WAIT }),
      fc.record({ kind: fc.constant('withdraw' as const), back: fc.integer({ min: 0, max: 5 }), reason: fc.constantFrom(...WITHDRAW_REASONS), wait: WAIT }),
    );
    const rules = fc.record({ callsPerBreath: fc.integer({ min: 1, max: 4 }), shortFormBacklog: fc.integer({ min: 0, max: 5 }), maxAgeMs: fc.constantFrom(5_000, 30_000, 60_000) });
    await fc.assert(
      fc.asyncProperty(rules, fc.array(step, { maxLength: 40 }), async (r, steps) => {
        const h = hall(r);
        h.clock.t = 100_000;
        const offered: Call[] = [];
        const withdrawn = new Map<number, DropReason>();
        const ticketAt = new Map<number, number>();
        for (const s of steps) {
          if (s.kind === 'call') {
            const previous = ticketAt.get(s.counter);
            const c = h.call(s.counter, { at: h.clock.t - s.late, ...(s.again && previous ? { ticketId: previous, recall: true } : {}) });
            ticketAt.set(s.counter, c.ticketId);
            if (h.announcer.offer(c)) offered.push(c);
            else expect(h.dropped.at(-1)).toMatchObject({ seq: c.seq, reason: 'old' });
          } else {
            const target = offered[offered.length - 1 - s.back];
            if (target && h.announcer.withdraw(target.ticketId, s.reason)) withdrawn.set(h.dropped.at(-1)!.seq, s.reason);
          }
          await h.clock.run(h.clock.t + s.wait);
        }
        await h.clock.run();
        const spoken = h.said.flatMap((x) => x.u.calls.map((c) => c.seq));
        const droppedSeqs = h.dropped.filter((d) => offered.some((c) => c.seq === d.seq)).map((d) => d.seq);
        // Once each: said or dropped, never both, never twice, none forgotten; a withdrawn call for its reason.
        expect([...spoken, ...droppedSeqs].sort((a, b) => a - b)).toEqual(offered.map((c) => c.seq));
        for (const [seq, reason] of withdrawn) expect(h.dropped.find((d) => d.seq === seq)?.reason).toBe(reason);
        // In the order the calls were made.
        expect(spoken).toEqual([...spoken].sort((a, b) => a - b));
        expect(h.overlapped()).toBe(false);
        for (const x of h.said) {
          expect(x.u.calls.length).toBeLessThanOrEqual(r.callsPerBreath);
          expect(new Set(x.u.calls.map((c) => c.counterId)).size).toBe(x.u.calls.length);
          // Not too old when its breath began.
          for (const c of x.u.calls) expect(x.start - c.at).toBeLessThanOrEqual(r.maxAgeMs);
        }
      }),
      { numRuns: 500 },
    );
  });
});
