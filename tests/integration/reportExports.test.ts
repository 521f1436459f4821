/**
 * The reports people read, through the real API on a real SQLite file: two days worked out by hand
 * (a transfer to another agency, a cancel, no-shows, one closed with the day, tickets left
 * waiting, two survey answers). The range's CSV read back with `;` and a decimal comma has the
 * XLSX's cells and a date on every row; counter and officer rows add up to the totals; the monthly
 * recap per agency; the IKM report of Permenpan RB 14/2017 as JSON, XLSX and a PDF whose text is
 * read back; an agency supervisor sees only their agency and is refused another's.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../electron/hub/secrets.js';
import { ERRORS } from '../../shared/errors.js';
import { shortFormAnswers, type IkmAnswers } from '../../shared/ikm.js';
import { REPORT_FILE_TYPES, type IkmReport, type MonthlyRecap, type Report, type ReportRow } from '../../shared/reports.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';
import { readCsv, readXlsx } from '../fixtures/reportFiles.js';

let t: TestHub;
// Logged in again after the two days: a session of the Monday morning has long expired.
let adminAuth: { token: string; session: string };
const admin = () => adminAuth;
let supervisor: { token: string; session: string };
const DAY1 = '2026-11-23';
const DAY2 = '2026-11-24';
let agency1: { id: number; name: string };
let agency2: { id: number; name: string };

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

/** A file from the API, as bytes, with its content type checked. */
async function file(path: string, type: string, who = admin()): Promise<Buffer> {
  const res = await fetch(`${t.hub.url}${path}`, { headers: { authorization: `Bearer ${who.token}`, 'x-antre-session': who.session } });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe(type);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="antre-/);
  return Buffer.from(await res.arrayBuffer());
}

/** The text of every page of a PDF, as pdf.js reads it. */
async function pdfText(bytes: Buffer): Promise<string> {
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n');
}

const COUNTS = ['handled', 'called', 'served', 'noShow', 'cancelled', 'unfinished', 'transferred'] as const;
function expectRowsAddUp(rows: readonly ReportRow[], total: ReportRow, what: string) {
  for (const col of COUNTS) expect(rows.reduce((s, r) => s + r[col], 0), `${what}: ${col}`).toBe(total[col]);
  expect(rows.reduce((s, r) => s + r.ikm.respondents, 0), `${what}: respondents`).toBe(total.ikm.respondents);
}

