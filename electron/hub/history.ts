/**
 * The history guard: the hub must notice when it holds less history than it had, and must then
 * never give a ticket number a second time.
 *
 * SQLite keeps every acknowledged ticket through a crash, but not through a person: deleting the
 * `-wal` file after a crash ("cleaning temp files"), copying an old database over the current one
 * or restoring a backup silently takes back tickets that citizens hold on paper, and the next
 * ticket reuses their numbers. So the hub keeps evidence outside the database:
 *
 * - a **watermark** file beside the database (`antre.watermark`), rewritten whole after
 *   every committed event: the last seq and epoch, and the highest ticket number per prefix of the
 *   latest business date. It is a file of its own because whatever removes the WAL or replaces
 *   the database leaves it as it was.
 * - what the **screens and the central server** have seen: a display or kiosk reconnecting says
 *   its last seq and highest numbers (the stream's hello), the sync outbox says the server's cursor.
 *
 * When the database is behind either, the hub raises the `data_loss` alarm, starts a new sync
 * epoch (the seqs after this point reuse ones the central server already has) and raises the
 * number floors (`number_floors`, read by `QueueEngine.issue`) so that numbering continues past
 * every number the hall has seen. Nothing waits for a person; the alarm stays until an admin
 * acknowledges it, across restarts.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatTicketNumber } from '../../shared/ticketNumber.js';
import type { Event } from '../../shared/events.js';
import type { Alarms } from './alarms.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import type { HubLog } from './log.js';
import type { SyncEpochs } from './sync/epochs.js';

export const WATERMARK_FILE = 'antre.watermark';
/** Written by the restore command (`npm run restore`) for the next start to report. */
export const RESTORE_NOTE_FILE = 'restore.json';

/** What the hub had recorded, as the watermark file holds it. */
export interface Watermark {
  v: 1;
  /** the sync epoch of `seq` */
  epoch: number;
  /** the last seq the hub had committed */
  seq: number;
  /** the latest business date of a ticket event, and its highest number per prefix */
  businessDate: string | null;
  numbers: Record<string, number>;
  /** the highest seq of a history already known lost (reports up to it are the same loss) */
  lostSeq: number;
  /** the epoch this guard started for the latest loss (0: none): later reports of it start none */
  lossEpoch: number;
  /** a data-loss alarm not yet acknowledged: raised again at the next start */
  alarm: { id: string; en: string; detail: Record<string, string | number | boolean | null> } | null;
  writtenAt: number;
  /** the write's number: of the file's two slots, the whole one with the higher number is current */
  writes: number;
}

/** A restore's note (written by the restore command before the hub starts on the restored file). */
interface RestoreNote {
  backup: string;
  at: number;
  /** where the replaced database was kept (null: there was none) */
  previousKeptAs: string | null;
}

/** What a screen or the central server has seen of this hub's history. */
export interface SeenReport {
  /** who saw it: 'display', 'kiosk', 'counter', 'admin', 'local', 'central' */
  source: string;
  lastSeq?: number;
  businessDate?: string;
  numbers?: Record<string, number>;
  /**
   * The central server holds other events than this hub under the same seqs from here on: the
   * hub lost history even if it has since issued more events than it lost (a restored hub that
   * went on offline). The sync outbox says it once per break.
   */
  divergedAt?: number;
}

export interface HistoryGuardDeps {
  db: Db;
  events: EventLog;
  epochs: SyncEpochs;
  alarms: Alarms;
  clock: Clock;
  log: HubLog;
  dataDir: string;
}

const SOURCES: Record<string, [id: string, en: string]> = {
  display: ['layar tampilan', 'a hall display'],
  kiosk: ['kios', 'a kiosk'],
  counter: ['layar loket', 'a counter screen'],
  admin: ['layar admin', 'an admin screen'],
  local: ['layar di komputer hub', 'a screen on the hub machine'],
  central: ['server pusat', 'the central server'],
};

const listNumbers = (numbers: Record<string, number>): string =>
  Object.entries(numbers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, n]) => formatTicketNumber(p, n))
    .join(', ') || '-';

