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
  expectError(await t.client.call('POST', '/api/admin/services', { ...admin(), body: { agencyId: 1, code: 'KTP-2', name: 'KTP lagi', prefix: 'A' } }), 'MASTER_PREFIX_TAKEN');
  expectError(await t.client.call('POST', '/api/admin/services', { ...admin(), body: { agencyId: 1, code: 'KTP', name: 'KTP lagi', prefix: 'QQ' } }), 'MASTER_DUPLICATE');
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

// ---- the complete master data (issue 18) --------------------------------------------------

const get = async (path: string, auth = admin()) => (await t.client.call('GET', path, auth)).json;
const put = (path: string, body: unknown, auth = admin()) => t.client.call('PUT', path, { ...auth, body });
const post = (path: string, body: unknown, auth = admin()) => t.client.call('POST', path, { ...auth, body });
const audit = (action: string) => t.hub.core.db.prepare('SELECT COUNT(*) FROM audit_log WHERE action = ?').pluck().get(action) as number;

it('lists agencies, zones, services and counters with the inactive ones; deactivates and reactivates', async () => {
  const agencies = await get('/api/admin/agencies');
  expect(agencies.length).toBeGreaterThanOrEqual(15);
  const added = await post('/api/admin/agencies', { code: 'TASPEN-X', name: 'PT Taspen Cabang', shortName: 'Taspen' });
  expect(added.status).toBe(201);
  expectError(await post('/api/admin/agencies', { code: 'TASPEN-X', name: 'Lagi', shortName: 'Lagi' }), 'MASTER_DUPLICATE');
  expect((await put(`/api/admin/agencies/${added.json.id}`, { name: 'PT Taspen KCU', active: false })).status).toBe(200);
  const kemenag = (await get('/api/admin/agencies')).find((a: any) => a.id === added.json.id);
  expect(kemenag).toMatchObject({ code: 'TASPEN-X', name: 'PT Taspen KCU', active: false });
  const kiosk = await t.pair('kiosk');
  expect((await get('/api/catalogue', { token: kiosk.token, session: null } as any)).agencies.some((a: any) => a.code === 'TASPEN-X')).toBe(false);
  await put(`/api/admin/agencies/${added.json.id}`, { active: true });
  expect(audit('agency.deactivate')).toBe(1);
  expect(audit('agency.reactivate')).toBe(1);

  // A service deactivated stays in the admin's list, marked, and leaves the kiosk.
  expect((await put('/api/admin/services/6', { active: false })).json.active).toBe(false);
  expect((await get('/api/admin/services')).find((s: any) => s.id === 6)).toMatchObject({ active: false, code: 'PINDAH', waitTargetMinutes: null });
  await put('/api/admin/services/6', { active: true });

  const counters = await get('/api/admin/counters');
  expect(counters[0]).toMatchObject({ id: 1, label: 'Gerai 1', agencyId: 1, zone: 'Lantai 1', active: true, state: 'closed', holdsTicket: false });
  expect(counters[0].serviceIds.length).toBeGreaterThan(1);
  expect((await get('/api/admin/zones')).map((z: any) => z.name)).toEqual(expect.arrayContaining(['Lantai 1', 'Lantai 2']));
});

it('edits a counter: label, agency, zone and its services in order (the list replaced)', async () => {
  const zones = await get('/api/admin/zones');
  const lantai2 = zones.find((z: any) => z.name === 'Lantai 2');
  const r = await put('/api/admin/counters/2', { label: 'Gerai 2A', agencyId: 2, zoneId: lantai2.id, serviceIds: [8, 7] });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  const c = (await get('/api/admin/counters')).find((x: any) => x.id === 2);
  expect(c).toMatchObject({ label: 'Gerai 2A', agencyId: 2, zoneId: lantai2.id, zone: 'Lantai 2', serviceIds: [8, 7] });
  // The screens that read counters.zone see the new zone.
  expect((await get('/api/counters')).find((x: any) => x.id === 2).zone).toBe('Lantai 2');
  expectError(await put('/api/admin/counters/2', { label: 'Gerai 3' }), 'MASTER_DUPLICATE');
  expectError(await put('/api/admin/counters/2', { serviceIds: [7, 7] }), 'MASTER_REFERENCE');
  expectError(await put('/api/admin/counters/2', { zoneId: 999 }), 'MASTER_REFERENCE');
  expect(audit('counter.update')).toBeGreaterThanOrEqual(1);
});