beforeAll(async () => {
  t = await startTestHub();
  const { db, engine, survey } = t.hub.core;
  const clock = t.clock;
  const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
  [agency1, agency2] = db.prepare('SELECT id, name FROM agencies ORDER BY sort_order, id LIMIT 2').all() as { id: number; name: string }[] as [typeof agency1, typeof agency2];
  const serviceOf = (agencyId: number, n: number) => one<{ id: number }>('SELECT id FROM services WHERE agency_id = ? AND active = 1 ORDER BY id LIMIT 1 OFFSET ?', agencyId, n).id;
  const counterFor = (serviceId: number) => one<{ counter_id: number }>('SELECT counter_id FROM counter_services WHERE service_id = ? ORDER BY rank LIMIT 1', serviceId).counter_id;
  const [o1, o2] = (db.prepare(`SELECT id FROM officers WHERE role = 'officer' ORDER BY id LIMIT 2`).pluck().all() as number[]).map((officerId) => ({ officerId })) as [{ officerId: number }, { officerId: number }];
  const s1 = serviceOf(agency1.id, 0);
  const s2 = serviceOf(agency1.id, 1);
  const s3 = serviceOf(agency2.id, 0);
  const c1 = counterFor(s1);
  const c3 = counterFor(s3);
  let n = 0;
  const issue = (serviceId: number) => engine.issue({ serviceId, requestId: `report-export-${++n}` }).ticket.id;
  const at = (day: number, hh: number, mm: number) => clock.set(Date.UTC(2026, 10, 23 + day, hh - 7, mm));

  // Monday 23 November. Four tickets for s1, served at c1: T1 and T2 served, T3 absent, T4 sent to agency 2.
  at(0, 9, 0);
  const t1 = issue(s1);
  at(0, 9, 1);
  const t2 = issue(s1);
  at(0, 9, 2);
  issue(s1);
  at(0, 9, 3);
  issue(s1);
  engine.openCounter(c1, o1);
  at(0, 9, 10);
  expect(engine.callNext(c1, o1)?.id).toBe(t1); // waited 10:00
  engine.start(c1, o1);
  at(0, 9, 18);
  engine.finish(c1, o1);
  survey.answer({ form: 'full', ticketId: t1, answers: { ...shortFormAnswers(4), persyaratan: 3 } as Required<IkmAnswers>, profile: { gender: 'P', education: 'sma' } }, {});
  at(0, 9, 20);
  expect(engine.callNext(c1, o1)?.id).toBe(t2); // waited 19:00
  engine.start(c1, o1);
  at(0, 9, 25);
  engine.finish(c1, o1);
  survey.answer({ form: 'short', ticketId: t2, value: 3 }, {});
  engine.callNext(c1, o1); // T3
  engine.noShow(c1, o1);
  at(0, 9, 26);
  engine.callNext(c1, o1); // T4
  engine.transfer(c1, s3, o1);
  // T5 for s2, cancelled before any call; T4 served at agency 2's counter; T6 left waiting.
  const t5 = issue(s2);
  engine.cancel(t5, 'salah ambil', {});
  engine.openCounter(c3, o2);
  at(0, 9, 30);
  engine.callNext(c3, o2); // T4
  at(0, 9, 40);
  engine.finish(c3, o2);
  issue(s3);

  // Tuesday 24 November: U1 served, U2 absent, U3 waiting; the day is closed (U2 stays a no-show).
  at(1, 10, 0);
  issue(s1);
  issue(s1);
  issue(s1);
  engine.openCounter(c1, o1);
  at(1, 10, 5);
  engine.callNext(c1, o1);
  at(1, 10, 9);
  engine.finish(c1, o1);
  engine.callNext(c1, o1);
  engine.noShow(c1, o1);
  engine.closeDay(DAY2, 'Tutup', {});

  // The head of agency 1 (kepala gerai), a supervisor of that agency only.
  db.prepare(`INSERT INTO officers (name, username, pin_hash, role, agency_id) VALUES ('Kepala Gerai', 'kepala.gerai', ?, 'supervisor', ?)`).run(await hashPin('5678'), agency1.id);
  supervisor = { token: t.admin.token, session: await t.login(t.admin.token, 'kepala.gerai', '5678') };
  adminAuth = { token: t.admin.token, session: await t.login(t.admin.token, 'admin', '246810') };
}, 60_000);
afterAll(async () => t?.dispose());

