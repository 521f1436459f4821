/**
 * Damage is loud (issue 16): a corrupted page of the tickets table, a full disk, and a hub that
 * cannot start, each caused the way a field engineer would meet it, on real files over real HTTP.
 * What is asserted is what an MPP sees: `/healthz` degraded with the alarm and its way out, the
 * kiosk's answer in both languages, the log files, nothing acknowledged lost, issuing resuming by
 * itself, and the Electron supervisor giving up on a hub that cannot start, with the reason.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { DB_FILE_NAME } from '../../electron/hub/db/open.js';
import { diskSpace, isLow, StorageWatch } from '../../electron/hub/storage.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { DEMO_PINS, seedDemo } from '../../electron/hub/seed/demo.js';
import { HubSupervisor, parseStartFailure, type HubProcess, type HubStartFailure } from '../../electron/main/hubSupervisor.js';
import { ManualClock } from '../fixtures/clock.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';
import { HubClient } from '../fixtures/testHub.js';

const KTP = 1; // demo service "KTP Elektronik", prefix A

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(dataDir: string): Promise<{ hub: RunningHub; client: HubClient }> {
  // A first start finds the demo MPP seeded (demoDatabase.ts), as its own seed would have left it.
  if (!existsSync(join(dataDir, DB_FILE_NAME))) await copyDemoDatabase(dataDir, MONDAY_9AM_WIB);
  const hub = await startHub({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    clock: new ManualClock(MONDAY_9AM_WIB),
    setup: (core) => seedDemo(core),
    printerPollMs: 0,
    log: () => {},
  });
  return { hub, client: new HubClient(hub.url) };
}

async function pairKiosk(hub: RunningHub, client: HubClient): Promise<string> {
  const { code } = hub.core.access.createPairingCode({ role: 'kiosk', name: 'Kios uji' });
  const r = await client.call('POST', '/api/pair', { body: { code, name: 'Kios uji' } });
  expect(r.status).toBe(201);
  return r.json.token as string;
}

async function adminSession(hub: RunningHub, client: HubClient): Promise<{ token: string; session: string }> {
  const { code } = hub.core.access.createPairingCode({ role: 'admin', name: 'Admin uji' });
  const token = (await client.call('POST', '/api/pair', { body: { code, name: 'Admin uji' } })).json.token as string;
  const r = await client.call('POST', '/api/sessions', { token, body: { username: DEMO_PINS.admin.username, pin: DEMO_PINS.admin.pin } });
  expect(r.status).toBe(201);
  return { token, session: r.json.sessionToken as string };
}

let seq = 0;
const requestId = () => `dmg-${process.pid}-${seq++}`;

function logText(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

function logLines(dataDir: string): Record<string, any>[] {
  return logText(dataDir)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
}

describe('a corrupted page of the tickets table', () => {
  it('starts degraded, says which file and how to restore it, and logs the request that meets the damage', async () => {
    const tmp = tempDir('antre-damage-');
    cleanups.push(tmp.remove);

    // A day's worth of tickets from the kiosk, enough for the table to span many pages: issued as
    // the ticket route issues them (the kiosk's device as the actor), in one transaction rather
    // than 300 requests and commits (the same rows).
    const first = await start(tmp.dir);
    const kiosk = await pairKiosk(first.hub, first.client);
    const kioskId = first.hub.core.db.prepare(`SELECT id FROM devices WHERE role = 'kiosk'`).pluck().get() as number;
    first.hub.core.events.transaction(() => {
      for (let i = 0; i < 300; i++) first.hub.core.engine.issue({ serviceId: KTP, requestId: requestId() }, { officerId: null, deviceId: kioskId });
    });
    expect(first.hub.core.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(300);
    await first.hub.close();

    // The hub is stopped: garbage over the root page of the tickets table (a bad sector, a
    // half-written page after a power cut on a disk that lies about its flushes).
    const file = join(tmp.dir, DB_FILE_NAME);
    const probe = new Database(file, { readonly: true });
    const root = probe.prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'tickets'`).pluck().get() as number;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    const pages = probe.prepare('SELECT count(*) FROM dbstat WHERE name = ?').pluck().get('tickets') as number;
    probe.close();
    expect(pages).toBeGreaterThan(3);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);

    const { hub, client } = await start(tmp.dir);
    cleanups.push(() => hub.close());

    // The check runs beside the start (on a year's database it takes seconds): the alarm follows.
    await expect.poll(async () => (await client.call('GET', '/healthz')).json.status).toBe('degraded');
    const health = await client.call('GET', '/healthz');
    expect(health.status).toBe(200);
    const alarm = (health.json.alarms as { kind: string; id: string; en: string }[]).find((a) => a.kind === 'database_damaged');
    expect(alarm).toBeDefined();
    expect(alarm!.id).toContain(file);
    expect(alarm!.id).toContain('npm run restore');
    expect(alarm!.en).toContain(file);
    expect(alarm!.en).toContain('npm run restore');

    // The kiosk is told, in both languages, and nothing is issued.
    const issued = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId: KTP, requestId: requestId() } });
    expect(issued.status).toBe(500);
    expect(issued.json.error).toEqual({ code: 'DATABASE_DAMAGED', message: { id: ERRORS.DATABASE_DAMAGED.id, en: ERRORS.DATABASE_DAMAGED.en } });

    await hub.close();
    const lines = logLines(tmp.dir);
    expect(lines.some((l) => l.alarm === 'database_damaged' && l.level === 50 && String(l.msg).includes(file))).toBe(true);
    const failed = lines.find((l) => l.code === 'DATABASE_DAMAGED' && l.url === '/api/tickets');
    expect(failed).toBeDefined();
    expect(failed!.err.stack).toMatch(/SqliteError/);
  });
});

describe('a full disk', () => {
  it('answers STORAGE_FULL in both languages, loses nothing acknowledged, and resumes by itself when there is room again (SQLite page limit)', async () => {
    const tmp = tempDir('antre-full-');
    cleanups.push(tmp.remove);
    const { hub, client } = await start(tmp.dir);
    cleanups.push(() => hub.close());
    const kiosk = await pairKiosk(hub, client);
    const admin = await adminSession(hub, client);

    const acknowledged: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId: KTP, requestId: requestId() } });
      acknowledged.push(r.json.ticket.number as number);
    }
    // The database may not grow by a single page: SQLite's own SQLITE_FULL, as on a full disk.
    const pageCount = hub.core.db.pragma('page_count', { simple: true }) as number;
    hub.core.db.pragma(`max_page_count = ${pageCount}`);

    let refused: { status: number; json: any } | null = null;
    let refusedRequest = '';
    for (let i = 0; i < 2000 && !refused; i++) {
      refusedRequest = requestId();
      const r = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId: KTP, requestId: refusedRequest } });
      if (r.status === 201) acknowledged.push(r.json.ticket.number as number);
      else refused = r;
    }
    expect(refused).not.toBeNull();
    expect(refused!.status).toBe(507);
    expect(refused!.json.error).toEqual({ code: 'STORAGE_FULL', message: { id: ERRORS.STORAGE_FULL.id, en: ERRORS.STORAGE_FULL.en } });

    const health = await client.call('GET', '/healthz');
    expect(health.json.status).toBe('degraded');
    expect(health.json.alarms.map((a: { kind: string }) => a.kind)).toContain('storage_full');
    const overview = await client.call('GET', '/api/admin/overview', admin);
    expect(overview.status).toBe(200);
    expect(overview.json.alarms.map((a: { kind: string }) => a.kind)).toContain('storage_full');
    expect(overview.json.storage.totalBytes).toBeGreaterThan(0);

    // Every number the kiosks were given is in the database; the refused one is not.
    const stored = hub.core.db.prepare('SELECT number FROM tickets ORDER BY number').pluck().all() as number[];
    expect(stored).toEqual(acknowledged);

    // Room again: the kiosk's retry of the same request gets the next number, and the alarm clears.
    hub.core.db.pragma('max_page_count = 1073741823');
    const retry = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId: KTP, requestId: refusedRequest } });
    expect(retry.status).toBe(201);
    expect(retry.json.ticket.number).toBe(acknowledged.at(-1)! + 1);
    const after = await client.call('GET', '/healthz');
    expect(after.json.alarms.map((a: { kind: string }) => a.kind)).not.toContain('storage_full');
  });

  const mountable = canMountTmpfs();
  it.skipIf(!mountable.ok)(`answers STORAGE_FULL on a real full disk (a small tmpfs) and resumes when space is freed${mountable.ok ? '' : ` — skipped: ${mountable.why}`}`, async () => {
    const tmp = tempDir('antre-tmpfs-');
    cleanups.push(tmp.remove);
    const dataDir = join(tmp.dir, 'data');
    mkdirSync(dataDir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', dataDir]);
    cleanups.push(() => {
      execFileSync('umount', ['-l', dataDir]);
    });

    const { hub, client } = await start(dataDir);
    cleanups.push(() => hub.close());
    const kiosk = await pairKiosk(hub, client);
    const admin = await adminSession(hub, client);
    // Far below 500 MB free: warned before anything fails.
    expect((await client.call('GET', '/healthz')).json.alarms.map((a: { kind: string }) => a.kind)).toContain('storage_low');

    const acknowledged: number[] = [];
    const filler = join(dataDir, 'filler.bin');
    fillDisk(filler);
    let refused: { status: number; json: any } | null = null;
    let refusedRequest = '';
    for (let i = 0; i < 5000 && !refused; i++) {
      refusedRequest = requestId();
      const r = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId: KTP, requestId: refusedRequest } });
      if (r.status === 201) acknowledged.push(r.json.ticket.number as number);
      else refused = r;
    }
    expect(refused).not.toBeNull();
    expect(refused!.status).toBe(507);
    expect(refused!.json.error.code).toBe('STORAGE_FULL');
    expect(refused!.json.error.message).toEqual({ id: ERRORS.STORAGE_FULL.id, en: ERRORS.STORAGE_FULL.en });
    const overview = await client.call('GET', '/api/admin/overview', admin);
    expect(overview.json.alarms.map((a: { kind: string }) => a.kind)).toContain('storage_full');
    expect(overview.json.storage.totalBytes).toBeLessThanOrEqual(12 * 1024 * 1024);
    expect(overview.json.storage.freeBytes).toBeLessThan(1024 * 1024);

    // Space freed: the same request is answered with the next number, and the alarm clears.
    rmSync(filler);
    const retry = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId: KTP, requestId: refusedRequest } });
    expect(retry.status).toBe(201);
    expect(retry.json.ticket.number).toBe((acknowledged.at(-1) ?? 0) + 1);
    expect((await client.call('GET', '/healthz')).json.alarms.map((a: { kind: string }) => a.kind)).not.toContain('storage_full');
    acknowledged.push(retry.json.ticket.number as number);

    // Nothing acknowledged was lost, across a restart too.
    await hub.close();
    const again = await start(dataDir);
    cleanups.push(() => again.hub.close());
    const stored = again.hub.core.db.prepare('SELECT number FROM tickets ORDER BY number').pluck().all() as number[];
    expect(stored).toEqual(acknowledged);
  });
});

describe('a disk filling up', () => {
  it('is warned about before it is full, on /healthz and in the overview, and the warning clears when space is back', async () => {
    const tmp = tempDir('antre-low-');
    cleanups.push(tmp.remove);
    const { hub, client } = await start(tmp.dir);
    cleanups.push(() => hub.close());
    const admin = await adminSession(hub, client);
    const { freeBytes } = diskSpace(tmp.dir);
    const watch = (lowFreeBytes: number) =>
      new StorageWatch({ dataDir: tmp.dir, alarms: hub.core.alarms, events: hub.core.events, log: hub.core.log, lowFreeBytes });

    // A floor above what this disk has free: the same as a disk with less than 500 MB left.
    const low = watch(freeBytes * 4);
    cleanups.push(() => low.close());
    low.check();
    const health = await client.call('GET', '/healthz');
    expect(health.json.status).toBe('degraded');
    const alarm = (health.json.alarms as { kind: string; id: string; en: string }[]).find((a) => a.kind === 'storage_low');
    expect(alarm?.id).toMatch(/^Ruang disk hampir habis: tersisa \d+,\d [GM]B untuk /);
    expect(alarm?.en).toMatch(/^The disk is nearly full: \d+\.\d [GM]B left for /);
    const overview = await client.call('GET', '/api/admin/overview', admin);
    expect(overview.json.alarms.map((a: { kind: string }) => a.kind)).toContain('storage_low');
    expect(overview.json.storage.freeBytes).toBeGreaterThan(0);
    expect(overview.json.storage.totalBytes).toBeGreaterThanOrEqual(overview.json.storage.freeBytes);

    const fine = watch(1);
    cleanups.push(() => fine.close());
    fine.check();
    expect((await client.call('GET', '/healthz')).json.alarms.map((a: { kind: string }) => a.kind)).not.toContain('storage_low');
  });

  it('counts as low less than 3 days of the space lost over the last day', () => {
    const hour = 60 * 60 * 1000;
    const gb = 1024 ** 3;
    // 2 GB lost in 24 hours, 5 GB left: under 3 days at that pace.
    expect(isLow(5 * gb, [{ at: 0, freeBytes: 7 * gb }, { at: 24 * hour, freeBytes: 5 * gb }])).toBe(true);
    // 1 GB lost in 24 hours, 5 GB left: 5 days.
    expect(isLow(5 * gb, [{ at: 0, freeBytes: 6 * gb }, { at: 24 * hour, freeBytes: 5 * gb }])).toBe(false);
    // Space freed: never low by pace, only by the floor.
    expect(isLow(5 * gb, [{ at: 0, freeBytes: 1 * gb }, { at: 24 * hour, freeBytes: 5 * gb }])).toBe(false);
    expect(isLow(400 * 1024 ** 2, [])).toBe(true);
  });
});

function canMountTmpfs(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'tmpfs is Linux only' };
  const tmp = tempDir('antre-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tmp.dir], { stdio: 'pipe' });
    execFileSync('umount', [tmp.dir], { stdio: 'pipe' });
    return { ok: true };
  } catch (err) {
    return { ok: false, why: `mount -t tmpfs is not permitted here (${String((err as Error).message).split('\n')[0]})` };
  } finally {
    tmp.remove();
  }
}

/** Writes until the file system answers ENOSPC. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // The last bytes: a small write may still fit where a chunk did not.
    try {
      for (;;) writeSync(fd, Buffer.alloc(512, 1));
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
}

describe('a hub that cannot start', () => {
  it('is not restarted after failing the same way twice, and the reason is shown in both languages', async () => {
    const tmp = tempDir('antre-nostart-');
    cleanups.push(tmp.remove);
    // Not a database at all (a file overwritten by another program, a failed copy).
    writeFileSync(join(tmp.dir, DB_FILE_NAME), Buffer.alloc(8192, 0x5a));

    const gaveUp = new Promise<HubStartFailure>((resolve) => {
      const sup = new HubSupervisor({
        fork: () => serveProcess(tmp.dir),
        log: () => {},
        restartDelayMs: 10,
        onGiveUp: resolve,
      });
      cleanups.push(() => sup.stop());
      sup.start();
    });
    const reason = await gaveUp;
    expect(reason.kind).toBe('database_damaged');
    expect(reason.id).toMatch(/^Hub tidak dapat dimulai: Basis data .* rusak/);
    expect(reason.id).toContain(join(tmp.dir, DB_FILE_NAME));
    expect(reason.id).toContain('npm run restore');
    expect(reason.en).toMatch(/^The hub cannot start: The database .* is damaged/);
    // The failure is in the hub's log files too, with its stack.
    expect(existsSync(join(tmp.dir, 'logs'))).toBe(true);
    expect(logLines(tmp.dir).some((l) => l.level === 60 && l.reason === 'database_damaged' && typeof l.err?.stack === 'string')).toBe(true);
  });
});

describe('a port already in use', () => {
  it('makes the hub exit with one line naming the port, in both languages', async () => {
    const tmp = tempDir('antre-port-');
    cleanups.push(tmp.remove);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;

    const hub = serveProcess(tmp.dir, { ANTRE_PORT: String(port) });
    let output = '';
    hub.onOutput!((text) => (output += text));
    const code = await new Promise<number | null>((resolve) => hub.onExit(resolve));
    expect(code).toBe(1);
    const reason = output.split('\n').map(parseStartFailure).find((r) => r !== null);
    expect(reason?.kind).toBe('port_in_use');
    expect(reason?.id).toContain(`port ${port} sudah dipakai`);
    expect(reason?.en).toContain(`port ${port} is already used`);
  });
});

/** `npm run serve`'s entry in a child process, seen as the Electron main process sees its utility process. */
function serveProcess(dataDir: string, env: Record<string, string> = {}): HubProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/hub/serve.ts'], {
    env: { ...process.env, ANTRE_DATA_DIR: dataDir, ANTRE_PORT: '0', ANTRE_HOST: '127.0.0.1', ANTRE_DEMO: '0', ANTRE_BACKUP_MINUTES: '0', ANTRE_MDNS: '0', ANTRE_HTTPS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: ((text: string) => void)[] = [];
  const ready: (() => void)[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (d: Buffer) => {
      const text = String(d);
      output.forEach((l) => l(text));
      if (text.includes('ANTRE_HUB_READY')) ready.forEach((l) => l());
    });
  }
  return {
    // After the pipes are drained, so the last line has been read.
    onExit: (l) => child.on('close', (code) => l(code)),
    onReady: (l) => ready.push(l),
    onOutput: (l) => output.push(l),
    kill: () => child.kill(),
  };
}
