/**
 * The worker thread of the reports (readWorker.ts): the same pure functions as the hub's
 * `Reports.build…` (reports.ts), on the worker's own read-only connection. The services and the
 * site's time zone and name come with each request from the hub's cache, so the worker reads
 * nothing the main thread would have to keep in step. PDFs (reportPdf.ts, pdfmake) are made here
 * only, loaded at the first one asked for.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import {
  buildIkmReport,
  buildMonthly,
  buildReportWithDays,
  ikmXlsx,
  monthlyCsv,
  monthlyXlsx,
  reportCsv,
  reportXlsx,
  type ReportJob,
  type ReportMaster,
  type ReportOutput,
} from './reports.js';
import { yieldToTheHub, type WorkerAnswer } from './readWorker.js';

const port = parentPort!;
yieldToTheHub();
let db: Database.Database | null = null;

function open(): Database.Database {
  if (!db) {
    db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
    // A read never waits on the hub's writer in WAL mode; a checkpoint's brief lock might.
    db.pragma('busy_timeout = 5000');
  }
  return db;
}

async function run(job: ReportJob): Promise<ReportOutput> {
  const master: ReportMaster = { services: () => job.services, site: () => job.site };
  const ctx = { db: open(), master };
  if (job.kind === 'report') {
    // The exports list each date's rows; the screen's JSON only the range's.
    const { report, days } = buildReportWithDays(ctx, job.from, job.to, job.by, job.agencyId, job.format !== 'json');
    if (job.format === 'csv') return { format: 'csv', body: reportCsv(report, days) };
    if (job.format === 'xlsx') return { format: 'xlsx', body: await reportXlsx(report, days) };
    return { format: 'json', body: report };
  }
  if (job.kind === 'monthly') {
    const recap = buildMonthly(ctx, job.month, job.period, job.agencyId);
    if (job.format === 'csv') return { format: 'csv', body: monthlyCsv(recap) };
    if (job.format === 'xlsx') return { format: 'xlsx', body: await monthlyXlsx(recap) };
    if (job.format === 'pdf') return { format: 'pdf', body: await (await import('./reportPdf.js')).monthlyPdf(recap, job.site.name) };
    return { format: 'json', body: recap };
  }
  const ikm = buildIkmReport(ctx, job.from, job.to, job.agencyId);
  if (job.format === 'xlsx') return { format: 'xlsx', body: await ikmXlsx(ikm) };
  if (job.format === 'pdf') return { format: 'pdf', body: await (await import('./reportPdf.js')).ikmPdf(ikm) };
  return { format: 'json', body: ikm };
}

port.on('message', (msg: { id: number; request: ReportJob }) => {
  run(msg.request).then(
    (value) => port.postMessage({ id: msg.id, ok: true, value } satisfies WorkerAnswer<ReportOutput>),
    (err: unknown) => {
      const e = err as { code?: unknown; message?: unknown };
      const error = { message: String(e?.message ?? err), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
      port.postMessage({ id: msg.id, ok: false, error } satisfies WorkerAnswer<ReportOutput>);
    },
  );
});
