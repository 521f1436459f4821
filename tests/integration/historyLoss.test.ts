/**
 * History the hub can lose, caused the way it happens at an MPP: the `-wal` file deleted after a
 * power cut ("cleaning temp files"), an old copy of the database put back by hand, a backup
 * restored with the restore command, and a hub that lost its history while a hall display
 * remembers more. Each time: no ticket number is given twice on a business day, numbering
 * continues past the highest number the hall has seen, and the `data_loss` alarm is on /healthz
 * and in the admin overview until an admin acknowledges it.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DB_FILE_NAME, openDatabase } from '../../electron/hub/db/open.js';
import { readMark, WATERMARK_FILE } from '../../electron/hub/history.js';
import { restoreBackup } from '../../electron/hub/restore.js';
import { DEMO_PINS } from '../../electron/hub/seed/demo.js';
import type { Alarm } from '../../shared/health.js';
import type { StreamServerMessage } from '../../shared/protocol.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

interface Issued {
  display: string;
  prefix: string;
  number: number;
  businessDate: string;
}

async function issue(url: string, serviceId: number, requestId: string, token?: string): Promise<Issued> {
  const res = await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ serviceId, requestId }),
  });
  const body = (await res.json()) as { ticket: Issued };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.ticket;
}

/** Tickets on services 1-3 of the demo (no daily quota), in turn. */
async function issueMany(url: string, n: number, tag: string): Promise<Issued[]> {
  const out: Issued[] = [];
  for (let i = 0; i < n; i++) out.push(await issue(url, 1 + (i % 3), `${tag}-ticket-${i}`));
  return out;
}

const highest = (tickets: Issued[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const t of tickets) m.set(t.prefix, Math.max(m.get(t.prefix) ?? 0, t.number));
  return m;
};

async function health(url: string): Promise<{ status: string; alarms: Alarm[] }> {
  return (await (await fetch(`${url}/healthz`)).json()) as { status: string; alarms: Alarm[] };
}

/** The admin overview as the admin screen reads it (demo mode: the hub's own browser, an admin logged in). */
async function overviewAlarms(url: string): Promise<Alarm[]> {
  const login = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO_PINS.admin.username, pin: DEMO_PINS.admin.pin }),
  });
  const { sessionToken } = (await login.json()) as { sessionToken: string };
  const res = await fetch(`${url}/api/admin/overview`, { headers: { 'x-antre-session': sessionToken } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { alarms: Alarm[] }).alarms;
}

