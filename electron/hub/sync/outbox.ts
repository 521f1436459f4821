/**
 * The sync outbox: the events table, pushed in order to the central server in gzip batches. The
 * cursor (acked_seq) moves only when the server acknowledges through a seq, in the same SQLite
 * file, so a hub killed mid-batch sends that batch again and the server applies it once.
 *
 * Failures back off exponentially with full jitter (hundreds of MPPs close at the same hour and
 * must not retry in step); Retry-After is honoured on 429 and 503; a 413 halves the batch; events
 * the server quarantines are recorded here for the admin and never block the outbox.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Event } from '../../../shared/protocol.js';
import { SyncAck, type DayManifest, type SyncBatch } from '../../../shared/sync.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventLog } from '../events.js';
import type { MasterData } from '../masterData.js';
import type { QueueEngine } from '../queue/engine.js';

export interface SyncConfig {
  /** the central server, e.g. https://antre.sukoharjokab.go.id */
  url: string;
  /** this MPP's code there */
  site: string;
  token: string;
  batchSize?: number;
  /** how often to look for new events when all is sent */
  intervalMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  fetch?: typeof fetch;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  requestTimeoutMs?: number;
}

const DEFAULT_BATCH = 1000;

/** gzip at level 1: a third of the time of the default level for nearly the same size on JSON. */
const encode = (body: unknown) => gzipSync(JSON.stringify(body), { level: 1 });

interface Prepared {
  afterSeq: number;
  size: number;
  batch: SyncBatch;
  body: ReturnType<typeof encode>;
}

export type PushResult = { kind: 'sent'; more: boolean } | { kind: 'idle' } | { kind: 'retry'; afterMs: number; error: string };

interface StateRow {
  acked_seq: number;
  batch_size: number;
  failures: number;
  last_success_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
}

export interface SyncOutboxDeps {
  /** the outbox's own tables (sync_state, sync_quarantine, sync_manifests) and the day manifests */
  db: Db;
  events: EventLog;
  /** service and agency names sent with each batch */
  master: MasterData;
  engine: Pick<QueueEngine, 'agencyName'>;
  clock: Clock;
}

export class SyncOutbox {
  private timer: unknown = null;
  private running = false;
  private stopped = false;
  private nextAttemptAt: number | null = null;
  private attemptAt: number | null = null;
  private ahead: Prepared | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly engine: SyncOutboxDeps['engine'];
  private readonly clock: Clock;

  constructor(
    deps: SyncOutboxDeps,
    private readonly cfg: SyncConfig,
  ) {
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.engine = deps.engine;
    this.clock = deps.clock;
  }

  private get state(): StateRow {
    return this.db.prepare('SELECT * FROM sync_state WHERE id = 1').get() as StateRow;
  }
  /** Every write of the state also records the attempt: one commit per batch, not two. */
  private update(changes: Partial<StateRow>): void {
    const fields: Partial<StateRow> = { last_attempt_at: this.attemptAt, ...changes };
    const keys = Object.keys(fields);
    this.db.prepare(`UPDATE sync_state SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = 1`).run(...keys.map((k) => fields[k as keyof StateRow] ?? null));
  }

  status() {
    const s = this.state;
    const lastSeq = this.events.lastSeq();
    return {
      configured: true,
      url: this.cfg.url,
      site: this.cfg.site,
      ackedSeq: s.acked_seq,
      lastSeq,
      backlog: lastSeq - s.acked_seq,
      lastSuccessAt: s.last_success_at,
      lastAttemptAt: s.last_attempt_at,
      lastError: s.last_error,
      failures: s.failures,
      nextAttemptAt: this.nextAttemptAt,
      quarantined: (this.db.prepare('SELECT seqs, at FROM sync_quarantine ORDER BY id').all() as { seqs: string; at: number }[]).map((q) => ({ seqs: JSON.parse(q.seqs) as number[], at: q.at })),
      manifests: this.db.prepare('SELECT business_date AS businessDate, last_seq AS lastSeq, match FROM sync_manifests ORDER BY business_date').all(),
    };
  }

