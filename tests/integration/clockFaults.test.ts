/**
 * The PC clock faults measured in the field, driven as a field engineer would cause them, against a
 * whole hub over real HTTP on a real SQLite file: the PC's clock moved by hand (tests/fixtures/clock.ts:
 * `shiftWall` is someone changing the clock, `advance` is time passing), and, where the machine has
 * libfaketime, a hub process started with its clock years behind.
 *
 * What a citizen or an officer would notice is what is checked: a ticket closed under their feet, a
 * kiosk refusing with DAY_CLOSED, a number issued twice, an expired code accepted, a retry-after of
 * hours, and the alarm the IT person must see.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { ERRORS } from '../../shared/errors.js';
import { ManualClock } from '../fixtures/clock.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';
import { HubClient, startTestHub, type TestHub } from '../fixtures/testHub.js';

const KTP = 1; // demo service "KTP Elektronik", prefix A, served at Gerai 1-4
const GERAI_1 = 1;
const TODAY = '2026-11-23';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let seqReq = 0;
const rid = () => `jam-${(seqReq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function testHub(opts: Parameters<typeof startTestHub>[0] = {}): Promise<TestHub> {
  const t = await startTestHub(opts);
  cleanups.push(() => t.dispose());
  return t;
}

type Client = { call: HubClient['call'] };

async function issue(client: Client, kioskToken: string | null, serviceId = KTP) {
  return client.call('POST', '/api/tickets', { token: kioskToken, body: { serviceId, priorityGroup: null, requestId: rid() } });
}

/** Every ticket number the hub holds, as printed, per business date. */
function numbers(hub: RunningHub): { business_date: string; display: string; status: string }[] {
  return hub.core.db
    .prepare(`SELECT business_date, prefix || '-' || printf('%03d', number) AS display, status FROM tickets ORDER BY id`)
    .all() as { business_date: string; display: string; status: string }[];
}

function duplicates(hub: RunningHub): unknown[] {
  return hub.core.db
    .prepare('SELECT business_date, prefix, number, COUNT(*) AS n FROM tickets GROUP BY business_date, prefix, number HAVING n > 1')
    .all();
}

describe('a PC clock that jumps a day ahead for 30 seconds during a working day', () => {
  it('closes no ticket, keeps every kiosk issuing for today, dates nothing tomorrow, and says so while it lasts', async () => {
    // The day watch looks every few milliseconds here, so it cannot miss the glitch.
    const t = await testHub({ dayWatchMs: 5 });
    let reads = 0;
    const pcNow = t.clock.now.bind(t.clock);
    t.clock.now = () => {
      reads++;
      return pcNow();
    };
    /** the day watch has looked at the clock a few more times (nothing else reads it meanwhile) */
    const watched = async () => {
      const from = reads;
      await until(() => reads >= from + 3, 'the day watch looked at the clock');
    };

    const kiosk = await t.pair('kiosk');
    const counter = await t.pair('counter', { counterId: GERAI_1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    for (let i = 0; i < 4; i++) expect((await issue(t.client, kiosk.token)).status).toBe(201);
    const called = await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter.token, session });
    expect(called.json.ticket.display).toBe('A-001');

    t.clock.shiftWall(DAY); // a bad NTP answer
    await watched();
    const during = await Promise.all([issue(t.client, kiosk.token), issue(t.client, kiosk.token)]);
    expect(during.map((r) => [r.status, r.json.ticket?.businessDate])).toEqual([
      [201, TODAY],
      [201, TODAY],
    ]);
    const health = await t.client.call('GET', '/healthz');
    expect(health.json.status).toBe('degraded');
    expect(health.json.businessDate).toBe(TODAY);
    expect(health.json.alarms.map((a: { kind: string }) => a.kind)).toEqual(['clock_jump']);
    expect(health.json.alarms[0].en).toMatch(/no day is closed/);

    t.clock.advance(30_000);
    await watched();
    t.clock.shiftWall(-DAY); // … and back
    await watched();

    expect(numbers(t.hub)).toEqual([
      { business_date: TODAY, display: 'A-001', status: 'called' },
      ...['A-002', 'A-003', 'A-004', 'A-005', 'A-006'].map((display) => ({ business_date: TODAY, display, status: 'waiting' })),
    ]);
    expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM business_days').pluck().get()).toBe(0);
    const latest = t.hub.core.db.prepare('SELECT MAX(at) FROM events').pluck().get() as number;
    expect(latest).toBeLessThanOrEqual(t.clock.now());
    expect((await t.client.call('GET', '/healthz')).json).toMatchObject({ status: 'ok', alarms: [] });

    // The day goes on: the next citizen gets A-007, and the queue is called in its order.
    expect((await issue(t.client, kiosk.token)).json.ticket.display).toBe('A-007');
    await t.client.call('POST', `/api/counters/${GERAI_1}/finish`, { token: counter.token, session });
    const next = await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter.token, session });
    expect(next.json.ticket.display).toBe('A-002');
  });
});

