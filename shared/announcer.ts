/**
 * The hall display's queue of announcements, made to keep up with a busy hall:
 * - never two utterances at once, and the calls in the order they were made;
 * - several calls waiting for different counters are said in one breath, after one chime (up to
 *   `callsPerBreath`), and in the short wording once `shortFormBacklog` calls wait (0: always);
 * - a call that no longer needs saying is dropped before its turn: its ticket was started,
 *   finished, sent elsewhere… (`withdraw`), a newer call at the same counter (or of the same
 *   ticket) replaced it, or it has grown older than `maxAgeMs` (checked when it is offered and
 *   again when its turn comes), so a display back after a drop does not read out the last hour;
 * - after a reconnect the backlog comes again from the last seq: calls already offered are not
 *   offered twice (`lastSeq`).
 * Every call offered fresh is either said once or dropped once, with the reason (`onDropped`).
 *
 * Pure: the clock and the waiting are passed in, so the tests and the benchmark run it on a
 * virtual clock; the display passes its hub time and setTimeout.
 */
import type { SpokenForm } from './announcement.js';

export type { SpokenForm };

export interface Call {
  /** the event's seq: the order, and what "already offered" means */
  seq: number;
  /** when the call was made (hub time) */
  at: number;
  ticketId: number;
  ticket: string;
  counter: string;
  counterId: number;
  recall: boolean;
}

/** One breath: the calls said after one chime, and the wording they are said in. */
export interface Utterance {
  calls: Call[];
  form: SpokenForm;
}

/** Why a ticket stopped being called (the ticket event that said so). */
export const WITHDRAW_REASONS = ['started', 'finished', 'no_show', 'transferred', 'cancelled', 'closed'] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];
/** old: older than the age limit; superseded: a newer call at its counter, or of its ticket. */
export type DropReason = 'old' | 'superseded' | WithdrawReason;

export interface AnnouncerRules {
  /** calls older than this are shown but not spoken */
  maxAgeMs: number;
  /** calls for different counters said after one chime */
  callsPerBreath: number;
  /** the short wording once this many calls wait (0: always) */
  shortFormBacklog: number;
}

export interface AnnouncerOptions extends AnnouncerRules {
  /** says one utterance; resolves when it has finished (chime and words) */
  speak: (u: Utterance) => Promise<void>;
  now: () => number;
  /** waits that long (setTimeout on the display; a virtual clock in the tests and the benchmark) */
  sleep: (ms: number) => Promise<void>;
  /**
   * How long an idle voice waits for more calls before it speaks: the calls of a burst (14
   * counters pressing "Panggil" at 08:00) arrive within a fraction of a second and are said
   * together rather than the first alone in the long wording.
   */
  gatherMs?: number;
  /** the pause between two utterances */
  gapMs?: number;
  /** the last seq offered before (kept across reloads by the display) */
  lastSeq?: number;
  onSpoken?: (u: Utterance) => void;
  onDropped?: (call: Call, reason: DropReason) => void;
}

export const DEFAULT_GATHER_MS = 250;
export const DEFAULT_GAP_MS = 250;

export class Announcer {
  private readonly queue: Call[] = [];
  private lastQueued: number;
  private running: Promise<void> | null = null;
  private rules: AnnouncerRules;
  private current: Utterance | null = null;
  /** when the last utterance ended (the next one keeps the gap after it) */
  private lastEnded = -Infinity;

  constructor(private readonly opts: AnnouncerOptions) {
    this.lastQueued = opts.lastSeq ?? 0;
    this.rules = { maxAgeMs: opts.maxAgeMs, callsPerBreath: opts.callsPerBreath, shortFormBacklog: opts.shortFormBacklog };
  }

  /** New rules (the site's settings changed); they apply from the next utterance. */
  configure(rules: Partial<AnnouncerRules>): void {
    this.rules = { ...this.rules, ...rules };
  }

  /** Offers a call; true when it is queued to be spoken. */
  offer(call: Call): boolean {
    if (call.seq <= this.lastQueued) return false; // offered already (a backlog after a reconnect)
    this.lastQueued = call.seq;
    if (this.tooOld(call)) {
      this.opts.onDropped?.(call, 'old');
      return false;
    }
    // One pending call per counter and per ticket: the newer one is what the citizen must hear.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const older = this.queue[i]!;
      if (older.counterId === call.counterId || older.ticketId === call.ticketId) this.drop(i, 'superseded');
    }
    this.queue.push(call);
    this.running ??= this.pump();
    return true;
  }

  /** Drops the pending call of a ticket that is no longer called; true when there was one. */
  withdraw(ticketId: number, reason: WithdrawReason): boolean {
    const i = this.queue.findIndex((c) => c.ticketId === ticketId);
    if (i < 0) return false;
    this.drop(i, reason);
    return true;
  }

  /** The utterance being said now, if any. */
  get speaking(): Utterance | null {
    return this.current;
  }

  private tooOld(call: Call): boolean {
    return this.opts.now() - call.at > this.rules.maxAgeMs;
  }

  private drop(index: number, reason: DropReason): void {
    const [call] = this.queue.splice(index, 1);
    this.opts.onDropped?.(call!, reason);
  }

  /** The next breath: the calls whose turn it is, and the form the backlog asks for. */
  private next(): Utterance | null {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.tooOld(this.queue[i]!)) this.drop(i, 'old');
    if (this.queue.length === 0) return null;
    const { callsPerBreath, shortFormBacklog } = this.rules;
    const form: SpokenForm = shortFormBacklog === 0 || this.queue.length >= shortFormBacklog ? 'short' : 'full';
    // The queue holds one call per counter, so the first few are for different counters.
    return { calls: this.queue.splice(0, Math.max(1, callsPerBreath)), form };
  }

  private async pump(): Promise<void> {
    const sleep = this.opts.sleep;
    try {
      const wait = Math.max(this.opts.gatherMs ?? DEFAULT_GATHER_MS, this.lastEnded + (this.opts.gapMs ?? DEFAULT_GAP_MS) - this.opts.now());
      // Always a turn of the event loop first: the caller's offer() returns before anything is said.
      await (wait > 0 ? sleep(wait) : null);
      for (let u = this.next(); u; u = this.next()) {
        this.current = u;
        try {
          await this.opts.speak(u);
        } catch {
          // a clip that fails to play must not silence the calls after it
        }
        this.current = null;
        this.lastEnded = this.opts.now();
        this.opts.onSpoken?.(u);
        if (this.queue.length > 0) await sleep(this.opts.gapMs ?? DEFAULT_GAP_MS);
      }
    } finally {
      this.running = null;
    }
  }
}
