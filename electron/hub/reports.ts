/**
 * The admin's reports for a day or a range, per agency, service, counter or officer: tickets issued,
 * served, no-show, cancelled, transferred; average, median and p90 of waiting time (arrival → first
 * call) and service time (start, or call when the officer skipped "Mulai layanan", → finish), in
 * minutes; the IKM of the survey answers; and arrivals per hour of the site's day.
 *
 * Which group a ticket counts in: "issued" and "transferred" go to the service it was issued for (and
 * its agency); everything that happened at a counter goes to the service it was served under, that
 * counter and that officer.
 */
import ExcelJS from 'exceljs';
import { localParts } from '../../shared/businessDate.js';
import { computeIkm, type IkmAnswers } from '../../shared/ikm.js';
import type { ServiceInfo } from '../../shared/site.js';
import type { Db } from './db/open.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import { ReadWorker, siblingModule } from './readWorker.js';
import { REPORT_GROUPS, type Report, type ReportGroup, type ReportRow, type Stats } from '../../shared/reports.js';

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

/** Minutes from one time to a later one; never negative (see where it is used). */
function minutesBetween(from: number, to: number): number {
  return Math.max(0, to - from) / 60_000;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    avg: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
    median: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
  };
}

interface TicketFacts {
  id: number;
  status: string;
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

export interface ReportsDeps {
  db: Db;
  master: MasterData;
  /** reports running or waiting in the worker before the next is refused (REPORTS_BUSY) */
  maxPending?: number;
}

/** What a report reads of the master data: the hub's MasterData, or its copy sent to the worker. */
export interface ReportMaster {
  services(): readonly Pick<ServiceInfo, 'id' | 'agencyId' | 'prefix' | 'name'>[];
  site(): { timeZone: string };
}

export type ReportFormat = 'json' | 'csv' | 'xlsx';

/** A request to the report worker (reportWorker.ts). */
export interface ReportJob {
  from: string;
  to: string;
  by: ReportGroup;
  format: ReportFormat;
  services: Pick<ServiceInfo, 'id' | 'agencyId' | 'prefix' | 'name'>[];
  timeZone: string;
}

export type ReportOutput = { format: 'json'; body: Report } | { format: 'csv'; body: string } | { format: 'xlsx'; body: Uint8Array };

/** One running and three waiting: an admin's double click queues, a stuck button does not pile up minutes of work. */
export const DEFAULT_MAX_PENDING_REPORTS = 4;

/**
 * The reports as a service of the hub: what the admin API calls. `produce` runs in a worker thread
 * (readWorker.ts) so a year's figures never stall a kiosk; `build` is the same function on the
 * hub's own connection, for the tests and small callers.
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

  build(from: string, to: string, by: ReportGroup): Report {
    return buildReport(this.deps, from, to, by);
  }

  /** The report (or its CSV or XLSX) built off the event loop; REPORTS_BUSY when too many wait. */
  async produce(from: string, to: string, by: ReportGroup, format: ReportFormat): Promise<ReportOutput> {
    const { master } = this.deps;
    const services = master.services().map(({ id, agencyId, prefix, name }) => ({ id, agencyId, prefix, name }));
    const out = await this.worker.run({ from, to, by, format, services, timeZone: master.site().timeZone });
    // A Buffer crosses the thread as a plain Uint8Array; Fastify sends a Buffer as bytes.
    return out.format === 'xlsx' ? { format: 'xlsx', body: Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength) } : out;
  }

  /** Reports running or waiting in the worker. */
  get pending(): number {
    return this.worker.queued;
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}

