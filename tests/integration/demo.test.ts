/**
 * Demo mode (`npm run serve`): the hub machine's own browsers work without pairing, while an
 * officer still needs a PIN for counter actions.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
});
afterAll(async () => {
  await t?.dispose();
});

it('lets a browser on the hub machine issue and read without a token', async () => {
  const cat = await t.client.call('GET', '/api/catalogue');
  expect(cat.status).toBe(200);
  const issued = await t.client.call('POST', '/api/tickets', { body: { serviceId: 1, requestId: 'demo-local-1' } });
  expect(issued.status).toBe(201);
  expect(issued.json.ticket.display).toBe('A-001');
});

it('still asks an officer for a PIN before calling, and the officer picks the counter', async () => {
  const refused = await t.client.call('POST', '/api/counters/1/call-next', { body: {} });
  expect(refused.json.error.code).toBe('SESSION_REQUIRED');
  const plainOfficerNoCounter = await t.client.call('POST', '/api/sessions', { body: { username: 'petugas01', pin: '1234' } });
  expect(plainOfficerNoCounter.json.error.code).toBe('OFFICER_ROLE_REQUIRED');
  const login = await t.client.call('POST', '/api/sessions', { body: { username: 'petugas01', pin: '1234', counterId: 1 } });
  expect(login.status).toBe(201);
  const call = await t.client.call('POST', '/api/counters/1/call-next', { session: login.json.sessionToken, body: {} });
  expect(call.status).toBe(200);
  expect(call.json.ticket.display).toBe('A-001');
});

it('serves a page for every role', async () => {
  for (const path of ['/', '/kiosk', '/counter', '/display', '/admin']) {
    const res = await fetch(t.hub.url + path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  }
});

/** A raw request, so that Host and Origin can be what a rebinding attacker's page would send. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const url = new URL(t.hub.url + path);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers, setHost: false }, (res) => {
      let data = '';
      res.on('data', (c) => (data += String(c)));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('does not extend the local trust to a page that rebinds its own name to this machine', async () => {
  const port = new URL(t.hub.url).port;
  expect((await rawGet('/api/catalogue', { host: `localhost:${port}` })).status).toBe(200);
  const rebound = await rawGet('/api/catalogue', { host: `evil.example:${port}` });
  expect(rebound.body.error.code).toBe('UNAUTHENTICATED');
  const crossOrigin = await rawGet('/api/catalogue', { host: `127.0.0.1:${port}`, origin: 'http://evil.example' });
  expect(crossOrigin.body.error.code).toBe('UNAUTHENTICATED');
});

it('announces itself on the LAN by mDNS, so a kiosk finds the hub without typing its address', async () => {
  const { advertiseHub, discoverHubs } = await import('../../electron/hub/mdns.js');
  const ad = advertiseHub(17800, 'MPP Kabupaten Uji');
  try {
    const hubs = await discoverHubs(1500);
    const ours = hubs.find((h) => h.site === 'MPP Kabupaten Uji');
    expect(ours?.url).toMatch(/^http:\/\/.+:17800$/);
  } finally {
    await ad.stop();
  }
});
