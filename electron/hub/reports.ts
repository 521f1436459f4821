/**
 * The admin's reports: a day or a range per agency, service, counter or officer (with the rows of
 * each date in the exports); the monthly recap per agency and per day or week; the IKM (SKM) report
 * of Permenpan RB 14/2017. What each column counts is said in shared/reports.ts.
 *
 * Files: CSV for a spreadsheet set to Indonesian (`;` between cells, decimal comma, UTF-8 with a
 * BOM, CRLF; times as h:mm:ss, which Excel reads as a duration), XLSX with the same cells (numbers
 * as numbers, times as durations shown [h]:mm:ss), and PDF (reportPdf.ts, pdfmake) for the
 * monthly recap and the IKM report. All of them are built in the report worker (reportWorker.ts).
 */
import ExcelJS from 'exceljs';
import { localParts, parseHhMm } from '../../shared/businessDate.js';
import { computeIkm, IKM_ELEMENTS, IKM_INTERVALS, ikmElementNumber, type IkmAnswers } from '../../shared/ikm.js';
import {
  daysOfMonth,
  formatDuration,
  REPORT_GROUPS,
  weeksOfMonth,
  type IkmReport,
  type MonthlyRecap,
  type OpenHours,
  type RecapPeriod,
  type RecapPeriodRow,
  type Report,
  type ReportDay,
  type ReportGroup,
  type ReportRow,
  type Stats,
} from '../../shared/reports.js';
import type { ServiceInfo } from '../../shared/site.js';
import { PROFILE_OPTIONS, type ProfileItem } from '../../shared/survey.js';
import { toCsv, type CsvCell } from './csv.js';
import type { Db } from './db/open.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import { ReadWorker, siblingModule } from './readWorker.js';

export { REPORT_GROUPS };
export type { Report, ReportGroup, ReportRow, Stats };

/** The q-quantile with linear interpolation between the closest ranks (PostgreSQL's percentile_cont). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Seconds from one time to a later one; never negative (see where it is used). */
function secondsBetween(from: number, to: number): number {
  return Math.max(0, to - from) / 1000;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    avg: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
    median: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
  };
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const round4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

// ---- what the reports read ------------------------------------------------------------------

interface TicketFacts {
  id: number;
  business_date: string;
  status: string;
  /** for a ticket closed with the day: its state before (a no-show stays a no-show) */
  closed_from: string | null;
  service_id: number;
  origin_service_id: number;
  counter_id: number | null;
  officer_id: number | null;
  issued_at: number;
  arrived_at: number;
  first_called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
}
interface TransferFacts {
  business_date: string;
  from_service: number;
  counter_id: number | null;
  officer_id: number | null;
}
interface SurveyFacts {
  business_date: string;
  service_id: number;
  counter_id: number | null;
  officer_id: number | null;
  form: string;
  answers: string;
  /** the respondent's profile (codes of shared/survey.ts PROFILE_OPTIONS), null when not given */
  gender: string | null;
  age_group: string | null;
  education: string | null;
  occupation: string | null;
}
interface Facts {
  tickets: TicketFacts[];
  transfers: TransferFacts[];
  surveys: SurveyFacts[];
}

function loadFacts(db: Db, from: string, to: string): Facts {
  const tickets = db
    .prepare(
      `SELECT t.id, t.business_date, t.status, t.service_id, t.origin_service_id, t.counter_id, t.officer_id, t.issued_at, t.arrived_at,
              (SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.called') AS first_called_at,
              CASE WHEN t.status = 'closed' THEN
                (SELECT json_extract(e.data, '$.previousStatus') FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.closed' ORDER BY e.seq DESC LIMIT 1)
              END AS closed_from,
              t.started_at, t.finished_at
         FROM tickets t WHERE t.business_date BETWEEN ? AND ?`,
    )
    .all(from, to) as TicketFacts[];
  const transfers = db
    .prepare(
      // The event is written after the ticket left its counter: the counter is that of its last call.
      `SELECT e.business_date, json_extract(e.data, '$.fromServiceId') AS from_service, e.officer_id,
              COALESCE(e.counter_id, (SELECT c.counter_id FROM events c WHERE c.ticket_id = e.ticket_id AND c.seq < e.seq
                                        AND c.type IN ('ticket.called', 'ticket.recalled') ORDER BY c.seq DESC LIMIT 1)) AS counter_id
         FROM events e WHERE e.type = 'ticket.transferred' AND e.business_date BETWEEN ? AND ?`,
    )
    .all(from, to) as TransferFacts[];
  const surveys = db
    .prepare('SELECT business_date, service_id, counter_id, officer_id, form, answers, gender, age_group, education, occupation FROM survey_responses WHERE business_date BETWEEN ? AND ?')
    .all(from, to) as SurveyFacts[];
  return { tickets, transfers, surveys };
}

type Outcome = 'served' | 'noShow' | 'cancelled' | 'unfinished';
function outcome(t: TicketFacts): Outcome {
  if (t.status === 'done') return 'served';
  if (t.status === 'no_show' || (t.status === 'closed' && t.closed_from === 'no_show')) return 'noShow';
  if (t.status === 'cancelled') return 'cancelled';
  return 'unfinished';
}

