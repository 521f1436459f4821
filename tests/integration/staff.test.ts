/**
 * Staff through the real HTTP API: officers tied to agencies (a petugas Dukcapil cannot open the
 * Polres counter until given Polres), an agency's supervisor who sees and manages only their
 * agency, and the audit log of every change (who, when, before and after), filtered and exported
 * as CSV and XLSX, read back.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { AdminOverview, AuditList, OfficerList, type AuditEntry, type OfficerInfo } from '../../shared/protocol.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

let agency: { dukcapil: number; polres: number };
/** the first counter of each, and the demo officer working there */
let dukcapilCounter: number;
let polresCounter: number;
let officers: OfficerInfo[];
const officer = (username: string) => officers.find((o) => o.username === username)!;
const audit = async (query = '') => AuditList.parse((await t.client.call('GET', `/api/admin/audit${query}`, admin())).json).entries;

beforeAll(async () => {
  t = await startTestHub();
  const db = t.hub.core.db;
  const agencyId = (code: string) => db.prepare('SELECT id FROM agencies WHERE code = ?').pluck().get(code) as number;
  agency = { dukcapil: agencyId('DUKCAPIL'), polres: agencyId('POLRES') };
  const firstCounter = (a: number) => db.prepare('SELECT MIN(id) FROM counters WHERE agency_id = ?').pluck().get(a) as number;
  dukcapilCounter = firstCounter(agency.dukcapil);
  polresCounter = firstCounter(agency.polres);
  officers = OfficerList.parse((await t.client.call('GET', '/api/admin/officers', admin())).json);
});
afterAll(async () => t.dispose());

