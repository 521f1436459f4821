/**
 * Issue p99 while an admin runs a year's report and its XLSX export, against the same issues with
 * no report: the reports run in a worker thread (electron/hub/readWorker.ts), so the kiosks'
 * latency must not move. For reference, the same with the report built on the hub's own thread
 * (as before issue 17): the stall every kiosk felt.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { startHub } from '../../electron/hub/hub.js';
import { summary, type Row } from './rows.js';

/** `failed`: a request that fails (the hub's request timeout closing a stalled connection) counts with the time it took. */
async function issueTimes(url: string, serviceId: number, from: number, n: number, failed?: { count: number }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId, requestId: `bench-report-${from + i}` }) });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`issue answered ${res.status}`);
    } catch (err) {
      if (!failed) throw err;
      failed.count++;
    }
    out.push(performance.now() - t0);
  }
  return out;
}

/** `dir`: a database with a history of finished tickets (run.ts `makeHistory`), up to today. */
export async function reportDuringIssue(rows: Row[], dir: string, requests: number): Promise<void> {
  const hub = await startHub({ dataDir: dir, port: 0, host: '127.0.0.1', demo: true, rateLimitPerMinute: 1_000_000, printerPollMs: 0, backupEveryMinutes: 0, log: () => {} });
  let stop = false;
  try {
    const db = hub.core.db;
    const last = db.prepare('SELECT MAX(business_date) FROM tickets').pluck().get() as string;
    const first = new Date(Date.parse(`${last}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
    const inRange = db.prepare('SELECT COUNT(*) FROM tickets WHERE business_date BETWEEN ? AND ?').pluck().get(first, last) as number;
    const serviceId = hub.core.master.services()[0]!.id;
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: hub.bootstrapAdminPin }) });
    if (login.status !== 201) throw new Error(`admin login answered ${login.status}`);
    const session = ((await login.json()) as { sessionToken: string }).sessionToken;

    // An admin who keeps asking: the year by service, then its XLSX, one after the other.
    let reports = 0;
    const reportMs: number[] = [];
    const admin = async () => {
      for (let i = 0; !stop; i++) {
        const t0 = performance.now();
        const format = i % 2 === 0 ? 'json' : 'xlsx';
        const res = await fetch(`${hub.url}/api/admin/reports?from=${first}&to=${last}&by=service&format=${format}`, { headers: { 'x-antre-session': session } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`report answered ${res.status}`);
        reportMs.push(performance.now() - t0);
        reports++;
      }
    };
    // The same report on the hub's own thread, as before: what the worker spares the kiosks.
    const inline = async () => {
      for (;;) {
        await yieldLoop();
        if (stop) return;
        hub.core.reports.build(first, last, 'service');
      }
    };

    await issueTimes(hub.url, serviceId, -200, 200); // warm-up
    const idle: number[] = [];
    const loaded: number[] = [];
    const blocked: number[] = [];
    const rounds = 4;
    const per = Math.floor(requests / rounds);
    let next = 0;
    // Where a slower issue comes from: the hub's event loop held up, or the issue itself.
    const loopLoaded = monitorEventLoopDelay({ resolution: 1 });
    const loopIdle = monitorEventLoopDelay({ resolution: 1 });
    for (let r = 0; r < rounds; r++) {
      // The same number of issues on both sides of a round, one right after the other, so that
      // whatever else the machine is doing meanwhile weighs on both alike.
      const loadedBefore = loaded.length;
      stop = false;
      const running = admin();
      // Issuing starts once the first report is under way in the worker.
      while (hub.core.reports.pending === 0) await yieldLoop();
      loopLoaded.enable();
      // At least BENCH_REQUESTS / 4 issues, and for as long as a whole report and a whole export take.
      const before = reports;
      for (let n = 0; n < per || reports - before < 2; n += 50) {
        loaded.push(...(await issueTimes(hub.url, serviceId, next, 50)));
        next += 50;
      }
      loopLoaded.disable();
      stop = true;
      await running;
      loopIdle.enable();
      idle.push(...(await issueTimes(hub.url, serviceId, next, loaded.length - loadedBefore)));
      loopIdle.disable();
      next += loaded.length - loadedBefore;
    }
    // A shorter reference run: each report on the main thread stalls the kiosks for its whole length.
    stop = false;
    const running = inline();
    // Nearly every issue waits out a whole report here, so a few are enough.
    const failed = { count: 0 };
    blocked.push(...(await issueTimes(hub.url, serviceId, next, 20, failed)));
    stop = true;
    await running;

    const i = summary(idle);
    const l = summary(loaded);
    const b = summary(blocked);
    const rep = summary(reportMs);
    const name = `Issue a ticket while a year's report and XLSX export run (${inRange.toLocaleString('en')} tickets in range)`;
    console.log(`  ${reports} reports (json and xlsx alternating) during the loaded rounds; report p50 ${rep.p50.toFixed(0)} ms`);
    const ms = (h: typeof loopIdle, p: number) => (h.percentile(p) / 1e6).toFixed(1);
    // (no max: the first sample after each enable() spans the time the histogram was off)
    console.log(`  event loop delay p50/p99: ${ms(loopIdle, 50)}/${ms(loopIdle, 99)} ms idle, ${ms(loopLoaded, 50)}/${ms(loopLoaded, 99)} ms during reports`);
    console.log(`  report on the hub's thread: issue p50 ${b.p50.toFixed(0)} ms, ${failed.count} of 20 issues failed (connection closed by the hub)`);
    rows.push({ name, measure: 'p50', value: l.p50, baseline: i.p50, baselineName: 'the same issues, no report', unit: 'ms', target: 1.5 });
    rows.push({ name, measure: 'p99', value: l.p99, baseline: i.p99, baselineName: 'the same issues, no report', unit: 'ms', target: 1.5 });
    rows.push({ name: `${name}, report on the hub's thread (before issue 17)`, measure: 'max of 20', value: b.p99, baseline: i.p99, baselineName: 'the same issues, no report (p99)', unit: 'ms', target: null });
  } finally {
    stop = true;
    await hub.close();
  }
}