/** What one group adds up. */
class Acc {
  issued = 0;
  handled = 0;
  called = 0;
  served = 0;
  noShow = 0;
  cancelled = 0;
  unfinished = 0;
  transferred = 0;
  readonly waits: number[] = [];
  readonly services: number[] = [];
  readonly answers: IkmAnswers[] = [];
  constructor(
    readonly key: number | null,
    readonly name: string,
  ) {}

  row(issuedApplies: boolean): ReportRow {
    const ikm = computeIkm(this.answers);
    return {
      key: this.key,
      name: this.name,
      issued: issuedApplies ? this.issued : null,
      handled: this.handled,
      called: this.called,
      served: this.served,
      noShow: this.noShow,
      cancelled: this.cancelled,
      unfinished: this.unfinished,
      transferred: this.transferred,
      wait: stats(this.waits),
      service: stats(this.services),
      ikm: { respondents: ikm.respondents, converted: round2(ikm.converted), grade: ikm.grade },
    };
  }
}

/** The group keys of each fact for one way of grouping. */
interface Keys {
  issue(t: TicketFacts): number | null;
  end(x: { service_id: number; counter_id: number | null; officer_id: number | null }): number | null;
  transfer(x: TransferFacts): number | null;
}

/**
 * Adds every fact into the accumulators `into` names for its date and group key. `issueInto` is
 * where an issue counts (a counter's rows have none); `inScope` limits to one agency's services.
 */
function tally(facts: Facts, keys: Keys, into: (date: string, key: number | null) => Acc[], issueInto: (date: string, key: number | null) => Acc[], inScope: (serviceId: number) => boolean, onIssue?: (t: TicketFacts) => void): void {
  for (const t of facts.tickets) {
    if (inScope(t.origin_service_id)) {
      for (const a of issueInto(t.business_date, keys.issue(t))) a.issued++;
      onIssue?.(t);
    }
    if (!inScope(t.service_id)) continue;
    const end = outcome(t);
    // Clamped at zero: rows written before the trusted clock (clock.ts), by a PC clock set back
    // mid-visit, can finish before they started; a negative time is a clock fault, not a time.
    const wait = t.first_called_at !== null ? secondsBetween(t.arrived_at, t.first_called_at) : null;
    const service = end === 'served' && t.finished_at !== null ? secondsBetween(t.started_at ?? t.first_called_at ?? t.finished_at, t.finished_at) : null;
    for (const a of into(t.business_date, keys.end(t))) {
      a.handled++;
      a[end]++;
      if (t.first_called_at !== null) a.called++;
      if (wait !== null) a.waits.push(wait);
      if (service !== null) a.services.push(service);
    }
  }
  for (const tr of facts.transfers) {
    if (!inScope(tr.from_service)) continue;
    for (const a of into(tr.business_date, keys.transfer(tr))) a.transferred++;
  }
  for (const s of facts.surveys) {
    if (!inScope(s.service_id)) continue;
    const answers = JSON.parse(s.answers) as IkmAnswers;
    for (const a of into(s.business_date, keys.end(s))) a.answers.push(answers);
  }
}

// ---- the master data a report reads ------------------------------------------------------------

export type ReportService = Pick<ServiceInfo, 'id' | 'agencyId' | 'prefix' | 'name' | 'hours' | 'issueOpensBeforeMinutes' | 'active'>;

/** What a report reads of the master data: the hub's MasterData, or its copy sent to the worker. */
export interface ReportMaster {
  services(): readonly ReportService[];
  site(): { timeZone: string; name: string };
}

interface Context {
  db: Db;
  master: ReportMaster;
}

function names(db: Db, table: 'agencies' | 'counters' | 'officers'): Map<number, string> {
  const col = table === 'counters' ? 'label' : 'name';
  return new Map((db.prepare(`SELECT id, ${col} AS name FROM ${table}`).all() as { id: number; name: string }[]).map((a) => [a.id, a.name]));
}

/** The name of the row of tickets outside any group. */
const NO_GROUP: Record<ReportGroup, string> = { agency: '–', service: '–', counter: 'Tanpa loket (tidak dipanggil)', officer: 'Tanpa petugas (tidak dipanggil)' };
export const TOTAL = 'Total';

function scopeOf(master: ReportMaster, agencyId: number | null): { agencyOf: (serviceId: number) => number | null; inScope: (serviceId: number) => boolean } {
  const services = new Map(master.services().map((s) => [s.id, s]));
  const agencyOf = (serviceId: number) => services.get(serviceId)?.agencyId ?? null;
  return { agencyOf, inScope: agencyId === null ? () => true : (serviceId) => agencyOf(serviceId) === agencyId };
}

function keysFor(by: ReportGroup, agencyOf: (serviceId: number) => number | null): Keys {
  return {
    issue: (t) => (by === 'agency' ? agencyOf(t.origin_service_id) : by === 'service' ? t.origin_service_id : null),
    end: (x) => (by === 'agency' ? agencyOf(x.service_id) : by === 'service' ? x.service_id : by === 'counter' ? x.counter_id : x.officer_id),
    transfer: (x) => (by === 'agency' ? agencyOf(x.from_service) : by === 'service' ? x.from_service : by === 'counter' ? x.counter_id : x.officer_id),
  };
}

