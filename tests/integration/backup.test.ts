/**
 * Online backups and restores, on real SQLite files: backups made while the hub runs, checked
 * before they retire older ones, kept by a bounded scheme a year fits in (ordered by the events
 * they hold, so a wrong clock cannot delete the newest), a failure that raises an alarm, and a
 * restore (the command, the command as a process, and the admin's action) that refuses a damaged
 * file or a running hub, keeps the replaced database aside and starts on the backup.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Backups, type BackupInfo } from '../../electron/hub/backup.js';
import { openCore, type HubCore } from '../../electron/hub/core.js';
import { DB_FILE_NAME } from '../../electron/hub/db/open.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { HubError } from '../../electron/hub/hubError.js';
import { restoreBackup } from '../../electron/hub/restore.js';
import { ALWAYS_OPEN } from '../../shared/openingHours.js';
import { ManualClock } from '../fixtures/clock.js';
import { MONDAY_9AM_WIB, smallSite, type SmallSite } from '../fixtures/smallSite.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';
import { tempDir } from '../fixtures/tempDir.js';

const DAY = 86_400_000;

let site: SmallSite | null = null;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  site?.dispose();
  site = null;
  for (const c of cleanups.splice(0).reverse()) await c();
});

function ticketsIn(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A clock whose elapsed time moves with it: days pass for real as far as the hub can tell. */
class PassingClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  monotonic(): number {
    return this.t;
  }
}

function openSite(dir: string, clock: PassingClock): { core: HubCore; serviceId: number } {
  const core = openCore({ dataDir: dir, clock });
  core.master.setSite({ name: 'MPP Uji', address: '', timeZone: 'Asia/Jakarta', ticketHeader: '', ticketFooter: '' });
  const agencyId = core.master.addAgency({ code: 'DUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', shortName: 'Dukcapil' });
  const serviceId = core.master.addService({ agencyId, code: 'KTP', name: 'KTP-el', prefix: 'A', hours: ALWAYS_OPEN, estimatedMinutes: 10 });
  return { core, serviceId };
}

it('copies the live database into a checked file named by the last event it holds', async () => {
  site = await smallSite();
  const { core, services } = site;
  for (let i = 0; i < 5; i++) core.engine.issue({ serviceId: services.a, requestId: `backup-${i}` });
  const first = await core.backups.backupNow();
  const copy = new Database(first.path, { readonly: true });
  try {
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(5);
    expect(copy.prepare('SELECT MAX(seq) FROM events').pluck().get()).toBe(first.lastSeq);
  } finally {
    copy.close();
  }
  expect(first.businessDate).toBe('2026-11-23');
  expect(first.file).toContain(`-s${String(first.lastSeq).padStart(12, '0')}-`);
  // Nothing half-made is left beside it.
  expect(readdirSync(core.backups.dir).filter((f) => !f.startsWith('antre-'))).toEqual([]);
});

it('keeps at most today\'s backups + 14 days + 12 months over a simulated year, each day\'s last one', { timeout: 120_000 }, async () => {
  const tmp = tempDir();
  cleanups.push(() => tmp.remove());
  const clock = new PassingClock(Date.UTC(2025, 10, 3, 2, 0, 0)); // 2025-11-03 09:00 WIB
  const { core, serviceId } = openSite(tmp.dir, clock);
  cleanups.push(() => core.close());

  // 400 days with a ticket a day; a backup every fifth day, then in the last 30 days three a day
  // (09:00, 12:00 and 15:00 WIB, a ticket before each): the scheme keeps each day's last one.
  // (A backup every hour of the year would only make the test slower: the scheme's outcome is the same.)
  const lastOfDay = new Map<string, number>();
  let made = 0;
  let bytesMade = 0;
  let newest: BackupInfo | null = null;
  for (let day = 0; day < 400; day++) {
    core.engine.closeStaleDays();
    for (let h = 0; h < (day < 370 ? 1 : 3); h++) {
      core.engine.issue({ serviceId, requestId: `year-${day}-${h}` });
      if (day < 370 && day % 5 !== 0) continue;
      newest = await core.backups.backupNow();
      made += 1;
      bytesMade += newest.bytes;
      lastOfDay.set(newest.businessDate, newest.lastSeq);
      // The backup just made is always there and always first.
      expect(core.backups.list()[0]!.file).toBe(newest.file);
      clock.t += 3 * 3_600_000;
    }
    clock.t += DAY - (day < 370 ? 3 : 9) * 3_600_000;
  }
  // The last day: hourly backups from 09:00 to 16:00.
  core.engine.closeStaleDays();
  for (let h = 0; h < 8; h++) {
    core.engine.issue({ serviceId, requestId: `last-${h}` });
    newest = await core.backups.backupNow();
    made += 1;
    clock.t += 3_600_000;
  }
  const today = newest!.businessDate;
  const kept = core.backups.list();
  const todays = kept.filter((b) => b.businessDate === today);
  expect(todays).toHaveLength(8);
  expect(kept.length).toBeLessThanOrEqual(todays.length + 14 + 12);

  // Each of the 14 dates before today: its last backup (the day's whole history).
  const dates = [...lastOfDay.keys()].sort().filter((d) => d < today).slice(-14);
  for (const d of dates) expect(kept.find((b) => b.businessDate === d)?.lastSeq).toBe(lastOfDay.get(d));
  // Each of the 12 months before this one: one backup, so a year back can still be restored.
  const months = new Set(kept.filter((b) => b.businessDate.slice(0, 7) < today.slice(0, 7)).map((b) => b.businessDate.slice(0, 7)));
  expect(months.size).toBe(12);

  const total = core.backups.totalBytes();
  console.log(`backups over 401 days (${core.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number} tickets): ${made} made (${(bytesMade / 1e6).toFixed(0)} MB), ${kept.length} kept (${(total / 1e6).toFixed(1)} MB)`);
  expect(total).toBe(kept.reduce((s, b) => s + b.bytes, 0));
});

