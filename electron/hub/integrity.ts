/**
 * Is the database file whole? `PRAGMA quick_check` at start and on a schedule, and any request
 * that meets SQLITE_CORRUPT, raise the `database_damaged` alarm: `/healthz` answers `degraded`,
 * the admin overview shows it, and the console and the log files say, in both languages, which
 * file is damaged and the way out (restore the latest backup).
 *
 * The check reads the whole file (a year's database is hundreds of MB), so it runs in a worker
 * thread on its own read-only connection: the hub keeps answering kiosks meanwhile. A read-only
 * connection of a WAL database sees every committed change, so it checks what the hub sees.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Alarms } from './alarms.js';
import { DB_FILE_NAME } from './db/open.js';
import type { HubLog } from './log.js';

/** SQLite's codes for a file whose pages do not make sense. */
export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** The restore command an IT person runs (docs/OPERATIONS.md). */
export const RESTORE_COMMAND = 'npm run restore -- <backup>';

/** `stopped`: said by a hub that could not start, which has nothing to stop and must be started again. */
export function damagedTexts(file: string, backupsDir: string, problem: string, stopped = false): { id: string; en: string } {
  return stopped
    ? {
        id: `Basis data ${file} rusak (${problem}). Pulihkan cadangan terakhir dari ${backupsDir}: npm run restore -- <berkas cadangan>, lalu jalankan hub lagi.`,
        en: `The database ${file} is damaged (${problem}). Restore the latest backup from ${backupsDir}: npm run restore -- <backup file>, then start the hub again.`,
      }
    : {
        id: `Basis data ${file} rusak (${problem}). Hentikan hub, lalu pulihkan cadangan terakhir dari ${backupsDir}: npm run restore -- <berkas cadangan>.`,
        en: `The database ${file} is damaged (${problem}). Stop the hub, then restore the latest backup from ${backupsDir}: npm run restore -- <backup file>.`,
      };
}

export type IntegrityResult = { ok: true } | { ok: false; problems: string[] } | { ok: null; error: string };

// Plain JavaScript run with `eval`: the worker needs no TypeScript loader (tests, tsx, the app's
// compiled build all run it the same way).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const rows = db.pragma('quick_check(' + workerData.maxErrors + ')');
  const problems = rows.map((r) => String(Object.values(r)[0]));
  parentPort.postMessage(problems.length === 1 && problems[0] === 'ok' ? { ok: true } : { ok: false, problems });
} catch (err) {
  parentPort.postMessage({ ok: false, thrown: { code: err && err.code, message: String(err && err.message || err) } });
} finally {
  try { if (db) db.close(); } catch {}
}
`;

export interface IntegrityDeps {
  dataDir: string;
  alarms: Alarms;
  log: HubLog;
}

export class Integrity {
  private readonly deps: IntegrityDeps;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<IntegrityResult> | null = null;
  readonly file: string;

  constructor(deps: IntegrityDeps) {
    this.deps = deps;
    this.file = join(deps.dataDir, DB_FILE_NAME);
  }

  /** Runs `PRAGMA quick_check` in a worker; damage raises the alarm, a clean file clears it. */
  check(): Promise<IntegrityResult> {
    // One check at a time: a slow disk must not pile up workers.
    this.running ??= this.runCheck().finally(() => (this.running = null));
    return this.running;
  }

  /** A request met SQLITE_CORRUPT: raise the alarm now, without waiting for the next check. */
  requestFailed(err: unknown): boolean {
    if (!isCorruption(err)) return false;
    this.raise([String((err as Error).message ?? err)]);
    return true;
  }

  schedule(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async runCheck(): Promise<IntegrityResult> {
    const started = Date.now();
    let answer: { ok: boolean; problems?: string[]; thrown?: { code?: string; message: string } };
    try {
      answer = await new Promise((resolve, reject) => {
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: this.file, maxErrors: 20 },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`integrity worker exited (${code})`)));
      });
    } catch (err) {
      this.deps.log.warn({ err }, 'integrity check could not run');
      return { ok: null, error: String(err) };
    }
    if (answer.thrown) {
      if (isCorruption(answer.thrown)) {
        this.raise([answer.thrown.message]);
        return { ok: false, problems: [answer.thrown.message] };
      }
      this.deps.log.warn({ err: answer.thrown }, 'integrity check could not run');
      return { ok: null, error: answer.thrown.message };
    }
    if (!answer.ok) {
      const problems = answer.problems ?? [];
      this.raise(problems);
      return { ok: false, problems };
    }
    this.deps.log.info({ file: this.file, ms: Date.now() - started }, 'integrity check: ok');
    if (this.deps.alarms.has('database_damaged')) this.deps.alarms.clear('database_damaged', 'quick_check is ok again');
    return { ok: true };
  }

  private raise(problems: string[]): void {
    const backupsDir = join(this.deps.dataDir, 'backups');
    this.deps.alarms.raise('database_damaged', {
      ...damagedTexts(this.file, backupsDir, problems[0] ?? 'quick_check'),
      detail: { file: this.file, backupsDir, problems: problems.length, first: problems[0] ?? null, restore: RESTORE_COMMAND },
    });
  }
}
