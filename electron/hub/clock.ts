/**
 * Where the hub reads the time. Every service takes a `Clock`, so the tests (and the chaos day) can
 * move time by hand instead of waiting for it.
 *
 * The hub never reads the PC's wall clock directly: `openCore` wraps it in a `TrustedClock`, because
 * an MPP's PC clock is wrong in ways measured in the field (a bad NTP answer jumps it a day ahead
 * for half a minute; a dead CMOS battery starts it years behind). What a wrong clock would cost:
 * a day closed at 10:00 with every waiting citizen's ticket, numbers issued twice, expired pairing
 * codes accepted again, negative service times. So the trusted time
 *
 * - follows a monotonic source (it cannot be set) from an anchor, and re-anchors to the wall clock
 *   only when the wall clock deserves it;
 * - adopts a small drift (≤ 2 min, NTP's everyday corrections) at once: ahead at once, behind by
 *   running at half speed until the wall clock is met, so it never goes back;
 * - adopts a forward jump only once the new offset has held for 10 minutes of consistent readings
 *   (`clock_jump` is raised meanwhile): a 30-second glitch is never believed;
 * - never adopts a wall clock behind it: it keeps counting on the monotonic source and raises
 *   `clock_behind` until the PC's clock is put right;
 * - never starts before the high-water mark, the latest time the hub has recorded (the events, and
 *   the few times written outside them), so across a restart nothing is dated before what was.
 */
import type { Alarm, AlarmKind } from '../../shared/health.js';
import type { Db } from './db/open.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that also says how much time has really passed (a test's fake moves both by hand, and
 * moves only the wall clock to play a glitch). `openCore` uses its `monotonic()` when it has one.
 */
export interface ClockWithMonotonic extends Clock {
  /** milliseconds from an arbitrary origin; never set back on a real machine */
  monotonic(): number;
}

function hasMonotonic(c: Clock): c is ClockWithMonotonic {
  return typeof (c as Partial<ClockWithMonotonic>).monotonic === 'function';
}

/** The process's monotonic clock: unaffected by anyone setting the PC's date. */
export const processMonotonic = (): number => performance.now();

export interface TrustedClockOptions {
  /** the PC's clock (or a test's) */
  wall: Clock;
  /** elapsed time that nobody can set (performance.now when not given) */
  monotonic?: () => number;
  /** the latest time the hub has already recorded: trusted time never starts before it */
  highWater?: number;
  /** a drift of the wall clock up to this is adopted at once (2 minutes) */
  driftToleranceMs?: number;
  /** how long a forward jump must hold before it is believed (10 minutes) */
  jumpHoldMs?: number;
}

/** What the trusted clock thinks of the wall clock right now. */
export interface ClockStatus {
  /** the wall clock reads this much earlier than the trusted time (beyond the tolerance), or 0 */
  behindMs: number;
  /** a forward jump not yet believed: its size, or 0 */
  pendingJumpMs: number;
  /** since when (trusted time) the jump has held */
  pendingSince: number | null;
  /** the last readings */
  wall: number;
  trusted: number;
}

export const DRIFT_TOLERANCE_MS = 2 * 60_000;
export const JUMP_HOLD_MS = 10 * 60_000;

type StatusListener = (status: ClockStatus, changed: boolean) => void;

export class TrustedClock implements Clock {
  private readonly wall: Clock;
  private readonly mono: () => number;
  private readonly floor: number;
  private readonly tolerance: number;
  private readonly hold: number;
  private lastMono: number;
  private lastTrusted: number;
  private pending: { offset: number; sinceMono: number; sinceTrusted: number } | null = null;
  private behindMs = 0;
  private lastWall: number;
  /** the status the listeners last heard of as a change */
  private told = { behind: 0, pending: 0 };
  private readonly listeners = new Set<StatusListener>();