it('never deletes the newest backup when the clock is years behind or was years ahead', async () => {
  site = await smallSite();
  const { core, services } = site;
  core.engine.issue({ serviceId: services.a, requestId: 'clock-1' });
  const before = await core.backups.backupNow();

  // The Backups service on the same database, fed the PC's clock as it is: years behind.
  const pc = new ManualClock(Date.UTC(2019, 0, 1));
  const backups = new Backups({ db: core.db, dataDir: core.dataDir, clock: pc, alarms: core.alarms });
  core.engine.issue({ serviceId: services.a, requestId: 'clock-2' });
  const behind = await backups.backupNow();
  expect(new Date(behind.madeAt).getUTCFullYear()).toBe(2019);
  expect(existsSync(behind.path)).toBe(true);
  expect(backups.list()[0]!.file).toBe(behind.file);
  // The earlier one stays too (compressed now, as every backup but the newest).
  expect(backups.list()[1]).toMatchObject({ lastSeq: before.lastSeq, compressed: true });

  // Years ahead, then right again: the one named 2031 does not outrank what came after it.
  pc.set(Date.UTC(2031, 5, 1));
  core.engine.issue({ serviceId: services.a, requestId: 'clock-3' });
  const ahead = await backups.backupNow();
  pc.set(MONDAY_9AM_WIB);
  core.engine.issue({ serviceId: services.a, requestId: 'clock-4' });
  const right = await backups.backupNow();
  expect(backups.list().map((b) => b.lastSeq)).toEqual([right, ahead, behind, before].map((b) => b.lastSeq));
  expect(backups.list()[0]!.file).toBe(right.file);
  expect(ticketsIn(backups.list()[0]!.path)).toBe(4);
});

it('takes over the backups of the first version (named by time) by what they hold', async () => {
  site = await smallSite();
  const { core, services } = site;
  core.engine.issue({ serviceId: services.a, requestId: 'legacy-1' });
  const made = await core.backups.backupNow();
  // As the first version named it; its time says nothing about its content.
  copyFileSync(made.path, join(core.backups.dir, 'antre-20991231-235959-000.sqlite3'));
  core.engine.issue({ serviceId: services.a, requestId: 'legacy-2' });
  const next = await core.backups.backupNow();
  const names = readdirSync(core.backups.dir);
  expect(names.filter((n) => /^antre-\d{8}-\d{6}-\d{3}\.sqlite3$/.test(n))).toEqual([]);
  // Dated 2099 by its name, it still comes after the newer content.
  expect(core.backups.list().map((b) => b.lastSeq)).toEqual([next.lastSeq, made.lastSeq, made.lastSeq]);
  expect(core.backups.list()[0]!.file).toBe(next.file);
});

it('raises backup_failed when a backup cannot be written, and clears it with the next one', async () => {
  site = await smallSite();
  const { core } = site;
  // The backups folder cannot be made: a file stands in its place.
  writeFileSync(core.backups.dir, 'not a folder');
  await expect(core.backups.backupNow()).rejects.toThrow();
  const alarm = core.alarms.get('backup_failed');
  expect(alarm?.id).toContain('Cadangan basis data gagal');
  expect(alarm?.en).toContain('backup failed');

  rmSync(core.backups.dir);
  await core.backups.backupNow();
  expect(core.alarms.has('backup_failed')).toBe(false);
});