/** Reads the hub's database from outside (the hub may be running: WAL lets a reader in). */
function readDb<T>(dir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dir, DB_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Puts everything written so far into the database file itself, as a hub's clean stop does: the
 * test's own connection is the last one to close (the hub has been killed), so SQLite checkpoints
 * the WAL into the file. What the hub writes after this lives in the WAL only, until the next
 * automatic checkpoint (1000 pages, far more than the tickets of these tests).
 */
function settle(dir: string): void {
  openDatabase(dir).close();
  expect(existsSync(join(dir, `${DB_FILE_NAME}-wal`))).toBe(false);
}

/** What an IT person "cleaning temp files" does after the hub died. */
function deleteWal(dir: string): void {
  const wal = join(dir, `${DB_FILE_NAME}-wal`);
  expect(statSync(wal).size, 'the WAL holds the recent tickets').toBeGreaterThan(0);
  rmSync(wal);
  rmSync(join(dir, `${DB_FILE_NAME}-shm`), { force: true });
}

function expectNoNumberTwice(before: Issued[], after: Issued[]): void {
  const held = new Set(before.map((t) => `${t.businessDate}/${t.display}`));
  for (const t of after) expect(held.has(`${t.businessDate}/${t.display}`), `${t.display} was given twice`).toBe(false);
}

/** The demo MPP the served hub would seed at its first start, seeded once for the file (demoDatabase.ts). */
const demoMpp = (dataDir: string) => copyDemoDatabase(dataDir, 'system');

describe('a hub that lost history', () => {
  let served: ServedHub | null = null;
  let testHub: TestHub | null = null;
  afterEach(async () => {
    await served?.dispose();
    served = null;
    await testHub?.dispose();
    testHub = null;
  });

  it('after a SIGKILL and a deleted -wal, numbers past every acknowledged ticket and raises data_loss', async () => {
    served = await serveHub({}, demoMpp);
    const morning = await issueMany(served.url, 9, 'morning');
    await served.kill();
    settle(served.dataDir);
    await served.restart();
    const rush = await issueMany(served.url, 60, 'rush');
    const acked = [...morning, ...rush];
    await served.kill();
    deleteWal(served.dataDir);

    // The sixty tickets of the rush are gone from the database: the watermark still knows them.
    const kept = readDb(served.dataDir, (db) => db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number);
    expect(kept).toBe(morning.length);

    await served.restart();
    const afterwards = await issueMany(served.url, 6, 'afterwards');
    expectNoNumberTwice(acked, afterwards);
    const top = highest(acked);
    for (const t of afterwards.slice(0, 3)) expect(t.number, t.display).toBe(top.get(t.prefix)! + 1);

    const h = await health(served.url);
    expect(h.status).toBe('degraded');
    const alarm = h.alarms.find((a) => a.kind === 'data_loss');
    expect(alarm?.en).toContain('history lost');
    expect(alarm?.id).toContain('Riwayat antrean hilang');
    expect((await overviewAlarms(served.url)).map((a) => a.kind)).toContain('data_loss');
    // A new epoch: the central server keeps the lost history and the new one apart.
    const epochs = readDb(served.dataDir, (db) => db.prepare('SELECT epoch, reason FROM sync_epochs ORDER BY epoch').all() as { epoch: number; reason: string }[]);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);

    // A restart does not make the loss forgotten, nor start another epoch.
    await served.restart();
    expect((await health(served.url)).alarms.map((a) => a.kind)).toContain('data_loss');
    expect(readDb(served.dataDir, (db) => db.prepare('SELECT COUNT(*) FROM sync_epochs').pluck().get())).toBe(2);
    const later = await issueMany(served.url, 3, 'later');
    expectNoNumberTwice([...acked, ...afterwards], later);

    // The admin acknowledges it: /healthz is ok again, and stays ok after a restart.
    const login = await fetch(`${served.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_PINS.admin.username, pin: DEMO_PINS.admin.pin }),
    });
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    const ack = await fetch(`${served.url}/api/admin/alarms/data_loss/acknowledge`, { method: 'POST', headers: { 'x-antre-session': sessionToken } });
    expect(ack.status).toBe(200);
    expect((await health(served.url)).status).toBe('ok');
    await served.restart();
    expect((await health(served.url)).status).toBe('ok');
  }, 60_000);

  it('an old copy of the database put back by hand continues past the watermark', async () => {
    served = await serveHub({}, demoMpp);
    const before = await issueMany(served.url, 12, 'before');
    // An hourly backup, taken the way the hub takes them (SQLite's online backup).
    const copy = join(served.dataDir, 'copy.sqlite3');
    const source = new Database(join(served.dataDir, DB_FILE_NAME), { readonly: true });
    await source.backup(copy);
    source.close();
    const after = await issueMany(served.url, 15, 'after');
    await served.kill();
    for (const side of ['-wal', '-shm']) rmSync(join(served.dataDir, DB_FILE_NAME + side), { force: true });
    copyFileSync(copy, join(served.dataDir, DB_FILE_NAME));

    await served.restart();
    const next = await issueMany(served.url, 6, 'next');
    expectNoNumberTwice([...before, ...after], next);
    const top = highest([...before, ...after]);
    for (const t of next.slice(0, 3)) expect(t.number, t.display).toBe(top.get(t.prefix)! + 1);
    expect((await health(served.url)).alarms.map((a) => a.kind)).toContain('data_loss');
  }, 60_000);

  it('a backup restored with the restore command continues past the watermark and says it was restored', async () => {
    served = await serveHub({}, demoMpp);
    const before = await issueMany(served.url, 10, 'before');
    // A backup in <data>/backups, taken the way the hub takes them (SQLite's online backup).
    mkdirSync(join(served.dataDir, 'backups'), { recursive: true });
    const backup = join(served.dataDir, 'backups', 'antre-20260101-000000-000.sqlite3');
    const source = new Database(join(served.dataDir, DB_FILE_NAME), { readonly: true });
    await source.backup(backup);
    source.close();
    const after = await issueMany(served.url, 10, 'after');
    await served.kill();
    await restoreBackup(served.dataDir, backup);
    expect(existsSync(join(served.dataDir, 'restore.json'))).toBe(true);

    await served.restart();
    const next = await issueMany(served.url, 3, 'next');
    expectNoNumberTwice([...before, ...after], next);
    const alarm = (await health(served.url)).alarms.find((a) => a.kind === 'data_loss');
    expect(alarm?.en).toContain('restored from the backup antre-20260101-000000-000.sqlite3');
    expect(alarm?.id).toContain('dipulihkan dari cadangan');
    expect(existsSync(join(served.dataDir, 'restore.json'))).toBe(false);
  }, 60_000);

  it('a display that has seen more than the hub holds makes the hub number past it, with one new epoch', async () => {
    testHub = await startTestHub();
    const t = testHub;
    const kiosk = await t.pair('kiosk');
    const display = await t.pair('display');
    const first = await issue(t.hub.url, 1, 'first-ticket', kiosk.token);
    const hubSeq = t.hub.core.events.lastSeq();

    // A display that followed this hub before it lost its last hour: it saw seq and numbers the
    // database no longer has.
    const hello = { type: 'hello', token: display.token, since: hubSeq + 300, seen: { businessDate: first.businessDate, numbers: { [first.prefix]: 90 } } };
    const say = async (hello: object) => {
      const ws = new WebSocket(t.hub.url.replace(/^http/, 'ws') + '/api/stream');
      const ready = new Promise<void>((resolve, reject) => {
        ws.on('message', (raw) => {
          const msg = JSON.parse(String(raw)) as StreamServerMessage;
          if (msg.type === 'ready') resolve();
          if (msg.type === 'error') reject(new Error(msg.error.code));
        });
      });
      ws.on('open', () => ws.send(JSON.stringify(hello)));
      await ready;
      ws.close();
    };
    await say(hello);

    const next = await issue(t.hub.url, 1, 'next-ticket', kiosk.token);
    expect(next.display).toBe(`${first.prefix}-091`);
    const h = (await t.client.call('GET', '/healthz')).json as { status: string; alarms: Alarm[] };
    expect(h.status).toBe('degraded');
    expect(h.alarms.find((a) => a.kind === 'data_loss')?.en).toContain('a hall display');
    expect(t.hub.core.epochs.all()).toHaveLength(2);

    // Another display with the same memory is the same loss: no further epoch, no lower number.
    await say(hello);
    expect(t.hub.core.epochs.all()).toHaveLength(2);
    expect((await issue(t.hub.url, 1, 'again-ticket', kiosk.token)).display).toBe(`${first.prefix}-092`);
    // One that saw a later number of the same lost hour moves numbering past it, still in that epoch.
    await say({ ...hello, seen: { businessDate: first.businessDate, numbers: { [first.prefix]: 97 } } });
    expect((await issue(t.hub.url, 1, 'later-ticket', kiosk.token)).display).toBe(`${first.prefix}-098`);
    expect(t.hub.core.epochs.all()).toHaveLength(2);

    // Acknowledging needs an admin officer.
    const supervisorSession = await t.login(t.admin.token, DEMO_PINS.supervisor.username, DEMO_PINS.supervisor.pin);
    const refused = await t.client.call('POST', '/api/admin/alarms/data_loss/acknowledge', { token: t.admin.token, session: supervisorSession });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('ADMIN_ROLE_REQUIRED');
    const ack = await t.client.call('POST', '/api/admin/alarms/data_loss/acknowledge', { token: t.admin.token, session: t.admin.session });
    expect(ack.status).toBe(200);
    const overview = await t.client.call('GET', '/api/admin/overview', { token: t.admin.token, session: t.admin.session });
    expect((overview.json as { alarms: Alarm[] }).alarms).toEqual([]);
  });

  it('after a SIGKILL mid-burst the watermark is whole, behind no acknowledged ticket and ahead of no commit', async () => {
    served = await serveHub({}, demoMpp);
    const acked: Issued[] = [];
    const stop = { now: false };
    const kiosk = async (k: number) => {
      for (let i = 0; !stop.now; i++) {
        try {
          acked.push(await issue(served!.url, 1 + ((i + k) % 3), `burst-${k}-${i}`));
        } catch {
          return; // the connection died with the hub
        }
      }
    };
    const kiosks = [0, 1, 2, 3].map(kiosk);
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 5));
    await served.kill();
    stop.now = true;
    await Promise.all(kiosks);

    const mark = readMark(join(served.dataDir, WATERMARK_FILE)) as unknown as { seq: number; numbers: Record<string, number> };
    for (const [prefix, n] of highest(acked)) expect(mark.numbers[prefix], prefix).toBeGreaterThanOrEqual(n);
    const dbSeq = readDb(served.dataDir, (db) => db.prepare('SELECT MAX(seq) FROM events').pluck().get() as number);
    expect(mark.seq).toBeLessThanOrEqual(dbSeq);
  }, 60_000);
});
