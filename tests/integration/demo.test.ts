/**
 * Demo mode (`npm run serve`): the hub machine's own browsers work without pairing, while an
 * officer still needs a PIN for counter actions.
 */
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