describe('a hub restarted with its PC clock years behind (a dead CMOS battery)', () => {
  it('numbers on past what citizens hold, refuses an expired pairing code, and raises clock_behind on /healthz and the overview', async () => {
    const tmp = tempDir('antre-clock-');
    cleanups.push(() => tmp.remove());
    // The first start finds the demo MPP seeded (demoDatabase.ts), as its own seed would have left it.
    await copyDemoDatabase(tmp.dir, MONDAY_9AM_WIB);
    const start = async (clock: ManualClock) => {
      const hub = await startHub({ dataDir: tmp.dir, port: 0, host: '127.0.0.1', clock, setup: (core) => seedDemo(core), printerPollMs: 0, limits: { pairingPerMinute: 1000, loginPerMinute: 1000 }, log: () => {} });
      let closed = false;
      const close = async () => {
        if (!closed) await hub.close();
        closed = true;
      };
      cleanups.push(close);
      return { hub, close };
    };

    const clock = new ManualClock(MONDAY_9AM_WIB);
    const { hub: first, close: closeFirst } = await start(clock);
    const client = new HubClient(first.url);
    const adminToken = (await client.call('POST', '/api/pair', { body: { code: first.bootstrapAdminCode } })).json.token as string;
    const adminSession = (await client.call('POST', '/api/sessions', { token: adminToken, body: { username: 'admin', pin: '246810' } })).json.sessionToken as string;
    const admin = { token: adminToken, session: adminSession };
    const newCode = async () => (await client.call('POST', '/api/admin/pairing-codes', { ...admin, body: { role: 'kiosk', name: 'Kios' } })).json.code as string;
    const kioskToken = (await client.call('POST', '/api/pair', { body: { code: await newCode() } })).json.token as string;
    expect((await issue(client, kioskToken)).json.ticket.display).toBe('A-001');
    expect((await issue(client, kioskToken)).json.ticket.display).toBe('A-002');
    const spareCode = await newCode(); // valid for 10 minutes, never used
    clock.advanceMinutes(30);
    expect((await issue(client, kioskToken)).json.ticket.display).toBe('A-003');
    await closeFirst();

    // The PC starts again on 1 January 2023.
    const { hub: again } = await start(new ManualClock(Date.UTC(2023, 0, 1, 1, 0)));
    const c2 = new HubClient(again.url);
    const health = await c2.call('GET', '/healthz');
    expect(health.json).toMatchObject({ status: 'degraded', businessDate: TODAY });
    expect(health.json.alarms.map((a: { kind: string }) => a.kind)).toEqual(['clock_behind']);
    expect(health.json.alarms[0].id).toMatch(/Betulkan tanggal dan jam Windows/);

    const next = await issue(c2, kioskToken);
    expect(next.json.ticket).toMatchObject({ display: 'A-004', businessDate: TODAY });
    expect(duplicates(again)).toEqual([]);
    expectError(await c2.call('POST', '/api/pair', { body: { code: spareCode } }), 'PAIRING_CODE_INVALID');

    const overview = await c2.call('GET', '/api/admin/overview', admin);
    expect(overview.status).toBe(200);
    expect(overview.json.alarms.map((a: { kind: string }) => a.kind)).toEqual(['clock_behind']);
    // The raise is in the event log too, dated no earlier than what was recorded before.
    const alarm = again.core.db.prepare(`SELECT at, business_date FROM events WHERE type = 'hub.alarm' ORDER BY seq DESC LIMIT 1`).get() as { at: number; business_date: string };
    expect(alarm.business_date).toBe(TODAY);
    expect(alarm.at).toBeGreaterThanOrEqual(MONDAY_9AM_WIB + 30 * MIN);
  });
});

