/**
 * The booking feed puller: the mirror of the sync push (sync/outbox.ts). Same central server,
 * site code and token; GET {central}/api/sync/feed?site=&after=<cursor>&limit=500, gzip accepted,
 * each page applied by BookingStore.applyPage in one transaction with the cursor. Runs every
 * interval while the internet is up, at once after a push succeeds (kick), and backs off
 * exponentially with full jitter on failure, honouring Retry-After on 429/503 as the push does.
 */
import type { SyncConfig } from '../sync/outbox.js';
import { parseRetryAfter } from '../sync/outbox.js';
import type { Clock } from '../clock.js';
import type { BookingStore } from './store.js';

export const FEED_PAGE_LIMIT = 500;

export type PullResult = { kind: 'pulled'; more: boolean; applied: number } | { kind: 'retry'; afterMs: number; error: string };

export interface FeedStatus {
  cursor: number;
  lastPullAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  failures: number;
  nextAttemptAt: number | null;
}

export class BookingFeedPuller {
  private timer: unknown = null;
  private running = false;
  private again = false;
  private stopped = true;
  private failures = 0;
  private lastError: string | null = null;
  private lastAttemptAt: number | null = null;
  private nextAttemptAt: number | null = null;

  constructor(
    private readonly deps: { store: BookingStore; clock: Clock },
    private readonly cfg: SyncConfig,
    /** entries asked per page (the tests make pages small to cross page boundaries) */
    private readonly pageLimit = FEED_PAGE_LIMIT,
  ) {}

  status(): FeedStatus {
    const c = this.deps.store.feedCursor();
    return { cursor: c.cursor, lastPullAt: c.pulledAt, lastAttemptAt: this.lastAttemptAt, lastError: this.lastError, failures: this.failures, nextAttemptAt: this.nextAttemptAt };
  }

  private backoff(): number {
    const base = this.cfg.baseDelayMs ?? 2000;
    const cap = this.cfg.maxDelayMs ?? 5 * 60_000;
    return Math.floor((this.cfg.random ?? Math.random)() * Math.min(cap, base * 2 ** this.failures));
  }

  private failed(error: string, retryAfterMs: number | null): PullResult {
    this.failures++;
    this.lastError = error;
    return { kind: 'retry', afterMs: retryAfterMs ?? this.backoff(), error };
  }

  /** One page: fetched, checked, applied (or refused whole). */
  async pullOnce(): Promise<PullResult> {
    this.lastAttemptAt = this.deps.clock.now();
    const { cursor } = this.deps.store.feedCursor();
    const url = `${this.cfg.url.replace(/\/$/, '')}/api/sync/feed?site=${encodeURIComponent(this.cfg.site)}&after=${cursor}&limit=${this.pageLimit}`;
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), this.cfg.requestTimeoutMs ?? 30_000);
    let res: Response;
    let body: unknown;
    try {
      // Node's fetch sends accept-encoding gzip and inflates the answer itself.
      res = await (this.cfg.fetch ?? fetch)(url, { headers: { authorization: `Bearer ${this.cfg.token}`, accept: 'application/json', 'accept-encoding': 'gzip' }, signal: ctl.signal });
      body = await res.json().catch(() => null);
    } catch (err) {
      return this.failed(`no answer: ${(err as Error).message}`, null);
    } finally {
      clearTimeout(t);
    }
    if (res.status !== 200) {
      const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), this.deps.clock.now()) : null;
      return this.failed(`HTTP ${res.status}`, retryAfter);
    }
    let r;
    try {
      r = this.deps.store.applyPage(body);
    } catch (err) {
      // A page off the schema (or cut short): nothing applied; asked again after a pause.
      return this.failed(`unreadable feed page: ${(err as Error).message.slice(0, 200)}`, null);
    }
    if (r.kind === 'gap') return this.failed(`feed gap: cursor ${r.cursor}, page starts at ${r.firstSeq}`, null);
    this.failures = 0;
    this.lastError = null;
    const last = (body as { last: number }).last;
    return { kind: 'pulled', more: r.cursor < last && r.applied > 0, applied: r.applied };
  }

  async drain(): Promise<number> {
    for (;;) {
      const r = await this.pullOnce();
      if (r.kind === 'retry') return r.afterMs;
      if (!r.more) return this.cfg.intervalMs ?? 60_000;
    }
  }

  start(): void {
    this.stopped = false;
    this.schedule(Math.floor((this.cfg.random ?? Math.random)() * Math.min(this.cfg.intervalMs ?? 60_000, 30_000)));
  }

  /** Now: after a push went through (the internet is up), or when the admin asks. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) (this.cfg.clearTimer ?? clearTimeout)(this.timer as NodeJS.Timeout);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer) (this.cfg.clearTimer ?? clearTimeout)(this.timer as NodeJS.Timeout);
    this.nextAttemptAt = this.deps.clock.now() + ms;
    this.timer = (this.cfg.setTimer ?? setTimeout)(() => void this.run(), ms);
    (this.timer as { unref?: () => void })?.unref?.();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const next = await this.drain();
      const now = this.again;
      this.again = false;
      if (!this.stopped) this.schedule(now ? 0 : next);
    } finally {
      this.running = false;
    }
  }
}