it('adds and renames a zone: its counters’ zone name follows; a duplicate name is refused', async () => {
  const z = await post('/api/admin/zones', { name: 'Lantai 3', floor: 'Lantai 3, sayap barat' });
  expect(z.status).toBe(201);
  expectError(await post('/api/admin/zones', { name: 'Lantai 3' }), 'MASTER_DUPLICATE');
  await put('/api/admin/counters/3', { zoneId: z.json.id });
  await put(`/api/admin/zones/${z.json.id}`, { name: 'Lantai 3 Barat' });
  expect((await get('/api/admin/counters')).find((x: any) => x.id === 3).zone).toBe('Lantai 3 Barat');
  expect((await get('/api/admin/zones')).find((x: any) => x.id === z.json.id)).toMatchObject({ name: 'Lantai 3 Barat', floor: 'Lantai 3, sayap barat', active: true });
  await put(`/api/admin/zones/${z.json.id}`, { active: false });
  expect((await get('/api/admin/zones')).find((x: any) => x.id === z.json.id).active).toBe(false);
});

it('refuses to deactivate a counter while it is open, and does it once closed', async () => {
  const device = await t.pair('counter', { counterId: 4 });
  const session = await t.login(device.token, 'petugas04', '1234');
  expect((await get('/api/admin/counters')).find((x: any) => x.id === 4).state).not.toBe('closed');
  const snap = t.snapshot();
  const refused = await put('/api/admin/counters/4', { active: false });
  expectError(refused, 'COUNTER_IN_USE');
  expect(refused.json.error.message.en).toContain('close it');
  expect(t.snapshot()).toBe(snap);
  await t.client.call('DELETE', '/api/sessions/current', { token: device.token, session });
  expect((await put('/api/admin/counters/4', { active: false })).status).toBe(200);
  expect((await get('/api/admin/counters')).find((x: any) => x.id === 4).active).toBe(false);
  expect((await put('/api/admin/counters/4', { active: true })).status).toBe(200);
});

it('a new name or prefix waits for the next business day once today’s tickets used it; today’s numbering never breaks', async () => {
  const kiosk = await t.pair('kiosk');
  const issue = async (serviceId: number, id: string) => (await post('/api/tickets', { serviceId, requestId: id }, { token: kiosk.token, session: null } as any)).json.ticket.display as string;
  expect(await issue(4, 'prefix-day1-01')).toBe('D-001');
  const today = t.hub.core.engine.today();
  const changed = await put('/api/admin/services/4', { name: 'Akta Kematian (baru)', prefix: '4A1' });
  expect(changed.status, JSON.stringify(changed.json)).toBe(200);
  expect(changed.json).toMatchObject({ name: 'Akta Kematian', prefix: 'D', pending: { name: 'Akta Kematian (baru)', prefix: '4A1' } });
  expect(changed.json.pending.from > today).toBe(true);
  expect(await issue(4, 'prefix-day1-02')).toBe('D-002');
  // Another service may not take it, today's or tomorrow's.
  expectError(await put('/api/admin/services/5', { prefix: '4A1' }), 'MASTER_PREFIX_TAKEN');
  expectError(await put('/api/admin/services/5', { prefix: 'D' }), 'MASTER_PREFIX_TAKEN');
  expectError(await post('/api/admin/services', { agencyId: 1, code: 'BARU-4A1', name: 'Baru', prefix: '4A1' }), 'MASTER_PREFIX_TAKEN');
  expectError(await put('/api/admin/services/5', { prefix: 'a-1' }), 'VALIDATION_FAILED');

  // Midnight: the next day's first ticket has the new prefix, and the kiosk the new name.
  t.clock.advanceMinutes(24 * 60);
  // (yesterday's admin session has ended)
  t.admin.session = await t.login(t.admin.token, 'admin', '246810');
  expect(await issue(4, 'prefix-day2-01')).toBe('4A1-001');
  const svc = (await get('/api/admin/services')).find((s: any) => s.id === 4);
  expect(svc).toMatchObject({ name: 'Akta Kematian (baru)', prefix: '4A1', pending: null });
  expect(audit('service.pendingApplied')).toBe(1);
  // Yesterday's tickets keep their numbers.
  const old = t.hub.core.db.prepare('SELECT prefix, number FROM tickets WHERE service_id = 4 ORDER BY id').all();
  expect(old).toEqual([{ prefix: 'D', number: 1 }, { prefix: 'D', number: 2 }, { prefix: '4A1', number: 1 }]);
  // D is free again; a service with no ticket today changes at once.
  const now = await put('/api/admin/services/5', { prefix: 'D', name: 'KIA' });
  expect(now.json).toMatchObject({ prefix: 'D', name: 'KIA', pending: null });
});