describe('expiries on a PC clock set back 3 hours', () => {
  it('keeps a rate-limited address waiting no longer than the window, and lets it in once the window has passed', async () => {
    const t = await testHub({ limits: { pairingPerMinute: 10, loginPerMinute: 20 } });
    let limited: { status: number; headers: Headers; json: any } | null = null;
    for (let i = 0; i < 15 && !limited; i++) {
      const r = await t.client.call('POST', '/api/pair', { body: { code: String(100000 + i) } });
      if (r.status === 429) limited = r;
    }
    expectError(limited!, 'RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    t.clock.shiftWall(-3 * 60 * MIN);
    const still = await t.client.call('POST', '/api/pair', { body: { code: '200000' } });
    expectError(still, 'RATE_LIMITED');
    expect(Number(still.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    t.clock.advance(61_000);
    expectError(await t.client.call('POST', '/api/pair', { body: { code: '200001' } }), 'PAIRING_CODE_INVALID');
  });

  it('cannot revive an expired pairing code, nor an officer session, nor stretch a PIN lockout', async () => {
    const t = await testHub();
    const settings = await t.client.call('PUT', '/api/admin/settings', { token: t.admin.token, session: t.admin.session, body: { sessionIdleMinutes: 30 } });
    expect(settings.status).toBe(200);
    const code = (await t.client.call('POST', '/api/admin/pairing-codes', { token: t.admin.token, session: t.admin.session, body: { role: 'display', name: 'TV' } })).json.code as string;
    const counter = await t.pair('counter', { counterId: GERAI_1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    for (let i = 0; i < 5; i++) {
      expectError(await t.client.call('POST', '/api/sessions', { token: counter.token, body: { username: 'petugas02', pin: '0000' } }), 'LOGIN_FAILED');
    }
    expectError(await t.client.call('POST', '/api/sessions', { token: counter.token, body: { username: 'petugas02', pin: '1234' } }), 'LOGIN_LOCKED');

    // An hour passes with nothing done at the counter (sessions end after 30 idle minutes here),
    // then someone sets the PC's clock back 3 hours.
    t.clock.advanceMinutes(60);
    t.clock.shiftWall(-3 * 60 * MIN);
    expectError(await t.client.call('POST', '/api/pair', { body: { code } }), 'PAIRING_CODE_INVALID');
    expectError(await t.client.call('GET', '/api/sessions/current', { token: counter.token, session }), 'SESSION_EXPIRED');
    // The lockout (5 minutes) is long over, whatever the PC's clock says.
    expect((await t.client.call('POST', '/api/sessions', { token: counter.token, body: { username: 'petugas02', pin: '1234', counterId: GERAI_1 } })).status).toBe(201);
  });
});

describe('a day closed by mistake', () => {
  it('is reopened by a supervisor: kiosks issue again, and the tickets the close took are back in their order', async () => {
    const t = await testHub();
    const kiosk = await t.pair('kiosk');
    const counter = await t.pair('counter', { counterId: GERAI_1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    const officer = { token: counter.token, session };
    for (let i = 0; i < 4; i++) await issue(t.client, kiosk.token);
    await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, officer); // A-001 called
    await t.client.call('POST', `/api/counters/${GERAI_1}/no-show`, officer); // A-001 did not come
    await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, officer); // A-002 called
    await t.client.call('POST', `/api/counters/${GERAI_1}/finish`, officer); // A-002 served
    await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, officer); // A-003 at the counter

    // The wrong button, at 09:00.
    const admin = { token: t.admin.token, session: t.admin.session };
    const closed = await t.client.call('POST', '/api/admin/day/close', { ...admin, body: { reason: 'Salah tekan' } });
    expect(closed.json).toEqual({ date: TODAY, closedTickets: 3 });
    expectError(await issue(t.client, kiosk.token), 'DAY_CLOSED');

    // An officer cannot undo it; a supervisor can, for today only.
    const reason = 'Hari ditutup karena salah tekan';
    expectError(await t.client.call('POST', '/api/admin/day/reopen', { ...officer, body: { date: TODAY, reason } }), 'OFFICER_ROLE_REQUIRED');
    expectError(await t.client.call('POST', '/api/admin/day/reopen', { ...admin, body: { date: '2026-11-22', reason } }), 'DAY_REOPEN_NOT_TODAY');
    const reopened = await t.client.call('POST', '/api/admin/day/reopen', { ...admin, body: { date: TODAY, reason } });
    expect(reopened.status).toBe(200);
    expect(reopened.json).toEqual({ date: TODAY, restoredTickets: 3 });
    expectError(await t.client.call('POST', '/api/admin/day/reopen', { ...admin, body: { date: TODAY, reason } }), 'DAY_NOT_CLOSED');

    expect(numbers(t.hub).map((n) => `${n.display} ${n.status}`)).toEqual(['A-001 no_show', 'A-002 done', 'A-003 waiting', 'A-004 waiting']);
    expect((await issue(t.client, kiosk.token)).json.ticket.display).toBe('A-005');
    const calls: string[] = [];
    for (let i = 0; i < 3; i++) {
      calls.push((await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, officer)).json.ticket.display);
      await t.client.call('POST', `/api/counters/${GERAI_1}/finish`, officer);
    }
    expect(calls).toEqual(['A-003', 'A-004', 'A-005']);
    // The no-show can still be called back, as before the close.
    const back = await t.client.call('POST', `/api/counters/${GERAI_1}/call`, { ...officer, body: { ticketId: 1 } });
    expect(back.json.ticket.display).toBe('A-001');

    const event = t.hub.core.db.prepare(`SELECT data, officer_id FROM events WHERE type = 'day.reopened'`).get() as { data: string; officer_id: number };
    expect(JSON.parse(event.data)).toEqual({ reason, restoredTickets: 3 });
    expect(event.officer_id).not.toBeNull();
  });
});

// ---- the whole hub under libfaketime ---------------------------------------------------------

// The library itself, preloaded into node: the `faketime` command forks, so killing it would leave
// the hub running.
const LIBFAKETIME = ['x86_64-linux-gnu', 'aarch64-linux-gnu', '.']
  .map((arch) => `/usr/lib/${arch}/faketime/libfaketime.so.1`)
  .find((path) => existsSync(path));
const hasFaketime = LIBFAKETIME !== undefined && spawnSync(process.execPath, ['-e', ''], { env: { ...process.env, LD_PRELOAD: LIBFAKETIME, FAKETIME: '+0' } }).status === 0;
if (!hasFaketime) console.log('[clockFaults] skipping the libfaketime test: libfaketime is not installed (apt-get install faketime)');

/** `fake`: FAKETIME (a start date: `@2026-11-23 03:00:00`) or FAKETIME_TIMESTAMP_FILE (read at every call). */
function launchUnderFaketime(dataDir: string, fake: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/hub/serve.ts'], {
    env: {
      ...process.env,
      LD_PRELOAD: LIBFAKETIME!,
      ...fake,
      TZ: 'UTC',
      // Only the PC's date is faked: elapsed time stays real, as on a PC whose date is wrong.
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      ANTRE_DATA_DIR: dataDir,
      ANTRE_PORT: '0',
      ANTRE_HOST: '127.0.0.1',
      ANTRE_DEMO: '1',
      ANTRE_BACKUP_MINUTES: '0',
      ANTRE_MDNS: '0',
      ANTRE_HTTPS_PORT: '0',
      ANTRE_PRINTER_POLL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ANTRE_HUB_READY port=(\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${stderr}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

describe('the whole hub process with its PC clock years behind (libfaketime)', () => {
  it.skipIf(!hasFaketime)('starts on the last recorded day, numbers on, and reports clock_behind', { timeout: 90_000 }, async () => {
    const tmp = tempDir('antre-faketime-');
    cleanups.push(() => tmp.remove());
    // Monday 23 November 2026, 10:00 WIB: two citizens take a number (demo mode trusts this machine).
    const first = await launchUnderFaketime(tmp.dir, { FAKETIME: '@2026-11-23 03:00:00' });
    cleanups.push(() => stop(first.child));
    const c1 = new HubClient(first.url);
    expect((await issue(c1, null)).json.ticket.display).toBe('A-001');
    expect((await issue(c1, null)).json.ticket.display).toBe('A-002');
    await stop(first.child); // a power cut

    // The PC comes back on 2 January 2023.
    const again = await launchUnderFaketime(tmp.dir, { FAKETIME: '@2023-01-02 03:00:00' });
    cleanups.push(() => stop(again.child));
    const c2 = new HubClient(again.url);
    const health = await c2.call('GET', '/healthz');
    expect(health.json).toMatchObject({ status: 'degraded', businessDate: TODAY });
    expect(health.json.alarms.map((a: { kind: string }) => a.kind)).toContain('clock_behind');
    expect((await issue(c2, null)).json.ticket).toMatchObject({ display: 'A-003', businessDate: TODAY });
  });

  it.skipIf(!hasFaketime)('keeps a rate-limited address waiting no longer than a minute when the PC clock is set back 3 hours', { timeout: 90_000 }, async () => {
    const tmp = tempDir('antre-faketime-');
    cleanups.push(() => tmp.remove());
    const offset = join(tmp.dir, 'faketime');
    writeFileSync(offset, '+0\n');
    const hub = await launchUnderFaketime(join(tmp.dir, 'data'), { FAKETIME_TIMESTAMP_FILE: offset, FAKETIME_NO_CACHE: '1' });
    cleanups.push(() => stop(hub.child));
    const client = new HubClient(hub.url);
    let limited: { status: number; headers: Headers; json: any } | null = null;
    for (let i = 0; i < 15 && !limited; i++) {
      const r = await client.call('POST', '/api/pair', { body: { code: String(300000 + i) } });
      if (r.status === 429) limited = r;
    }
    expectError(limited!, 'RATE_LIMITED');

    writeFileSync(offset, '-3h\n');
    const still = await client.call('POST', '/api/pair', { body: { code: '400000' } });
    expectError(still, 'RATE_LIMITED');
    expect(Number(still.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const health = await client.call('GET', '/healthz');
    expect(health.json.alarms.map((a: { kind: string }) => a.kind)).toContain('clock_behind');
  });
});
