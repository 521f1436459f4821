/**
 * The disk under the data folder: how much is free (the admin overview), a warning before it is
 * full (`storage_low`), and what a write that failed for lack of space means (`storage_full`,
 * the API's `STORAGE_FULL`, HTTP 507).
 *
 * A failed write loses nothing acknowledged: the transaction rolls back and the kiosk gets the
 * error instead of a number. The `storage_full` alarm stays until a write succeeds again, so
 * issuing resumes by itself as soon as someone frees space (no restart, no button).
 *
 * "Low" is kept simple: less than 500 MB free, or less than 3 days of the space the disk lost over
 * the last day of checks (whatever fills it: the database, its backups, the logs, other programs).
 */
import { statfsSync } from 'node:fs';
import type { Alarms } from './alarms.js';
import type { EventLog } from './events.js';
import type { HubLog } from './log.js';

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

/** Free (for an unprivileged writer) and total bytes of the file system holding `dir`. */
export function diskSpace(dir: string): DiskSpace {
  const s = statfsSync(dir);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const LOW_FREE_BYTES = 500 * 1024 * 1024;
const DAYS_OF_GROWTH = 3;
/** An I/O error with less than this free is taken as a full disk (SQLite reports some as IOERR). */
const NEARLY_FULL_BYTES = 16 * 1024 * 1024;

function errCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Whether an error is a write refused for lack of space. SQLite answers SQLITE_FULL when a write
 * meets ENOSPC (or its page limit); a few paths (growing the WAL index, an fsync) answer a plain
 * I/O error instead, which counts as "full" when the disk is in fact (nearly) full.
 */
export function isStorageFull(err: unknown, dataDir?: string): boolean {
  const code = errCode(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true;
  if (dataDir && code.startsWith('SQLITE_IOERR')) {
    try {
      return diskSpace(dataDir).freeBytes < NEARLY_FULL_BYTES;
    } catch {
      return false;
    }
  }
  return false;
}

/** "12,3 GB" / "12.3 GB"; below a gigabyte in MB ("0.0 GB" would say nothing). */
function size(bytes: number, lang: 'id' | 'en'): string {
  const [value, unit] = bytes >= 1024 ** 3 ? [bytes / 1024 ** 3, 'GB'] : [bytes / 1024 ** 2, 'MB'];
  const text = value.toFixed(1);
  return `${lang === 'id' ? text.replace('.', ',') : text} ${unit}`;
}

/**
 * Whether free space is low: under the floor, or under 3 days of the recent loss of free space.
 * `samples` are (time, free bytes) readings, oldest first, over about a day.
 */
export function isLow(freeBytes: number, samples: readonly { at: number; freeBytes: number }[], floorBytes = LOW_FREE_BYTES): boolean {
  if (freeBytes < floorBytes) return true;
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < 60 * 60 * 1000) return false;
  const lostPerDay = ((first.freeBytes - last.freeBytes) / (last.at - first.at)) * DAY_MS;
  return lostPerDay > 0 && freeBytes < lostPerDay * DAYS_OF_GROWTH;
}

export interface StorageWatchDeps {
  dataDir: string;
  alarms: Alarms;
  events: EventLog;
  log: HubLog;
  /** Date.now by default: the samples measure real elapsed time, not the business clock */
  now?: () => number;
  /** below this, `storage_low` (500 MB) */
  lowFreeBytes?: number;
}

export class StorageWatch {
  private readonly deps: StorageWatchDeps;
  private samples: { at: number; freeBytes: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(deps: StorageWatchDeps) {
    this.deps = deps;
    // Any committed change other than the alarm's own note proves the disk takes writes again.
    this.unsubscribe = deps.events.subscribe((e) => {
      if (e.type !== 'hub.alarm' && deps.alarms.has('storage_full')) deps.alarms.clear('storage_full', 'a write succeeded again');
    });
  }

  space(): DiskSpace {
    try {
      return diskSpace(this.deps.dataDir);
    } catch {
      return { freeBytes: 0, totalBytes: 0 };
    }
  }

  /** A write failed: when for lack of space, raises `storage_full` and answers true. */
  writeFailed(err: unknown): boolean {
    if (!isStorageFull(err, this.deps.dataDir)) return false;
    const dir = this.deps.dataDir;
    const { freeBytes } = this.space();
    this.deps.alarms.raise('storage_full', {
      id: `Disk penuh: hub tidak dapat menyimpan data di ${dir}. Tiket tidak diterbitkan sampai ada ruang kosong. Kosongkan ruang disk; antrean berlanjut sendiri tanpa memulai ulang hub.`,
      en: `Disk full: the hub cannot save data in ${dir}. No tickets are issued until there is space. Free some disk space; issuing resumes by itself, without restarting the hub.`,
      detail: { dataDir: dir, freeBytes, sqlite: errCode(err) || String(err) },
    });
    return true;
  }

  /** Reads the free space and raises or clears `storage_low`. */
  check(): DiskSpace {
    const space = this.space();
    const now = (this.deps.now ?? Date.now)();
    this.samples = [...this.samples.filter((s) => now - s.at <= DAY_MS), { at: now, freeBytes: space.freeBytes }];
    const floor = this.deps.lowFreeBytes ?? LOW_FREE_BYTES;
    // Cleared only 10 % above the floor: a disk hovering at the line does not flap the alarm.
    const line = this.deps.alarms.has('storage_low') ? floor * 1.1 : floor;
    if (space.totalBytes > 0 && isLow(space.freeBytes, this.samples, line)) {
      const dir = this.deps.dataDir;
      const id = `Ruang disk hampir habis: tersisa ${size(space.freeBytes, 'id')} untuk ${dir}. Kosongkan ruang (hapus berkas yang tidak perlu, pindahkan cadangan lama ke media lain) sebelum disk penuh dan hub berhenti menerbitkan tiket.`;
      // Said again only when the rounded figure moves, not at every reading.
      if (this.deps.alarms.get('storage_low')?.id === id) return space;
      this.deps.alarms.raise('storage_low', {
        id,
        en: `The disk is nearly full: ${size(space.freeBytes, 'en')} left for ${dir}. Free some space (delete unneeded files, move old backups elsewhere) before the disk fills and the hub stops issuing tickets.`,
        detail: { dataDir: dir, freeBytes: space.freeBytes, totalBytes: space.totalBytes, floorBytes: floor },
      });
    } else if (this.deps.alarms.has('storage_low')) {
      this.deps.alarms.clear('storage_low', 'free space is back');
    }
    return space;
  }

  schedule(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.check();
      } catch (err) {
        this.deps.log.warn({ err }, 'free space check failed');
      }
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stop();
    this.unsubscribe();
  }
}
