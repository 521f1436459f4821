/**
 * Master data over the admin API: validated, nothing corrupted, every change an event.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => t.dispose());

it('changes the site, refusing an unknown time zone without changing anything', async () => {
  const site = { name: 'MPP Kota Uji', address: 'Jl. Baru 2', timeZone: 'Asia/Makassar', ticketHeader: 'Selamat datang', ticketFooter: 'Terima kasih' };
  const snap = t.snapshot();
  expectError(await t.client.call('PUT', '/api/admin/site', { ...admin(), body: { ...site, timeZone: 'Asia/Bandung' } }), 'VALIDATION_FAILED');
  expect(t.snapshot()).toBe(snap);
  const r = await t.client.call('PUT', '/api/admin/site', { ...admin(), body: site });
  expect(r.json).toEqual(site);
  const kiosk = await t.pair('kiosk');
  expect((await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).json.site.timeZone).toBe('Asia/Makassar');
});

it('adds an officer, resets the PIN and deactivates, ending the sessions at once', async () => {
  const counter = await t.pair('counter', { counterId: 6 });
  const add = await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Petugas Baru', username: 'petugas.baru', pin: '4321', role: 'officer' } });
  expect(add.status).toBe(201);
  expectError(await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Lagi', username: 'petugas.baru', pin: '4321', role: 'officer' } }), 'MASTER_DUPLICATE');
  const session = await t.login(counter.token, 'petugas.baru', '4321');
  await t.client.call('POST', `/api/admin/officers/${add.json.id}/pin`, { ...admin(), body: { pin: '8765' } });
  expectError(await t.client.call('GET', '/api/sessions/current', { token: counter.token, session }), 'SESSION_EXPIRED');
  const again = await t.login(counter.token, 'petugas.baru', '8765');
  await t.client.call('POST', `/api/admin/officers/${add.json.id}/deactivate`, admin());
  expect((await t.client.call('GET', '/api/sessions/current', { token: counter.token, session: again })).status).toBe(401);
  expect((await t.client.call('POST', '/api/sessions', { token: counter.token, body: { username: 'petugas.baru', pin: '8765' } })).status).toBe(401);
});

it('closes a service on a holiday: the kiosk sees it closed and cannot issue', async () => {
  const kiosk = await t.pair('kiosk');
  const today = t.hub.core.engine.today();
  const r = await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: today, serviceId: 1, reason: 'Gangguan sistem SIAK' } });
  expect(r.status).toBe(201);
  const ktp = (await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).json.agencies[0].services[0];
  expect(ktp).toMatchObject({ id: 1, open: false, unavailableReason: 'SERVICE_CLOSED' });
  expectError(await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 1, requestId: 'holiday-0001' } }), 'SERVICE_CLOSED');
  expect((await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 2, requestId: 'holiday-0002' } })).status).toBe(201);
  const events = (await t.client.call('GET', '/api/events?since=0&limit=1000', { token: kiosk.token })).json.events;
  expect(events.filter((e: any) => e.type === 'master.changed').map((e: any) => e.data.kind)).toEqual(['site', 'officer', 'officer', 'officer', 'closure']);
});

it('refuses services and counters that would break numbering or refer to nothing', async () => {
  const snap = t.snapshot();
  expectError(await t.client.call('POST', '/api/admin/services', { ...admin(), body: { agencyId: 1, code: 'KTP-2', name: 'KTP lagi', prefix: 'A' } }), 'MASTER_DUPLICATE');
  expectError(await t.client.call('POST', '/api/admin/services', { ...admin(), body: { agencyId: 999, code: 'X-1', name: 'X', prefix: 'XZ' } }), 'MASTER_REFERENCE');
  expectError(await t.client.call('POST', '/api/admin/services', { ...admin(), body: { agencyId: 1, code: 'X-1', name: 'X', prefix: 'a1b' } }), 'VALIDATION_FAILED');
  expectError(await t.client.call('POST', '/api/admin/counters', { ...admin(), body: { label: 'Gerai 1', serviceIds: [1] } }), 'MASTER_DUPLICATE');
  expectError(await t.client.call('POST', '/api/admin/counters', { ...admin(), body: { label: 'Gerai 99', serviceIds: [1, 1] } }), 'MASTER_REFERENCE');
  expect(t.snapshot()).toBe(snap);
});

it('sets an agency’s logo and place on the kiosk, a service’s own waiting target, and renames a device', async () => {
  const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
  expect((await t.client.call('PUT', '/api/admin/agencies/2', { ...admin(), body: { logo: png, sortOrder: 0 } })).status).toBe(200);
  expect((await t.client.call('PUT', '/api/admin/agencies/1', { ...admin(), body: { sortOrder: 1 } })).status).toBe(200);
  const kiosk = await t.pair('kiosk', { name: 'Kios lama' });
  const catalogue = (await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).json;
  expect(catalogue.agencies[0]).toMatchObject({ id: 2, logoUrl: '/logos/2' });
  const logo = await fetch(`${t.client.baseUrl}/logos/2`);
  expect(logo.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await logo.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  expectError(await t.client.call('PUT', '/api/admin/agencies/2', { ...admin(), body: { logo: 'data:text/html;base64,PHNjcmlwdD4=' } }), 'VALIDATION_FAILED');

  // KK (service 2) gets a target of 5 minutes; a ticket waiting 6 minutes is past it, though the
  // site's target is 30.
  await t.client.call('PUT', '/api/admin/services/2', { ...admin(), body: { waitTargetMinutes: 5 } });
  await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: 2, requestId: 'target-0001' } });
  t.clock.advanceMinutes(6);
  const overview = (await t.client.call('GET', '/api/admin/overview', admin())).json;
  expect(overview.services.find((s: any) => s.id === 2)).toMatchObject({ targetMinutes: 5, overTarget: true, longestWaitMinutes: 6 });

  await t.client.call('PUT', `/api/admin/devices/${kiosk.deviceId}`, { ...admin(), body: { name: 'Kios pintu timur' } });
  const devices = (await t.client.call('GET', '/api/admin/devices', admin())).json;
  expect(devices.find((d: any) => d.id === kiosk.deviceId).name).toBe('Kios pintu timur');
});
