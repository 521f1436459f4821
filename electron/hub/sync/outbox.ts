/**
 * The sync outbox: the events table, pushed in order to the central server in gzip batches. The
 * cursor (acked_seq, within its epoch) moves only when the server acknowledges through a seq, in
 * the same SQLite file, so a hub killed mid-batch sends that batch again and the server applies
 * it once.
 *
 * Epochs (epochs.ts): each epoch's events go to the server under that epoch, oldest epoch first;
 * when the cursor reaches an epoch's end it moves to the next epoch's first seq. A server that holds
 * more of the current epoch than this hub, or other events under the same seqs, means this hub lost
 * history it had sent: the outbox stops pushing into that epoch, records where the histories part
 * and tells `onCentralAhead` (the history guard raises the alarm, numbers past what the server saw
 * and starts a new epoch from there).
 *
 * Failures back off exponentially with full jitter (hundreds of MPPs close at the same hour and
 * must not retry in step); Retry-After is honoured on 429 and 503; a 413 halves the batch; events
 * the server quarantines are recorded here for the admin and never block the outbox.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Event } from '../../../shared/protocol.js';
import { SeenNumbers, SyncAck, SyncDiverged, type DayManifest, type SyncBatch } from '../../../shared/sync.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventLog } from '../events.js';
import type { MasterData } from '../masterData.js';
import type { QueueEngine } from '../queue/engine.js';
import type { Epoch, SyncEpochs } from './epochs.js';

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
  epoch: number;
  afterSeq: number;
  size: number;
  batch: SyncBatch;
  body: ReturnType<typeof encode>;
}

export type PushResult = { kind: 'sent'; more: boolean } | { kind: 'idle' } | { kind: 'retry'; afterMs: number; error: string };

interface StateRow {
  /** the epoch acked_seq is a seq of */
  epoch: number;
  acked_seq: number;
  /** the server holds another history in split_epoch from split_seq on */
  split_epoch: number | null;
  split_seq: number | null;
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
  epochs: Pick<SyncEpochs, 'all'>;
  /**
   * The server holds more of this hub's current epoch than the hub has (its cursor beyond the
   * hub's last seq, or other events under the same seqs): the hub lost history. Given the server's
   * cursor and, when it could tell, the highest ticket number per prefix it holds for the date.
   * Expected to start a new epoch (the outbox pushes nothing more into this one until then).
   */
  onCentralAhead?: (seen: CentralSeen) => void;
  /** Everything is pushed: the central server answers, so the booking feed is pulled at once (bookings/feedPull.ts). */
  onPushed?: () => void;
}

export interface CentralSeen {
  source: 'central';
  lastSeq: number;
  businessDate?: string;
  numbers?: Record<string, number>;
  /**
   * Set when the server holds other events than this hub under the same seqs from here on (the
   * hub may hold as many events as the server, or more, and still have lost history).
   */
  divergedAt?: number;
}

/** Where the cursor stands: its epoch, that epoch's last seq at this hub, and what is acknowledged. */
interface Position {
  epoch: Epoch;
  /** the epoch's last seq here: the next epoch's first minus one, or the last event for the current one */
  end: number;
  current: boolean;
  acked: number;
}

export class SyncOutbox {
  private timer: unknown = null;
  private running = false;
  private stopped = false;
  private nextAttemptAt: number | null = null;
  private attemptAt: number | null = null;
  private ahead: Prepared | null = null;
  private unsubscribe: (() => void) | null = null;
  /** whether this run has heard the server's cursor of the current epoch (an ack or /api/cursor) */
  private heardCursor = false;
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly engine: SyncOutboxDeps['engine'];
  private readonly clock: Clock;
  private readonly epochs: SyncOutboxDeps['epochs'];
  private readonly onCentralAhead: SyncOutboxDeps['onCentralAhead'];
  private readonly onPushed: SyncOutboxDeps['onPushed'];