  constructor(opts: TrustedClockOptions) {
    this.wall = opts.wall;
    this.mono = opts.monotonic ?? (hasMonotonic(opts.wall) ? () => (opts.wall as ClockWithMonotonic).monotonic() : processMonotonic);
    this.floor = opts.highWater ?? 0;
    this.tolerance = opts.driftToleranceMs ?? DRIFT_TOLERANCE_MS;
    this.hold = opts.jumpHoldMs ?? JUMP_HOLD_MS;
    const w = this.wall.now();
    this.lastMono = this.mono();
    this.lastWall = w;
    // At start a wall clock ahead of everything recorded is believed at once: a hub switched off
    // overnight (or over Lebaran) is the everyday case, and nothing earlier in this run could
    // contradict it. A wall clock behind what was recorded is not: the hub goes on from there.
    this.lastTrusted = Math.max(w, this.floor);
    if (w < this.floor - this.tolerance) this.behindMs = this.floor - w;
    this.told = { behind: this.behindMs, pending: 0 };
  }

  now(): number {
    const m = this.mono();
    const w = this.wall.now();
    // Where the trusted time is if it simply kept counting since the last reading.
    let t = this.lastTrusted + (m - this.lastMono);
    const offset = w - t;
    if (offset >= -this.tolerance && offset <= this.tolerance) {
      // Everyday drift: ahead is taken at once; behind is met by running at half speed, so no
      // event is ever dated before one already written.
      t = offset >= 0 ? w : Math.max(w, this.lastTrusted + (m - this.lastMono) / 2);
      this.pending = null;
      this.behindMs = 0;
    } else if (offset > this.tolerance) {
      this.behindMs = 0;
      const same = this.pending !== null && Math.abs(offset - this.pending.offset) <= this.tolerance;
      if (!same) this.pending = { offset, sinceMono: m, sinceTrusted: t };
      else if (m - this.pending!.sinceMono >= this.hold) {
        // It held: the PC's clock really was wrong before (or the date was set on purpose).
        t = w;
        this.pending = null;
      }
    } else {
      // The wall clock is behind: believing it would reissue numbers and revive expired codes.
      this.pending = null;
      this.behindMs = -offset;
    }
    t = Math.max(t, this.floor);
    this.lastMono = m;
    this.lastTrusted = t;
    this.lastWall = w;
    this.notify(this.changedSinceTold());
    // Whole milliseconds, as the database's INTEGER columns hold them (the monotonic source has
    // fractions); the floor of a value that never decreases never decreases either.
    return Math.floor(t);
  }

  status(): ClockStatus {
    return {
      behindMs: this.behindMs,
      pendingJumpMs: this.pending?.offset ?? 0,
      pendingSince: this.pending?.sinceTrusted ?? null,
      wall: this.lastWall,
      trusted: Math.floor(this.lastTrusted),
    };
  }

  /** Hears of every reading: its status, and whether it changed (behind, jump pending, back to normal). */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Whether the status changed enough to tell the alarms: behind or not, a jump pending or not, or
   * by more than the tolerance. Not by every millisecond of jitter, or each request would log.
   */
  private changedSinceTold(): boolean {
    const pending = this.pending?.offset ?? 0;
    const moved = (a: number, b: number) => a > 0 !== b > 0 || Math.abs(a - b) > this.tolerance;
    if (!moved(this.behindMs, this.told.behind) && !moved(pending, this.told.pending)) return false;
    this.told = { behind: this.behindMs, pending };
    return true;
  }

  private notify(changed: boolean): void {
    if (this.listeners.size === 0) return;
    const s = this.status();
    for (const l of this.listeners) l(s, changed);
  }
}

/**
 * The latest time the hub has written down: every event is dated by the trusted clock, and so are
 * the few rows written without one (a pairing code made, a session or device last seen). A clock
 * that restarts behind it must not revive what had expired.
 */
export function highWaterMark(db: Db): number {
  const q = (sql: string) => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  return Math.max(
    // The last event by seq, not MAX(at): the same time (the trusted clock never goes back), read
    // through the primary key instead of scanning a year's events at every start.
    q('SELECT at FROM events ORDER BY seq DESC LIMIT 1'),
    q('SELECT MAX(created_at) FROM pairing_codes'),
    q('SELECT MAX(last_seen_at) FROM officer_sessions'),
    q('SELECT MAX(last_seen_at) FROM devices'),
  );
}