export class HistoryGuard {
  private readonly deps: HistoryGuardDeps;
  private readonly file: string;
  /** the watermark as the hub keeps it; written to the file once `check` has run */
  private state: Watermark | null = null;
  private checked = false;
  private fd: number | null = null;
  /** how many times the watermark was written: picks the newer slot */
  private count = 0;

  constructor(deps: HistoryGuardDeps) {
    this.deps = deps;
    this.file = join(deps.dataDir, WATERMARK_FILE);
    // Listeners run after the commit and before the HTTP answer: the watermark is never behind
    // a ticket a citizen holds, and never ahead of what the database committed.
    deps.events.subscribe((e) => this.heard(e));
  }

  /**
   * At start, before anything is appended or served: compares the database with the watermark
   * (and a restore's note), handles a loss, and from then on keeps the watermark current.
   * Idempotent.
   */
  check(): void {
    if (this.checked) return;
    const { events, epochs } = this.deps;
    const mark = this.readWatermark();
    const restore = this.readRestoreNote();
    const dbSeq = events.lastSeq();
    const dbEpoch = epochs.current().epoch;

    const above = mark?.businessDate ? this.above(mark.businessDate, mark.numbers) : {};
    const behind = mark !== null && (dbEpoch < mark.epoch || (dbEpoch === mark.epoch && dbSeq < mark.seq));
    const lostSeq = Math.max(mark?.seq ?? 0, mark?.lostSeq ?? 0);

    this.state = this.fromDatabase(mark);
    this.state.lostSeq = behind ? lostSeq : (mark?.lostSeq ?? 0);
    this.state.lossEpoch = mark?.lossEpoch ?? 0;
    this.state.alarm = mark?.alarm ?? null;

    if (restore || behind || Object.keys(above).length > 0) {
      const floors = mark?.businessDate ? { ...mark.numbers } : {};
      this.handleLoss({
        businessDate: mark?.businessDate ?? null,
        floors: above,
        mustPassEpoch: mark?.epoch ?? 0,
        newEpoch: true,
        reason: restore ? `restored from ${restore.backup}` : `history lost: database at seq ${dbSeq}, watermark at ${mark?.seq ?? 0}`,
        alarm: restore
          ? this.restoredText(restore, dbSeq, mark?.seq ?? null, floors)
          : this.lostText(dbSeq, mark?.seq ?? 0, floors),
        detail: {
          cause: restore ? 'restored' : 'lost',
          databaseSeq: dbSeq,
          watermarkSeq: mark?.seq ?? null,
          businessDate: mark?.businessDate ?? null,
          floors: listNumbers(floors),
          ...(restore ? { backup: restore.backup, previousKeptAs: restore.previousKeptAs, restoredAt: restore.at } : {}),
        },
      });
      if (restore) rmSync(join(this.deps.dataDir, RESTORE_NOTE_FILE), { force: true });
    } else if (mark?.alarm) {
      // Raised before a restart and never acknowledged: a loss is not over because the hub restarted.
      this.deps.alarms.raise('data_loss', mark.alarm);
    }
    this.checked = true;
    this.write();
  }