  constructor(
    deps: SyncOutboxDeps,
    private readonly cfg: SyncConfig,
  ) {
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.engine = deps.engine;
    this.clock = deps.clock;
    this.epochs = deps.epochs;
    this.onCentralAhead = deps.onCentralAhead;
    this.onPushed = deps.onPushed;
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
    const pos = this.position();
    return {
      configured: true,
      url: this.cfg.url,
      site: this.cfg.site,
      // within the cursor's epoch (sync_state.epoch); the admin schema (shared/admin.ts) has no epoch yet
      ackedSeq: pos.acked,
      lastSeq,
      // what is not acknowledged: the rest of the cursor's epoch and every later epoch's events
      backlog: lastSeq - pos.acked,
      lastSuccessAt: s.last_success_at,
      lastAttemptAt: s.last_attempt_at,
      lastError: s.last_error,
      failures: s.failures,
      nextAttemptAt: this.nextAttemptAt,
      quarantined: (this.db.prepare('SELECT seqs, at FROM sync_quarantine ORDER BY id').all() as { seqs: string; at: number }[]).map((q) => ({ seqs: JSON.parse(q.seqs) as number[], at: q.at })),
      manifests: this.db.prepare('SELECT business_date AS businessDate, last_seq AS lastSeq, match FROM sync_manifests ORDER BY business_date, epoch').all(),
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

  /**
   * The cursor's epoch and how far it is acknowledged: once an epoch is all acknowledged, the
   * next one from its first seq (written with the next acknowledgement).
   */
  private position(): Position {
    const s = this.state;
    const epochs = this.epochs.all();
    let i = Math.max(0, epochs.findIndex((e) => e.epoch === s.epoch));
    let ackedSeq = s.acked_seq;
    for (;;) {
      const epoch = epochs[i]!;
      const current = i === epochs.length - 1;
      const end = current ? this.events.lastSeq() : epochs[i + 1]!.fromSeq - 1;
      const acked = Math.min(Math.max(ackedSeq, epoch.fromSeq - 1), Math.max(end, epoch.fromSeq - 1));
      if (current || acked < end) return { epoch, end, current, acked };
      i++;
      ackedSeq = epochs[i]!.fromSeq - 1;
    }
  }

  /** A batch read, serialised and compressed, ready to send after `afterSeq` (up to the epoch's end). */
  private prepare(epoch: Epoch, end: number, afterSeq: number, size: number): Prepared | null {
    const events: Event[] = this.events.readSince(afterSeq, Math.min(size, end - afterSeq));
    if (events.length === 0) return null;
    const fromSeq = events[0]!.seq;
    const toSeq = events.at(-1)!.seq;
    const batch: SyncBatch = {
      site: this.cfg.site,
      // Epoch 1 from seq 1 is what a server from before epochs assumes: said only otherwise, so a
      // hub updated before its central server still syncs until its history first breaks.
      ...(epoch.epoch === 1 && epoch.fromSeq === 1 ? {} : { epoch: epoch.epoch, epochFromSeq: epoch.fromSeq }),
      fromSeq,
      toSeq,
      idempotencyKey: `${this.cfg.site}:${epoch.epoch}:${fromSeq}-${toSeq}`,
      events,
      services: this.services(),
    };
    return { epoch: epoch.epoch, afterSeq, size, batch, body: encode(batch) };
  }

  /**
   * The server holds more of the current epoch than this hub: remember where the histories part
   * (the next epoch starts there, epochs.ts) and tell the history guard, once per epoch.
   */
  private centralAhead(epoch: Epoch, splitSeq: number, seen: CentralSeen): void {
    const s = this.state;
    if (s.split_epoch === epoch.epoch) return;
    this.update({ split_epoch: epoch.epoch, split_seq: Math.max(epoch.fromSeq, splitSeq) });
    this.onCentralAhead?.(seen);
  }

  /** Pushing into an epoch the server holds another history of would only be refused again. */
  private halted(pos: Position): PushResult | null {
    const s = this.state;
    if (!pos.current || s.split_epoch !== pos.epoch.epoch) return null;
    return this.failed(`DIVERGED: the central server holds another history of epoch ${pos.epoch.epoch} from seq ${s.split_seq}; waiting for a new epoch`, null);
  }

  /**
   * Once a run, with nothing to send: where does the server's copy of this epoch end? Beyond this
   * hub's last event, the hub was restored from a copy (or lost its WAL) without knowing: it hears
   * it now, before it gives out a number the hall already holds. Best effort: no answer, no harm.
   */
  private async askCursor(pos: Position): Promise<PushResult | null> {
    const date = this.db.prepare('SELECT business_date FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined;
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), this.cfg.requestTimeoutMs ?? 30_000);
    let body: { ackedThrough?: unknown; businessDate?: unknown; numbers?: unknown } | null;
    try {
      const res = await (this.cfg.fetch ?? fetch)(`${this.cfg.url.replace(/\/$/, '')}/api/cursor?epoch=${pos.epoch.epoch}${date ? `&date=${date}` : ''}`, {
        headers: { authorization: `Bearer ${this.cfg.token}` },
        signal: ctl.signal,
      });
      body = res.status === 200 ? ((await res.json()) as typeof body) : null;
    } catch {
      body = null;
    } finally {
      clearTimeout(t);
    }
    if (typeof body?.ackedThrough !== 'number') return null;
    this.heardCursor = true;
    const mine = this.events.lastSeq();
    if (body.ackedThrough <= mine || pos.epoch.epoch !== this.epochs.all().at(-1)!.epoch) return null;
    const numbers = SeenNumbers.safeParse(body.numbers);
    this.centralAhead(pos.epoch, mine + 1, {
      source: 'central',
      lastSeq: body.ackedThrough,
      ...(typeof body.businessDate === 'string' && numbers.success ? { businessDate: body.businessDate, numbers: numbers.data } : {}),
    });
    return this.halted(this.position()) ?? { kind: 'sent', more: true };
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
    const pos = this.position();
    const s = this.state;
    this.attemptAt = this.clock.now();
    const stop = this.halted(pos);
    if (stop) return stop;
    const ahead = this.ahead;
    this.ahead = null;
    const p =
      ahead?.epoch === pos.epoch.epoch && ahead.afterSeq === pos.acked && ahead.size === s.batch_size && ahead.batch.toSeq <= pos.end
        ? ahead
        : this.prepare(pos.epoch, pos.end, pos.acked, s.batch_size);
    if (p === null) {
      const ahead = this.heardCursor || !pos.current ? null : await this.askCursor(pos);
      return ahead ?? this.sendManifests();
    }
    const { batch, body: encoded } = p;
    const { toSeq } = batch;
    const sending = this.post('/api/ingest', batch, encoded);
    // While the server stores this batch, build the next one (events are append-only, so it is
    // exactly the batch that would be built after the answer): the hub's reading and compressing
    // overlaps the server's storing. Used only if the answer moves the cursor to where it starts.
    const nextSize = Math.min(DEFAULT_BATCH, s.batch_size * 2);
    setImmediate(() => {
      if (!this.stopped) this.ahead = this.prepare(pos.epoch, pos.current ? Number.MAX_SAFE_INTEGER : pos.end, toSeq, nextSize);
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
      const acked = Math.min(Math.max(pos.acked, ack.data.ackedThrough), toSeq);
      // A batch size halved by a 413 grows back while batches go through (up to the default).
      this.db.transaction(() => {
        this.update({ epoch: pos.epoch.epoch, acked_seq: acked, batch_size: nextSize, failures: 0, last_success_at: this.clock.now(), last_error: null });
        if (ack.data.quarantined.length) this.db.prepare('INSERT INTO sync_quarantine (seqs, at) VALUES (?, ?)').run(JSON.stringify(ack.data.quarantined), this.clock.now());
      })();
      // The server's copy of the current epoch goes on past everything this hub holds.
      this.heardCursor ||= ack.data.lastSeq !== undefined;
      const mine = this.events.lastSeq();
      if (pos.current && ack.data.lastSeq !== undefined && ack.data.lastSeq > mine) {
        this.centralAhead(pos.epoch, mine + 1, { source: 'central', lastSeq: ack.data.lastSeq, businessDate: ack.data.businessDate, numbers: ack.data.numbers });
      }
      return { kind: 'sent', more: acked < this.events.lastSeq() };
    }
    const diverged = res.status === 409 ? SyncDiverged.safeParse(body) : null;
    if (diverged?.success) {
      const d = diverged.data;
      if (pos.current) {
        this.centralAhead(pos.epoch, d.seq, { source: 'central', lastSeq: d.lastSeq, businessDate: d.businessDate, numbers: d.numbers, divergedAt: d.seq });
        // The guard started a new epoch: this one ends before the split, and is acknowledged that far.
        return this.halted(this.position()) ?? { kind: 'sent', more: true };
      }
      // An epoch already closed here, whose end the server holds otherwise: those events cannot
      // be stored under it. Recorded for the admin, like quarantined events, and passed over.
      const lost = Array.from({ length: Math.max(0, pos.end - d.seq + 1) }, (_, i) => d.seq + i);
      this.db.transaction(() => {
        this.update({ epoch: pos.epoch.epoch, acked_seq: pos.end, last_error: `DIVERGED: epoch ${pos.epoch.epoch} from seq ${d.seq} not stored by the central server` });
        this.db.prepare('INSERT INTO sync_quarantine (seqs, at) VALUES (?, ?)').run(JSON.stringify(lost), this.clock.now());
      })();
      return { kind: 'sent', more: true };
    }
    if (res.status === 409 && typeof body?.expectedSeq === 'number') {
      const expectedAcked = body.expectedSeq - 1;
      const mine = this.events.lastSeq();
      if (pos.current && expectedAcked > mine) {
        // The server expects a seq beyond this hub's last: it holds history this hub lost.
        this.centralAhead(pos.epoch, mine + 1, { source: 'central', lastSeq: expectedAcked });
        return this.halted(this.position()) ?? { kind: 'sent', more: true };
      }
      // The server's copy ends before our cursor (it lost a batch): resend from there.
      this.update({ epoch: pos.epoch.epoch, acked_seq: Math.max(pos.epoch.fromSeq - 1, Math.min(expectedAcked, pos.end)) });
      return { kind: 'sent', more: true };
    }
    if (res.status === 413) {
      this.update({ batch_size: Math.max(1, Math.floor(s.batch_size / 2)) });
      return { kind: 'sent', more: true };
    }
    const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), this.clock.now()) : null;
    // The server's own words when it gave them (a refused batch names what was wrong, in English here).
    const said = (body?.message as { en?: unknown } | undefined)?.en;
    return this.failed(`HTTP ${res.status}${body?.error ? ` ${String(body.error)}` : ''}${typeof said === 'string' ? `: ${said}` : ''}`, retryAfter);
  }