  private backoff(failures: number): number {
    const base = this.cfg.baseDelayMs ?? 2000;
    const cap = this.cfg.maxDelayMs ?? 5 * 60_000;
    // Full jitter: anywhere between nothing and the exponential ceiling.
    return Math.floor((this.cfg.random ?? Math.random)() * Math.min(cap, base * 2 ** failures));
  }

  private failed(error: string, retryAfterMs: number | null): PushResult {
    const failures = this.state.failures + 1;
    this.update({ failures, last_error: error });
    return { kind: 'retry', afterMs: retryAfterMs ?? this.backoff(failures), error };
  }

  private services() {
    return this.master.services().map((s) => ({ id: s.id, name: s.name, agencyId: s.agencyId, agencyName: this.engine.agencyName(s.agencyId) }));
  }

  /** A batch read, serialised and compressed, ready to send after `afterSeq`. */
  private prepare(afterSeq: number, size: number): Prepared | null {
    const events: Event[] = this.events.readSince(afterSeq, size);
    if (events.length === 0) return null;
    const fromSeq = events[0]!.seq;
    const toSeq = events.at(-1)!.seq;
    const batch: SyncBatch = { site: this.cfg.site, fromSeq, toSeq, idempotencyKey: `${this.cfg.site}:${fromSeq}-${toSeq}`, events, services: this.services() };
    return { afterSeq, size, batch, body: encode(batch) };
  }

