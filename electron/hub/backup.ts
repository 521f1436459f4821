/**
 * Online backups with SQLite's backup API (the queue keeps running while it copies), into
 * `<dataDir>/backups`, kept by a bounded scheme a year of operation fits in:
 *
 * - every backup of the newest backup's business date (today's hourly ones),
 * - the last backup of each of the 14 business dates before it,
 * - the last backup of each of the 12 months before its month,
 *
 * so at most today's + 26 files, whatever the hub's age (docs/DECISIONS.md, "Backups a year can
 * hold"). Which backup is newer, and which date and month it belongs to, come from its content:
 * the sync epoch and the last event seq it holds, and that event's business date, all in its file
 * name. The PC's clock only names the time it was made (shown to the admin) and orders backups of
 * the same content, so a clock set years back or ahead can never make the newest backup look old.
 *
 * Each backup is written to a temporary name, checked (opened read-only, `PRAGMA quick_check`, its
 * last seq read) and only then given its name and allowed to retire older ones. The backup just
 * made is never removed. A failure raises the `backup_failed` alarm; the next success clears it.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Alarms } from './alarms.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import { HubError } from './hubError.js';
import { checkBackupFile, gzipFile, pendingRestore, stageRestore, type BackupContent } from './restore.js';

/** antre-e<epoch>-s<last seq>-d<business date of that event>-m<made at, UTC>.sqlite3 */
const NAME = /^antre-e(\d{3,})-s(\d{12,})-d(\d{8})-m(\d{8}T\d{9})Z\.sqlite3(\.gz)?$/;
/** the names of the first version, ordered by their time only; renamed when first seen */
const LEGACY_NAME = /^antre-\d{8}-\d{6}-\d{3}\.sqlite3$/;

export interface BackupPolicy {
  /** business dates before the newest backup's that keep their last backup */
  days: number;
  /** months before the newest backup's month that keep their last backup */
  months: number;
}

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { days: 14, months: 12 };

export interface BackupInfo {
  /** the file's name in the backups folder */
  file: string;
  /** its full path */
  path: string;
  epoch: number;
  lastSeq: number;
  /** YYYY-MM-DD: the business date of its last event */
  businessDate: string;
  /** when it was made, by the hub's clock then */
  madeAt: number;
  bytes: number;
  /** gzip: every kept backup but the newest (a restore decompresses it first) */
  compressed: boolean;
}

export interface BackupsDeps {
  db: Db;
  /** the hub's data folder; backups go to <dataDir>/backups */
  dataDir: string;
  clock: Clock;
  alarms: Alarms;
  policy?: Partial<BackupPolicy>;
  /**
   * Called once a restore is staged by the admin: the hub must stop so the restore is applied at
   * its next start (serve.ts exits and the Electron supervisor starts it again).
   */
  onRestoreStaged?: () => void;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function stampOf(at: number): string {
  // 2026-11-23T02:00:00.123Z → 20261123T020000123
  return new Date(at).toISOString().replace(/[-:.Z]/g, '');
}

function parseStamp(s: string): number {
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15), +s.slice(15, 18));
}

export function backupName(content: Pick<BackupContent, 'epoch' | 'lastSeq'> & { businessDate: string }, madeAt: number): string {
  return `antre-e${pad(content.epoch, 3)}-s${pad(content.lastSeq, 12)}-d${content.businessDate.replace(/-/g, '')}-m${stampOf(madeAt)}Z.sqlite3`;
}

function parseName(dir: string, file: string): Omit<BackupInfo, 'bytes'> | null {
  const m = NAME.exec(file);
  if (!m) return null;
  const d = m[3]!;
  return {
    file,
    path: join(dir, file),
    epoch: Number(m[1]),
    lastSeq: Number(m[2]),
    businessDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
    madeAt: parseStamp(m[4]!),
    compressed: m[5] !== undefined,
  };
}