/**
 * The hours the arrivals chart covers: the earliest opening (with its issuing window) to the
 * latest closing of the services in scope on the weekdays of the range, widened to every hour
 * with arrivals (a ticket is never off the chart).
 */
export function openHoursOf(services: readonly ReportService[], from: string, to: string, arrivals: readonly number[]): OpenHours {
  const weekdays = new Set<number>();
  for (let d = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); d <= end && weekdays.size < 7; d += 86_400_000) weekdays.add(new Date(d).getUTCDay());
  let first = Infinity;
  let last = -Infinity;
  for (const s of services) {
    if (!s.active) continue;
    for (const day of weekdays) {
      for (const iv of s.hours[day] ?? []) {
        first = Math.min(first, Math.max(0, parseHhMm(iv.open) - s.issueOpensBeforeMinutes));
        last = Math.max(last, iv.close === '24:00' ? 1440 : parseHhMm(iv.close));
      }
    }
  }
  let fromHour = Number.isFinite(first) ? Math.floor(first / 60) : 24;
  let toHour = Number.isFinite(last) ? Math.ceil(last / 60) : 0;
  arrivals.forEach((n, h) => {
    if (n === 0) return;
    fromHour = Math.min(fromHour, h);
    toHour = Math.max(toHour, h + 1);
  });
  // Nothing open and nobody came: a usual MPP day.
  if (fromHour >= toHour) return { from: 8, to: 16 };
  return { from: fromHour, to: toHour };
}

/** The report of a range; `withDays` adds each date's rows (what the exports list). */
export function buildReport(ctx: Context, from: string, to: string, by: ReportGroup, agencyId: number | null = null): Report {
  return buildReportWithDays(ctx, from, to, by, agencyId, false).report;
}

export function buildReportWithDays(ctx: Context, from: string, to: string, by: ReportGroup, agencyId: number | null, withDays: boolean): { report: Report; days: ReportDay[] } {
  const { db, master } = ctx;
  const { agencyOf, inScope } = scopeOf(master, agencyId);
  const services = master.services();
  const nameOf =
    by === 'service'
      ? new Map(services.map((s) => [s.id, `${s.prefix} ${s.name}`]))
      : names(db, by === 'agency' ? 'agencies' : by === 'counter' ? 'counters' : 'officers');
  const label = (key: number | null) => (key === null ? NO_GROUP[by] : (nameOf.get(key) ?? String(key)));

  const groups = new Map<number | null, Acc>();
  const total = new Acc(null, TOTAL);
  const days = new Map<string, { groups: Map<number | null, Acc>; total: Acc }>();
  const groupIn = (map: Map<number | null, Acc>, key: number | null) => {
    let a = map.get(key);
    if (!a) map.set(key, (a = new Acc(key, label(key))));
    return a;
  };
  const dayOf = (date: string) => {
    let d = days.get(date);
    if (!d) days.set(date, (d = { groups: new Map(), total: new Acc(null, TOTAL) }));
    return d;
  };
  const into = (date: string, key: number | null): Acc[] => {
    if (!withDays) return [groupIn(groups, key), total];
    const d = dayOf(date);
    return [groupIn(groups, key), total, groupIn(d.groups, key), d.total];
  };
  const issuesGrouped = by === 'agency' || by === 'service';
  const issueInto = (date: string, key: number | null): Acc[] => {
    if (issuesGrouped) return into(date, key);
    return withDays ? [total, dayOf(date).total] : [total];
  };

  const arrivalsPerHour = new Array<number>(24).fill(0);
  const tz = master.site().timeZone;
  tally(loadFacts(db, from, to), keysFor(by, agencyOf), into, issueInto, inScope, (t) => {
    arrivalsPerHour[Math.floor(localParts(t.issued_at, tz).minuteOfDay / 60)]! += 1;
  });

  const sorted = (map: Map<number | null, Acc>) => [...map.values()].map((a) => a.row(issuesGrouped)).sort((a, b) => (a.key ?? Infinity) - (b.key ?? Infinity));
  const inScopeServices = agencyId === null ? services : services.filter((s) => s.agencyId === agencyId);
  const report: Report = {
    from,
    to,
    by,
    agencyId,
    rows: sorted(groups),
    total: total.row(true),
    arrivalsPerHour,
    openHours: openHoursOf(inScopeServices, from, to, arrivalsPerHour),
  };
  const dayList = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, d]) => ({ date, rows: sorted(d.groups), total: d.total.row(true) }));
  return { report, days: dayList };
}

// ---- the monthly recap per agency ----------------------------------------------------------------

const WEEKDAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

export function periodsOf(month: string, period: RecapPeriod): { from: string; to: string; label: string }[] {
  if (period === 'day') return daysOfMonth(month).map((d) => ({ from: d, to: d, label: WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()]! }));
  return weeksOfMonth(month).map(([from, to], i) => ({ from, to, label: `Minggu ke-${i + 1}` }));
}

