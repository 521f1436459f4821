/**
 * The worker thread of the reports (readWorker.ts): the same pure functions as the hub's
 * `Reports.build` (reports.ts), on the worker's own read-only connection. The services and the
 * site's time zone come with each request from the hub's cache, so the worker reads nothing the
 * main thread would have to keep in step.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { buildReport, reportCsv, reportXlsx, type ReportJob, type ReportOutput } from './reports.js';
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
  const master = { services: () => job.services, site: () => ({ timeZone: job.timeZone }) };
  const report = buildReport({ db: open(), master }, job.from, job.to, job.by);
  if (job.format === 'csv') return { format: 'csv', body: reportCsv(report) };
  if (job.format === 'xlsx') return { format: 'xlsx', body: await reportXlsx(report) };
  return { format: 'json', body: report };
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
