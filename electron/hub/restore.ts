/**
 * Restoring the hub's database from a backup, as a command and as a step of the hub's start.
 *
 *   npm run restore -- <backup file or name> [--data <dir>] [--other-site]
 *
 * The data folder is `--data`, else ANTRE_DATA_DIR, else ./data (as `npm run serve`). A bare name
 * is looked up in `<data>/backups`.
 *
 * The steps, each safe to repeat after a crash (the progress is in `restore-pending.json`):
 * 1. refuse while a hub runs on the folder (`hub.lock`, below);
 * 2. check the backup (a compressed one, `.gz`, is first decompressed to `restore-source.sqlite3`
 *    in the data folder): SQLite's quick_check, the hub's tables, its last event seq, and the same
 *    site as the database it replaces (`--other-site` to override, the command only);
 * 3. write `restore-pending.json`; the admin screen's restore stops here and the hub applies it at
 *    its next start, before it opens the database, with the same code;
 * 4. move the current database and its -wal and -shm into `<data>/replaced/<time>/` (never
 *    deleted: an IT person or a later investigation may need what it held);
 * 5. copy the backup to a temporary name, fsync, rename it into place: a crash never leaves a
 *    half-copied database under the real name;
 * 6. write `restore.json` `{ backup, at, previousKeptAs }`, which the hub's history guard reads at
 *    the next start (numbering continues past what the hall has seen, a new sync epoch begins and
 *    an alarm says the data was restored), and remove `restore-pending.json`.
 *
 * Is a hub running? The hub writes `hub.lock` (its pid) at start and removes it when it stops. A
 * lock whose process is gone (a crash, a power cut) is stale and ignored; a live pid refuses the
 * restore. A pid reused by an unrelated process after a crash refuses too: that errs on the safe
 * side, and the message names the file to delete once nobody runs a hub there.
 */
import Database from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERRORS } from '../../shared/errors.js';
import { DB_FILE_NAME } from './db/open.js';
import { HubError } from './hubError.js';

