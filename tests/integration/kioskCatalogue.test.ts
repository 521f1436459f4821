/**
 * What the kiosk's first screens read from the hub (issue 20), through the real API: each
 * service's search keywords (the admin's form, the workbook's "Kata kunci" column both ways, an
 * old workbook without it, an old database before migration 15), the "Layanan populer" ranks
 * (over 30 days, today's alone on a new MPP, counted again hourly), and the counters open for
 * each service, with the site's choice to refuse tickets nobody serves yet (NO_COUNTER_OPEN).
 */
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/hub/core.js';
import { DB_FILE_NAME } from '../../electron/hub/db/open.js';
import { MIGRATIONS, migrate } from '../../electron/hub/db/migrations.js';
import { ERRORS } from '../../shared/errors.js';
import { MASTER_COLUMNS } from '../../shared/masterData.js';
import { ManualClock } from '../fixtures/clock.js';
import { tempDir } from '../fixtures/tempDir.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
let kiosk: { token: string };
const tmp = tempDir('antre-kiosk-catalogue-');
const admin = () => ({ token: t.admin.token, session: t.admin.session });
const b64 = (buf: Buffer | ArrayBuffer) => Buffer.from(buf as ArrayBuffer).toString('base64');
let request = 0;
const issue = (serviceId: number, requestId = `katalog-${request++}`) => t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId } });
const catalogue = async () => (await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).json;
const service = async (name: string) => (await catalogue()).agencies.flatMap((a: any) => a.services).find((s: any) => s.name === name);
const adminServices = async () => (await t.client.call('GET', '/api/admin/services', admin())).json as any[];
const KIOSK = { askPriority: true, idleSeconds: 30, printerTrouble: 'stop', withoutOpenCounter: 'issue', surveyInvitation: true };