/** Newest content first: epoch, then last seq; the clock only between backups of the same content. */
function newestFirst(a: Omit<BackupInfo, 'bytes'>, b: Omit<BackupInfo, 'bytes'>): number {
  return b.epoch - a.epoch || b.lastSeq - a.lastSeq || b.madeAt - a.madeAt || (a.file < b.file ? 1 : -1);
}

function daysBefore(date: string, days: number): string {
  const t = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function monthsBefore(date: string, months: number): string {
  const m = +date.slice(0, 4) * 12 + (+date.slice(5, 7) - 1) - months;
  return `${Math.floor(m / 12)}-${pad((m % 12) + 1, 2)}`;
}

/**
 * The files the scheme keeps, given every backup newest first (pure: the tests reason about it).
 * The reference date is the newest backup's business date, never the PC's clock.
 */
export function backupsToKeep(sorted: readonly Omit<BackupInfo, 'bytes'>[], policy: BackupPolicy): Set<string> {
  const keep = new Set<string>();
  const newest = sorted[0];
  if (!newest) return keep;
  const today = newest.businessDate;
  const firstDay = daysBefore(today, policy.days);
  const thisMonth = today.slice(0, 7);
  const firstMonth = monthsBefore(today, policy.months);
  const days = new Set<string>();
  const months = new Set<string>();
  for (const b of sorted) {
    const month = b.businessDate.slice(0, 7);
    if (b === newest || b.businessDate === today) keep.add(b.file);
    else if (b.businessDate < today && b.businessDate >= firstDay && !days.has(b.businessDate)) {
      // sorted newest first: the first seen of a date is its last backup, the day's whole history
      days.add(b.businessDate);
      keep.add(b.file);
    } else if (month < thisMonth && month >= firstMonth && !months.has(month) && !days.has(b.businessDate)) {
      months.add(month);
      keep.add(b.file);
    }
    // a month's last backup may already be kept as a daily one: it counts for the month too
    if (keep.has(b.file) && month < thisMonth) months.add(month);
  }
  return keep;
}

export class Backups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupInfo> | null = null;
  private readonly deps: BackupsDeps;
  readonly dir: string;
  private readonly policy: BackupPolicy;

  constructor(deps: BackupsDeps) {
    this.deps = deps;
    this.dir = join(deps.dataDir, 'backups');
    this.policy = { ...DEFAULT_BACKUP_POLICY, ...deps.policy };
  }

  /** Runs one backup; a second request while one is running shares it instead of starting another. */
  backupNow(): Promise<BackupInfo> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<BackupInfo> {
    const tmp = join(this.dir, `.making-${process.pid}-${Date.now()}.sqlite3`);
    try {
      mkdirSync(this.dir, { recursive: true });
      this.removeLeftovers();
      this.adoptLegacy();
      await this.deps.db.backup(tmp);
      // The copy keeps the hub's WAL mode; as a file on its own it is better without it: opening
      // it to check (or to restore) then leaves no -wal and -shm beside it.
      const copy = new Database(tmp, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
      // Checked before it may replace anything: a backup that cannot be restored is no backup.
      const content = checkBackupFile(tmp);
      const businessDate = content.businessDate ?? new Date(this.deps.clock.now()).toISOString().slice(0, 10);
      // Never overwrite an earlier backup, even when the clock has not moved (or went back).
      let at = this.deps.clock.now();
      let file = backupName({ ...content, businessDate }, at);
      while (existsSync(join(this.dir, file)) || existsSync(join(this.dir, `${file}.gz`))) file = backupName({ ...content, businessDate }, ++at);
      renameSync(tmp, join(this.dir, file));
      this.rotate(file);
      await this.compressOlder(file);
      if (this.deps.alarms.has('backup_failed')) this.deps.alarms.clear('backup_failed', 'backup made');
      return { ...parseName(this.dir, file)!, bytes: statSync(join(this.dir, file)).size };
    } catch (err) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // the folder itself is the trouble; the alarm below says so
      }
      const reason = err instanceof HubError ? JSON.stringify(err.details) : err instanceof Error ? err.message : String(err);
      this.deps.alarms.raise('backup_failed', {
        id: `Cadangan basis data gagal dibuat (${reason}). Periksa ruang disk dan folder ${this.dir}; cadangan lama tetap tersimpan.`,
        en: `The database backup failed (${reason}). Check the disk space and the folder ${this.dir}; older backups are kept.`,
        detail: { folder: this.dir, error: reason },
      });
      throw err;
    }
  }

  /** Every backup, newest content first. */
  list(): BackupInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: BackupInfo[] = [];
    for (const n of names) {
      const b = parseName(this.dir, n);
      if (!b) continue;
      try {
        out.push({ ...b, bytes: statSync(b.path).size });
      } catch {
        // removed meanwhile
      }
    }
    return out.sort(newestFirst);
  }

  totalBytes(): number {
    return this.list().reduce((sum, b) => sum + b.bytes, 0);
  }

  /** The backup a restore is staged from, waiting for the hub's next start. */
  pendingRestore(): string | null {
    return pendingRestore(this.deps.dataDir)?.backup ?? null;
  }

  /**
   * The admin's restore: checks the backup (a name in the backups folder, nothing else) as the
   * command does and stages it; the hub applies it at its next start, before opening the database.
   */
  async stageRestore(file: string): Promise<BackupInfo> {
    const b = this.list().find((x) => x.file === file);
    if (!b) throw new HubError('BACKUP_NOT_FOUND', { file });
    const site = (this.deps.db.prepare('SELECT name FROM site WHERE id = 1').pluck().get() as string | undefined) ?? null;
    await stageRestore(this.deps.dataDir, b.path, { site, now: () => this.deps.clock.now() });
    return b;
  }

  /** Asks whoever started the hub to stop it so the staged restore is applied. */
  requestRestart(): void {
    this.deps.onRestoreStaged?.();
  }

  /** A backup or a compression cut short by a crash or a power cut: never a backup, only space. */
  private removeLeftovers(): void {
    for (const n of readdirSync(this.dir)) {
      if (n.startsWith('.making-') || n.endsWith('.gz.tmp')) rmSync(join(this.dir, n), { force: true });
    }
  }

  /** Renames backups of the first version (named by time only) to names that carry their content. */
  private adoptLegacy(): void {
    for (const n of readdirSync(this.dir)) {
      if (!LEGACY_NAME.test(n)) continue;
      try {
        const content = checkBackupFile(join(this.dir, n));
        const s = n.slice(6, 25).replace('-', 'T').replace('-', '');
        const made = parseStamp(s);
        const name = backupName({ ...content, businessDate: content.businessDate ?? new Date(made).toISOString().slice(0, 10) }, made);
        if (!existsSync(join(this.dir, name))) renameSync(join(this.dir, n), join(this.dir, name));
      } catch {
        // unreadable: left as it is, never deleted by the scheme
      }
    }
  }

  private rotate(justMade: string): void {
    const all = this.list();
    const keep = backupsToKeep(all, this.policy);
    keep.add(justMade);
    for (const b of all) if (!keep.has(b.file)) rmSync(b.path, { force: true });
  }

  /**
   * Compresses every kept backup but the one just made: a SQLite file of text compresses several
   * times over, and the newest stays plain so the most likely restore needs no decompression.
   * A failure (a full disk) leaves the plain file, which is still a backup; the next run tries again.
   */
  private async compressOlder(justMade: string): Promise<void> {
    for (const b of this.list()) {
      if (b.compressed || b.file === justMade) continue;
      try {
        await gzipFile(b.path);
      } catch (err) {
        rmSync(`${b.path}.gz.tmp`, { force: true });
        this.deps.alarms.raise('backup_failed', {
          id: `Cadangan ${b.file} tidak dapat dikompres (${String(err)}); periksa ruang disk.`,
          en: `The backup ${b.file} could not be compressed (${String(err)}); check the disk space.`,
          detail: { folder: this.dir, error: String(err) },
        });
        return;
      }
    }
  }

  schedule(everyMs: number, onError: (err: unknown) => void): void {
    this.stop();
    this.timer = setInterval(() => this.backupNow().catch(onError), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
