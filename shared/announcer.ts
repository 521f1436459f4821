/**
 * The hall display's queue of announcements. Calls are spoken one after the other, never over each
 * other; a burst is spoken in the order it happened; a recall (a new event) is spoken again. After a
 * reconnect the backlog comes again from the last seq: calls already spoken are not repeated, and
 * calls older than `maxAgeMs` are not spoken at all, so a display that was off for an hour does not
 * read out an hour of calls.
 */
export interface Call {
  /** the event's seq: the order, and what "already spoken" means */
  seq: number;
  /** when the call was made (hub time) */
  at: number;
  ticket: string;
  counter: string;
  counterId: number;
  recall: boolean;
}

export interface AnnouncerOptions {
  /** speaks one call; resolves when it has finished (chime and words) */
  speak: (call: Call) => Promise<void>;
  now: () => number;
  /** calls older than this are shown but not spoken */
  maxAgeMs: number;
  /** the last seq spoken before (kept across reloads by the display) */
  lastSeq?: number;
  onSpoken?: (call: Call) => void;
}

export class Announcer {
  private readonly queue: Call[] = [];
  private lastQueued: number;
  private running: Promise<void> | null = null;

  constructor(private readonly opts: AnnouncerOptions) {
    this.lastQueued = opts.lastSeq ?? 0;
  }

  /** Offers a call; true when it will be spoken. */
  offer(call: Call): boolean {
    if (call.seq <= this.lastQueued) return false; // heard already (a backlog after a reconnect)
    this.lastQueued = call.seq;
    if (this.opts.now() - call.at > this.opts.maxAgeMs) return false; // too old to be useful
    this.queue.push(call);
    this.running ??= this.pump();
    return true;
  }

  get pending(): readonly Call[] {
    return this.queue;
  }

  /** Resolves once everything offered so far has been spoken. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pump(): Promise<void> {
    try {
      for (let call = this.queue.shift(); call; call = this.queue.shift()) {
        try {
          await this.opts.speak(call);
        } catch {
          // a clip that fails to play must not silence the calls after it
        }
        this.opts.onSpoken?.(call);
      }
    } finally {
      this.running = null;
    }
  }
}