describe('a range report through the API', () => {
  it('counts the two days as worked out by hand, with rows that add up in every grouping', async () => {
    for (const by of ['agency', 'service', 'counter', 'officer'] as const) {
      const r = await t.client.call<Report>('GET', `/api/admin/reports?from=${DAY1}&to=${DAY2}&by=${by}`, admin());
      expect(r.status).toBe(200);
      // Issued 9: served T1, T2, T4, U1; absent T3, U2 (closed with the day); T5 cancelled; T6, U3
      // unfinished. Called: all but T5, T6 and U3.
      expect(r.json.total).toMatchObject({ issued: 9, handled: 9, called: 6, served: 4, noShow: 2, cancelled: 1, unfinished: 2, transferred: 1 });
      expect(r.json.total.ikm).toEqual({ respondents: 2, converted: 86.11, grade: 'B' });
      expectRowsAddUp(r.json.rows, r.json.total, by);
      if (by === 'counter' || by === 'officer') {
        expect(r.json.rows.every((row) => row.issued === null)).toBe(true);
        // T5, T6 and U3 were never called at a counter: their own row, not lost.
        expect(r.json.rows.find((row) => row.key === null)).toMatchObject({ handled: 3, called: 0, cancelled: 1, unfinished: 2 });
      } else {
        expect(r.json.rows.reduce((s, row) => s + row.issued!, 0)).toBe(9);
      }
    }
    const agencies = (await t.client.call<Report>('GET', `/api/admin/reports?from=${DAY1}&to=${DAY2}&by=agency`, admin())).json.rows;
    // Agency 1 issued T1–T5 and U1–U3; T4 ended at agency 2, which issued only T6.
    expect(agencies.find((a) => a.key === agency1.id)).toMatchObject({ issued: 8, handled: 7, transferred: 1 });
    expect(agencies.find((a) => a.key === agency2.id)).toMatchObject({ issued: 1, handled: 2, served: 1, unfinished: 1 });
  });

  it('exports the range with a date on every row; the CSV read back with `;` and decimal commas is the XLSX', async () => {
    for (const by of ['counter', 'service'] as const) {
      const q = `/api/admin/reports?from=${DAY1}&to=${DAY2}&by=${by}`;
      const csvBytes = await file(`${q}&format=csv`, REPORT_FILE_TYPES.csv);
      // The BOM, as Excel needs to read UTF-8.
      expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = readCsv(csvBytes.toString('utf8'));
      const xlsx = await readXlsx(await file(`${q}&format=xlsx`, REPORT_FILE_TYPES.xlsx));
      expect(csv).toEqual(xlsx);
      expect(csv[0]!.slice(0, 3)).toEqual(['Tanggal', by === 'counter' ? 'Loket' : 'Layanan', 'Diambil']);
      const body = csv.slice(1);
      const dates = new Set(body.map((row) => row[0]));
      expect(dates).toEqual(new Set([DAY1, DAY2, `${DAY1} s.d. ${DAY2}`]));
      // Each day's total, and the range's; the days add up to the range.
      const total = (date: string) => body.find((row) => row[0] === date && row[1] === 'Total')!;
      const handled = 3; // Tanggal, Nama, Diambil, then Ditangani
      expect(total(DAY1)[2]).toBe(6);
      expect(total(DAY2)[2]).toBe(3);
      expect(total(`${DAY1} s.d. ${DAY2}`)[2]).toBe(9);
      expect((total(DAY1)[handled] as number) + (total(DAY2)[handled] as number)).toBe(9);
      // Each day's rows add up to its total, column by column (the counts: Diambil … Dialihkan).
      for (const date of [DAY1, DAY2]) {
        const rows = body.filter((row) => row[0] === date && row[1] !== 'Total');
        for (let col = by === 'counter' ? 3 : 2; col <= 9; col++) expect(rows.reduce((s, row) => s + ((row[col] as number) ?? 0), 0), `${by} ${date} column ${col}`).toBe(total(date)[col]);
      }
    }
    // Times as durations (h:mm:ss in the CSV): agency 1 waited 10:00, 19:00 and 23:00 on the first day.
    const lines = (await file(`/api/admin/reports?from=${DAY1}&by=agency&format=csv`, REPORT_FILE_TYPES.csv)).toString('utf8').split('\r\n');
    expect(lines[1]).toMatch(new RegExp(`^${DAY1};${agency1.name};5;4;3;2;1;1;0;1;0:17:20;0:19:00;0:22:12;`));
  });
});

