/**
 * Every figure of the reports against a small day whose answers are worked out here by hand, and
 * the CSV and XLSX read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, openHoursOf, quantile, REPORT_GROUPS, reportCsv, reportXlsx } from '../../electron/hub/reports.js';
import { Survey } from '../../electron/hub/survey.js';
import { shortFormAnswers } from '../../shared/ikm.js';
import { weekdayHours } from '../../shared/openingHours.js';
import { formatDuration, formatMinutes } from '../../shared/reports.js';
import { readCsv, readXlsx } from '../fixtures/reportFiles.js';
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
  it('counts and times each service as worked out by hand, in whole seconds', () => {
    const r = buildReport(s.core, date, date, 'service');
    const [A, B, C] = r.rows;
    // A: T1, T2, T5 issued and ended here; T1 and T5 served (8 and 6 min), T2 absent; waits 10, 12, 10 min.
    expect(A).toMatchObject({ name: 'A KTP-el', issued: 3, handled: 3, called: 3, served: 2, noShow: 1, cancelled: 0, unfinished: 0, transferred: 0 });
    // 10:40 on average, 10:00 in the middle, 90% called within 11:36.
    expect(A!.wait).toEqual({ avg: 640, median: 600, p90: 696 });
    expect(A!.service).toEqual({ avg: 420, median: 420, p90: 468 });
    // IKM of A: T1 (8 × 4, persyaratan 3) and T5 (short form 3): NRR persyaratan 3, the rest 3.5;
    // (3 + 8 × 3.5) / 9 × 25 = 86.11 → B.
    expect(A!.ikm).toEqual({ respondents: 2, converted: 86.11, grade: 'B' });
    // B: T3 was issued here and transferred out; nothing ended under B.
    expect(B).toMatchObject({ name: 'B Kartu Keluarga', issued: 1, handled: 0, served: 0, transferred: 1, wait: { avg: null, median: null, p90: null } });
    // C: T4 issued and cancelled uncalled; T3 served here in 4 min, first called 17 min after it arrived.
    expect(C).toMatchObject({ name: 'C Akta Kelahiran', issued: 1, handled: 2, called: 1, served: 1, cancelled: 1, wait: { avg: 1020, median: 1020, p90: 1020 }, service: { avg: 240, median: 240, p90: 240 } });
  });

  it('adds up to the day’s total, with arrivals per hour over the hours the services keep', () => {
    const r = buildReport(s.core, date, date, 'agency');
    expect(r.total).toMatchObject({ issued: 5, handled: 5, called: 4, served: 3, noShow: 1, cancelled: 1, unfinished: 0, transferred: 1 });
    // waits 10, 10, 12, 17 min and services 8, 6, 4 min
    expect(r.total.wait).toEqual({ avg: 735, median: 660, p90: 930 });
    expect(r.total.service).toEqual({ avg: 360, median: 360, p90: 456 });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ name: 'Dinas Kependudukan dan Pencatatan Sipil', issued: 5, served: 3 });
    expect(r.arrivalsPerHour[9]).toBe(5);
    expect(r.arrivalsPerHour.reduce((x, y) => x + y, 0)).toBe(5);
    // The small site's services are open around the clock.
    expect(r.openHours).toEqual({ from: 0, to: 24 });
  });
});

describe('the day per counter and per officer', () => {
  it('credits what happened at each counter and officer, and leaves their "issued" empty', () => {
    const r = buildReport(s.core, date, date, 'counter');
    const byName = Object.fromEntries(r.rows.map((x) => [x.name, x]));
    expect(byName['Loket 1']).toMatchObject({ issued: null, handled: 2, served: 2, wait: { avg: 600 }, service: { avg: 420 }, ikm: { respondents: 2 } });
    expect(byName['Loket 2']).toMatchObject({ issued: null, handled: 1, noShow: 1, wait: { avg: 720 } });
    // Loket 3 called T3 and transferred it; it ended at Loket 4.
    expect(byName['Loket 3']).toMatchObject({ handled: 0, transferred: 1 });
    expect(byName['Loket 4']).toMatchObject({ handled: 1, served: 1, service: { avg: 240 } });
    // T4, cancelled before any counter called it.
    expect(r.rows.find((x) => x.key === null)).toMatchObject({ name: 'Tanpa loket (tidak dipanggil)', handled: 1, cancelled: 1, called: 0 });
    expect(r.total.issued).toBe(5);
    const o = buildReport(s.core, date, date, 'officer');
    expect(o.rows.find((x) => x.name === 'Petugas 1')).toMatchObject({ served: 2, ikm: { converted: 86.11 } });
  });

  it('has rows that add up to the total in every column, for every grouping', () => {
    for (const by of REPORT_GROUPS) {
      const r = buildReport(s.core, date, date, by);
      for (const col of ['handled', 'called', 'served', 'noShow', 'cancelled', 'unfinished', 'transferred'] as const) {
        expect(r.rows.reduce((sum, row) => sum + row[col], 0), `${by} ${col}`).toBe(r.total[col]);
      }
      expect(r.rows.reduce((sum, row) => sum + row.ikm.respondents, 0), `${by} respondents`).toBe(r.total.ikm.respondents);
      // Every ticket issued ended in exactly one row.
      expect(r.total.handled).toBe(r.total.issued);
      if (by === 'agency' || by === 'service') expect(r.rows.reduce((sum, row) => sum + row.issued!, 0)).toBe(r.total.issued);
      else expect(r.rows.every((row) => row.issued === null)).toBe(true);
    }
  });
});

describe('minutes as people read them', () => {
  it('shows m:ss on the screen and h:mm:ss in a CSV, never decimal minutes', () => {
    expect(formatMinutes(640)).toBe('10:40');
    expect(formatMinutes(10)).toBe('0:10');
    expect(formatMinutes(4350)).toBe('72:30');
    expect(formatMinutes(null)).toBe('–');
    expect(formatDuration(640)).toBe('0:10:40');
    expect(formatDuration(4350)).toBe('1:12:30');
    expect(formatDuration(null)).toBe('');
  });
});

describe('the chart’s hours', () => {
  it('span the earliest opening (issuing window included) to the latest closing on the range’s weekdays', () => {
    const none = new Array<number>(24).fill(0);
    const svc = (hours: ReturnType<typeof weekdayHours>, issueOpensBeforeMinutes = 0, active = true) => ({ id: 1, agencyId: 1, prefix: 'A', name: 'x', hours, issueOpensBeforeMinutes, active });
    // Monday 2026-11-23: 08:00–15:00 with tickets from 07:30; a Saturday-only 08:00–12:00 does not count on a Monday.
    expect(openHoursOf([svc(weekdayHours('08:00', '15:00'), 30)], '2026-11-23', '2026-11-23', none)).toEqual({ from: 7, to: 15 });
    expect(openHoursOf([svc(weekdayHours('08:00', '15:30'))], '2026-11-23', '2026-11-23', none)).toEqual({ from: 8, to: 16 });
    // A Sunday: nothing open, but a ticket issued at 10.xx (say a test) is still on the chart.
    const atTen = none.map((_, h) => (h === 10 ? 1 : 0));
    expect(openHoursOf([svc(weekdayHours('08:00', '15:00'))], '2026-11-22', '2026-11-22', atTen)).toEqual({ from: 10, to: 11 });
    expect(openHoursOf([svc(weekdayHours('08:00', '15:00'), 0, false)], '2026-11-23', '2026-11-23', none)).toEqual({ from: 8, to: 16 });
  });
});

describe('exports', () => {
  it('writes a CSV for Excel in Indonesian: `;`, decimal comma, BOM, CRLF, a date column', () => {
    const csv = reportCsv(buildReport(s.core, date, date, 'service'));
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]!.split(';').slice(0, 4)).toEqual(['Tanggal', 'Layanan', 'Diambil', 'Ditangani']);
    expect(lines[1]!.split(';').slice(0, 5)).toEqual([date, 'A KTP-el', '3', '3', '3']);
    // 10:40 on average, 11:36 for 90%, IKM 86,11 with a decimal comma.
    expect(lines[1]).toContain(';0:10:40;0:10:00;0:11:36;0:07:00;0:07:00;0:07:48;2;86,11;B');
    expect(readCsv(csv).at(-1)!.slice(0, 4)).toEqual([date, 'Total', 5, 5]);
  });

  it('writes an XLSX whose cells are the CSV’s: numbers as numbers, times as durations', async () => {
    const report = buildReport(s.core, date, date, 'service');
    const xlsx = await reportXlsx(report);
    const cells = await readXlsx(xlsx);
    expect(cells).toEqual(readCsv(reportCsv(report)));
    expect(cells[1]).toEqual([date, 'A KTP-el', 3, 3, 3, 2, 1, 0, 0, 0, 640, 600, 696, 420, 420, 468, 2, 86.11, 'B']);
    const hours = await readXlsx(xlsx, 1);
    expect(hours[0]).toEqual(['Jam', 'Tiket diambil']);
    expect(hours.find((row) => row[0] === '09.00')).toEqual(['09.00', 5]);
  });
});