  /**
   * A screen or the central server says what it has seen. When that is more than the hub holds,
   * history was lost: the floors rise past the numbers seen, the alarm is raised (once), and a new
   * epoch starts (once per loss: a second report of the same lost seqs starts none).
   */
  reportSeen(seen: SeenReport): void {
    const state = this.state;
    if (!state) return;
    const numbers = seen.numbers ?? {};
    const seqBehind = seen.lastSeq !== undefined && seen.lastSeq > state.seq;
    const diverged = seen.divergedAt !== undefined;
    // The common case, every reconnect: nothing beyond the watermark, no SQL.
    if (!seqBehind && !diverged && (seen.businessDate === undefined || this.within(seen.businessDate, numbers))) return;

    const above = seen.businessDate ? this.above(seen.businessDate, numbers) : {};
    const seqNews = (seqBehind && seen.lastSeq! > state.lostSeq) || diverged;
    if (!seqNews && Object.keys(above).length === 0) return;
    const dbSeq = this.deps.events.lastSeq();
    const [whoId, whoEn] = SOURCES[seen.source] ?? [seen.source, seen.source];
    this.deps.log.warn({ source: seen.source, lastSeq: seen.lastSeq, hubSeq: dbSeq, above }, 'a client has seen history the hub does not hold');
    this.handleLoss({
      businessDate: seen.businessDate ?? null,
      floors: above,
      mustPassEpoch: 0,
      // Seqs above every one known lost are news; numbers alone are the loss already handled
      // when this guard started the current epoch for it (other screens catching up).
      newEpoch: seqNews || state.lossEpoch !== this.deps.epochs.current().epoch,
      reason: `history lost: ${seen.source} had seen seq ${seen.lastSeq ?? '-'} (hub at ${dbSeq})`,
      alarm: this.reportedText(whoId, whoEn, dbSeq, seen.lastSeq, above),
      detail: {
        cause: 'reported',
        source: seen.source,
        databaseSeq: dbSeq,
        reportedSeq: seen.lastSeq ?? null,
        businessDate: seen.businessDate ?? null,
        floors: listNumbers(above),
      },
      lostSeq: seqBehind ? seen.lastSeq! : undefined,
    });
    this.write();
  }

  /** The watermark as last written (null before `check`), for the tests and the overview. */
  watermark(): Watermark | null {
    return this.state ? { ...this.state, numbers: { ...this.state.numbers } } : null;
  }

  // ---- the loss ----------------------------------------------------------------------------

  private handleLoss(loss: {
    businessDate: string | null;
    floors: Record<string, number>;
    /** the new epoch's number must be above this (the watermark's epoch) */
    mustPassEpoch: number;
    /** start an epoch (unless the current one has no event yet) */
    newEpoch: boolean;
    reason: string;
    alarm: { id: string; en: string };
    detail: Record<string, string | number | boolean | null>;
    lostSeq?: number;
  }): void {
    const { db, epochs, alarms } = this.deps;
    const state = this.state!;
    db.transaction(() => {
      if (loss.businessDate) {
        const raise = db.prepare(
          `INSERT INTO number_floors (business_date, prefix, floor) VALUES (?, ?, ?)
           ON CONFLICT (business_date, prefix) DO UPDATE SET floor = MAX(floor, excluded.floor)`,
        );
        for (const [prefix, n] of Object.entries(loss.floors)) raise.run(loss.businessDate, prefix, n);
      }
      // The events from here on reuse seqs the central server may hold with other content. An
      // epoch that has no event yet (the restore command's, or this loss's own) is new enough.
      const lastSeq = this.deps.events.lastSeq();
      let epoch = epochs.current();
      if (loss.newEpoch && (epoch.fromSeq <= lastSeq || epoch.epoch <= loss.mustPassEpoch)) {
        do epoch = epochs.start(loss.reason);
        while (epoch.epoch <= loss.mustPassEpoch);
      }
      if (loss.newEpoch) state.lossEpoch = epoch.epoch;
    }).immediate();
    if (loss.businessDate) this.merge(loss.businessDate, loss.floors);
    if (loss.lostSeq !== undefined) state.lostSeq = Math.max(state.lostSeq, loss.lostSeq);
    state.seq = this.deps.events.lastSeq();
    state.epoch = epochs.current().epoch;
    // A second report of a loss already raised keeps the first text (it says what happened
    // first, e.g. a restore) and adds the figures.
    const was = alarms.get('data_loss');
    const alarm = was
      ? { id: was.id, en: was.en, detail: { ...was.detail, ...Object.fromEntries(Object.entries(loss.detail).map(([k, v]) => [`last_${k}`, v])) } }
      : { ...loss.alarm, detail: loss.detail };
    state.alarm = alarm;
    alarms.raise('data_loss', alarm);
  }