/** The hub's clock: the given wall clock, trusted only as far as it deserves (see above). */
export function trustedClock(wall: Clock, db: Db, opts: Omit<TrustedClockOptions, 'wall' | 'highWater'> = {}): TrustedClock {
  return new TrustedClock({ wall, highWater: highWaterMark(db), ...opts });
}

const minutes = (ms: number) => Math.round(ms / 60_000);
const iso = (t: number) => new Date(t).toISOString();

/**
 * Raises and clears the clock alarms as the trusted clock's status changes. The alarm's event is
 * written after the operation that noticed the change, never inside it: a refused issue rolls its
 * transaction back, and the alarm must stay.
 */
/** What the clock alarms are raised on (alarms.ts's Alarms; named here so the two modules need not import each other). */
export interface ClockAlarmSink {
  raise(kind: AlarmKind, input: Omit<Alarm, 'since' | 'kind'>): void;
  clear(kind: AlarmKind, why?: string): unknown;
  has(kind: AlarmKind): boolean;
}

export function watchClock(clock: TrustedClock, alarms: ClockAlarmSink): () => void {
  let scheduled = false;
  const apply = () => {
    scheduled = false;
    const s = clock.status();
    setAlarm('clock_behind', s.behindMs > 0, () => ({
      id:
        'Jam komputer hub tertinggal dari waktu yang sudah tercatat. Antrean tetap berjalan dengan waktu tercatat terakhir ' +
        'sehingga tidak ada nomor yang terulang. Betulkan tanggal dan jam Windows (aktifkan sinkronisasi waktu internet; ' +
        'ganti baterai CMOS bila jam selalu salah setelah komputer dinyalakan). Alarm hilang sendiri setelah jam benar.',
      en:
        'The hub PC clock is behind the time already recorded. The queue keeps running on the last recorded time, so no ' +
        'number is issued twice. Set the correct date and time in Windows (turn on internet time sync; replace the CMOS ' +
        'battery if the clock is wrong after every start). The alarm clears itself once the clock is right.',
      detail: { pcClock: iso(s.wall), hubTime: iso(s.trusted), behindMinutes: minutes(s.behindMs) },
    }));
    setAlarm('clock_jump', s.pendingJumpMs > 0, () => ({
      id:
        'Jam komputer hub tiba-tiba maju. Hub belum mengikutinya dan tetap memakai waktu sebelumnya, jadi hari tidak ditutup. ' +
        'Bila jam komputer salah, betulkan tanggal dan jam Windows. Bila jam komputer benar, hub mengikutinya sendiri setelah 10 menit.',
      en:
        'The hub PC clock suddenly jumped ahead. The hub has not followed it and keeps its previous time, so no day is closed. ' +
        'If the PC clock is wrong, set the correct date and time in Windows. If it is right, the hub follows it by itself after 10 minutes.',
      detail: { pcClock: iso(s.wall), hubTime: iso(s.trusted), aheadMinutes: minutes(s.pendingJumpMs) },
    }));
  };
  const setAlarm = (kind: AlarmKind, on: boolean, input: () => Omit<Alarm, 'since' | 'kind'>) => {
    if (on) alarms.raise(kind, input());
    else alarms.clear(kind, 'the PC clock agrees with the hub again');
  };
  apply();
  return clock.onStatus((s, changed) => {
    // An admin may acknowledge a clock alarm while the clock is still wrong: like every service
    // that still detects its fault, the clock raises it again at its next reading.
    const missing = (s.behindMs > 0 && !alarms.has('clock_behind')) || (s.pendingJumpMs > 0 && !alarms.has('clock_jump'));
    if (scheduled || (!changed && !missing)) return;
    scheduled = true;
    queueMicrotask(apply);
  });
}