  /**
   * Manifests of closed days whose events the server has all: one per epoch that holds events of
   * the day (a restore during the day splits it in two), each over that epoch's events of the day.
   */
  private async sendManifests(): Promise<PushResult> {
    const pos = this.position();
    const epochs = this.epochs.all();
    // Acknowledged: every epoch before the cursor's, and the cursor's up to acked.
    const acknowledged = (epoch: number, seq: number) => epoch < pos.epoch.epoch || (epoch === pos.epoch.epoch && seq <= pos.acked);
    const closed = this.db.prepare("SELECT business_date AS date, MAX(seq) AS seq FROM events WHERE type = 'day.closed' GROUP BY business_date ORDER BY business_date").all() as { date: string; seq: number }[];
    const matched = new Set((this.db.prepare('SELECT business_date || \'/\' || epoch FROM sync_manifests WHERE match = 1').pluck().all() as string[]));
    const span = this.db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM events WHERE business_date = ?');
    for (const { date, seq } of closed) {
      if (!acknowledged(this.of(seq, epochs).epoch, seq)) continue;
      const { lo, hi } = span.get(date) as { lo: number; hi: number };
      for (const e of epochs) {
        const next = epochs.find((x) => x.epoch > e.epoch);
        const end = next ? next.fromSeq - 1 : Number.MAX_SAFE_INTEGER;
        if (e.fromSeq > hi || end < lo || matched.has(`${date}/${e.epoch}`)) continue;
        const m = this.manifest(date, e.epoch);
        if (m.lastSeq === 0 || !acknowledged(e.epoch, m.lastSeq)) continue;
        let res: Response;
        try {
          res = await this.post('/api/manifests', m);
        } catch (err) {
          return this.failed(`no answer: ${(err as Error).message}`, null);
        }
        if (res.status !== 200) return this.failed(`manifest ${date} (epoch ${e.epoch}): HTTP ${res.status}`, null);
        const r = (await res.json()) as { match: boolean };
        this.db
          .prepare(
            `INSERT INTO sync_manifests (business_date, epoch, last_seq, hash, match, sent_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT(business_date, epoch) DO UPDATE SET last_seq = excluded.last_seq, hash = excluded.hash, match = excluded.match, sent_at = excluded.sent_at`,
          )
          .run(date, e.epoch, m.lastSeq, m.hash, r.match ? 1 : 0, this.clock.now());
      }
    }
    this.update({ failures: 0, last_error: null, last_success_at: this.clock.now() });
    return { kind: 'idle' };
  }

  private of(seq: number, epochs: Epoch[]): Epoch {
    let found = epochs[0]!;
    for (const e of epochs) if (e.fromSeq <= seq) found = e;
    return found;
  }

  /**
   * What a business date looked like at this hub: counts per event type, last seq, a hash; over
   * the day's events of one epoch (the current one when not given).
   */
  manifest(date: string, epoch?: number): DayManifest {
    const epochs = this.epochs.all();
    const e = epochs.find((x) => x.epoch === epoch) ?? epochs.at(-1)!;
    const next = epochs.find((x) => x.epoch > e.epoch);
    const rows = this.db.prepare('SELECT seq, type FROM events WHERE business_date = ? AND seq BETWEEN ? AND ? ORDER BY seq').all(date, e.fromSeq, next ? next.fromSeq - 1 : Number.MAX_SAFE_INTEGER) as { seq: number; type: string }[];
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return {
      site: this.cfg.site,
      ...(e.epoch === 1 ? {} : { epoch: e.epoch }),
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
      if (r.kind === 'idle') this.onPushed?.();
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