  private lostText(dbSeq: number, markSeq: number, floors: Record<string, number>): { id: string; en: string } {
    const list = listNumbers(floors);
    return {
      id:
        `Riwayat antrean hilang: basis data hanya berisi kejadian sampai #${dbSeq}, padahal hub sudah mencatat sampai #${markSeq} ` +
        `(berkas antre.sqlite3-wal kemungkinan terhapus setelah hub mati mendadak, atau berkas basis data diganti). ` +
        `Tiket yang hilang tidak dapat dikembalikan, tetapi penomoran dilanjutkan setelah nomor tertinggi yang sudah keluar (${list}), ` +
        `sehingga tidak ada nomor ganda. Jangan menghapus berkas apa pun di folder data hub. Catat kejadian ini, lalu tandai alarm ini sudah ditangani di layar Admin.`,
      en:
        `Queue history lost: the database holds events up to #${dbSeq}, but the hub had recorded up to #${markSeq} ` +
        `(the antre.sqlite3-wal file was probably deleted after the hub stopped abruptly, or the database file was replaced). ` +
        `The lost tickets cannot be brought back, but numbering continues past the highest numbers already issued (${list}), ` +
        `so no number is given twice. Do not delete any file in the hub's data folder. Note what happened, then acknowledge the alarm on the Admin screen.`,
    };
  }

  private restoredText(note: RestoreNote, dbSeq: number, markSeq: number | null, floors: Record<string, number>): { id: string; en: string } {
    const list = listNumbers(floors);
    const after = markSeq !== null && markSeq > dbSeq;
    return {
      id:
        `Basis data dipulihkan dari cadangan ${note.backup}` +
        (after ? `: kejadian setelah cadangan itu (#${dbSeq + 1} sampai #${markSeq}) tidak ada di basis data ini` : '') +
        (note.previousKeptAs ? `. Basis data sebelumnya disimpan di ${note.previousKeptAs}` : '') +
        `. Penomoran dilanjutkan setelah nomor tertinggi yang sudah keluar (${list}), ` +
        `sehingga tidak ada nomor ganda, dan sinkronisasi memulai epoch baru agar server pusat menyimpan kedua riwayat. ` +
        `Setelah diperiksa, tandai alarm ini sudah ditangani di layar Admin.`,
      en:
        `The database was restored from the backup ${note.backup}` +
        (after ? `: the events after that backup (#${dbSeq + 1} to #${markSeq}) are not in this database` : '') +
        (note.previousKeptAs ? `. The previous database was kept in ${note.previousKeptAs}` : '') +
        `. Numbering continues past the highest numbers already issued (${list}), ` +
        `so no number is given twice, and sync starts a new epoch so the central server keeps both histories. ` +
        `Once checked, acknowledge the alarm on the Admin screen.`,
    };
  }

  private reportedText(whoId: string, whoEn: string, dbSeq: number, seenSeq: number | undefined, above: Record<string, number>): { id: string; en: string } {
    const list = listNumbers(above);
    const seqId = seenSeq !== undefined && seenSeq > dbSeq ? `kejadian sampai #${seenSeq}` : `nomor ${list}`;
    const seqEn = seenSeq !== undefined && seenSeq > dbSeq ? `events up to #${seenSeq}` : `the numbers ${list}`;
    return {
      id:
        `Riwayat antrean hilang: ${whoId} sudah menerima ${seqId}, padahal basis data hub hanya sampai #${dbSeq} ` +
        `(berkas antre.sqlite3-wal kemungkinan terhapus, atau berkas basis data diganti). Penomoran dilanjutkan setelah nomor yang sudah terlihat, ` +
        `sehingga tidak ada nomor ganda. Jangan menghapus berkas apa pun di folder data hub. Catat kejadian ini, lalu tandai alarm ini sudah ditangani di layar Admin.`,
      en:
        `Queue history lost: ${whoEn} had received ${seqEn}, but the hub's database only reaches #${dbSeq} ` +
        `(the antre.sqlite3-wal file was probably deleted, or the database file was replaced). Numbering continues past the numbers seen, ` +
        `so no number is given twice. Do not delete any file in the hub's data folder. Note what happened, then acknowledge the alarm on the Admin screen.`,
    };
  }

