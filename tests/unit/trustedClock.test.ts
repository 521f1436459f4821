/**
 * The hub's trusted clock against the PC clock faults measured in the field, with the PC's clock
 * and the elapsed time moved by hand (tests/fixtures/clock.ts): `advance` is time passing,
 * `shiftWall`/`setWall` is someone (or something) changing the PC's clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TrustedClock } from '../../electron/hub/clock.js';
import { ManualClock } from '../fixtures/clock.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

const T0 = Date.UTC(2026, 10, 23, 2, 0); // Monday 09:00 WIB
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function fresh(opts: { highWater?: number; start?: number } = {}) {
  const pc = new ManualClock(opts.start ?? T0);
  const clock = new TrustedClock({ wall: pc, ...(opts.highWater !== undefined ? { highWater: opts.highWater } : {}) });
  return { pc, clock };
}

describe('the trusted clock', () => {
  it('reads the PC clock exactly while the PC clock is right', () => {
    const { pc, clock } = fresh();
    expect(clock.now()).toBe(T0);
    pc.advanceMinutes(90);
    expect(clock.now()).toBe(T0 + 90 * MIN);
    expect(clock.status()).toMatchObject({ behindMs: 0, pendingJumpMs: 0 });
  });

  it('takes a small correction ahead at once, and meets a small one behind without going back', () => {
    const { pc, clock } = fresh();
    clock.now();
    pc.shiftWall(90_000); // NTP: the PC was 90 s slow
    expect(clock.now()).toBe(T0 + 90_000);
    pc.shiftWall(-90_000); // … and now 90 s fast again
    const readings: number[] = [];
    for (let i = 0; i < 20; i++) {
      pc.advance(15_000);
      readings.push(clock.now());
    }
    // Never back, and on the PC's clock again after a while (half speed for 3 minutes).
    expect(readings).toEqual([...readings].sort((a, b) => a - b));
    expect(readings.at(-1)).toBe(pc.now());
    expect(clock.status().behindMs).toBe(0);
  });

  it('does not believe a PC clock that jumps a day ahead for 30 seconds', () => {
    const { pc, clock } = fresh();
    clock.now();
    pc.shiftWall(DAY);
    for (let s = 0; s < 30; s += 10) {
      pc.advance(10_000);
      // Time goes on as it really does, a day short of what the PC says.
      expect(clock.now()).toBe(T0 + s * 1000 + 10_000);
      expect(clock.status().pendingJumpMs).toBe(DAY);
    }
    pc.shiftWall(-DAY);
    pc.advance(10_000);
    expect(clock.now()).toBe(T0 + 40_000);
    expect(clock.status()).toMatchObject({ behindMs: 0, pendingJumpMs: 0 });
  });

  it('follows a date set ahead on purpose once it has held for 10 minutes of readings', () => {
    const { pc, clock } = fresh();
    clock.now();
    pc.shiftWall(DAY);
    expect(clock.now()).toBe(T0); // the first reading that sees it starts the 10 minutes
    pc.advanceMinutes(9);
    expect(clock.now()).toBe(T0 + 9 * MIN);
    pc.advanceMinutes(1);
    expect(clock.now()).toBe(T0 + DAY + 10 * MIN);
    expect(clock.status().pendingJumpMs).toBe(0);
  });

  it('starts the 10 minutes again when the PC clock jumps somewhere else meanwhile', () => {
    const { pc, clock } = fresh();
    clock.now();
    pc.shiftWall(DAY);
    pc.advanceMinutes(8);
    clock.now();
    pc.shiftWall(DAY); // now two days ahead
    pc.advanceMinutes(1);
    clock.now();
    pc.advanceMinutes(9);
    expect(clock.now()).toBe(T0 + 18 * MIN);
    pc.advanceMinutes(1);
    expect(clock.now()).toBe(T0 + 2 * DAY + 19 * MIN);
  });

  it('never follows a PC clock set back: it counts on from where it was and says how far behind the PC is', () => {
    const { pc, clock } = fresh();
    clock.now();
    pc.shiftWall(-3 * 60 * MIN);
    pc.advanceMinutes(5);
    expect(clock.now()).toBe(T0 + 5 * MIN);
    expect(clock.status().behindMs).toBe(3 * 60 * MIN);
    pc.shiftWall(3 * 60 * MIN); // put right
    pc.advanceMinutes(1);
    expect(clock.now()).toBe(T0 + 6 * MIN);
    expect(clock.status().behindMs).toBe(0);
  });

  it('starts no earlier than the latest time recorded, when the PC starts years behind, and counts on from there', () => {
    const recorded = T0 + 7 * 60 * MIN;
    const { pc, clock } = fresh({ start: Date.UTC(2023, 0, 1), highWater: recorded });
    expect(clock.now()).toBe(recorded);
    expect(clock.status().behindMs).toBeGreaterThan(365 * DAY);
    pc.advanceMinutes(30);
    expect(clock.now()).toBe(recorded + 30 * MIN);
    // Someone sets the right date (the next morning): a jump like any other, followed once it held.
    pc.setWall(T0 + DAY);
    expect(clock.now()).toBe(recorded + 30 * MIN);
    expect(clock.status()).toMatchObject({ behindMs: 0, pendingJumpMs: T0 + DAY - recorded - 30 * MIN });
    pc.advanceMinutes(10);
    expect(clock.now()).toBe(T0 + DAY + 10 * MIN);
  });

  it('believes a PC clock ahead of everything recorded at start (a hub switched off overnight)', () => {
    const { clock } = fresh({ start: T0 + DAY, highWater: T0 });
    expect(clock.now()).toBe(T0 + DAY);
    expect(clock.status()).toMatchObject({ behindMs: 0, pendingJumpMs: 0 });
  });
});

describe('the clock alarms of a hub', () => {
  let s: SmallSite;
  afterEach(() => s.dispose());

  it('raises clock_behind and clock_jump with what to do, in both languages, and clears them when the PC clock is right', async () => {
    s = await smallSite();
    const { core, clock: pc } = s;
    pc.shiftWall(-3 * 60 * MIN);
    core.clock.now();
    await Promise.resolve();
    const behind = core.alarms.get('clock_behind');
    expect(behind?.id).toMatch(/Betulkan tanggal dan jam Windows/);
    expect(behind?.en).toMatch(/Set the correct date and time in Windows/);
    expect(behind?.detail.behindMinutes).toBe(180);
    // An admin acknowledges it while the clock is still wrong: it is back at the next reading.
    core.alarms.clear('clock_behind', 'acknowledged');
    core.clock.now();
    await Promise.resolve();
    expect(core.alarms.has('clock_behind')).toBe(true);

    pc.shiftWall(3 * 60 * MIN + DAY);
    core.clock.now();
    await Promise.resolve();
    expect(core.alarms.has('clock_behind')).toBe(false);
    expect(core.alarms.get('clock_jump')?.detail.aheadMinutes).toBe(24 * 60);

    pc.shiftWall(-DAY);
    core.clock.now();
    await Promise.resolve();
    expect(core.alarms.list()).toEqual([]);
    // Each alarm raised and cleared is in the event log, for the central server and the audit.
    const alarms = core.db.prepare(`SELECT json_extract(data, '$.kind') AS kind, json_extract(data, '$.raised') AS raised FROM events WHERE type = 'hub.alarm' ORDER BY seq`).all();
    expect(alarms).toEqual([
      { kind: 'clock_behind', raised: 1 },
      { kind: 'clock_behind', raised: 0 },
      { kind: 'clock_behind', raised: 1 },
      { kind: 'clock_behind', raised: 0 },
      { kind: 'clock_jump', raised: 1 },
      { kind: 'clock_jump', raised: 0 },
    ]);
  });
});