describe('the monthly recap per agency', () => {
  it('lists each agency per day and per week of the month, adding up to its month', async () => {
    const r = await t.client.call<MonthlyRecap>('GET', '/api/admin/reports/monthly?month=2026-11', admin());
    expect(r.status).toBe(200);
    const a1 = r.json.agencies.find((a) => a.agencyId === agency1.id)!;
    expect(a1.periods).toHaveLength(30);
    expect(a1.periods[22]).toMatchObject({ from: DAY1, to: DAY1, name: 'Senin', issued: 5, served: 2, noShow: 1, cancelled: 1 });
    expect(a1.periods[23]).toMatchObject({ from: DAY2, name: 'Selasa', issued: 3, served: 1, noShow: 1, unfinished: 1 });
    expect(a1.total).toMatchObject({ issued: 8, served: 3, noShow: 2, ikm: { respondents: 2, converted: 86.11, grade: 'B' } });
    // Called after 10:00 (T1), 19:00 (T2), 23:00 (T3), 5:00 (U1) and 9:00 (U2): 13:12 on average.
    expect(a1.total.wait.avg).toBe((600 + 1140 + 1380 + 300 + 540) / 5);
    // T4 waited from 09:03 to its first call, at 09:26 (before its transfer to agency 2).
    expect(r.json.agencies.find((a) => a.agencyId === agency2.id)!.total.wait).toEqual({ avg: 1380, median: 1380, p90: 1380 });
    for (const a of r.json.agencies) {
      expectRowsAddUp(a.periods, a.total, a.name);
      expect(a.periods.reduce((s, p) => s + p.issued!, 0)).toBe(a.total.issued);
    }
    // November 2026 starts on a Sunday: weeks from Monday, cut at the month's ends.
    const weeks = (await t.client.call<MonthlyRecap>('GET', '/api/admin/reports/monthly?month=2026-11&period=week', admin())).json;
    const w1 = weeks.agencies.find((a) => a.agencyId === agency1.id)!;
    expect(w1.periods.map((p) => [p.from, p.to])).toEqual([
      ['2026-11-01', '2026-11-01'],
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
      ['2026-11-23', '2026-11-29'],
      ['2026-11-30', '2026-11-30'],
    ]);
    expect(w1.periods[4]).toMatchObject({ name: 'Minggu ke-5', issued: 8, served: 3 });
  });

  it('downloads as CSV (the XLSX’s cells) and as a PDF', async () => {
    const q = '/api/admin/reports/monthly?month=2026-11&period=week';
    const csv = readCsv((await file(`${q}&format=csv`, REPORT_FILE_TYPES.csv)).toString('utf8'));
    expect(csv).toEqual(await readXlsx(await file(`${q}&format=xlsx`, REPORT_FILE_TYPES.xlsx)));
    expect(csv.find((row) => row[0] === agency1.name && row[1] === 'Jumlah sebulan')).toEqual([agency1.name, 'Jumlah sebulan', '2026-11-01', '2026-11-30', 8, 3, 2, 1, 1, expect.any(Number), expect.any(Number), expect.any(Number), 2, 86.11, 'B']);
    const text = await pdfText(await file(`${q}&format=pdf`, REPORT_FILE_TYPES.pdf));
    expect(text).toContain('REKAP BULANAN NOVEMBER 2026');
    expect(text).toContain(agency1.name);
    expect(text).toContain('Minggu ke-5');
    expect(text).toContain('86,11 (B, 2)');
  });
});

