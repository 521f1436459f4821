/**
 * The standar pelayanan on a real hub (real SQLite file, real HTTP): a supervisor writes a
 * service's standard, which is one 'standard.published' event and one audit entry in the same
 * commit, read back by the kiosk's summary and the public JSON and page; the workbook carries it
 * out and back in for 300 services; a bad row is refused by its row and changes nothing; the public
 * page escapes what an admin typed. Then a hub syncs its standards to a real central server (real
 * PostgreSQL), whose public page of the MPP shows each as last published.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { EMPTY_STANDARD, type ServiceStandard } from '../../shared/serviceStandard.js';
import { weekdayHours } from '../../shared/openingHours.js';
import { MasterImport, splitRequirements } from '../../electron/hub/masterImport.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';
import { createCentral, type Central } from '../../central/server.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import { testPostgres } from '../fixtures/postgres.js';
import { smallSite } from '../fixtures/smallSite.js';

let t: TestHub;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

const KTP: ServiceStandard = {
  requirements: ['Kartu Keluarga (asli)', 'Berusia 17 tahun atau sudah menikah'],
  procedure: 'Ambil nomor antrean\nSerahkan KK ke petugas\nPerekaman foto, sidik jari, dan iris',
  completionTime: 'Selesai di tempat (±15 menit)',
  fee: 'Gratis',
  product: 'KTP-el',
  legalBasis: 'UU 24/2013 tentang Administrasi Kependudukan',
  complaintContact: 'Meja pengaduan MPP atau SP4N-LAPOR! (lapor.go.id)',
};

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => t.dispose());

const ktpId = () => t.hub.core.db.prepare("SELECT id FROM services WHERE code = 'KTP'").pluck().get() as number;

describe('a service’s standard', () => {
  it('is written with its event and audit entry in one commit, and read by the kiosk and the public', async () => {
    const id = ktpId();
    const before = t.hub.core.events.lastSeq();
    expect((await t.client.call('GET', `/api/admin/services/${id}/standard`, admin())).json.requirements).toEqual([]);
    expect(t.hub.core.standards.summary(id)).toBeNull();

    const put = await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: KTP });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toEqual(KTP);

    const events = t.hub.core.events.readSince(before, 100).filter((e) => e.type === 'standard.published');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ serviceId: id, serviceName: 'KTP Elektronik', agencyName: expect.any(String), standard: KTP });
    const audit = t.hub.core.audit.list({ subject: 'service_standard' });
    expect(audit[0]).toMatchObject({ action: 'standard.update', subjectId: id, before: null, after: KTP });

    expect(t.hub.core.standards.summary(id)).toEqual({ requirements: KTP.requirements, completionTime: KTP.completionTime, fee: 'Gratis' });
    expect(t.hub.core.standards.summaries().get(id)).toEqual(t.hub.core.standards.summary(id));

    // The same again: nothing written, nothing published.
    const seq = t.hub.core.events.lastSeq();
    await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: KTP });
    expect(t.hub.core.events.lastSeq()).toBe(seq);

    // Public: no token.
    const pub = await t.client.call('GET', '/api/standards');
    expect(pub.status).toBe(200);
    expect(pub.json).toEqual([expect.objectContaining({ serviceId: id, serviceName: 'KTP Elektronik', standard: KTP })]);
    const page = await fetch(`${t.client.baseUrl}/standar`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('KTP Elektronik');
    expect(html).toContain('<li>Kartu Keluarga (asli)</li>');
    expect(html).toContain('<li>Serahkan KK ke petugas</li>');
    expect(html).not.toContain('<script');
  });

  it('refuses a bad standard, an unknown service and another agency’s supervisor, changing nothing', async () => {
    const id = ktpId();
    const snap = t.snapshot();
    const tooMany = { ...KTP, requirements: Array.from({ length: 31 }, (_, i) => `Dokumen ${i}`) };
    expectError(await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: tooMany }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: { ...KTP, requirements: ['KK | KTP'] } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: { ...KTP, extra: 1 } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/services/9999/standard', { ...admin(), body: KTP }), 'SERVICE_NOT_FOUND');
    expectError(await t.client.call('PUT', `/api/admin/services/${id}/standard`, { token: t.admin.token, body: KTP }), 'SESSION_REQUIRED');
    expectError(await t.client.call('GET', `/api/admin/services/${id}/standard`), 'UNAUTHENTICATED');

    const polres = t.hub.core.db.prepare("SELECT id FROM agencies WHERE code = 'POLRES'").pluck().get() as number;
    const add = await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Kepala Gerai Polres', username: 'kagerai.polres', pin: '9753', role: 'supervisor', agencyId: polres } });
    expect(add.status).toBe(201);
    const session = await t.login(t.admin.token, 'kagerai.polres', '9753');
    const snap2 = t.snapshot();
    expectError(await t.client.call('PUT', `/api/admin/services/${id}/standard`, { token: t.admin.token, session, body: { ...KTP, fee: 'Rp 1' } }), 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(snap2);
    expect(snap).not.toBe(snap2); // the officer was added between them
    // Their own agency's service: allowed.
    const skck = t.hub.core.db.prepare("SELECT id FROM services WHERE code = 'SKCK-BARU'").pluck().get() as number;
    expect((await t.client.call('PUT', `/api/admin/services/${skck}/standard`, { token: t.admin.token, session, body: { ...KTP, requirements: ['KTP-el'], fee: 'Rp 30.000 (PNBP)' } })).status).toBe(200);
  });

  it('escapes on the public page what an admin typed', async () => {
    const id = ktpId();
    const evil = { ...KTP, requirements: ['<script>alert(1)</script>', 'KK & "akta"'], product: '<img src=x onerror=alert(2)>' };
    expect((await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: evil })).status).toBe(200);
    const html = await (await fetch(`${t.client.baseUrl}/standar`)).text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('KK &#38; &#34;akta&#34;');
    await t.client.call('PUT', `/api/admin/services/${id}/standard`, { ...admin(), body: KTP });
  });

  it('rate-limits the public endpoints per address', async () => {
    let limited = 0;
    for (let i = 0; i < 70; i++) if ((await t.client.call('GET', '/api/standards')).status === 429) limited += 1;
    expect(limited).toBeGreaterThan(0);
  });
});

describe('the workbook’s Standar pelayanan sheet', () => {
  it('round-trips 300 services (XLSX and CSV), and a second import of the export changes nothing', async () => {
    const core = t.hub.core;
    const agency = core.db.prepare("SELECT id FROM agencies WHERE code = 'DUKCAPIL'").pluck().get() as number;
    core.master.transaction(() => {
      for (let n = 0; n < 300; n++) {
        core.master.addService({ agencyId: agency, code: `STD-${n}`, name: `Layanan uji ${n}`, prefix: `Q${String(n).padStart(3, '0')}`, hours: weekdayHours('08:00', '15:00') });
      }
    });
    const ids = core.db.prepare("SELECT id FROM services WHERE code LIKE 'STD-%' ORDER BY id").pluck().all() as number[];
    expect(ids).toHaveLength(300);
    const standardOf = (n: number): ServiceStandard => ({
      requirements: Array.from({ length: 1 + (n % 5) }, (_, i) => `Dokumen ${i + 1} untuk layanan ${n}${i === 0 ? ' (asli, 1 lembar)' : ''}`),
      procedure: `Ambil nomor\nLangkah ${n}`,
      completionTime: `${1 + (n % 7)} hari kerja`,
      fee: n % 3 === 0 ? 'Gratis' : `Rp ${n}.000`,
      product: `Produk ${n}`,
      legalBasis: n % 2 ? 'Perda 1/2020' : '',
      complaintContact: '=SUM(A1) meja pengaduan', // begins like a formula: the CSV must bring it back as it was
    });
    ids.forEach((id, n) => core.standards.set(id, standardOf(n), { officerId: 1 }));

    const importer = new MasterImport(core.master, core.standards);
    const xlsx = (await importer.exportXlsx()).toString('base64');
    const csv = Buffer.from(importer.exportCsv('Standar pelayanan')).toString('base64');

    // Cleared, then brought back by importing the export.
    core.db.prepare('DELETE FROM service_standards').run();
    core.standards.forget();
    const before = core.events.lastSeq();
    const result = await importer.apply({ xlsx }, { officerId: 1 });
    expect(result.preview.errors).toEqual([]);
    const standardRows = result.preview.rows.filter((r) => r.sheet === 'Standar pelayanan');
    expect(standardRows.filter((r) => r.action === 'add')).toHaveLength(302); // the 300, KTP and SKCK-BARU
    ids.forEach((id, n) => expect(core.standards.get(id)).toEqual(standardOf(n)));
    expect(core.events.readSince(before, 10_000).filter((e) => e.type === 'standard.published')).toHaveLength(302);
    const master = core.events.readSince(before, 10_000).filter((e) => e.type === 'master.changed');
    expect(master).toHaveLength(1);

    // Importing the same again: every standard row unchanged, nothing published.
    const again = await importer.preview({ xlsx });
    expect(again.rows.filter((r) => r.sheet === 'Standar pelayanan' && r.action !== 'unchanged')).toEqual([]);
    const viaCsv = await importer.preview({ csv: { 'Standar pelayanan': csv } });
    expect(viaCsv.errors).toEqual([]);
    expect(viaCsv.rows.filter((r) => r.action !== 'unchanged')).toEqual([]);
    expect(viaCsv.rows).toHaveLength(core.master.servicesAdmin().length);
  });

  it('refuses a bad row by its row and column, changing nothing; reads " | " between requirements', async () => {
    const core = t.hub.core;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Standar pelayanan');
    ws.addRow(['Kode', 'Persyaratan', 'Prosedur', 'Waktu penyelesaian', 'Biaya', 'Produk', 'Dasar hukum', 'Pengaduan']);
    ws.addRow(['KK', 'KTP-el suami/istri | Buku nikah | Surat pindah', '', '1 hari kerja', 'Gratis', 'Kartu Keluarga', '', '']);
    ws.addRow(['TIDAK-ADA', 'KTP', '', '', '', '', '', '']);
    ws.addRow(['STD-1', Array.from({ length: 31 }, (_, i) => `Dok ${i}`).join('\n'), '', '', '', '', '', '']);
    ws.addRow(['STD-2', 'KTP', '', 'x'.repeat(201), '', '', '', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const snap = t.snapshot();
    const r = await t.client.call('POST', '/api/admin/master/import', { ...admin(), body: { xlsx } });
    expectError(r, 'MASTER_IMPORT_INVALID');
    expect(t.snapshot()).toBe(snap);
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: { xlsx } })).json;
    expect(preview.errors.map((e: any) => [e.sheet, e.row, e.column])).toEqual([
      ['Standar pelayanan', 3, 'Kode'],
      ['Standar pelayanan', 4, 'Persyaratan'],
      ['Standar pelayanan', 5, 'Waktu penyelesaian'],
    ]);
    expect(preview.errors[0].message.id).toContain('TIDAK-ADA');
    expect(t.snapshot()).toBe(snap);

    // Without the bad rows it applies, the "|" list read as three requirements.
    const fixed = new ExcelJS.Workbook();
    const sheet = fixed.addWorksheet('Standar pelayanan');
    sheet.addRow(ws.getRow(1).values as ExcelJS.CellValue[]);
    sheet.addRow(ws.getRow(2).values as ExcelJS.CellValue[]);
    const good = Buffer.from(await fixed.xlsx.writeBuffer()).toString('base64');
    const ok = await t.client.call('POST', '/api/admin/master/import', { ...admin(), body: { xlsx: good } });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const kk = core.db.prepare("SELECT id FROM services WHERE code = 'KK'").pluck().get() as number;
    expect(core.standards.get(kk).requirements).toEqual(['KTP-el suami/istri', 'Buku nikah', 'Surat pindah']);
    expect(splitRequirements('A\r\nB |C\n\n')).toEqual(['A', 'B', 'C']);
  });
});

describe('the central server’s public page of each MPP (real PostgreSQL)', () => {
  let pg: { url: string; stop: () => Promise<void> };
  let central: Central;
  let url: string;
  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: 'admin-token-for-the-tests', publicPerMinute: 20 });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
  }, 60_000);
  afterAll(async () => {
    await central?.close();
    await pg?.stop();
  });

  async function drain(outbox: SyncOutbox): Promise<void> {
    for (let i = 0; i < 100; i++) if ((await outbox.pushOnce()).kind === 'idle') return;
    throw new Error('the outbox did not drain');
  }

  it('shows what a hub synced, escaped; an update replaces it and a cleared one leaves', async () => {
    const { site, token } = await central.store.addSite('mpp-standar', 'MPP Kota <Uji>');
    const s = await smallSite();
    try {
      const outbox = new SyncOutbox(s.core, { url, site: site.code, token, baseDelayMs: 1000, random: () => 0.5, requestTimeoutMs: 5000 });
      s.core.standards.set(s.services.a, { ...KTP, requirements: ['<script>alert(1)</script>', ...KTP.requirements] }, { officerId: s.officers[0]! });
      s.core.standards.set(s.services.b, { ...KTP, requirements: ['KTP-el'], product: 'Kartu Keluarga' }, { officerId: s.officers[0]! });
      await drain(outbox);

      const json = await (await fetch(`${url}/public/mpp-standar/standards`)).json();
      expect(json.map((p: any) => [p.serviceName, p.standard.fee])).toEqual([
        ['KTP-el', 'Gratis'],
        ['Kartu Keluarga', 'Gratis'],
      ]);
      const res = await fetch(`${url}/public/mpp-standar/standar`);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      let html = await res.text();
      expect(html).toContain('MPP Kota &#60;Uji&#62;');
      expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
      expect(html).not.toContain('<script>');
      expect(html).toContain('Dinas Kependudukan dan Pencatatan Sipil');

      // The fee changes at the hub: the central page says only the new one. KK's is cleared: it leaves.
      s.core.standards.set(s.services.a, { ...KTP, fee: 'Rp 10.000 (denda keterlambatan)' }, { officerId: s.officers[0]! });
      s.core.standards.set(s.services.b, EMPTY_STANDARD, { officerId: s.officers[0]! });
      await drain(outbox);
      html = await (await fetch(`${url}/public/mpp-standar/standar`)).text();
      expect(html).toContain('Rp 10.000 (denda keterlambatan)');
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<summary>Kartu Keluarga</summary>');
      const after = await (await fetch(`${url}/public/mpp-standar/standards`)).json();
      expect(after).toHaveLength(1);
      expect(after[0].standard).toEqual({ ...KTP, fee: 'Rp 10.000 (denda keterlambatan)' });
      expect((await central.pool.query("SELECT COUNT(*)::int AS n FROM events WHERE type = 'standard.published'")).rows[0].n).toBe(4);

      const unknown = await fetch(`${url}/public/tidak-ada/standar`);
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error).toBe('NO_SUCH_SITE');
    } finally {
      s.dispose();
    }
  });

  it('rate-limits its public pages per address, never the ingest', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await fetch(`${url}/public/mpp-standar/standards`)).status);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(20);
    for (let i = 0; i < 25; i++) expect((await fetch(`${url}/api/ingest`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });
});