async function workbook(): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${t.client.baseUrl}/api/admin/master/export?format=xlsx`, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}
const column = (name: string) => (MASTER_COLUMNS.Layanan as readonly string[]).indexOf(name) + 1;
function rowOf(wb: ExcelJS.Workbook, code: string): ExcelJS.Row {
  const ws = wb.getWorksheet('Layanan')!;
  let found: ExcelJS.Row | null = null;
  ws.eachRow((r) => {
    if (r.getCell(1).value === code) found = r;
  });
  return found!;
}
const importBody = async (wb: ExcelJS.Workbook) => ({ xlsx: b64(await wb.xlsx.writeBuffer()) });

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk');
});
afterAll(async () => {
  await t.dispose();
  tmp.remove();
});

describe('service keywords', () => {
  it('come with the demo, travel in the catalogue, and are set from the admin’s form, tidied', async () => {
    expect((await service('KTP Elektronik')).keywords).toEqual(['ktp', 'e-ktp', 'ktp-el', 'kartu tanda penduduk']);
    const ktp = (await adminServices()).find((s) => s.code === 'KTP');
    expect(ktp.keywords).toEqual(['ktp', 'e-ktp', 'ktp-el', 'kartu tanda penduduk']);

    // A comma inside one keyword is refused as it is (the form splits at commas before sending).
    const snap = t.snapshot();
    const bad = await t.client.call('PUT', `/api/admin/services/${ktp.id}`, { ...admin(), body: { keywords: ['ktp, e-ktp'] } });
    expect(bad.status).toBe(ERRORS.VALIDATION_FAILED.status);
    expect(t.snapshot()).toBe(snap);

    // Spaces trimmed, a repeat (whatever its case) once, the admin's order kept.
    expect((await t.client.call('PUT', `/api/admin/services/${ktp.id}`, { ...admin(), body: { keywords: [' KTP ', 'ktp', 'ktp   el', 'e-ktp'] } })).status).toBe(200);
    expect((await adminServices()).find((s) => s.code === 'KTP').keywords).toEqual(['KTP', 'ktp el', 'e-ktp']);
    expect((await service('KTP Elektronik')).keywords).toEqual(['KTP', 'ktp el', 'e-ktp']);

    // A new service with them; without them it has none.
    const added = await t.client.call('POST', '/api/admin/services', { ...admin(), body: { agencyId: ktp.agencyId, code: 'KTP-LUAR', name: 'KTP untuk WNA', prefix: 'AW', keywords: ['ktp wna', 'orang asing'] } });
    expect(added.status).toBe(201);
    expect((await adminServices()).find((s) => s.code === 'KTP-LUAR').keywords).toEqual(['ktp wna', 'orang asing']);
    expect((await adminServices()).find((s) => s.code === 'KK').keywords).toEqual(['kk', 'kartu keluarga', 'kk baru']);
  });

  it('go out and come back in the workbook’s "Kata kunci" column; a workbook without it leaves them as they are', async () => {
    const wb = await workbook();
    const header = (wb.getWorksheet('Layanan')!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...MASTER_COLUMNS.Layanan]);
    expect(header.at(-1)).toBe('Kata kunci');
    expect(rowOf(wb, 'KTP').getCell(column('Kata kunci')).value).toBe('KTP, ktp el, e-ktp');

    // Imported back as exported: nothing changes.
    const same = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: await importBody(wb) })).json;
    expect(same.errors).toEqual([]);
    expect(same.counts.add + same.counts.change).toBe(0);

    // Changed in Excel, as people type them (semicolons, spaces).
    rowOf(wb, 'KTP').getCell(column('Kata kunci')).value = 'ktp; e-ktp ;  KTP-EL';
    rowOf(wb, 'KK').getCell(column('Kata kunci')).value = '';
    const changed = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: await importBody(wb) })).json;
    expect(changed.errors).toEqual([]);
    expect(changed.rows.filter((r: any) => r.action === 'change').map((r: any) => [r.key, r.changed])).toEqual([
      ['KTP', ['Kata kunci']],
      ['KK', ['Kata kunci']],
    ]);
    expect((await t.client.call('POST', '/api/admin/master/import', { ...admin(), body: await importBody(wb) })).json.applied).toBe(2);
    const after = await adminServices();
    expect(after.find((s) => s.code === 'KTP').keywords).toEqual(['ktp', 'e-ktp', 'KTP-EL']);
    expect(after.find((s) => s.code === 'KK').keywords).toEqual([]);

    // Too many, or one too long: an error on that cell, nothing applied.
    rowOf(wb, 'KTP').getCell(column('Kata kunci')).value = Array.from({ length: 31 }, (_, i) => `kata${i}`).join(', ');
    const tooMany = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: await importBody(wb) })).json;
    expect(tooMany.errors.map((e: any) => [e.sheet, e.column])).toEqual([['Layanan', 'Kata kunci']]);

    // A workbook made before the column existed: read without an error, keywords untouched.
    const old = await workbook();
    old.getWorksheet('Layanan')!.spliceColumns(column('Kata kunci'), 1);
    rowOf(old, 'KTP').getCell(column('Menit per warga')).value = 9;
    const preview = (await t.client.call('POST', '/api/admin/master/import/preview', { ...admin(), body: await importBody(old) })).json;
    expect(preview.errors).toEqual([]);
    expect(preview.rows.filter((r: any) => r.action === 'change').map((r: any) => [r.key, r.changed])).toEqual([['KTP', ['Menit per warga']]]);
    expect((await t.client.call('POST', '/api/admin/master/import', { ...admin(), body: await importBody(old) })).json.applied).toBe(1);
    expect((await adminServices()).find((s) => s.code === 'KTP')).toMatchObject({ estimatedMinutes: 9, keywords: ['ktp', 'e-ktp', 'KTP-EL'] });

    // The CSV export has the column too, with the keywords in one quoted cell.
    const csv = await fetch(`${t.client.baseUrl}/api/admin/master/export?format=csv&sheet=Layanan`, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]!.endsWith(';Kata kunci')).toBe(true);
    expect(lines.find((l) => l.startsWith('KTP;'))!.endsWith(';ktp, e-ktp, KTP-EL')).toBe(true);
  });

  it('are empty for every service of a database from before migration 15', () => {
    const clock = new ManualClock(Date.parse('2026-12-02T02:00:00Z'));
    // A database as the version before left it: no keywords column, version 14, a service.
    const older = join(tmp.dir, 'older');
    mkdirSync(older, { recursive: true });
    const raw = new Database(join(older, DB_FILE_NAME));
    migrate(raw, MIGRATIONS.filter((m) => m.version <= 14));
    raw.exec(`INSERT INTO site (id, name, address, time_zone) VALUES (1, 'MPP Lama', '', 'Asia/Jakarta');
      INSERT INTO agencies (id, code, name, short_name) VALUES (1, 'DUKCAPIL', 'Dinas Kependudukan', 'Dukcapil');
      INSERT INTO services (id, agency_id, code, name, prefix, hours) VALUES (1, 1, 'KTP', 'KTP Elektronik', 'A', '${JSON.stringify(Array.from({ length: 7 }, () => [{ open: '08:00', close: '15:00' }]))}');`);
    raw.close();
    const core = openCore({ dataDir: older, clock });
    try {
      expect(core.db.pragma('user_version', { simple: true })).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
      expect(core.master.servicesAdmin()[0]).toMatchObject({ code: 'KTP', keywords: [] });
      expect(core.views.catalogue().agencies[0]!.services[0]).toMatchObject({ name: 'KTP Elektronik', keywords: [], countersOpen: 0, popularRank: null });
    } finally {
      core.close();
    }
    // migrate() itself on a bare database at 14 adds only the column.
    const bare = new Database(':memory:');
    migrate(bare, MIGRATIONS.filter((m) => m.version < 15));
    migrate(bare);
    expect((bare.prepare(`SELECT dflt_value FROM pragma_table_info('services') WHERE name = 'keywords'`).pluck().get() as string) ?? null).toBe("''");
    bare.close();
  });
});

describe('"Layanan populer"', () => {
  const ranks = async () =>
    Object.fromEntries(
      (await catalogue()).agencies
        .flatMap((a: any) => a.services)
        .filter((s: any) => s.popularRank !== null)
        .map((s: any) => [s.name, s.popularRank]),
    );

  it('ranks today’s tickets on a new MPP as they are taken, then 30 days’ tickets, counted again each hour', async () => {
    // (the keyword tests issued nothing)
    expect(await ranks()).toEqual({});
    const id = async (name: string) => (await service(name)).id as number;
    const [kk, ktp, akta] = [await id('Kartu Keluarga'), await id('KTP Elektronik'), await id('Akta Kelahiran')];
    for (const s of [kk, kk, ktp]) expect((await issue(s)).status).toBe(201);
    // No history yet: today's count, at once.
    expect(await ranks()).toEqual({ 'Kartu Keluarga': 1, 'KTP Elektronik': 2 });

    // The next day: yesterday is history; the count stands for an hour.
    t.clock.advance(24 * 60 * 60_000);
    expect(await ranks()).toEqual({ 'Kartu Keluarga': 1, 'KTP Elektronik': 2 });
    for (const s of [akta, akta, akta]) expect((await issue(s)).status).toBe(201);
    expect(await ranks()).toEqual({ 'Kartu Keluarga': 1, 'KTP Elektronik': 2 });
    t.clock.advance(61 * 60_000);
    expect(await ranks()).toEqual({ 'Akta Kelahiran': 1, 'Kartu Keluarga': 2, 'KTP Elektronik': 3 });

    // Six at most; a tie goes to the service added first.
    for (const name of ['Akta Kematian', 'Kartu Identitas Anak', 'Surat Pindah Datang', 'SKCK Baru', 'Pendaftaran NPWP']) expect((await issue(await id(name))).status).toBe(201);
    t.clock.advance(61 * 60_000);
    expect(await ranks()).toEqual({ 'Akta Kelahiran': 1, 'Kartu Keluarga': 2, 'KTP Elektronik': 3, 'Akta Kematian': 4, 'Kartu Identitas Anak': 5, 'Surat Pindah Datang': 6 });

    // 30 days on, the first day no longer counts.
    t.clock.advance(29 * 24 * 60 * 60_000);
    expect(await ranks()).toEqual({ 'Akta Kelahiran': 1, 'Akta Kematian': 2, 'Kartu Identitas Anak': 3, 'Surat Pindah Datang': 4, 'SKCK Baru': 5, 'Pendaftaran NPWP': 6 });
  });
});

describe('a service no open counter serves', () => {
  it('counts the counters open for each service, and is refused (NO_COUNTER_OPEN) when the site says so, changing nothing', async () => {
    // The clock moved a month above: the admin logs in again.
    t.admin.session = await t.login(t.admin.token, 'admin', '246810');
    const counters = (await t.client.call('GET', '/api/counters', admin())).json as any[];
    const gerai1 = counters.find((c) => c.label === 'Gerai 1').id as number;
    const ktp = async () => (await service('KTP Elektronik')) as { id: number; countersOpen: number; open: boolean };
    expect((await ktp()).countersOpen).toBe(0);

    const desk = await t.pair('counter', { counterId: gerai1 });
    const session = await t.login(desk.token, 'petugas01', '1234');
    expect((await ktp()).countersOpen).toBe(1);
    expect((await service('SKCK Baru')).countersOpen).toBe(0);
    const act = (path: string, body?: unknown) => t.client.call('POST', `/api/counters/${gerai1}/${path}`, { token: desk.token, session, ...(body ? { body } : {}) });
    expect((await act('pause', { reason: 'Istirahat' })).status).toBe(200);
    expect((await ktp()).countersOpen).toBe(0);
    expect((await act('resume')).status).toBe(200);
    expect((await ktp()).countersOpen).toBe(1);
    expect((await t.client.call('DELETE', '/api/sessions/current', { token: desk.token, session })).status).toBe(200);
    expect((await ktp()).countersOpen).toBe(0);

    // By default a ticket is still issued (the morning queue before the counters open).
    const early = await issue((await ktp()).id, 'pagi-sebelum-buka');
    expect(early.status).toBe(201);

    expect((await t.client.call('PUT', '/api/admin/settings', { ...admin(), body: { kiosk: { ...KIOSK, withoutOpenCounter: 'refuse' } } })).status).toBe(200);
    try {
      const snap = t.snapshot();
      const refused = await issue((await ktp()).id);
      expect(refused.status).toBe(ERRORS.NO_COUNTER_OPEN.status);
      expect(refused.json.error).toMatchObject({ code: 'NO_COUNTER_OPEN', message: { id: ERRORS.NO_COUNTER_OPEN.id, en: ERRORS.NO_COUNTER_OPEN.en } });
      expect(t.snapshot()).toBe(snap);
      // The service is still open by its hours: the kiosk puts the two together.
      expect(await ktp()).toMatchObject({ open: true, countersOpen: 0 });
      // A retry of a ticket issued before still gets it.
      const again = await issue((await ktp()).id, 'pagi-sebelum-buka');
      expect(again.status).toBe(201);
      expect(again.json.ticket.id).toBe(early.json.ticket.id);
      // An officer logs in: tickets again.
      const back = await t.login(desk.token, 'petugas01', '1234');
      expect((await issue((await ktp()).id)).status).toBe(201);
      await t.client.call('DELETE', '/api/sessions/current', { token: desk.token, session: back });
    } finally {
      await t.client.call('PUT', '/api/admin/settings', { ...admin(), body: { kiosk: KIOSK } });
    }
  });
});
