/**
 * The master-data import and export through the real API: a real-size workbook (30 agencies, 112
 * services, 5 zones, 40 counters) with two mistakes is refused with both listed and nothing
 * applied; corrected, it is applied in one transaction with one event; the export imports back
 * with no change, as XLSX and as CSV (`;`, decimal comma, BOM).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { MASTER_COLUMNS } from '../../shared/masterData.js';
import { writeRealMpp, type RealMpp } from '../fixtures/realMpp.js';
import { tempDir } from '../fixtures/tempDir.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
const tmp = tempDir('antre-import-');
const admin = () => ({ token: t.admin.token, session: t.admin.session });
const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64');
const events = async () => (await t.client.call('GET', '/api/events?since=0&limit=1000', admin())).json.events as any[];
const masterEvents = async () => (await events()).filter((e) => e.type === 'master.changed');
async function download(path: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(t.client.baseUrl + path, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

let wrong: RealMpp;
let right: RealMpp;

beforeAll(async () => {
  t = await startTestHub();
  wrong = await writeRealMpp(join(tmp.dir, 'salah.xlsx'), { mistakes: true });
  right = await writeRealMpp(join(tmp.dir, 'benar.xlsx'));
});
afterAll(async () => {
  await t.dispose();
  tmp.remove();
});

describe('a real-size workbook', () => {
  it('with two mistakes: both listed with sheet, row, column and both languages; nothing applied', async () => {
    const snap = t.snapshot();
    const body = { xlsx: b64(readFileSync(wrong.path)) };
    const preview = await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body });
    expect(preview.status).toBe(200);
    expect(preview.json.errors.map((e: any) => ({ sheet: e.sheet, row: e.row, column: e.column }))).toEqual(wrong.mistakes.map(({ sheet, row, column }) => ({ sheet, row, column })));
    for (const e of preview.json.errors) {
      expect(e.message.id).toMatch(/\w/);
      expect(e.message.en).toMatch(/\w/);
      expect(e.message.id).not.toBe(e.message.en);
    }
    // Every row is listed all the same.
    expect(preview.json.rows).toHaveLength(30 + 5 + 112 + 40);

    const applied = await t.client.call('POST', '/api/admin/master/import', { ...admin(), body });
    expect(applied.status).toBe(ERRORS.MASTER_IMPORT_INVALID.status);
    expect(applied.json.error.code).toBe('MASTER_IMPORT_INVALID');
    expect(applied.json.error.details.errors.map((e: any) => e.column)).toEqual(['Instansi', 'Jumat']);
    expect(t.snapshot()).toBe(snap);
  });

  it('corrected: applied in one transaction, one event, an audit entry per row; the kiosk and counters see it', async () => {
    const body = { xlsx: b64(readFileSync(right.path)) };
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body })).json;
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({ add: 187, change: 0, unchanged: 0 });

    const before = await masterEvents();
    const auditBefore = t.hub.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    const r = await t.client.call('POST', '/api/admin/master/import', { ...admin(), body });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.applied).toBe(187);
    const after = await masterEvents();
    expect(after.slice(before.length).map((e) => e.data)).toEqual([{ kind: 'import', id: 187 }]);
    const audit = t.hub.core.db.prepare('SELECT action, COUNT(*) AS n FROM audit_log WHERE id > ? GROUP BY action ORDER BY action').all(auditBefore);
    expect(audit).toEqual([
      { action: 'agency.add', n: 30 },
      { action: 'counter.add', n: 40 },
      { action: 'import.apply', n: 1 },
      { action: 'service.add', n: 112 },
      { action: 'zone.add', n: 5 },
    ]);

    const services = (await t.client.call('GET', '/api/admin/services', admin())).json as any[];
    const zones = (await t.client.call('GET', '/api/admin/zones', admin())).json as any[];
    const counters = (await t.client.call('GET', '/api/admin/counters', admin())).json as any[];
    const byCode = new Map(services.map((s) => [s.code, s]));
    for (const s of right.services) {
      const got = byCode.get(s.code);
      expect(got).toMatchObject({ name: s.name, prefix: s.prefix, estimatedMinutes: s.minutes, dailyQuota: s.quota, issueOpensBeforeMinutes: 15, lastTicketBeforeMinutes: 30 });
      expect(zones.find((z) => z.id === got.zoneId)?.name).toBe(s.zone);
    }
    // Friday with its prayer break, Saturday mornings for some, Sunday closed.
    expect(byCode.get('R-DUKCAPIL-1').hours[5]).toEqual([{ open: '08:00', close: '11:30' }, { open: '13:00', close: '15:00' }]);
    expect(byCode.get('R-DUKCAPIL-1').hours[6]).toEqual([{ open: '08:00', close: '12:00' }]);
    expect(byCode.get('R-DUKCAPIL-1').hours[0]).toEqual([]);
    const loket31 = counters.find((c) => c.label === 'Loket 31');
    expect(loket31.serviceIds.map((id: number) => services.find((s) => s.id === id).code)).toEqual(right.counters[30]!.services);
    expect(loket31.zone).toBe(right.counters[30]!.zone);

    const kiosk = await t.pair('kiosk');
    const catalogue = (await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).json;
    expect(catalogue.agencies.filter((a: any) => a.code.startsWith('R-'))).toHaveLength(30);
  });

  it('exports today’s data in the import format: imported back, nothing changes', async () => {
    const file = await download('/api/admin/master/export?format=xlsx');
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const snap = t.snapshot();
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: { xlsx: b64(file.body) } })).json;
    expect(preview.errors).toEqual([]);
    expect(preview.counts.add + preview.counts.change).toBe(0);
    expect(preview.counts.unchanged).toBeGreaterThanOrEqual(187);
    const r = await t.client.call('POST', '/api/admin/master/import', { ...admin(), body: { xlsx: b64(file.body) } });
    expect(r.json.applied).toBe(0);
    expect(t.snapshot()).toBe(snap);
  });

  it('exports each sheet as CSV for Indonesian Excel (BOM, `;`, decimal comma) that reads back unchanged', async () => {
    const csv: Record<string, string> = {};
    for (const sheet of ['Instansi', 'Zona', 'Layanan', 'Loket'] as const) {
      const file = await download(`/api/admin/master/export?format=csv&sheet=${sheet}`);
      expect(file.type).toContain('text/csv');
      expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = file.body.toString('utf8');
      expect(text.split('\r\n')[0]).toBe('\uFEFF' + MASTER_COLUMNS[sheet].join(';'));
      csv[sheet] = b64(file.body);
    }
    // 7.5 minutes per citizen is written the Indonesian way.
    expect(Buffer.from(csv.Layanan!, 'base64').toString('utf8')).toMatch(/;7,5;/);
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: { csv } })).json;
    expect(preview.errors).toEqual([]);
    expect(preview.counts.add + preview.counts.change).toBe(0);
  });

  it('writes a name that looks like a formula as text for Excel, and reads it back as the name', async () => {
    // A name typed by an admin (or brought in by a workbook) must not run as a formula in Excel.
    const id = (await t.client.call('POST', '/api/admin/agencies', { ...admin(), body: { code: 'RUMUS', name: '=HYPERLINK("http://x.test","Klik")', shortName: '+Rumus' } })).json.id as number;
    expect(id).toBeGreaterThan(0);
    const file = await download('/api/admin/master/export?format=csv&sheet=Instansi');
    const line = file.body.toString('utf8').split('\r\n').find((l) => l.startsWith('RUMUS;'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://x.test"",""Klik"")"`);
    expect(line).toContain(`'+Rumus`);
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: { csv: { Instansi: b64(file.body) } } })).json;
    expect(preview.errors).toEqual([]);
    expect(preview.counts.add + preview.counts.change).toBe(0);
  });

  it('reads a CSV typed in Excel: BOM, `;`, decimal comma, quoted cells; changes one service by its code', async () => {
    const header = MASTER_COLUMNS.Layanan.join(';');
    const row = ['R-DUKCAPIL-1', 'R-DUKCAPIL', 'Pendaftaran Dukcapil', '1A', 'Lantai 1 Timur', '1.000', '8,5', '', '15', '30', 'Ya', '08.00-15.00', '08:00-15:00', '08:00-15:00', '08:00-15:00', '"08:00-11:30; 13:00-15:00"', '', '', 'Ya'].join(';');
    const csv = { Layanan: b64(`\uFEFF${header}\r\n${row}\r\n`) };
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: { csv } })).json;
    expect(preview.errors).toEqual([]);
    expect(preview.rows).toEqual([{ sheet: 'Layanan', row: 2, key: 'R-DUKCAPIL-1', action: 'change', changed: ['Kuota harian', 'Menit per warga', 'Sabtu'] }]);
    expect((await t.client.call('POST', '/api/admin/master/import', { ...admin(), body: { csv } })).json.applied).toBe(1);
    const svc = (await t.client.call('GET', '/api/admin/services', admin())).json.find((s: any) => s.code === 'R-DUKCAPIL-1');
    expect(svc).toMatchObject({ dailyQuota: 1000, estimatedMinutes: 8.5 });
    expect(svc.hours[6]).toEqual([]);
  });

  it('refuses a file that is not a workbook, and an agency supervisor', async () => {
    const bad = await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: { xlsx: b64('bukan xlsx') } });
    expect(bad.json.errors).toHaveLength(1);
    expect(bad.json.errors[0].message.id).toContain('tidak dapat dibaca');
    const supervisorId = t.hub.core.db.prepare(`SELECT id FROM officers WHERE username = 'supervisor'`).pluck().get() as number;
    t.hub.core.db.prepare('UPDATE officers SET agency_id = 1 WHERE id = ?').run(supervisorId);
    const session = await t.login(t.admin.token, 'supervisor', '135790');
    const r = await t.client.call('POST', '/api/admin/master/import/preview', { token: t.admin.token, session, body: { xlsx: b64(readFileSync(right.path)) } });
    expect(r.json.error.code).toBe('AGENCY_SCOPE');
    t.hub.core.db.prepare('UPDATE officers SET agency_id = NULL WHERE id = ?').run(supervisorId);
  });
});