  // ---- the watermark -----------------------------------------------------------------------

  private heard(e: Event): void {
    const state = this.state;
    if (!state) return;
    state.seq = e.seq;
    if (e.type.startsWith('ticket.')) {
      const data = e.data as { prefix?: string; number?: number };
      if (data.prefix !== undefined && data.number !== undefined) this.merge(e.businessDate, { [data.prefix]: data.number });
    } else if (e.type === 'hub.alarm' && e.data.kind === 'data_loss') {
      // Acknowledged (or raised by someone else): the next start raises it again only if pending.
      state.alarm = e.data.raised ? { id: e.data.id, en: e.data.en, detail: e.data.detail } : null;
    }
    if (this.checked) this.write();
  }

  /** Takes numbers of a date into the watermark: a later date replaces, an earlier one is kept out. */
  private merge(date: string, numbers: Record<string, number>): void {
    const state = this.state!;
    if (state.businessDate === null || date > state.businessDate) {
      state.businessDate = date;
      state.numbers = {};
    }
    if (date !== state.businessDate) return;
    for (const [p, n] of Object.entries(numbers)) if (n > (state.numbers[p] ?? 0)) state.numbers[p] = n;
  }

  /** Whether every number is at most what the watermark holds for that date. */
  private within(date: string, numbers: Record<string, number>): boolean {
    const state = this.state!;
    if (Object.keys(numbers).length === 0) return true;
    if (date !== state.businessDate) return false;
    return Object.entries(numbers).every(([p, n]) => n <= (state.numbers[p] ?? 0));
  }

  /** The numbers above what the database holds for that date (its tickets and its floors). */
  private above(date: string, numbers: Record<string, number>): Record<string, number> {
    const held = this.deps.db.prepare(
      `SELECT MAX(COALESCE((SELECT MAX(number) FROM tickets WHERE business_date = @date AND prefix = @prefix), 0),
                  COALESCE((SELECT floor FROM number_floors WHERE business_date = @date AND prefix = @prefix), 0))`,
    );
    const out: Record<string, number> = {};
    for (const [p, n] of Object.entries(numbers)) if (n > (held.pluck().get({ date, prefix: p }) as number)) out[p] = n;
    return out;
  }

  /** The watermark of the database as it is, keeping the file's numbers of the same date. */
  private fromDatabase(mark: Watermark | null): Watermark {
    const { db, events, epochs, clock } = this.deps;
    const date =
      (db.prepare('SELECT MAX(business_date) FROM tickets').pluck().get() as string | null) ??
      (db.prepare('SELECT MAX(business_date) FROM number_floors').pluck().get() as string | null);
    const state: Watermark = { v: 1, epoch: epochs.current().epoch, seq: events.lastSeq(), businessDate: null, numbers: {}, lostSeq: 0, lossEpoch: 0, alarm: null, writtenAt: clock.now(), writes: this.count };
    this.state = state;
    if (date) {
      const rows = db
        .prepare(
          `SELECT prefix, MAX(n) AS n FROM (
             SELECT prefix, MAX(number) AS n FROM tickets WHERE business_date = @date GROUP BY prefix
             UNION ALL SELECT prefix, floor AS n FROM number_floors WHERE business_date = @date)
           GROUP BY prefix`,
        )
        .all({ date }) as { prefix: string; n: number }[];
      this.merge(date, Object.fromEntries(rows.map((r) => [r.prefix, r.n])));
    }
    if (mark?.businessDate) this.merge(mark.businessDate, mark.numbers);
    return state;
  }