export const HUB_LOCK_FILE = 'hub.lock';
export const RESTORE_PENDING_FILE = 'restore-pending.json';
/** read (and removed) by the history guard at the next start */
export const RESTORE_DONE_FILE = 'restore.json';
export const REPLACED_DIR = 'replaced';
/** a compressed backup, decompressed for a restore */
const RESTORE_SOURCE_FILE = 'restore-source.sqlite3';
const DB_SIDE_FILES = [`${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, DB_FILE_NAME];

/** What a backup holds, read from the file itself. */
export interface BackupContent {
  /** the sync epoch of its history (1 before any restore) */
  epoch: number;
  /** the last event seq it holds (0: none) */
  lastSeq: number;
  /** the business date of that event (YYYY-MM-DD), null when it holds no event */
  businessDate: string | null;
  /** the site's name, null before setup */
  site: string | null;
  tickets: number;
}

/** The tables a backup must have to be a hub's database. */
const REQUIRED_TABLES = ['site', 'events', 'tickets', 'services', 'counters', 'officers'];

/**
 * Opens a backup read-only and checks it: SQLite's quick_check, the hub's tables, the last event.
 * Throws BACKUP_INVALID (with the reason) when it is not a database the hub can run on.
 */
export function checkBackupFile(file: string): BackupContent {
  if (!existsSync(file)) throw new HubError('BACKUP_NOT_FOUND', { file: basename(file) });
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new HubError('BACKUP_INVALID', { file: basename(file), reason: `quick_check: ${String(check)}` });
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) throw new HubError('BACKUP_INVALID', { file: basename(file), reason: `missing tables: ${missing.join(', ')}` });
    const last = db.prepare('SELECT seq, business_date FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; business_date: string } | undefined;
    const epoch = tables.has('sync_epochs') ? ((db.prepare('SELECT MAX(epoch) FROM sync_epochs').pluck().get() as number | null) ?? 1) : 1;
    const site = (db.prepare('SELECT name FROM site WHERE id = 1').pluck().get() as string | undefined) ?? null;
    const tickets = db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number;
    return { epoch, lastSeq: last?.seq ?? 0, businessDate: last?.business_date ?? null, site, tickets };
  } catch (err) {
    if (err instanceof HubError) throw err;
    // Not a database at all, or damaged beyond opening.
    throw new HubError('BACKUP_INVALID', { file: basename(file), reason: err instanceof Error ? err.message : String(err) });
  } finally {
    db?.close();
  }
}

/** The site of the database a restore would replace; null when there is none or it cannot be read (damaged). */
export function currentSite(dataDir: string): string | null {
  const file = join(dataDir, DB_FILE_NAME);
  if (!existsSync(file)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return (db.prepare('SELECT name FROM site WHERE id = 1').pluck().get() as string | undefined) ?? null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

// ---- the hub's lock -----------------------------------------------------------------------

interface HubLock {
  pid: number;
  host: string;
  startedAt: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The hub running on this data folder (by its lock), or null. */
export function runningHub(dataDir: string): HubLock | null {
  try {
    const lock = JSON.parse(readFileSync(join(dataDir, HUB_LOCK_FILE), 'utf8')) as HubLock;
    if (typeof lock.pid !== 'number') return null;
    // A lock written on another machine (a shared folder) cannot be checked from here: believe it.
    if (lock.host !== hostname()) return lock;
    return alive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}

/** Written by the hub at start: a restore refuses while it is there and its process lives. */
export function writeHubLock(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const lock: HubLock = { pid: process.pid, host: hostname(), startedAt: Date.now() };
  writeFileSync(join(dataDir, HUB_LOCK_FILE), JSON.stringify(lock));
}

/** Removed when the hub stops; only this process's own lock. */
export function removeHubLock(dataDir: string): void {
  const file = join(dataDir, HUB_LOCK_FILE);
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as HubLock;
    if (lock.pid === process.pid && lock.host === hostname()) rmSync(file, { force: true });
  } catch {
    // no lock, or not readable: nothing of ours to remove
  }
}

// ---- staging and applying -----------------------------------------------------------------

interface PendingRestore {
  /** the backup's file name, for restore.json */
  name: string;
  /** the file copied into place: the backup itself, or its decompressed copy (restore-source.sqlite3) */
  backup: string;
  stagedAt: number;
  /** the folder under replaced/ the current database goes to */
  keepAs: string;
  /** 'staged': nothing moved yet; 'moved': the old database is aside, the copy may be partial */
  stage: 'staged' | 'moved';
}

/** What restore.json says (the history guard reads it). */
export interface RestoreDone {
  /** the backup's file name */
  backup: string;
  at: number;
  /** where the database it replaced was kept, relative to the data folder; null when there was none */
  previousKeptAs: string | null;
}

export interface RestoreResult extends RestoreDone {
  content: BackupContent;
}

export interface StageOptions {
  /** restore a backup of another site (the command's --other-site) */
  allowOtherSite?: boolean;
  /** the current site's name when the caller knows it (the running hub); else read from the file */
  site?: string | null;
  now?: () => number;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-');
}

/** Writes a small file whole or not at all: a temp name, fsync, rename, fsync of the folder. */
function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(resolve(file, '..'));
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder to fsync it; NTFS journals the rename itself.
  }
}

/** Compresses a file to `<file>.gz` (temp name, fsync, rename) and removes the original. */
export async function gzipFile(file: string): Promise<string> {
  const gz = `${file}.gz`;
  await pipeline(createReadStream(file), createGzip(), createWriteStream(`${gz}.tmp`));
  fsyncFile(`${gz}.tmp`);
  renameSync(`${gz}.tmp`, gz);
  rmSync(file, { force: true });
  return gz;
}

async function gunzipFile(gz: string, to: string): Promise<string> {
  try {
    await pipeline(createReadStream(gz), createGunzip(), createWriteStream(`${to}.tmp`));
  } catch (err) {
    rmSync(`${to}.tmp`, { force: true });
    throw new HubError('BACKUP_INVALID', { file: basename(gz), reason: err instanceof Error ? err.message : String(err) });
  }
  fsyncFile(`${to}.tmp`);
  renameSync(`${to}.tmp`, to);
  return to;
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Resolves what the person typed: a path, or a backup's name in <data>/backups. */
export function resolveBackup(dataDir: string, backup: string): string {
  if (existsSync(backup)) return resolve(backup);
  const inBackups = join(dataDir, 'backups', basename(backup));
  if (existsSync(inBackups)) return inBackups;
  throw new HubError('BACKUP_NOT_FOUND', { file: backup });
}

/**
 * Checks the backup and writes restore-pending.json; nothing else changes. The hub applies it at
 * its next start (`applyPendingRestore`). A running hub calls this for the admin screen.
 */
export async function stageRestore(dataDir: string, backupFile: string, opts: StageOptions = {}): Promise<{ content: BackupContent; backup: string }> {
  const original = resolveBackup(dataDir, backupFile);
  // A compressed backup (every kept one but the newest, backup.ts) is decompressed beside the
  // database first: the check and the copy into place then read a plain SQLite file.
  const backup = original.endsWith('.gz') ? await gunzipFile(original, join(dataDir, RESTORE_SOURCE_FILE)) : original;
  const content = checkBackupFile(backup);
  const site = opts.site === undefined ? currentSite(dataDir) : opts.site;
  // A damaged current database (the usual reason to restore) cannot say its site: no check then.
  if (!opts.allowOtherSite && site !== null && content.site !== null && content.site !== site) {
    throw new HubError('BACKUP_OTHER_SITE', { file: basename(backup), backupSite: content.site, site });
  }
  const at = (opts.now ?? Date.now)();
  const pending: PendingRestore = { name: basename(original), backup, stagedAt: at, keepAs: join(REPLACED_DIR, stamp(at)), stage: 'staged' };
  writeFileAtomic(join(dataDir, RESTORE_PENDING_FILE), JSON.stringify(pending, null, 2));
  return { content, backup };
}

export function pendingRestore(dataDir: string): { backup: string; stagedAt: number } | null {
  try {
    const p = JSON.parse(readFileSync(join(dataDir, RESTORE_PENDING_FILE), 'utf8')) as PendingRestore;
    return { backup: p.name, stagedAt: p.stagedAt };
  } catch {
    return null;
  }
}

/**
 * Applies a staged restore, if there is one; called by the hub at start before it opens the
 * database, and by the command. Repeating it after a crash at any step finishes the job.
 */
export function applyPendingRestore(dataDir: string, opts: { now?: () => number; log?: (line: string) => void } = {}): RestoreResult | null {
  const pendingFile = join(dataDir, RESTORE_PENDING_FILE);
  if (!existsSync(pendingFile)) return null;
  const pending = JSON.parse(readFileSync(pendingFile, 'utf8')) as PendingRestore;
  const other = runningHub(dataDir);
  if (other && other.pid !== process.pid) throw new HubError('HUB_RUNNING', { pid: other.pid, lock: join(dataDir, HUB_LOCK_FILE) });

  let content: BackupContent;
  try {
    content = checkBackupFile(pending.backup);
  } catch (err) {
    if (pending.stage === 'staged') {
      // Nothing was moved yet: keep running on the current database and say why.
      renameSync(pendingFile, join(dataDir, 'restore-failed.json'));
      opts.log?.(
        `Pemulihan dibatalkan, basis data tetap seperti semula / restore cancelled, the database is unchanged: ${err instanceof Error ? err.message : String(err)}`,
      );
      return null;
    }
    // The old database is already aside: starting on an empty one would hand out numbers again.
    throw err;
  }

  const keepDir = join(dataDir, pending.keepAs);
  if (pending.stage === 'staged') {
    // -wal and -shm first, the database last: a crash in between leaves the database where the
    // next attempt moves it too, never a database without its WAL.
    for (const name of DB_SIDE_FILES) {
      const from = join(dataDir, name);
      if (!existsSync(from)) continue;
      mkdirSync(keepDir, { recursive: true });
      const to = join(keepDir, name);
      if (existsSync(to)) throw new Error(`${to} already exists; not overwriting a kept database`);
      renameSync(from, to);
    }
    fsyncDir(dataDir);
    writeFileAtomic(pendingFile, JSON.stringify({ ...pending, stage: 'moved' } satisfies PendingRestore, null, 2));
  }

  const target = join(dataDir, DB_FILE_NAME);
  const tmp = `${target}.restoring`;
  copyFileSync(pending.backup, tmp);
  fsyncFile(tmp);
  // A -wal left by a crash between the moves above would be replayed onto the backup: never.
  for (const side of [`${target}-wal`, `${target}-shm`]) if (existsSync(side)) renameSync(side, `${side}.stale-${stamp(Date.now())}`);
  renameSync(tmp, target);
  fsyncDir(dataDir);

  const done: RestoreDone = { backup: pending.name, at: (opts.now ?? Date.now)(), previousKeptAs: existsSync(join(keepDir, DB_FILE_NAME)) ? pending.keepAs : null };
  writeFileAtomic(join(dataDir, RESTORE_DONE_FILE), JSON.stringify(done, null, 2));
  rmSync(pendingFile, { force: true });
  // Only our own decompressed copy: a backup named by the person stays where it is.
  if (basename(pending.backup) === RESTORE_SOURCE_FILE) rmSync(pending.backup, { force: true });
  fsyncDir(dataDir);
  opts.log?.(
    `Basis data dipulihkan dari ${done.backup} (event terakhir ${content.lastSeq}); yang lama disimpan di ${done.previousKeptAs ?? '-'} / ` +
      `database restored from ${done.backup} (last event ${content.lastSeq}); the old one is kept in ${done.previousKeptAs ?? '-'}`,
  );
  return { ...done, content };
}

/** The command: refuse while a hub runs, check, stage, apply. */
export async function restoreBackup(dataDir: string, backupFile: string, opts: StageOptions & { log?: (line: string) => void } = {}): Promise<RestoreResult> {
  const running = runningHub(dataDir);
  if (running) throw new HubError('HUB_RUNNING', { pid: running.pid, lock: join(dataDir, HUB_LOCK_FILE) });
  await stageRestore(dataDir, backupFile, opts);
  const result = applyPendingRestore(dataDir, opts);
  if (!result) throw new HubError('BACKUP_INVALID', { file: basename(backupFile) });
  return result;
}

function describe(err: unknown): string {
  if (err instanceof HubError) {
    const details = err.details === undefined ? '' : `\n  ${JSON.stringify(err.details)}`;
    return `${err.code}: ${ERRORS[err.code].id} / ${ERRORS[err.code].en}${details}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function main(argv: string[]): Promise<number> {
  let dataDir = process.env.ANTRE_DATA_DIR || 'data';
  let allowOtherSite = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') dataDir = argv[++i] ?? dataDir;
    else if (a.startsWith('--data=')) dataDir = a.slice('--data='.length);
    else if (a === '--other-site') allowOtherSite = true;
    else files.push(a);
  }
  if (files.length !== 1) {
    console.error('Pakai / usage: npm run restore -- <file cadangan / backup file> [--data <folder>] [--other-site]');
    return 2;
  }
  dataDir = resolve(dataDir);
  try {
    const r = await restoreBackup(dataDir, files[0]!, { allowOtherSite, log: (line) => console.log(line) });
    console.log(`  tiket / tickets: ${r.content.tickets}, ${join(dataDir, RESTORE_DONE_FILE)}`);
    console.log('Jalankan hub lagi / start the hub again.');
    return 0;
  } catch (err) {
    console.error(`Pemulihan ditolak / restore refused: ${describe(err)}`);
    if (err instanceof HubError && err.code === 'HUB_RUNNING') {
      console.error(`  Hentikan hub dulu; jika tidak ada hub yang berjalan, hapus ${join(dataDir, HUB_LOCK_FILE)} / stop the hub first; if none runs, delete that file.`);
    }
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
