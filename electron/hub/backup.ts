/**
 * Online backups with SQLite's backup API (the queue keeps running while it copies), into
 * `<dataDir>/backups`, keeping the newest `keep` files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';

const NAME = /^antre-\d{8}-\d{6}-\d{3}\.sqlite3$/;

export interface BackupInfo {
  file: string;
  bytes: number;
}

export interface BackupsDeps {
  db: Db;
  /** <data dir>/backups */
  dir: string;
  /** how many backup files to keep */
  keep: number;
  /** names the files */
  clock: Clock;
}

export class Backups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupInfo> | null = null;
  private readonly db: Db;
  readonly dir: string;
  private readonly keep: number;
  private readonly clock: Clock;

  constructor(deps: BackupsDeps) {
    this.db = deps.db;
    this.dir = deps.dir;
    this.keep = deps.keep;
    this.clock = deps.clock;
  }

  /** Runs one backup; a second request while one is running shares it instead of starting another. */
  backupNow(): Promise<BackupInfo> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<BackupInfo> {
    mkdirSync(this.dir, { recursive: true });
    // Never overwrite an earlier backup, even when the clock has not moved (or went back).
    let at = this.clock.now();
    let file = this.fileFor(at);
    while (existsSync(file)) file = this.fileFor(++at);
    await this.db.backup(file);
    this.rotate();
    return { file, bytes: statSync(file).size };
  }

  private fileFor(at: number): string {
    const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').replace('.', '-').slice(0, 18);
    return join(this.dir, `antre-${stamp.slice(0, 8)}-${stamp.slice(8)}.sqlite3`);
  }

  list(): string[] {
    try {
      return readdirSync(this.dir).filter((f) => NAME.test(f)).sort();
    } catch {
      return [];
    }
  }

  private rotate(): void {
    const files = this.list();
    for (const f of files.slice(0, Math.max(0, files.length - this.keep))) rmSync(join(this.dir, f), { force: true });
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