  private readWatermark(): Watermark | null {
    try {
      const m = readMark(this.file) as Watermark | null;
      if (m === null) return null;
      if (m.v !== 1 || typeof m.seq !== 'number' || typeof m.epoch !== 'number') throw new Error('not a watermark');
      this.count = m.writes ?? 0;
      return { ...m, numbers: m.numbers ?? {}, lostSeq: m.lostSeq ?? 0, lossEpoch: m.lossEpoch ?? 0, alarm: m.alarm ?? null };
    } catch (err) {
      // Neither slot is whole: a damaged disk or a hand edit. Said, and written afresh.
      this.deps.log.warn({ file: this.file, err: String(err) }, 'the history watermark cannot be read; it is written again');
      return null;
    }
  }

  private readRestoreNote(): RestoreNote | null {
    const file = join(this.deps.dataDir, RESTORE_NOTE_FILE);
    if (!existsSync(file)) return null;
    try {
      const n = JSON.parse(readFileSync(file, 'utf8')) as Partial<RestoreNote>;
      return { backup: String(n.backup ?? '?'), at: Number(n.at ?? 0), previousKeptAs: typeof n.previousKeptAs === 'string' ? n.previousKeptAs : null };
    } catch {
      // Unreadable, but it says a restore happened: that is what the alarm must tell.
      return { backup: '?', at: 0, previousKeptAs: null };
    }
  }

  /** Writes the watermark into the older of its two slots (see `writeMark`). */
  private write(): void {
    const state = this.state!;
    state.epoch = this.deps.epochs.current().epoch;
    state.writtenAt = this.deps.clock.now();
    state.writes = ++this.count;
    try {
      this.fd ??= openMark(this.file);
      writeMark(this.fd, state.writes, state);
    } catch (err) {
      // A full disk must not turn a committed ticket into an error reply; the next event retries.
      this.deps.log.warn({ file: this.file, err: String(err) }, 'the history watermark could not be written');
    }
  }

  /** Closes the watermark file (the core's close). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

// ---- the watermark file ----------------------------------------------------------------------
//
// Written after every committed event, so it must cost next to nothing: a temp file and a rename
// cost 0.6-0.9 ms on an ext4 disk (the rename makes the kernel flush the new file), as much as
// the ticket's own commit. Instead the file has two fixed slots written in turn, in place, each
// line `<sha256 of the JSON> <JSON>\n` (about 20 µs). A write cut short by a crash spoils only the
// slot being written, whose checksum then fails: the reader takes the other, one write older,
// which is never ahead of the database. So the reader always finds a whole watermark.

const SLOT_BYTES = 16 * 1024;

const digest = (json: string): string => createHash('sha256').update(json).digest('hex');

export function openMark(file: string): number {
  return openSync(file, existsSync(file) ? 'r+' : 'w+');
}

/** Writes write number `n` into slot n % 2; only the bytes of this line, the rest is ignored. */
export function writeMark(fd: number, n: number, mark: unknown): void {
  const json = JSON.stringify(mark);
  const line = Buffer.from(`${digest(json)} ${json}\n`);
  if (line.length > SLOT_BYTES) throw new Error(`watermark of ${line.length} bytes does not fit its slot`);
  writeSync(fd, line, 0, line.length, (n % 2) * SLOT_BYTES);
}

/** The newest whole slot's content, or null when the file does not exist; throws when neither is whole. */
export function readMark(file: string): ({ writes?: number } & Record<string, unknown>) | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const found: ({ writes?: number } & Record<string, unknown>)[] = [];
    for (const slot of [0, 1]) {
      const buf = Buffer.alloc(SLOT_BYTES);
      const got = readSync(fd, buf, 0, SLOT_BYTES, slot * SLOT_BYTES);
      const text = buf.subarray(0, got).toString('utf8');
      const end = text.indexOf('\n');
      if (end < 66) continue;
      const [hash, json] = [text.slice(0, 64), text.slice(65, end)];
      if (digest(json) !== hash) continue;
      found.push(JSON.parse(json) as { writes?: number } & Record<string, unknown>);
    }
    if (found.length === 0) throw new Error('no whole watermark in either slot');
    return found.reduce((a, b) => ((b.writes ?? 0) > (a.writes ?? 0) ? b : a));
  } finally {
    closeSync(fd);
  }
}