export function buildMonthly(ctx: Context, month: string, period: RecapPeriod, agencyId: number | null): MonthlyRecap {
  const { db, master } = ctx;
  const { agencyOf, inScope } = scopeOf(master, agencyId);
  const periods = periodsOf(month, period);
  const periodOf = new Map<string, number>();
  periods.forEach((p, i) => {
    for (const d of daysOfMonth(month)) if (d >= p.from && d <= p.to) periodOf.set(d, i);
  });
  const agencies = db.prepare('SELECT id, name, active FROM agencies ORDER BY sort_order, id').all() as { id: number; name: string; active: number }[];
  const per = new Map<number, { accs: Acc[]; total: Acc }>();
  const of = (key: number) => {
    let a = per.get(key);
    if (!a) {
      const name = agencies.find((x) => x.id === key)?.name ?? String(key);
      per.set(key, (a = { accs: periods.map((p) => new Acc(null, p.label)), total: new Acc(key, name) }));
    }
    return a;
  };
  const into = (date: string, key: number | null): Acc[] => {
    if (key === null) return [];
    const a = of(key);
    return [a.accs[periodOf.get(date)!]!, a.total];
  };
  const facts = loadFacts(db, periods[0]!.from, periods.at(-1)!.to);
  tally(facts, keysFor('agency', agencyOf), into, into, inScope);
  // Every active agency in scope, and any other with figures in the month.
  for (const a of agencies) if (a.active && (agencyId === null || a.id === agencyId)) of(a.id);
  const order = new Map(agencies.map((a, i) => [a.id, i]));
  return {
    month,
    period,
    agencyId,
    agencies: [...per.entries()]
      .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
      .map(([id, a]) => ({
        agencyId: id,
        name: a.total.name,
        periods: a.accs.map((acc, i): RecapPeriodRow => ({ ...acc.row(true), from: periods[i]!.from, to: periods[i]!.to })),
        total: a.total.row(true),
      })),
  };
}

// ---- the IKM report (Permenpan RB 14/2017) ------------------------------------------------------

export function buildIkmReport(ctx: Context, from: string, to: string, agencyId: number | null): IkmReport {
  const { db, master } = ctx;
  const { inScope } = scopeOf(master, agencyId);
  const surveys = loadFacts(db, from, to).surveys.filter((s) => inScope(s.service_id));
  const answers = surveys.map((s) => JSON.parse(s.answers) as IkmAnswers);
  const ikm = computeIkm(answers);
  const answeredElements = IKM_ELEMENTS.filter((e) => ikm.nrr[e.code] !== null).length;
  const services = new Map(master.services().map((s) => [s.id, s]));
  const perService = new Map<number, IkmAnswers[]>();
  surveys.forEach((s, i) => {
    const list = perService.get(s.service_id) ?? [];
    list.push(answers[i]!);
    perService.set(s.service_id, list);
  });
  const unit = agencyId === null ? master.site().name : (names(db, 'agencies').get(agencyId) ?? String(agencyId));
  return {
    from,
    to,
    agencyId,
    unit,
    respondents: answers.length,
    forms: { full: surveys.filter((s) => s.form === 'full').length, short: surveys.filter((s) => s.form === 'short').length },
    elements: IKM_ELEMENTS.map((e) => {
      const values = answers.map((a) => a[e.code]).filter((v): v is 1 | 2 | 3 | 4 => v !== undefined);
      const nrr = ikm.nrr[e.code];
      return {
        code: ikmElementNumber(e.code),
        element: e.code,
        name: e.id,
        answered: values.length,
        sum: values.reduce((a, b) => a + b, 0),
        nrr: round4(nrr),
        weighted: round4(nrr === null ? null : nrr / answeredElements),
      };
    }),
    ikm: round4(ikm.ikm),
    converted: round2(ikm.converted),
    grade: ikm.grade,
    gradeName: ikm.gradeName,
    // As the respondents gave it (optional on the form): every response counted, "Tidak diisi" where not given.
    profile: {
      gender: profileCounts(surveys, 'gender', (s) => s.gender),
      age: profileCounts(surveys, 'age', (s) => s.age_group),
      education: profileCounts(surveys, 'education', (s) => s.education),
      occupation: profileCounts(surveys, 'occupation', (s) => s.occupation),
    },
    services: [...perService.entries()]
      .sort(([a], [b]) => a - b)
      .map(([serviceId, list]) => {
        const r = computeIkm(list);
        const s = services.get(serviceId);
        return { serviceId, name: s ? `${s.prefix} ${s.name}` : String(serviceId), respondents: r.respondents, converted: round2(r.converted), grade: r.grade };
      }),
  };
}

/** Respondents per answer of one profile item, in the form's order, by the answer's Indonesian label; those who skipped it last. */
function profileCounts(surveys: SurveyFacts[], item: ProfileItem, of: (s: SurveyFacts) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of PROFILE_OPTIONS[item]) {
    const n = surveys.filter((s) => of(s) === o.code).length;
    if (n > 0) out[o.id] = n;
  }
  const skipped = surveys.filter((s) => !PROFILE_OPTIONS[item].some((o) => o.code === of(s))).length;
  if (skipped > 0) out['Tidak diisi'] = skipped;
  return out;
}

// ---- tables: the one model behind the CSV and the XLSX -----------------------------------------

