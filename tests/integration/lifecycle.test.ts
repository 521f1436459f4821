/**
 * What happens to a running hub over a day: the automatic close at the site's midnight, the
 * backup schedule, officer sessions ending (logout, a new login, idle time), and stream clients
 * that do not say hello properly.
 */
import { readdirSync } from 'node:fs';
import WebSocket from 'ws';
import { afterEach, expect, it } from 'vitest';
import { StreamClient } from '../fixtures/streamClient.js';
import { startHub } from '../../electron/hub/hub.js';
import { HubClient, startTestHub, type TestHub } from '../fixtures/testHub.js';
import { tempDir } from '../fixtures/tempDir.js';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

// 2026-11-23 23:50 WIB
const BEFORE_MIDNIGHT_WIB = Date.UTC(2026, 10, 23, 16, 50);

it('closes the day by itself at midnight in the site’s zone and tells the displays', async () => {
  t = await startTestHub({ start: BEFORE_MIDNIGHT_WIB, dayWatchMs: 20 });
  const kiosk = await t.pair('kiosk');
  const display = await t.pair('display');
  for (let i = 0; i < 3; i++) {
    const r = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 1, requestId: `late-${i}-xxxx` } });
    expect(r.json.ticket.businessDate).toBe('2026-11-23');
  }
  const stream = new StreamClient(t.hub.url, { token: display.token, since: t.hub.core.events.lastSeq() });
  await stream.ready();
  t.clock.advanceMinutes(11); // 00:01 WIB
  await stream.until(() => stream.events.some((e) => e.type === 'day.closed'));
  expect(stream.events.filter((e) => e.type === 'ticket.closed')).toHaveLength(3);
  const next = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 1, requestId: 'early-0-xxxx' } });
  expect(next.json.ticket).toMatchObject({ display: 'A-001', businessDate: '2026-11-24' });
  stream.close();
});

it('makes backups on its schedule, while it keeps serving', async () => {
  t = await startTestHub({ backupEveryMinutes: 0.002 }); // every 120 ms
  const kiosk = await t.pair('kiosk');
  await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 1, requestId: 'backup-sched' } });
  await expect.poll(() => readdirSync(t!.hub.core.backups.dir).length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
});

it('ends officer sessions at logout, at a new login on the same counter, and after idle time', async () => {
  t = await startTestHub();
  const counter = await t.pair('counter', { counterId: 3 });
  const first = await t.login(counter.token, 'petugas03', '1234');
  const state = await t.client.call('GET', '/api/counters/3/state', { token: counter.token });
  expect(state.json.counter).toMatchObject({ state: 'open', officer: { name: 'Petugas Dukcapil 3' } });

  // A colleague takes over the counter: the first session ends.
  const second = await t.login(counter.token, 'petugas04', '1234');
  const old = await t.client.call('POST', '/api/counters/3/resume', { token: counter.token, session: first, body: {} });
  expect(old.json.error.code).toBe('SESSION_EXPIRED');

  const out = await t.client.call('DELETE', '/api/sessions/current', { token: counter.token, session: second });
  expect(out.status).toBe(200);
  const closed = await t.client.call('GET', '/api/counters/3/state', { token: counter.token });
  expect(closed.json.counter).toMatchObject({ state: 'closed', officer: null });
  expect((await t.client.call('GET', '/api/sessions/current', { token: counter.token, session: second })).json.error.code).toBe('SESSION_EXPIRED');

  const third = await t.login(counter.token, 'petugas03', '1234');
  t.clock.advanceMinutes(12 * 60 + 1);
  const idle = await t.client.call('POST', '/api/counters/3/call-next', { token: counter.token, session: third, body: {} });
  expect(idle.json.error.code).toBe('SESSION_EXPIRED');
});