export function buildReport(deps: { db: Db; master: ReportMaster }, from: string, to: string, by: ReportGroup): Report {
  const { db, master } = deps;
  const tickets = db
    .prepare(
      `SELECT t.id, t.status, t.service_id, t.origin_service_id, t.counter_id, t.officer_id, t.issued_at, t.arrived_at,
              (SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.called') AS first_called_at,
              t.started_at, t.finished_at
         FROM tickets t WHERE t.business_date BETWEEN ? AND ?`,
    )
    .all(from, to) as TicketFacts[];
  const transfers = db
    .prepare(`SELECT json_extract(data, '$.fromServiceId') AS from_service FROM events WHERE type = 'ticket.transferred' AND business_date BETWEEN ? AND ?`)
    .all(from, to) as { from_service: number }[];
  const surveys = db
    .prepare('SELECT service_id, counter_id, officer_id, answers FROM survey_responses WHERE business_date BETWEEN ? AND ?')
    .all(from, to) as { service_id: number; counter_id: number | null; officer_id: number | null; answers: string }[];

  const services = new Map(master.services().map((s) => [s.id, s]));
  const names = {
    agency: new Map((db.prepare('SELECT id, name FROM agencies').all() as { id: number; name: string }[]).map((a) => [a.id, a.name])),
    service: new Map([...services.values()].map((s) => [s.id, `${s.prefix} ${s.name}`])),
    counter: new Map((db.prepare('SELECT id, label AS name FROM counters').all() as { id: number; name: string }[]).map((c) => [c.id, c.name])),
    officer: new Map((db.prepare('SELECT id, name FROM officers').all() as { id: number; name: string }[]).map((o) => [o.id, o.name])),
  }[by];
  const agencyOf = (serviceId: number) => services.get(serviceId)?.agencyId ?? null;
  /** the group of the ticket's issue, and of what happened at the counter */
  const issueKey = (t: TicketFacts) => (by === 'agency' ? agencyOf(t.origin_service_id) : by === 'service' ? t.origin_service_id : null);
  const serveKey = (t: { service_id: number; counter_id: number | null; officer_id: number | null }) =>
    by === 'agency' ? agencyOf(t.service_id) : by === 'service' ? t.service_id : by === 'counter' ? t.counter_id : t.officer_id;

  type Acc = { row: ReportRow; waits: number[]; services: number[]; answers: IkmAnswers[] };
  const empty = (key: number | null, name: string): Acc => ({
    row: { key, name, issued: 0, served: 0, noShow: 0, cancelled: 0, transferred: 0, wait: stats([]), service: stats([]), ikm: { respondents: 0, converted: null, grade: null } },
    waits: [],
    services: [],
    answers: [],
  });
  const groups = new Map<number | null, Acc>();
  const group = (key: number | null) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = empty(key, key === null ? '–' : (names.get(key) ?? String(key)))));
    return g;
  };
  const total = empty(null, 'Total');

  const arrivalsPerHour = new Array<number>(24).fill(0);
  const tz = master.site().timeZone;
  for (const t of tickets) {
    arrivalsPerHour[Math.floor(localParts(t.issued_at, tz).minuteOfDay / 60)]! += 1;
    if (by === 'agency' || by === 'service') {
      group(issueKey(t)).row.issued++;
    }
    total.row.issued++;
    const served = t.status === 'done';
    if (!served && t.status !== 'no_show' && t.status !== 'cancelled' && t.first_called_at === null) continue;
    const g = group(serveKey(t));
    // Clamped at zero: rows written before the trusted clock (clock.ts), by a PC clock set back
    // mid-visit, can finish before they started; a negative minute is a clock fault, not a time.
    const wait = t.first_called_at !== null ? minutesBetween(t.arrived_at, t.first_called_at) : null;
    const service = served && t.finished_at !== null ? minutesBetween(t.started_at ?? t.first_called_at ?? t.finished_at, t.finished_at) : null;
    for (const target of [g, total]) {
      if (served) target.row.served++;
      if (t.status === 'no_show') target.row.noShow++;
      if (t.status === 'cancelled') target.row.cancelled++;
      if (wait !== null) target.waits.push(wait);
      if (service !== null) target.services.push(service);
    }
  }
  for (const tr of transfers) {
    if (by === 'agency' || by === 'service') group(by === 'agency' ? agencyOf(tr.from_service) : tr.from_service).row.transferred++;
    total.row.transferred++;
  }
  for (const s of surveys) {
    const answers = JSON.parse(s.answers) as IkmAnswers;
    group(serveKey(s)).answers.push(answers);
    total.answers.push(answers);
  }
  const finish = (g: Acc): ReportRow => {
    const ikm = computeIkm(g.answers);
    return {
      ...g.row,
      wait: stats(g.waits),
      service: stats(g.services),
      ikm: { respondents: ikm.respondents, converted: ikm.converted === null ? null : Math.round(ikm.converted * 100) / 100, grade: ikm.grade },
    };
  };
  const rows = [...groups.values()].map(finish).sort((a, b) => (a.key ?? Infinity) - (b.key ?? Infinity));
  return { from, to, by, rows, total: finish(total), arrivalsPerHour };
}

const HEADERS = [
  'Nama',
  'Tiket diambil',
  'Dilayani',
  'Tidak hadir',
  'Dibatalkan',
  'Dialihkan',
  'Tunggu rata-rata (mnt)',
  'Tunggu median (mnt)',
  'Tunggu p90 (mnt)',
  'Layanan rata-rata (mnt)',
  'Layanan median (mnt)',
  'Layanan p90 (mnt)',
  'Responden IKM',
  'IKM',
  'Mutu',
];

function cells(r: ReportRow): (string | number | null)[] {
  return [r.name, r.issued, r.served, r.noShow, r.cancelled, r.transferred, r.wait.avg, r.wait.median, r.wait.p90, r.service.avg, r.service.median, r.service.p90, r.ikm.respondents, r.ikm.converted, r.ikm.grade];
}

/** CSV for spreadsheets set to Indonesian: comma separated, quoted, UTF-8 with a BOM. */
export function reportCsv(report: Report): string {
  const q = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  const lines = [HEADERS, ...report.rows.map(cells), cells(report.total)].map((row) => row.map((v) => q(v as string | number | null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function reportXlsx(report: Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Antre';
  const ws = wb.addWorksheet(`Laporan ${report.from}${report.to !== report.from ? ` – ${report.to}` : ''}`.slice(0, 31));
  ws.addRow(HEADERS).font = { bold: true };
  for (const r of report.rows) ws.addRow(cells(r));
  ws.addRow(cells(report.total)).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 36 : 14));
  const hours = wb.addWorksheet('Kedatangan per jam');
  hours.addRow(['Jam', 'Tiket diambil']).font = { bold: true };
  report.arrivalsPerHour.forEach((n, h) => hours.addRow([`${String(h).padStart(2, '0')}.00`, n]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
