/**
 * Every figure of the reports against a small day whose answers are worked out here by hand, and
 * the CSV and XLSX read back.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, quantile, reportCsv, reportXlsx } from '../../electron/hub/reports.js';
import { Survey } from '../../electron/hub/survey.js';
import { shortFormAnswers } from '../../shared/ikm.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

let s: SmallSite;
let date: string;
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 23, hh - 7, mm); // WIB

beforeAll(async () => {
  s = await smallSite();
  const { engine } = s.core;
  const [c0, c1, c2, c3] = s.counters as [number, number, number, number];
  const [o0, o1, o2, o3] = s.officers.map((officerId) => ({ officerId })) as [{ officerId: number }, { officerId: number }, { officerId: number }, { officerId: number }];
  const { a, b, c } = s.services;
  const go = (hh: number, mm: number) => s.clock.set(at(hh, mm));
  const issue = (serviceId: number, n: number) => engine.issue({ serviceId, requestId: `report-${n}-xxxx` }).ticket.id;

  go(9, 0); const t1 = issue(a, 1);
  go(9, 2); issue(a, 2);
  go(9, 4); issue(b, 3);
  go(9, 6); const t4 = issue(c, 4);
  go(9, 10); const t5 = issue(a, 5);
  engine.openCounter(c0, o0);
  engine.openCounter(c1, o1);
  engine.openCounter(c2, o2);
  engine.openCounter(c3, o3);
  go(9, 10); engine.callNext(c0, o0); // T1: waited 10
  go(9, 11); engine.start(c0, o0);
  go(9, 19); engine.finish(c0, o0); // served in 8
  go(9, 14); engine.callNext(c1, o1); // T2: waited 12
  go(9, 15); engine.noShow(c1, o1);
  go(9, 20); engine.callNext(c0, o0); // T5: waited 10
  engine.start(c0, o0);
  go(9, 26); engine.finish(c0, o0); // served in 6
  go(9, 21); engine.callNext(c2, o2); // T3 (B): first called after 17
  go(9, 22); engine.transfer(c2, c, o2); // to C, keeping its arrival at 09:04
  go(9, 25); engine.callNext(c3, o3); // T3 again, now in C, before T4 (09:06)
  go(9, 26); engine.start(c3, o3);
  go(9, 30); engine.finish(c3, o3); // served in 4
  go(9, 31); engine.cancel(t4, 'salah ambil', {});
  date = engine.today();

  const survey = new Survey(s.core);
  survey.answer({ form: 'full', ticketId: t1, answers: { ...shortFormAnswers(4), persyaratan: 3 } as never }, {});
  survey.answer({ form: 'short', ticketId: t5, value: 3 }, {});
});
afterAll(() => s.dispose());

describe('quantiles', () => {
  it('interpolate between the closest ranks', () => {
    expect(quantile([10, 10, 12], 0.5)).toBe(10);
    expect(quantile([10, 10, 12], 0.9)).toBeCloseTo(11.6, 10);
    expect(quantile([10, 10, 12, 17], 0.5)).toBe(11);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('the day per service', () => {
  it('counts and times each service as worked out by hand', () => {
    const r = buildReport(s.core, date, date, 'service');
    const [A, B, C] = r.rows;
    // A: T1, T2, T5 issued; T1 and T5 served (8 and 6 min), T2 absent; waits 10, 12, 10.
    expect(A).toMatchObject({ name: 'A KTP-el', issued: 3, served: 2, noShow: 1, cancelled: 0, transferred: 0 });
    expect(A!.wait).toEqual({ avg: 10.67, median: 10, p90: 11.6 });
    expect(A!.service).toEqual({ avg: 7, median: 7, p90: 7.8 });
    // IKM of A: T1 (8 × 4, persyaratan 3) and T5 (short form 3): NRR persyaratan 3, the rest 3.5;
    // (3 + 8 × 3.5) / 9 × 25 = 86.11 → B.
    expect(A!.ikm).toEqual({ respondents: 2, converted: 86.11, grade: 'B' });
    // B: T3 was issued here and transferred out; nothing was served under B.
    expect(B).toMatchObject({ name: 'B Kartu Keluarga', issued: 1, served: 0, transferred: 1, wait: { avg: null, median: null, p90: null } });
    // C: T4 issued and cancelled uncalled; T3 served here in 4 min, first called 17 min after it arrived.
    expect(C).toMatchObject({ name: 'C Akta Kelahiran', issued: 1, served: 1, cancelled: 1, wait: { avg: 17, median: 17, p90: 17 }, service: { avg: 4, median: 4, p90: 4 } });
  });

  it('adds up to the day’s total, with arrivals per hour', () => {
    const r = buildReport(s.core, date, date, 'agency');
    expect(r.total).toMatchObject({ issued: 5, served: 3, noShow: 1, cancelled: 1, transferred: 1 });
    // waits 10, 10, 12, 17 and services 8, 6, 4
    expect(r.total.wait).toEqual({ avg: 12.25, median: 11, p90: 15.5 });
    expect(r.total.service).toEqual({ avg: 6, median: 6, p90: 7.6 });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ name: 'Dinas Kependudukan dan Pencatatan Sipil', issued: 5, served: 3 });
    expect(r.arrivalsPerHour[9]).toBe(5);
    expect(r.arrivalsPerHour.reduce((x, y) => x + y, 0)).toBe(5);
  });
});

describe('the day per counter and per officer', () => {
  it('credits what happened at each counter and officer', () => {
    const r = buildReport(s.core, date, date, 'counter');
    const byName = Object.fromEntries(r.rows.map((x) => [x.name, x]));
    expect(byName['Loket 1']).toMatchObject({ served: 2, wait: { avg: 10 }, service: { avg: 7 }, ikm: { respondents: 2 } });
    expect(byName['Loket 2']).toMatchObject({ served: 0, noShow: 1, wait: { avg: 12 } });
    expect(byName['Loket 4']).toMatchObject({ served: 1, service: { avg: 4 } });
    expect(byName['–']).toMatchObject({ cancelled: 1 });
    const o = buildReport(s.core, date, date, 'officer');
    expect(o.rows.find((x) => x.name === 'Petugas 1')).toMatchObject({ served: 2, ikm: { converted: 86.11 } });
  });
});

describe('exports', () => {
  it('writes a CSV that reads back to the same figures', () => {
    const csv = reportCsv(buildReport(s.core, date, date, 'service'));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = csv.slice(1).trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]![0]).toBe('"Nama"');
    expect(rows[1]!.slice(0, 6)).toEqual(['"A KTP-el"', '3', '2', '1', '0', '0']);
    expect(rows[1]![8]).toBe('11.6');
    expect(rows.at(-1)!.slice(0, 3)).toEqual(['"Total"', '5', '3']);
  });

  it('writes an XLSX that reads back to the same figures', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(buildReport(s.core, date, date, 'service'))) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, 'A KTP-el', 3, 2, 1, 0, 0, 10.67, 10, 11.6, 7, 7, 7.8, 2, 86.11, 'B']);
    expect(ws.getRow(5).getCell(1).value).toBe('Total');
    expect(wb.worksheets[1]!.getRow(11).values).toEqual([undefined, '09.00', 5]);
  });
});