it('an agency supervisor manages only their agency’s services and counters; agencies, zones and import need the whole MPP', async () => {
  const supervisorId = t.hub.core.db.prepare(`SELECT id FROM officers WHERE username = 'supervisor'`).pluck().get() as number;
  t.hub.core.db.prepare('UPDATE officers SET agency_id = 1 WHERE id = ?').run(supervisorId);
  try {
    const head = { token: t.admin.token, session: await t.login(t.admin.token, 'supervisor', '135790') };
    const services = await get('/api/admin/services', head);
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((s: any) => s.agencyId === 1)).toBe(true);
    expect((await get('/api/admin/counters', head)).every((c: any) => c.agencyId === 1)).toBe(true);
    const snap = t.snapshot();
    // Polres' service (7) and counter (5) are not theirs.
    expectError(await put('/api/admin/services/7', { dailyQuota: 5 }, head), 'AGENCY_SCOPE');
    expectError(await put('/api/admin/counters/5', { label: 'Gerai Polres' }, head), 'AGENCY_SCOPE');
    // Nor may they put another agency's service on their counter, or move a service away.
    expectError(await put('/api/admin/counters/1', { serviceIds: [1, 7] }, head), 'AGENCY_SCOPE');
    expectError(await put('/api/admin/services/1', { agencyId: 2 }, head), 'AGENCY_SCOPE');
    expectError(await post('/api/admin/agencies', { code: 'BARU', name: 'Baru', shortName: 'Baru' }, head), 'AGENCY_SCOPE');
    expectError(await post('/api/admin/zones', { name: 'Lantai 9' }, head), 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(snap);
    // Their own: allowed.
    expect((await put('/api/admin/services/1', { dailyQuota: 80 }, head)).status).toBe(200);
    expect((await put('/api/admin/counters/1', { serviceIds: [2, 1] }, head)).status).toBe(200);
  } finally {
    t.hub.core.db.prepare('UPDATE officers SET agency_id = NULL WHERE id = ?').run(supervisorId);
  }
});

it('accepts the issuing window, zone and site-breaks fields on a new service', async () => {
  const zone = (await get('/api/admin/zones'))[0];
  const r = await post('/api/admin/services', {
    agencyId: 2,
    code: 'SKCK-ONLINE',
    name: 'SKCK Daring',
    prefix: '3B',
    estimatedMinutes: 7.5,
    zoneId: zone.id,
    issueOpensBeforeMinutes: 30,
    lastTicketBeforeMinutes: 30,
    followsSiteBreaks: false,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  expect((await get('/api/admin/services')).find((s: any) => s.id === r.json.id)).toMatchObject({
    prefix: '3B',
    estimatedMinutes: 7.5,
    zoneId: zone.id,
    issueOpensBeforeMinutes: 30,
    lastTicketBeforeMinutes: 30,
    followsSiteBreaks: false,
  });
});