describe('the IKM report (Permenpan RB 14/2017)', () => {
  it('gives the nine elements’ NRR, weighted, the IKM, its grade and the respondents’ profile', async () => {
    const r = await t.client.call<IkmReport>('GET', `/api/admin/reports/ikm?from=${DAY1}&to=${DAY2}`, admin());
    expect(r.status).toBe(200);
    // T1: persyaratan 3, the rest 4; T2: one tap of 3. Persyaratan 3 + 3 → NRR 3; the rest 4 + 3 → 3.5.
    expect(r.json.respondents).toBe(2);
    expect(r.json.forms).toEqual({ full: 1, short: 1 });
    expect(r.json.elements.map((e) => e.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(r.json.elements[0]).toEqual({ code: 'U1', element: 'persyaratan', name: 'Persyaratan', answered: 2, sum: 6, nrr: 3, weighted: 0.3333 });
    expect(r.json.elements[8]).toMatchObject({ code: 'U9', name: 'Sarana dan prasarana', sum: 7, nrr: 3.5, weighted: 0.3889 });
    // (3 + 8 × 3.5) / 9 = 3.4444; × 25 = 86.11 → B, Baik.
    expect(r.json).toMatchObject({ ikm: 3.4444, converted: 86.11, grade: 'B', gradeName: 'Baik' });
    // T1 gave gender and education; T2's one tap gives no profile.
    expect(r.json.profile).toEqual({
      gender: { Perempuan: 1, 'Tidak diisi': 1 },
      age: { 'Tidak diisi': 2 },
      education: { SMA: 1, 'Tidak diisi': 1 },
      occupation: { 'Tidak diisi': 2 },
    });
  });

  it('renders a PDF whose text holds the elements, the IKM value and the grade', async () => {
    const text = await pdfText(await file(`/api/admin/reports/ikm?from=${DAY1}&to=${DAY2}&format=pdf`, REPORT_FILE_TYPES.pdf));
    for (const s of ['LAPORAN SURVEI KEPUASAN MASYARAKAT', 'U1', 'Persyaratan', 'U9', 'Sarana dan prasarana', 'Penanganan pengaduan, saran dan masukan', '3,444', '86,11', 'B (Baik)', '88,31 – 100,00', 'Perempuan', 'Tidak diisi']) {
      expect(text, s).toContain(s);
    }
    expect(text).toContain('23 November 2026 s.d. 24 November 2026');
  });

  it('writes the same table as an XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file(`/api/admin/reports/ikm?from=${DAY1}&to=${DAY2}&format=xlsx`, REPORT_FILE_TYPES.xlsx)) as never);
    const rows = wb.worksheets[0]!.getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1) : row));
    expect(rows).toContainEqual(['U1', 'Persyaratan', 2, 6, 3, 0.3333]);
    expect(rows).toContainEqual(['', 'IKM unit pelayanan (× 25)', undefined, undefined, undefined, 86.11]);
    expect(rows).toContainEqual(['Jenis kelamin', 'Perempuan', 1]);
    expect(rows).toContainEqual(['Usia', 'Tidak diisi', 2]);
  });
});

describe('an agency supervisor', () => {
  it('gets their agency’s reports only, and is refused another agency’s', async () => {
    const own = await t.client.call<Report>('GET', `/api/admin/reports?from=${DAY1}&to=${DAY2}&by=counter`, supervisor);
    expect(own.status).toBe(200);
    expect(own.json.agencyId).toBe(agency1.id);
    // Agency 1 issued 8; 7 of them ended there (T4 was served at agency 2).
    expect(own.json.total).toMatchObject({ issued: 8, handled: 7, served: 3, transferred: 1 });
    expectRowsAddUp(own.json.rows, own.json.total, 'own counters');
    expect((await t.client.call('GET', `/api/admin/reports?from=${DAY1}&agencyId=${agency1.id}`, supervisor)).status).toBe(200);
    const recap = await t.client.call<MonthlyRecap>('GET', '/api/admin/reports/monthly?month=2026-11', supervisor);
    expect(recap.json.agencies.map((a) => a.agencyId)).toEqual([agency1.id]);
    expect((await t.client.call<IkmReport>('GET', `/api/admin/reports/ikm?from=${DAY1}&to=${DAY2}`, supervisor)).json).toMatchObject({ unit: agency1.name, respondents: 2 });

    for (const path of [`/api/admin/reports?from=${DAY1}&agencyId=${agency2.id}`, `/api/admin/reports/monthly?month=2026-11&agencyId=${agency2.id}`, `/api/admin/reports/ikm?from=${DAY1}&agencyId=${agency2.id}&format=pdf`]) {
      expectError(await t.client.call('GET', path, supervisor), 'AGENCY_SCOPE');
    }
  });

  it('leaves an admin free to ask for any agency, and refuses one that does not exist', async () => {
    const other = await t.client.call<MonthlyRecap>('GET', `/api/admin/reports/monthly?month=2026-11&agencyId=${agency2.id}`, admin());
    expect(other.json.agencies).toHaveLength(1);
    expect(other.json.agencies[0]!.total).toMatchObject({ issued: 1, served: 1, unfinished: 1 });
    expectError(await t.client.call('GET', `/api/admin/reports?from=${DAY1}&agencyId=999`, admin()), 'VALIDATION_FAILED');
    expectError(await t.client.call('GET', '/api/admin/reports/monthly?month=2026-13', admin()), 'VALIDATION_FAILED');
  });
});