  private async post(path: string, body: unknown, encoded = encode(body)): Promise<Response> {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), this.cfg.requestTimeoutMs ?? 30_000);
    try {
      return await (this.cfg.fetch ?? fetch)(`${this.cfg.url.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.cfg.token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          ...((body as { idempotencyKey?: string }).idempotencyKey ? { 'idempotency-key': (body as { idempotencyKey: string }).idempotencyKey } : {}),
        },
        body: encoded,
        signal: ctl.signal,
      });
    } finally {
      clearTimeout(t);
    }
  }

  /** One batch (or, when all is sent, the day manifests that are due). */
  async pushOnce(): Promise<PushResult> {
    const s = this.state;
    this.attemptAt = this.clock.now();
    const ahead = this.ahead;
    this.ahead = null;
    const p = ahead?.afterSeq === s.acked_seq && ahead.size === s.batch_size ? ahead : this.prepare(s.acked_seq, s.batch_size);
    if (p === null) return this.sendManifests();
    const { batch, body: encoded } = p;
    const { toSeq } = batch;
    const sending = this.post('/api/ingest', batch, encoded);
    // While the server stores this batch, build the next one (events are append-only, so it is
    // exactly the batch that would be built after the answer): the hub's reading and compressing
    // overlaps the server's storing. Used only if the answer moves the cursor to where it starts.
    const nextSize = Math.min(DEFAULT_BATCH, s.batch_size * 2);
    setImmediate(() => {
      if (!this.stopped) this.ahead = this.prepare(toSeq, nextSize);
    });
    let res: Response;
    try {
      res = await sending;
    } catch (err) {
      return this.failed(`no answer: ${(err as Error).message}`, null);
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.status === 200) {
      const ack = SyncAck.safeParse(body);
      if (!ack.success) return this.failed('the server answered something that is not an acknowledgement', null);
      const acked = Math.min(Math.max(s.acked_seq, ack.data.ackedThrough), this.events.lastSeq());
      // A batch size halved by a 413 grows back while batches go through (up to the default).
      this.db.transaction(() => {
        this.update({ acked_seq: acked, batch_size: nextSize, failures: 0, last_success_at: this.clock.now(), last_error: null });
        if (ack.data.quarantined.length) this.db.prepare('INSERT INTO sync_quarantine (seqs, at) VALUES (?, ?)').run(JSON.stringify(ack.data.quarantined), this.clock.now());
      })();
      return { kind: 'sent', more: acked < this.events.lastSeq() };
    }
    if (res.status === 409 && typeof body?.expectedSeq === 'number') {
      // The server's copy ends elsewhere (it lost a batch, or has more than our cursor says).
      this.update({ acked_seq: Math.max(0, Math.min(body.expectedSeq - 1, this.events.lastSeq())) });
      return { kind: 'sent', more: true };
    }
    if (res.status === 413) {
      this.update({ batch_size: Math.max(1, Math.floor(s.batch_size / 2)) });
      return { kind: 'sent', more: true };
    }
    const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), this.clock.now()) : null;
    return this.failed(`HTTP ${res.status}${body?.error ? ` ${String(body.error)}` : ''}`, retryAfter);
  }

  /** Manifests of closed days whose events the server has all. */
  private async sendManifests(): Promise<PushResult> {
    const acked = this.state.acked_seq;
    const due = this.db
      .prepare(
        `SELECT DISTINCT e.business_date AS date FROM events e WHERE e.type = 'day.closed' AND e.seq <= ?
         AND NOT EXISTS (SELECT 1 FROM sync_manifests m WHERE m.business_date = e.business_date AND m.match = 1)`,
      )
      .pluck()
      .all(acked) as string[];
    for (const date of due) {
      const m = this.manifest(date);
      if (m.lastSeq > acked) continue;
      let res: Response;
      try {
        res = await this.post('/api/manifests', m);
      } catch (err) {
        return this.failed(`no answer: ${(err as Error).message}`, null);
      }
      if (res.status !== 200) return this.failed(`manifest ${date}: HTTP ${res.status}`, null);
      const r = (await res.json()) as { match: boolean };
      this.db
        .prepare('INSERT INTO sync_manifests (business_date, last_seq, hash, match, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(business_date) DO UPDATE SET last_seq = excluded.last_seq, hash = excluded.hash, match = excluded.match, sent_at = excluded.sent_at')
        .run(date, m.lastSeq, m.hash, r.match ? 1 : 0, this.clock.now());
    }
    this.update({ failures: 0, last_error: null, last_success_at: this.clock.now() });
    return { kind: 'idle' };
  }

  /** What a business date looked like at this hub: counts per event type, last seq, a hash. */
  manifest(date: string): DayManifest {
    const rows = this.db.prepare('SELECT seq, type FROM events WHERE business_date = ? ORDER BY seq').all(date) as { seq: number; type: string }[];
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return {
      site: this.cfg.site,
      businessDate: date,
      lastSeq: rows.at(-1)?.seq ?? 0,
      counts,
      hash: createHash('sha256').update(rows.map((r) => `${r.seq}:${r.type}\n`).join('')).digest('hex'),
    };
  }

  /** Pushes until there is nothing left or an attempt fails; returns the delay before the next run. */
  async drain(): Promise<number> {
    for (;;) {
      const r = await this.pushOnce();
      if (r.kind === 'retry') return r.afterMs;
      if (r.kind === 'idle' || !r.more) return this.cfg.intervalMs ?? 60_000;
    }
  }

  /**
   * Starts after a random offset, so MPPs that power on together do not sync in step; then runs
   * on the timer, and at once when a business day closes (its manifest is due).
   */
  start(): void {
    this.stopped = false;
    this.unsubscribe ??= this.events.subscribe((e) => {
      if (e.type === 'day.closed') this.kick();
    });
    this.schedule(Math.floor((this.cfg.random ?? Math.random)() * Math.min(this.cfg.intervalMs ?? 60_000, 30_000)));
  }

  /** Now, e.g. when a day closed or the admin asks. */
  kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.ahead = null;
    if (this.timer) (this.cfg.clearTimer ?? clearTimeout)(this.timer as NodeJS.Timeout);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer) (this.cfg.clearTimer ?? clearTimeout)(this.timer as NodeJS.Timeout);
    this.nextAttemptAt = this.clock.now() + ms;
    this.timer = (this.cfg.setTimer ?? setTimeout)(() => void this.run(), ms);
    (this.timer as { unref?: () => void })?.unref?.();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const next = await this.drain();
      if (!this.stopped) this.schedule(next);
    } finally {
      this.running = false;
    }
  }
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