describe('officers and agencies', () => {
  it('refuses a Dukcapil officer at the Polres counter, and lets them in once given Polres', async () => {
    const polresPc = await t.pair('counter', { counterId: polresCounter });
    const petugas = officers.find((o) => o.agencyId === agency.dukcapil && o.role === 'officer')!;
    const refused = await t.client.call('POST', '/api/sessions', { token: polresPc.token, body: { username: petugas.username, pin: '1234' } });
    expectError(refused, 'OFFICER_AGENCY_MISMATCH');
    expect(refused.json.error.message.id).toMatch(/instansi/);
    expect(refused.json.error.message.en).toMatch(/agency/);

    const r = await t.client.call('PUT', `/api/admin/officers/${petugas.id}`, { ...admin(), body: { allowedAgencyIds: [agency.polres] } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const session = await t.login(polresPc.token, petugas.username, '1234');
    expect((await t.client.call('GET', '/api/sessions/current', { token: polresPc.token, session })).json.counterId).toBe(polresCounter);
    const listed = OfficerList.parse((await t.client.call('GET', '/api/admin/officers', admin())).json).find((o) => o.id === petugas.id)!;
    expect(listed.allowedAgencyIds).toEqual([agency.polres]);

    // The audit log: who gave it, the officer before and after.
    const entry = (await audit(`?subject=officer`)).find((e) => e.subjectId === petugas.id && e.action === 'officer.update')!;
    expect(entry.officer).toBe('Admin MPP');
    expect((entry.before as { allowed_agency_ids: number[] }).allowed_agency_ids).toEqual([]);
    expect((entry.after as { allowed_agency_ids: number[] }).allowed_agency_ids).toEqual([agency.polres]);

    // Taken away again: refused again at the next login.
    await t.client.call('PUT', `/api/admin/officers/${petugas.id}`, { ...admin(), body: { allowedAgencyIds: [] } });
    expectError(await t.client.call('POST', '/api/sessions', { token: polresPc.token, body: { username: petugas.username, pin: '1234' } }), 'OFFICER_AGENCY_MISMATCH');
  });

  it('moving an officer to another agency ends their session, and their counter refuses them', async () => {
    const pc = await t.pair('counter', { counterId: dukcapilCounter });
    const add = await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Petugas Pindah', username: 'petugas.pindah', pin: '2468', role: 'officer', agencyId: agency.dukcapil } });
    expect(add.status).toBe(201);
    const session = await t.login(pc.token, 'petugas.pindah', '2468');
    await t.client.call('PUT', `/api/admin/officers/${add.json.id}`, { ...admin(), body: { agencyId: agency.polres } });
    expectError(await t.client.call('GET', '/api/sessions/current', { token: pc.token, session }), 'SESSION_EXPIRED');
    expectError(await t.client.call('POST', '/api/sessions', { token: pc.token, body: { username: 'petugas.pindah', pin: '2468' } }), 'OFFICER_AGENCY_MISMATCH');
  });
});

describe('an agency supervisor (kepala gerai Dukcapil)', () => {
  let head: { token: string; session: string; id: number };
  const asHead = (body?: unknown) => ({ token: head.token, session: head.session, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    const add = await t.client.call('POST', '/api/admin/officers', {
      ...admin(),
      body: { name: 'Kepala Dukcapil', username: 'kepala.dukcapil', pin: '97531', role: 'supervisor', agencyId: agency.dukcapil },
    });
    expect(add.status).toBe(201);
    const pc = await t.pair('admin', { name: 'PC kepala Dukcapil' });
    head = { token: pc.token, session: await t.login(pc.token, 'kepala.dukcapil', '97531'), id: add.json.id };
  });

  it('is refused at another agency’s counter, and works at their own', async () => {
    const polresPc = await t.pair('counter', { counterId: polresCounter });
    expectError(await t.client.call('POST', '/api/sessions', { token: polresPc.token, body: { username: 'kepala.dukcapil', pin: '97531' } }), 'OFFICER_AGENCY_MISMATCH');
    expectError(await t.client.call('POST', '/api/sessions', { token: head.token, body: { username: 'kepala.dukcapil', pin: '97531', counterId: polresCounter } }), 'OFFICER_AGENCY_MISMATCH');
    const own = await t.pair('counter', { counterId: dukcapilCounter });
    const session = await t.login(own.token, 'kepala.dukcapil', '97531');
    // Their session at their counter acts there, and nowhere else.
    expect((await t.client.call('POST', `/api/counters/${dukcapilCounter}/pause`, { token: own.token, session, body: { reason: 'Rapat' } })).status).toBe(200);
    expectError(await t.client.call('POST', `/api/counters/${polresCounter}/pause`, { token: own.token, session, body: { reason: 'Rapat' } }), 'COUNTER_MISMATCH');
    await t.client.call('POST', `/api/counters/${dukcapilCounter}/resume`, { token: own.token, session });
  });

  it('manages the counter PCs of their agency only', async () => {
    const before = t.snapshot();
    expectError(await t.client.call('POST', '/api/admin/pairing-codes', asHead({ role: 'counter', name: 'PC Polres', counterId: polresCounter })), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', '/api/admin/pairing-codes', asHead({ role: 'display', name: 'Layar' })), 'AGENCY_SCOPE');
    const polresPc = await t.pair('counter', { counterId: polresCounter });
    const afterPair = t.snapshot();
    expectError(await t.client.call('POST', `/api/admin/devices/${polresPc.deviceId}/revoke`, asHead()), 'AGENCY_SCOPE');
    expectError(await t.client.call('PUT', `/api/admin/devices/${polresPc.deviceId}`, asHead({ name: 'Bukan milik saya' })), 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(afterPair);
    expect(before).not.toBe(afterPair);
    const code = await t.client.call('POST', '/api/admin/pairing-codes', asHead({ role: 'counter', name: 'PC Dukcapil', counterId: dukcapilCounter }));
    expect(code.status).toBe(201);
    const devices = (await t.client.call('GET', '/api/admin/devices', asHead())).json as { role: string; counterId: number | null }[];
    const dukcapilCounters = new Set(t.hub.core.db.prepare('SELECT id FROM counters WHERE agency_id = ?').pluck().all(agency.dukcapil) as number[]);
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((d) => d.role === 'counter' && dukcapilCounters.has(d.counterId!))).toBe(true);
  });

  it('sees only Dukcapil’s counters and services on the overview, the admin sees every one', async () => {
    const db = t.hub.core.db;
    // Someone waiting at Polres and at Dukcapil, so that both appear on a whole-MPP overview.
    const kiosk = await t.pair('kiosk');
    for (const a of [agency.dukcapil, agency.polres]) {
      const serviceId = db.prepare('SELECT MIN(id) FROM services WHERE agency_id = ? AND active = 1').pluck().get(a) as number;
      expect((await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId: `overview-${a}-${Date.now()}` } })).status).toBe(201);
    }
    const agencyOf = new Map((db.prepare('SELECT id, agency_id FROM services').all() as { id: number; agency_id: number }[]).map((r) => [r.id, r.agency_id]));
    const counterAgency = new Map((db.prepare('SELECT id, agency_id FROM counters').all() as { id: number; agency_id: number }[]).map((r) => [r.id, r.agency_id]));
    const theirs = AdminOverview.parse((await t.client.call('GET', '/api/admin/overview', asHead())).json);
    expect(theirs.services.length).toBeGreaterThan(0);
    expect(theirs.services.every((s) => agencyOf.get(s.id) === agency.dukcapil)).toBe(true);
    expect(theirs.counters.length).toBeGreaterThan(0);
    expect(theirs.counters.every((c) => counterAgency.get(c.id) === agency.dukcapil)).toBe(true);
    const all = AdminOverview.parse((await t.client.call('GET', '/api/admin/overview', admin())).json);
    expect(all.services.some((s) => agencyOf.get(s.id) === agency.polres)).toBe(true);
    expect(all.counters.some((c) => counterAgency.get(c.id) === agency.polres)).toBe(true);
  });

  it('sees and manages only Dukcapil’s officers, makes no admin and gives no other agency', async () => {
    const list = OfficerList.parse((await t.client.call('GET', '/api/admin/officers', asHead())).json);
    expect(list.length).toBeGreaterThan(1);
    expect(list.every((o) => o.agencyId === agency.dukcapil)).toBe(true);
    const polresOfficer = officers.find((o) => o.agencyId === agency.polres)!;
    const theAdmin = officer('admin');
    const before = t.snapshot();
    expectError(await t.client.call('POST', '/api/admin/officers', asHead({ name: 'X', username: 'x.polres', pin: '1357', role: 'officer', agencyId: agency.polres })), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', '/api/admin/officers', asHead({ name: 'X', username: 'x.admin', pin: '1357', role: 'admin' })), 'ADMIN_ROLE_REQUIRED');
    expectError(await t.client.call('POST', '/api/admin/officers', asHead({ name: 'X', username: 'x.lintas', pin: '1357', role: 'officer', allowedAgencyIds: [agency.polres] })), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/admin/officers/${polresOfficer.id}/pin`, asHead({ pin: '1111' })), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/admin/officers/${polresOfficer.id}/deactivate`, asHead()), 'AGENCY_SCOPE');
    expectError(await t.client.call('PUT', `/api/admin/officers/${polresOfficer.id}`, asHead({ name: 'Diganti' })), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/admin/officers/${theAdmin.id}/pin`, asHead({ pin: '1111' })), 'AGENCY_SCOPE');
    expectError(await t.client.call('PUT', `/api/admin/officers/${head.id}`, asHead({ role: 'officer' })), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(before);

    // Their own agency's officer: added (in their agency without saying it), renamed, PIN reset, deactivated, reactivated.
    const add = await t.client.call('POST', '/api/admin/officers', asHead({ name: 'Petugas KIA', username: 'petugas.kia', pin: '1357', role: 'officer' }));
    expect(add.status, JSON.stringify(add.json)).toBe(201);
    const id = add.json.id as number;
    expect(OfficerList.parse((await t.client.call('GET', '/api/admin/officers', asHead())).json).find((o) => o.id === id)?.agencyId).toBe(agency.dukcapil);
    expect((await t.client.call('PUT', `/api/admin/officers/${id}`, asHead({ name: 'Petugas KIA Satu', role: 'supervisor' }))).status).toBe(200);
    expect((await t.client.call('POST', `/api/admin/officers/${id}/pin`, asHead({ pin: '864209' }))).status).toBe(200);
    expect((await t.client.call('POST', `/api/admin/officers/${id}/deactivate`, asHead())).status).toBe(200);
    expect((await t.client.call('POST', `/api/admin/officers/${id}/reactivate`, asHead())).status).toBe(200);
    const pc = await t.pair('counter', { counterId: dukcapilCounter });
    await t.login(pc.token, 'petugas.kia', '864209');

    // Each change in the audit log, by the head; the PIN in none of them.
    const entries = (await audit(`?subject=officer&officerId=${head.id}`)).filter((e) => e.subjectId === id);
    expect(entries.map((e) => e.action).reverse()).toEqual(['officer.add', 'officer.update', 'officer.resetPin', 'officer.deactivate', 'officer.reactivate']);
    expect(entries.every((e) => e.officer === 'Kepala Dukcapil')).toBe(true);
    const update = entries.find((e) => e.action === 'officer.update')!;
    expect([(update.before as { name: string }).name, (update.after as { name: string }).name]).toEqual(['Petugas KIA', 'Petugas KIA Satu']);
    const text = JSON.stringify(entries);
    expect(text).not.toMatch(/864209|1357|pin_hash|scrypt/);
  });

  it('reads in the audit log what their agency’s staff did, nothing else', async () => {
    const mine = AuditList.parse((await t.client.call('GET', '/api/admin/audit', asHead())).json).entries;
    expect(mine.length).toBeGreaterThan(0);
    const ids = new Set(t.hub.core.db.prepare('SELECT id FROM officers WHERE agency_id = ?').pluck().all(agency.dukcapil) as number[]);
    expect(mine.every((e) => e.officerId !== null && ids.has(e.officerId))).toBe(true);
    expect((await audit()).some((e) => e.officer === 'Admin MPP')).toBe(true);
  });
});

describe('the rules that keep the MPP run', () => {
  it('an MPP supervisor makes no admin and resets no admin’s PIN; nobody removes the last admin', async () => {
    const pc = await t.pair('admin');
    const sup = { token: pc.token, session: await t.login(pc.token, 'supervisor', '135790') };
    expectError(await t.client.call('POST', `/api/admin/officers/${officer('admin').id}/pin`, { ...sup, body: { pin: '1111' } }), 'ADMIN_ROLE_REQUIRED');
    expectError(await t.client.call('POST', '/api/admin/officers', { ...sup, body: { name: 'Y', username: 'y.admin', pin: '1357', role: 'admin' } }), 'ADMIN_ROLE_REQUIRED');
    expectError(await t.client.call('PUT', `/api/admin/officers/${officer('petugas01').id}`, { ...sup, body: { role: 'admin' } }), 'ADMIN_ROLE_REQUIRED');
    // An MPP supervisor manages every agency's officers otherwise.
    expect((await t.client.call('PUT', `/api/admin/officers/${officer('petugas01').id}`, { ...sup, body: { name: 'Petugas Dukcapil Satu' } })).status).toBe(200);
    // The admin is the only one: set-up itself cannot take them away.
    expect(() => t.hub.core.staff.deactivate(officer('admin').id)).toThrow(/LAST_ADMIN/);
    expect(() => t.hub.core.staff.update(officer('admin').id, { role: 'supervisor' })).toThrow(/LAST_ADMIN/);
    expectError(await t.client.call('POST', `/api/admin/officers/${officer('admin').id}/deactivate`, admin()), 'VALIDATION_FAILED');
  });
});

describe('the audit log', () => {
  it('records device pairing, names and revocations, settings, and the day closed and reopened, with who and before/after', async () => {
    const since = Math.max(0, ...(await audit()).map((e) => e.id));
    const code = await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'kiosk', name: 'Kios lobi' } });
    const paired = (await t.client.call('POST', '/api/pair', { body: { code: code.json.code } })).json as { deviceId: number };
    await t.client.call('PUT', `/api/admin/devices/${paired.deviceId}`, { ...admin(), body: { name: 'Kios lobi timur' } });
    await t.client.call('POST', `/api/admin/devices/${paired.deviceId}/revoke`, admin());
    const idle = t.hub.core.settings.get('sessionIdleMinutes');
    expect((await t.client.call('PUT', '/api/admin/settings', { ...admin(), body: { sessionIdleMinutes: idle + 5 } })).status).toBe(200);
    const today = t.hub.core.engine.today();
    expect((await t.client.call('POST', '/api/admin/day/close', { ...admin(), body: { reason: 'Uji tutup' } })).status).toBe(200);
    expect((await t.client.call('POST', '/api/admin/day/reopen', { ...admin(), body: { date: today, reason: 'Salah tekan' } })).status).toBe(200);

    const entries = (await audit()).filter((e) => e.id > since).reverse();
    expect(entries.map((e) => e.action)).toEqual(['device.pairingCode', 'device.pair', 'device.rename', 'device.revoke', 'settings.update', 'day.close', 'day.reopen']);
    // The pairing is in the name of who made the code; the code itself is nowhere.
    expect(entries.every((e) => e.officer === 'Admin MPP')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(code.json.code);
    expect(JSON.stringify(entries)).not.toMatch(/token_hash|code_hash/);
    const rename = entries.find((e) => e.action === 'device.rename')!;
    expect([(rename.before as { name: string }).name, (rename.after as { name: string }).name]).toEqual(['Kios lobi', 'Kios lobi timur']);
    expect((entries.find((e) => e.action === 'device.revoke')!.after as { revoked_at: number | null }).revoked_at).not.toBeNull();
    expect(entries.find((e) => e.action === 'settings.update')).toMatchObject({ before: { sessionIdleMinutes: idle }, after: { sessionIdleMinutes: idle + 5 } });
    expect(entries.find((e) => e.action === 'day.reopen')!.after).toMatchObject({ date: today, reason: 'Salah tekan' });
  });

  it('filters by dates, officer and subject, and exports CSV (;) and XLSX that read back as the list', async () => {
    const today = t.hub.core.engine.today();
    const all = await audit(`?from=${today}&to=${today}`);
    expect(all.length).toBeGreaterThan(5);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(await audit(`?from=${tomorrow}`)).toEqual([]);
    expect(await audit(`?to=2020-01-01`)).toEqual([]);
    const devices = await audit('?subject=device');
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((e) => e.subject === 'device')).toBe(true);
    expectError(await t.client.call('GET', `/api/admin/audit?from=${tomorrow}&to=${today}`, admin()), 'VALIDATION_FAILED');
    expectError(await t.client.call('GET', '/api/admin/audit?subject=nothing', admin()), 'VALIDATION_FAILED');
    const limited = AuditList.parse((await t.client.call('GET', '/api/admin/audit?limit=2', admin())).json);
    expect(limited.entries.length).toBe(2);
    expect(limited.more).toBe(true);

    const csvRes = await fetch(`${t.hub.url}/api/admin/audit?subject=officer&format=csv`, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)), ';');
    const officersOnly: AuditEntry[] = await audit('?subject=officer');
    expect(rows[0]).toEqual(['Waktu', 'Petugas', 'Perangkat', 'Tindakan', 'Subjek', 'ID', 'Perubahan', 'Sebelum', 'Sesudah']);
    expect(rows.slice(1).map((r) => [r[3], r[5], JSON.parse(r[8]!)])).toEqual(officersOnly.map((e) => [e.action, String(e.subjectId), e.after]));

    const xlsxRes = await fetch(`${t.hub.url}/api/admin/audit?subject=officer&format=xlsx`, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsxRes.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const xlsxRows: string[][] = [];
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      xlsxRows.push(Array.from({ length: 9 }, (_, i) => values[i + 1]).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    expect(xlsxRows).toEqual(rows);
  });
});

/** A CSV as Excel reads it: quoted fields may hold the separator, quotes doubled, CRLF lines. */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  return rows;
}