/** text; int and dec are numbers; dur is seconds (a duration); date is YYYY-MM-DD (or a range's text) */
export type CellKind = 'text' | 'int' | 'dec' | 'dur' | 'date';
export type Cell = string | number | null;
export interface Table {
  name: string;
  columns: { header: string; kind: CellKind; width?: number }[];
  rows: Cell[][];
  /** rows (0-based, after the header) shown bold: the totals */
  bold: number[];
}

/** One cell as the CSV writes it: numbers as numbers (csv.ts gives them a decimal comma), times as h:mm:ss. */
function csvValue(v: Cell, kind: CellKind): CsvCell {
  if (v === null) return null;
  return kind === 'dur' ? formatDuration(v as number) : v;
}

/** The table as CSV for a spreadsheet set to Indonesian (csv.ts). */
export function tableCsv(t: Table): string {
  return toCsv([t.columns.map((c) => c.header), ...t.rows.map((r) => r.map((v, i) => csvValue(v, t.columns[i]!.kind)))]);
}

function addSheet(wb: ExcelJS.Workbook, t: Table): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(t.name.slice(0, 31));
  ws.addRow(t.columns.map((c) => c.header)).font = { bold: true };
  const bold = new Set(t.bold);
  t.rows.forEach((cells, i) => {
    const row = ws.addRow(cells.map((v, j) => (v !== null && t.columns[j]!.kind === 'dur' ? (v as number) / 86_400 : v)));
    if (bold.has(i)) row.font = { bold: true };
  });
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? (c.kind === 'text' ? 32 : c.kind === 'date' ? 12 : 11);
    if (c.kind === 'dur') col.numFmt = '[h]:mm:ss';
    if (c.kind === 'dec') col.numFmt = '0.00';
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

/** Notes beside the figures: what each column counts. */
function addNotes(wb: ExcelJS.Workbook, lines: string[][]): void {
  const ws = wb.addWorksheet('Keterangan');
  for (const l of lines) ws.addRow(l);
  ws.getColumn(1).width = 28;
  ws.getColumn(2).width = 100;
  ws.getRow(1).font = { bold: true };
}

export const COLUMN_NOTES: string[][] = [
  ['Kolom', 'Yang dihitung'],
  ['Diambil', 'Tiket yang diambil untuk instansi atau layanan itu (antrean pertama warga). Loket dan petugas tidak menerbitkan tiket: kosong.'],
  ['Ditangani', 'Tiket yang berakhir di baris itu: dilayani + tidak hadir + dibatalkan + belum selesai. Tiket dihitung di layanan, loket dan petugas terakhirnya; jumlah semua baris sama dengan total.'],
  ['Dipanggil', 'Dari tiket yang ditangani, yang pernah dipanggil.'],
  ['Dilayani / Tidak hadir / Dibatalkan', 'Menurut keadaan terakhir tiket; tiket tidak hadir yang ditutup di akhir hari tetap tidak hadir.'],
  ['Belum selesai', 'Masih menunggu, dipanggil atau dilayani saat hari berakhir.'],
  ['Dialihkan', 'Pengalihan keluar dari instansi atau layanan itu; untuk loket dan petugas, pengalihan yang dilakukan di sana.'],
  ['Tunggu', 'Dari kedatangan sampai panggilan pertama (jam:menit:detik). "90% dilayani dalam": 90% warga dipanggil dalam waktu itu.'],
  ['Lama layanan', 'Dari "Mulai layanan" (atau panggilan) sampai "Selesai".'],
  ['IKM', 'Indeks Kepuasan Masyarakat (Permenpan RB 14/2017), 25–100, dengan mutu A–D.'],
];