it('pauses a counter so that it cannot call, and resumes it', async () => {
  t = await startTestHub();
  const kiosk = await t.pair('kiosk');
  const counter = await t.pair('counter', { counterId: 1 });
  const s = await t.login(counter.token, 'petugas01', '1234');
  await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 1, requestId: 'pause-1-xxxx' } });
  const paused = await t.client.call('POST', '/api/counters/1/pause', { token: counter.token, session: s, body: { reason: 'Salat Zuhur' } });
  expect(paused.json).toMatchObject({ ticket: null, counterState: 'paused' });
  const before = t.snapshot();
  const refused = await t.client.call('POST', '/api/counters/1/call-next', { token: counter.token, session: s, body: {} });
  expect(refused.json.error.code).toBe('COUNTER_PAUSED');
  expect(t.snapshot()).toBe(before);
  expect((await t.client.call('POST', '/api/counters/1/pause', { token: counter.token, session: s, body: {} })).json.error.code).toBe('VALIDATION_FAILED');
  await t.client.call('POST', '/api/counters/1/resume', { token: counter.token, session: s, body: {} });
  const called = await t.client.call('POST', '/api/counters/1/call-next', { token: counter.token, session: s, body: {} });
  expect(called.json.ticket.display).toBe('A-001');
});

it('closes a stream whose first message is not a proper hello', async () => {
  t = await startTestHub();
  const ws = new WebSocket(t.hub.url.replace('http', 'ws') + '/api/stream');
  const closed = new Promise<{ code: number; first: string }>((resolve) => {
    let first = '';
    ws.on('message', (m) => (first ||= String(m)));
    ws.on('close', (code) => resolve({ code, first }));
  });
  ws.on('open', () => ws.send('{"type":"hello","since":-5}'));
  const r = await closed;
  expect(r.code).toBe(4400);
  expect(JSON.parse(r.first)).toMatchObject({ type: 'error', error: { code: 'VALIDATION_FAILED' } });
});

it('gives a fresh production hub a first admin and an admin pairing code, once', async () => {
  const tmp = tempDir('antre-fresh-');
  try {
    const first = await startHub({ dataDir: tmp.dir, port: 0, host: '127.0.0.1', log: () => {} });
    expect(first.bootstrapAdminPin).toMatch(/^\d{6}$/);
    const client = new HubClient(first.url);
    const paired = await client.call('POST', '/api/pair', { body: { code: first.bootstrapAdminCode } });
    expect(paired.json.role).toBe('admin');
    const login = await client.call('POST', '/api/sessions', {
      token: paired.json.token,
      body: { username: 'admin', pin: first.bootstrapAdminPin },
    });
    expect(login.status).toBe(201);
    await first.close();

    const again = await startHub({ dataDir: tmp.dir, port: 0, host: '127.0.0.1', log: () => {} });
    expect(again.bootstrapAdminPin).toBeNull();
    expect(again.bootstrapAdminCode).toBeNull(); // an admin device is paired now
    await again.close();
  } finally {
    tmp.remove();
  }
});

it('shows the admin when each device was last seen, counting only requests that succeeded', async () => {
  t = await startTestHub();
  const kiosk = await t.pair('kiosk', { name: 'Kios pintu utama' });
  const lastSeen = async () => {
    const list = await t!.client.call('GET', '/api/admin/devices', { token: t!.admin.token, session: t!.admin.session });
    expect(list.status).toBe(200);
    return list.json.find((d: { id: number }) => d.id === kiosk.deviceId).lastSeenAt as number;
  };
  const pairedAt = await lastSeen();
  expect(pairedAt).toBe(t.clock.now());

  t.clock.advanceMinutes(30);
  // A refused request (bad body) is not a sign of life worth recording.
  const bad = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 'x' } });
  expect(bad.status).toBe(400);
  expect(await lastSeen()).toBe(pairedAt);

  expect((await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).status).toBe(200);
  const seen = await lastSeen();
  expect(seen).toBe(t.clock.now());

  // Within a minute the row is not rewritten on every request (a kiosk polls often).
  t.clock.advance(20_000);
  await t.client.call('GET', '/api/catalogue', { token: kiosk.token });
  expect(await lastSeen()).toBe(seen);
});