it('makes a backup on demand for a supervisor, not for an officer, and lists them with their sizes', async () => {
  const t = await startTestHub();
  try {
    const r = await t.client.call('POST', '/api/admin/backups', { token: t.admin.token, session: t.admin.session });
    expect(r.status).toBe(201);
    expect(r.json.file).toMatch(/^antre-e\d{3}-s\d{12}-d\d{8}-m\d{8}T\d{9}Z\.sqlite3$/);
    const copy = new Database(join(t.hub.core.backups.dir, r.json.file), { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM services').pluck().get()).toBe(40);
    copy.close();

    const list = await t.client.call('GET', '/api/admin/backups', { token: t.admin.token, session: t.admin.session });
    expect(list.status).toBe(200);
    expect(list.json.backups).toEqual([expect.objectContaining({ file: r.json.file, lastSeq: r.json.lastSeq, bytes: r.json.bytes })]);
    expect(list.json.totalBytes).toBe(r.json.bytes);
    expect(list.json.pendingRestore).toBeNull();

    const counter = await t.pair('counter', { counterId: 1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    const refused = await t.client.call('POST', '/api/admin/backups', { token: counter.token, session });
    expect(refused.json.error.code).toBe('FORBIDDEN_ROLE');
  } finally {
    await t.dispose();
  }
});

/** A data folder with a hub's database: 3 tickets in a backup, 2 more after it; the hub stopped. */
async function siteWithBackup(): Promise<{ dir: string; backup: BackupInfo; remove: () => void }> {
  const tmp = tempDir();
  const { core, serviceId } = openSite(tmp.dir, new PassingClock(MONDAY_9AM_WIB));
  try {
    for (let i = 0; i < 3; i++) core.engine.issue({ serviceId, requestId: `kept-${i}` });
    const first = await core.backups.backupNow();
    for (let i = 0; i < 2; i++) core.engine.issue({ serviceId, requestId: `after-${i}` });
    // A later backup: the first one is now kept compressed, as every backup but the newest.
    await core.backups.backupNow();
    const backup = core.backups.list().find((b) => b.lastSeq === first.lastSeq)!;
    expect(backup.compressed).toBe(true);
    return { dir: tmp.dir, backup, remove: tmp.remove };
  } finally {
    core.close();
  }
}

it('restores with the command: checks, keeps the replaced database aside, writes restore.json', async () => {
  const { dir, backup, remove } = await siteWithBackup();
  cleanups.push(remove);
  expect(ticketsIn(join(dir, DB_FILE_NAME))).toBe(5);

  const r = await restoreBackup(dir, backup.file);
  expect(r.content.tickets).toBe(3);
  expect(ticketsIn(join(dir, DB_FILE_NAME))).toBe(3);
  // The replaced database is kept, never deleted, with what it held.
  expect(r.previousKeptAs).toMatch(/^replaced[\\/]/);
  expect(ticketsIn(join(dir, r.previousKeptAs!, DB_FILE_NAME))).toBe(5);
  const done = JSON.parse(readFileSync(join(dir, 'restore.json'), 'utf8'));
  expect(done).toEqual({ backup: backup.file, at: expect.any(Number), previousKeptAs: r.previousKeptAs });
  expect(existsSync(join(dir, 'restore-pending.json'))).toBe(false);
  expect(readdirSync(dir).filter((f) => f.endsWith('.restoring') || f.endsWith('.tmp'))).toEqual([]);
});

it('refuses a damaged backup or one that is not a database, and changes nothing', async () => {
  const { dir, backup, remove } = await siteWithBackup();
  cleanups.push(remove);
  const damaged = join(dir, 'damaged.sqlite3');
  const plain = readdirSync(join(dir, 'backups')).find((f) => f.endsWith('.sqlite3'))!;
  copyFileSync(join(dir, 'backups', plain), damaged);
  // Garbage over every page after the first: the header opens, the tables do not hold.
  const size = statSync(damaged).size;
  const fd = openSync(damaged, 'r+');
  writeSync(fd, Buffer.alloc(size - 4096, 0x5a), 0, size - 4096, 4096);
  closeSync(fd);
  const notDb = join(dir, 'notes.sqlite3');
  writeFileSync(notDb, 'catatan, bukan basis data');
  // A compressed backup cut short (a copy to a USB stick pulled out too early).
  const cut = join(dir, 'cut.sqlite3.gz');
  writeFileSync(cut, readFileSync(backup.path).subarray(0, 200));

  for (const f of [damaged, notDb, cut]) {
    const err: unknown = await restoreBackup(dir, f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).code).toBe('BACKUP_INVALID');
  }
  expect(ticketsIn(join(dir, DB_FILE_NAME))).toBe(5);
  expect(existsSync(join(dir, 'replaced'))).toBe(false);
  expect(existsSync(join(dir, 'restore.json'))).toBe(false);
});

it('refuses to restore while a hub runs on the folder, and restores as a process once it stopped', { timeout: 60_000 }, async () => {
  const { dir, backup, remove } = await siteWithBackup();
  cleanups.push(remove);
  const hub = await startHub({ dataDir: dir, port: 0, host: '127.0.0.1', clock: new ManualClock(MONDAY_9AM_WIB), printerPollMs: 0, log: () => {} });
  let running: RunningHub | null = hub;
  cleanups.push(async () => {
    await running?.close();
  });

  await expect(restoreBackup(dir, backup.file)).rejects.toMatchObject({ code: 'HUB_RUNNING' });
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'electron/hub/restore.ts', ...args], { encoding: 'utf8', env: { ...process.env, ANTRE_DATA_DIR: '' } });
  const refused = cli([backup.file, '--data', dir]);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('HUB_RUNNING');
  expect(ticketsIn(join(dir, DB_FILE_NAME))).toBe(5);

  await hub.close();
  running = null;
  const ok = cli([backup.file, '--data', dir]);
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain('dipulihkan');
  expect(ticketsIn(join(dir, DB_FILE_NAME))).toBe(3);
  expect(JSON.parse(readFileSync(join(dir, 'restore.json'), 'utf8')).backup).toBe(backup.file);
  expect(readdirSync(join(dir, 'replaced'))).toHaveLength(1);
});

it('restores from the admin screen: backs up, issues more, restores, and the hub starts on the backup', { timeout: 60_000 }, async () => {
  let t: TestHub | null = await startTestHub();
  const dir = t.hub.core.dataDir;
  let second: RunningHub | null = null;
  cleanups.push(async () => {
    await second?.close();
    if (t) await t.dispose();
    else rmSync(dir, { recursive: true, force: true });
  });
  const kiosk = await t.pair('kiosk');
  const issue = (id: string) => t!.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 1, requestId: id } });
  for (let i = 0; i < 3; i++) expect((await issue(`sebelum-cadangan-${i}`)).status).toBe(201);
  const backup = await t.client.call('POST', '/api/admin/backups', { token: t.admin.token, session: t.admin.session });
  for (let i = 0; i < 2; i++) expect((await issue(`sesudah-cadangan-${i}`)).status).toBe(201);

  // Only an admin may replace the database; only a backup in the list can be named.
  const supervisor = await t.login(t.admin.token, 'supervisor', '135790');
  const bySupervisor = await t.client.call('POST', '/api/admin/backups/restore', { token: t.admin.token, session: supervisor, body: { file: backup.json.file } });
  expect(bySupervisor.status).toBe(403);
  expect(bySupervisor.json.error.code).toBe('ADMIN_ROLE_REQUIRED');
  const outside = await t.client.call('POST', '/api/admin/backups/restore', { token: t.admin.token, session: t.admin.session, body: { file: `../${DB_FILE_NAME}` } });
  expect(outside.json.error.code).toBe('BACKUP_NOT_FOUND');

  const staged = await t.client.call('POST', '/api/admin/backups/restore', { token: t.admin.token, session: t.admin.session, body: { file: backup.json.file } });
  expect(staged.status).toBe(202);
  expect(staged.json).toMatchObject({ file: backup.json.file, restarting: true });
  const list = await t.client.call('GET', '/api/admin/backups', { token: t.admin.token, session: t.admin.session });
  expect(list.json.pendingRestore).toBe(backup.json.file);
  // Staged only: the running hub still has all five.
  expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(5);

  await t.hub.close();
  t = null;
  second = await startHub({ dataDir: dir, port: 0, host: '127.0.0.1', clock: new ManualClock(MONDAY_9AM_WIB + 3_600_000), printerPollMs: 0, log: () => {} });
  const requestIds = (second.core.db.prepare('SELECT request_key FROM tickets ORDER BY id').pluck().all() as string[]).map((k) => k.split(':')[1]);
  expect(requestIds).toEqual(['sebelum-cadangan-0', 'sebelum-cadangan-1', 'sebelum-cadangan-2']);
  const kept = readdirSync(join(dir, 'replaced'));
  expect(kept).toHaveLength(1);
  expect(ticketsIn(join(dir, 'replaced', kept[0]!, DB_FILE_NAME))).toBe(5);
  expect(existsSync(join(dir, 'restore-pending.json'))).toBe(false);
});