export async function workbookBuffer(tables: Table[], notes?: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Antre';
  for (const t of tables) addSheet(wb, t);
  if (notes) addNotes(wb, notes);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ROW_COLUMNS: Table['columns'] = [
  { header: 'Diambil', kind: 'int' },
  { header: 'Ditangani', kind: 'int' },
  { header: 'Dipanggil', kind: 'int' },
  { header: 'Dilayani', kind: 'int' },
  { header: 'Tidak hadir', kind: 'int' },
  { header: 'Dibatalkan', kind: 'int' },
  { header: 'Belum selesai', kind: 'int' },
  { header: 'Dialihkan', kind: 'int' },
  { header: 'Tunggu rata-rata', kind: 'dur' },
  { header: 'Tunggu nilai tengah', kind: 'dur' },
  { header: 'Tunggu: 90% dilayani dalam', kind: 'dur', width: 14 },
  { header: 'Layanan rata-rata', kind: 'dur' },
  { header: 'Layanan nilai tengah', kind: 'dur' },
  { header: 'Layanan: 90% selesai dalam', kind: 'dur', width: 14 },
  { header: 'Responden IKM', kind: 'int' },
  { header: 'IKM', kind: 'dec' },
  { header: 'Mutu', kind: 'text', width: 8 },
];

function rowCells(r: ReportRow): Cell[] {
  return [r.issued, r.handled, r.called, r.served, r.noShow, r.cancelled, r.unfinished, r.transferred, r.wait.avg, r.wait.median, r.wait.p90, r.service.avg, r.service.median, r.service.p90, r.ikm.respondents, r.ikm.converted, r.ikm.grade];
}

const GROUP_HEADER: Record<ReportGroup, string> = { agency: 'Instansi', service: 'Layanan', counter: 'Loket', officer: 'Petugas' };

/**
 * The report as one table with a date column: each date's rows and its total, then for a range
 * the range's rows and its total (dated "from s.d. to").
 */
export function reportTable(report: Report, days: readonly ReportDay[]): Table {
  const rows: Cell[][] = [];
  const bold: number[] = [];
  const add = (date: string, r: ReportRow, isTotal: boolean) => {
    if (isTotal) bold.push(rows.length);
    rows.push([date, r.name, ...rowCells(r)]);
  };
  for (const d of days) {
    for (const r of d.rows) add(d.date, r, false);
    add(d.date, d.total, true);
  }
  if (report.from !== report.to || days.length === 0) {
    const range = report.from === report.to ? report.from : `${report.from} s.d. ${report.to}`;
    for (const r of report.rows) add(range, r, false);
    add(range, report.total, true);
  }
  return { name: `Laporan per ${GROUP_HEADER[report.by].toLowerCase()}`, columns: [{ header: 'Tanggal', kind: 'date', width: 24 }, { header: GROUP_HEADER[report.by], kind: 'text' }, ...ROW_COLUMNS], rows, bold };
}

export function arrivalsTable(report: Report): Table {
  const rows: Cell[][] = [];
  for (let h = report.openHours.from; h < report.openHours.to; h++) rows.push([`${String(h).padStart(2, '0')}.00`, report.arrivalsPerHour[h]!]);
  return { name: 'Kedatangan per jam', columns: [{ header: 'Jam', kind: 'text', width: 8 }, { header: 'Tiket diambil', kind: 'int' }], rows, bold: [] };
}

/** The report's CSV (its table with the date column). */
export function reportCsv(report: Report, days: readonly ReportDay[] = []): string {
  return tableCsv(reportTable(report, days));
}

export function reportXlsx(report: Report, days: readonly ReportDay[] = []): Promise<Buffer> {
  return workbookBuffer([reportTable(report, days), arrivalsTable(report)], COLUMN_NOTES);
}

const RECAP_COLUMNS: Table['columns'] = [
  { header: 'Instansi', kind: 'text' },
  { header: 'Periode', kind: 'text', width: 14 },
  { header: 'Dari', kind: 'date' },
  { header: 'Sampai', kind: 'date' },
  { header: 'Diambil', kind: 'int' },
  { header: 'Dilayani', kind: 'int' },
  { header: 'Tidak hadir', kind: 'int' },
  { header: 'Dibatalkan', kind: 'int' },
  { header: 'Belum selesai', kind: 'int' },
  { header: 'Tunggu rata-rata', kind: 'dur' },
  { header: 'Tunggu: 90% dilayani dalam', kind: 'dur', width: 14 },
  { header: 'Layanan rata-rata', kind: 'dur' },
  { header: 'Responden IKM', kind: 'int' },
  { header: 'IKM', kind: 'dec' },
  { header: 'Mutu', kind: 'text', width: 8 },
];

export function recapCells(r: ReportRow): Cell[] {
  return [r.issued, r.served, r.noShow, r.cancelled, r.unfinished, r.wait.avg, r.wait.p90, r.service.avg, r.ikm.respondents, r.ikm.converted, r.ikm.grade];
}

export function monthlyTable(recap: MonthlyRecap): Table {
  const rows: Cell[][] = [];
  const bold: number[] = [];
  const [first, last] = [daysOfMonth(recap.month)[0]!, daysOfMonth(recap.month).at(-1)!];
  for (const a of recap.agencies) {
    for (const p of a.periods) rows.push([a.name, p.name, p.from, p.to, ...recapCells(p)]);
    bold.push(rows.length);
    rows.push([a.name, 'Jumlah sebulan', first, last, ...recapCells(a.total)]);
  }
  return { name: `Rekap ${recap.month}`, columns: RECAP_COLUMNS, rows, bold };
}

export function monthlyCsv(recap: MonthlyRecap): string {
  return tableCsv(monthlyTable(recap));
}

export function monthlyXlsx(recap: MonthlyRecap): Promise<Buffer> {
  return workbookBuffer([monthlyTable(recap)], COLUMN_NOTES);
}

/** The IKM report's XLSX: the regulation's table, the intervals, the profile, and per service. */
export async function ikmXlsx(r: IkmReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Antre';
  const ws = wb.addWorksheet('IKM');
  const bold = (row: ExcelJS.Row) => (row.font = { bold: true });
  bold(ws.addRow(['Indeks Kepuasan Masyarakat (Permenpan RB 14/2017)']));
  ws.addRow(['Unit pelayanan', r.unit]);
  ws.addRow(['Periode', r.from === r.to ? r.from : `${r.from} s.d. ${r.to}`]);
  ws.addRow(['Jumlah responden', r.respondents]);
  ws.addRow(['Formulir', `lengkap ${r.forms.full}, singkat ${r.forms.short}`]);
  ws.addRow([]);
  bold(ws.addRow(['Unsur', 'Nama unsur', 'Jumlah jawaban', 'Jumlah nilai', 'NRR', 'NRR tertimbang (NRR × 1/9)']));
  for (const e of r.elements) ws.addRow([e.code, e.name, e.answered, e.sum, e.nrr, e.weighted]);
  bold(ws.addRow(['', 'IKM (jumlah NRR tertimbang)', null, null, null, r.ikm]));
  bold(ws.addRow(['', 'IKM unit pelayanan (× 25)', null, null, null, r.converted]));
  bold(ws.addRow(['', 'Mutu pelayanan', null, null, null, r.grade === null ? 'belum ada penilaian' : `${r.grade} (${r.gradeName})`]));
  ws.addRow([]);
  bold(ws.addRow(['Nilai persepsi', 'Nilai interval (NI)', 'Nilai interval konversi (NIK)', 'Mutu pelayanan', 'Kinerja unit pelayanan']));
  for (const i of IKM_INTERVALS) ws.addRow([i.perception, i.interval, i.converted, i.grade, i.id]);
  ws.addRow([]);
  bold(ws.addRow(['Profil responden']));
  for (const [label, counts] of [
    ['Jenis kelamin', r.profile.gender],
    ['Usia', r.profile.age],
    ['Pendidikan', r.profile.education],
    ['Pekerjaan', r.profile.occupation],
  ] as const) {
    if (counts === null) ws.addRow([label, 'tidak dikumpulkan']);
    else for (const [k, n] of Object.entries(counts)) ws.addRow([label, k, n]);
  }
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 44;
  for (const c of [3, 4, 5, 6]) ws.getColumn(c).width = 16;
  ws.getColumn(5).numFmt = '0.000';
  ws.getColumn(6).numFmt = '0.000';
  const per = wb.addWorksheet('Per layanan');
  bold(per.addRow(['Layanan', 'Responden', 'IKM', 'Mutu']));
  for (const s of r.services) per.addRow([s.name, s.respondents, s.converted, s.grade]);
  per.getColumn(1).width = 44;
  per.getColumn(3).numFmt = '0.00';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- the hub's side -----------------------------------------------------------------------------

export interface ReportsDeps {
  db: Db;
  master: MasterData;
  /** reports running or waiting in the worker before the next is refused (REPORTS_BUSY) */
  maxPending?: number;
}

export type ReportFormat = 'json' | 'csv' | 'xlsx';
export type RecapFormat = 'json' | 'csv' | 'xlsx' | 'pdf';
export type IkmFormat = 'json' | 'xlsx' | 'pdf';

/** A request to the report worker (reportWorker.ts). */
export type ReportJob = (
  | { kind: 'report'; from: string; to: string; by: ReportGroup; format: ReportFormat }
  | { kind: 'monthly'; month: string; period: RecapPeriod; format: RecapFormat }
  | { kind: 'ikm'; from: string; to: string; format: IkmFormat }
) & { agencyId: number | null; services: ReportService[]; site: { timeZone: string; name: string } };

export type ReportOutput<J = unknown> = { format: 'json'; body: J } | { format: 'csv'; body: string } | { format: 'xlsx' | 'pdf'; body: Uint8Array };

/** One running and three waiting: an admin's double click queues, a stuck button does not pile up minutes of work. */
export const DEFAULT_MAX_PENDING_REPORTS = 4;

type JobOf<K extends ReportJob['kind']> = Omit<Extract<ReportJob, { kind: K }>, 'services' | 'site'>;

/**
 * The reports as a service of the hub: what the admin API calls. `produce`, `monthly` and `ikm`
 * run in a worker thread (readWorker.ts) so a year's figures never stall a kiosk; `build` is the
 * same function on the hub's own connection, for the tests and small callers.
 */
export class Reports {
  private readonly worker: ReadWorker<ReportJob, ReportOutput>;

  constructor(private readonly deps: ReportsDeps) {
    this.worker = new ReadWorker({
      module: siblingModule(import.meta.url, 'reportWorker'),
      file: deps.db.name,
      maxPending: deps.maxPending ?? DEFAULT_MAX_PENDING_REPORTS,
      busy: () => new HubError('REPORTS_BUSY', { waiting: deps.maxPending ?? DEFAULT_MAX_PENDING_REPORTS }),
    });
  }

  private context(): Context {
    return { db: this.deps.db, master: { services: () => this.services(), site: () => this.deps.master.site() } };
  }

  private services(): ReportService[] {
    return this.deps.master.services().map(({ id, agencyId, prefix, name, hours, issueOpensBeforeMinutes, active }) => ({ id, agencyId, prefix, name, hours, issueOpensBeforeMinutes, active }));
  }

  /** Refuses an agency that does not exist (an admin's typo would read as an empty report). */
  checkAgency(agencyId: number | null): void {
    if (agencyId !== null && this.deps.db.prepare('SELECT 1 FROM agencies WHERE id = ?').get(agencyId) === undefined) {
      throw new HubError('VALIDATION_FAILED', { agencyId: 'no such agency' });
    }
  }

  build(from: string, to: string, by: ReportGroup, agencyId: number | null = null): Report {
    return buildReport(this.context(), from, to, by, agencyId);
  }

  buildMonthly(month: string, period: RecapPeriod, agencyId: number | null = null): MonthlyRecap {
    return buildMonthly(this.context(), month, period, agencyId);
  }

  buildIkm(from: string, to: string, agencyId: number | null = null): IkmReport {
    return buildIkmReport(this.context(), from, to, agencyId);
  }

  /** The report (or its CSV or XLSX) built off the event loop; REPORTS_BUSY when too many wait. */
  produce(from: string, to: string, by: ReportGroup, format: ReportFormat, agencyId: number | null = null): Promise<ReportOutput<Report>> {
    return this.run({ kind: 'report', from, to, by, format, agencyId }) as Promise<ReportOutput<Report>>;
  }

  monthly(month: string, period: RecapPeriod, format: RecapFormat, agencyId: number | null = null): Promise<ReportOutput<MonthlyRecap>> {
    return this.run({ kind: 'monthly', month, period, format, agencyId }) as Promise<ReportOutput<MonthlyRecap>>;
  }

  ikm(from: string, to: string, format: IkmFormat, agencyId: number | null = null): Promise<ReportOutput<IkmReport>> {
    return this.run({ kind: 'ikm', from, to, format, agencyId }) as Promise<ReportOutput<IkmReport>>;
  }

  private async run(job: JobOf<'report'> | JobOf<'monthly'> | JobOf<'ikm'>): Promise<ReportOutput> {
    const { master } = this.deps;
    const site = master.site();
    const out = await this.worker.run({ ...job, services: this.services(), site: { timeZone: site.timeZone, name: site.name } } as ReportJob);
    // A Buffer crosses the thread as a plain Uint8Array; Fastify sends a Buffer as bytes.
    return out.format === 'xlsx' || out.format === 'pdf' ? { format: out.format, body: Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength) } : out;
  }

  /** Reports running or waiting in the worker. */
  get pending(): number {
    return this.worker.queued;
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}

// ---- online booking (issue 23) -------------------------------------------------------------

/** One service's bookings over a date range, and how long booked and walk-in citizens waited. */
export interface BookingReportRow {
  serviceId: number;
  serviceName: string;
  /** every booking received for the range, whatever became of it */
  made: number;
  cancelled: number;
  checkedIn: number;
  /** of those checked in, how many within the window (docs/BOOKING.md) */
  onTime: number;
  noShows: number;
  /**
   * Average minutes until called: a booked ticket from its slot start (or its check-in, when that
   * was later: a late booking), a walk-in from its arrival. Null with nobody called.
   */
  avgWaitBookedMinutes: number | null;
  avgWaitWalkInMinutes: number | null;
}

/** Bookings made, checked in, no-shows and the average waits, per service, for `from`…`to` (business dates). */
export function bookingReport(db: Db, master: Pick<MasterData, 'service'>, from: string, to: string): BookingReportRow[] {
  const bookings = db
    .prepare(
      `SELECT b.service_id AS serviceId, COUNT(*) AS made,
              SUM(b.status = 'cancelled') AS cancelled, SUM(b.status = 'checked_in') AS checkedIn,
              SUM(b.status = 'checked_in' AND t.due_at IS NOT NULL) AS onTime, SUM(b.status = 'no_show') AS noShows
       FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id
       WHERE b.business_date BETWEEN ? AND ? GROUP BY b.service_id`,
    )
    .all(from, to) as { serviceId: number; made: number; cancelled: number; checkedIn: number; onTime: number; noShows: number }[];
  // Waits of tickets called, in the service they were issued for; a booked ticket counts from its
  // slot (due_at) or its check-in, whichever is later.
  const waits = db
    .prepare(
      `SELECT origin_service_id AS serviceId, booking_id IS NOT NULL AS booked,
              AVG(called_at - MAX(issued_at, COALESCE(due_at, arrived_at))) / 60000.0 AS avgBooked,
              AVG(called_at - arrived_at) / 60000.0 AS avgWalkIn
       FROM tickets WHERE business_date BETWEEN ? AND ? AND called_at IS NOT NULL
       GROUP BY origin_service_id, booking_id IS NOT NULL`,
    )
    .all(from, to) as { serviceId: number; booked: number; avgBooked: number; avgWalkIn: number }[];
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10) / 10);
  const ids = [...new Set(bookings.map((b) => b.serviceId))].sort((a, b) => a - b);
  return ids.map((serviceId) => {
    const b = bookings.find((r) => r.serviceId === serviceId)!;
    return {
      serviceId,
      // no foreign key on bookings.service_id: a service removed since keeps its row, unnamed
      serviceName: master.service(serviceId)?.name ?? `#${serviceId}`,
      made: b.made,
      cancelled: b.cancelled,
      checkedIn: b.checkedIn,
      onTime: b.onTime,
      noShows: b.noShows,
      avgWaitBookedMinutes: round(waits.find((w) => w.serviceId === serviceId && w.booked === 1)?.avgBooked),
      avgWaitWalkInMinutes: round(waits.find((w) => w.serviceId === serviceId && w.booked === 0)?.avgWalkIn),
    };
  });
}
