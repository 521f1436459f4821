/**
 * A year's report is built in the hub's report worker (electron/hub/readWorker.ts) on its own
 * read-only connection: kiosks get their numbers while it runs, its figures are those the hub's
 * own report function gives, and a pile of report requests is refused with REPORTS_BUSY.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/hub/core.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { HubError } from '../../electron/hub/hubError.js';
import { buildReportWithDays, REPORT_GROUPS, reportCsv, reportXlsx } from '../../electron/hub/reports.js';
import { DEMO_PINS } from '../../electron/hub/seed/demo.js';
import { Survey } from '../../electron/hub/survey.js';
import { ERRORS } from '../../shared/errors.js';
import { shortFormAnswers } from '../../shared/ikm.js';
import type { Report } from '../../shared/reports.js';
import { ManualClock } from '../fixtures/clock.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { MONDAY_9AM_WIB, smallSite } from '../fixtures/smallSite.js';
import { HubClient } from '../fixtures/testHub.js';
import { tempDir } from '../fixtures/tempDir.js';

// A year's report takes seconds on a loaded two-core CI machine; a test builds several.
const SLOW = 300_000;

const PER_DAY = 200;
const DAYS = 365;
const TO = '2026-11-23';
const FROM = '2025-11-23'; // a year of history up to yesterday, and today's kiosks

/** A year of finished, missed, cancelled and transferred tickets with their calls and some survey answers. */
async function yearOfHistory(dir: string): Promise<void> {
  // The demo MPP (seeded once per process, demoDatabase.ts), then the year.
  await copyDemoDatabase(dir, MONDAY_9AM_WIB);
  const core = openCore({ dataDir: dir, clock: new ManualClock(MONDAY_9AM_WIB) });
  try {
    const services = core.master.services();
    const counters = core.db.prepare('SELECT id FROM counters ORDER BY id').pluck().all() as number[];
    const officers = core.db.prepare('SELECT id FROM officers ORDER BY id').pluck().all() as number[];
    const ticket = core.db.prepare(
      `INSERT INTO tickets (business_date, prefix, number, service_id, origin_service_id, status, counter_id, officer_id,
         issued_at, arrived_at, called_at, started_at, finished_at, call_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const event = core.db.prepare(`INSERT INTO events (at, type, business_date, ticket_id, service_id, counter_id, officer_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const survey = core.db.prepare(`INSERT INTO survey_responses (ticket_id, service_id, counter_id, officer_id, business_date, form, answers, at) VALUES (?, ?, ?, ?, ?, 'short', ?, ?)`);
    const firstDay = Date.parse(`${FROM}T01:00:00Z`); // 08:00 WIB
    core.db.transaction(() => {
      for (let d = 0; d < DAYS; d++) {
        const date = new Date(firstDay + d * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
        for (let n = 1; n <= PER_DAY; n++) {
          const i = d * PER_DAY + n;
          const svc = services[i % services.length]!;
          const origin = i % 37 === 0 ? services[(i + 1) % services.length]! : svc;
          const counter = counters[i % counters.length]!;
          const officer = officers[i % officers.length]!;
          const status = i % 23 === 0 ? 'cancelled' : i % 11 === 0 ? 'no_show' : 'done';
          const issued = firstDay + d * 86_400_000 + n * 60_000;
          const called = status === 'cancelled' ? null : issued + (i % 40) * 60_000;
          const started = status === 'done' ? called! + 30_000 : null;
          const finished = status === 'done' ? started! + (i % 15) * 60_000 : null;
          const id = Number(ticket.run(date, svc.prefix, n, svc.id, origin.id, status, counter, officer, issued, issued, called, started, finished).lastInsertRowid);
          event.run(issued, 'ticket.issued', date, id, origin.id, null, null, '{}');
          if (origin !== svc) event.run(issued, 'ticket.transferred', date, id, svc.id, counter, officer, JSON.stringify({ fromServiceId: origin.id }));
          if (called !== null) event.run(called, 'ticket.called', date, id, svc.id, counter, officer, '{}');
          if (status === 'done' && i % 9 === 0) survey.run(id, svc.id, counter, officer, date, JSON.stringify(shortFormAnswers((1 + (i % 4)) as 1 | 2 | 3 | 4)), finished);
        }
      }
    })();
  } finally {
    core.close();
  }
}

let hub: RunningHub;
let client: HubClient;
let dir: ReturnType<typeof tempDir>;
let admin: { token: string; session: string };
let kiosk: string;
const year = `/api/admin/reports?from=${FROM}&to=${TO}`;

beforeAll(async () => {
  dir = tempDir('antre-report-worker-');
  await yearOfHistory(dir.dir);
  hub = await startHub({ dataDir: dir.dir, port: 0, host: '127.0.0.1', demo: false, clock: new ManualClock(MONDAY_9AM_WIB), limits: { pairingPerMinute: 1000, loginPerMinute: 1000 }, printerPollMs: 0, log: () => {} });
  client = new HubClient(hub.url);
  const paired = await client.call('POST', '/api/pair', { body: { code: hub.bootstrapAdminCode, name: 'Admin PC' } });
  const token = paired.json.token as string;
  const login = await client.call('POST', '/api/sessions', { token, body: DEMO_PINS.admin });
  admin = { token, session: login.json.sessionToken as string };
  const code = await client.call('POST', '/api/admin/pairing-codes', { ...admin, body: { role: 'kiosk', name: 'Kios uji' } });
  kiosk = (await client.call('POST', '/api/pair', { body: { code: code.json.code } })).json.token as string;
}, SLOW);
afterAll(async () => {
  await hub?.close();
  dir?.remove();
});

describe('a year-range report', () => {
  it('leaves the kiosks issuing while it is built: their numbers come before the report', async () => {
    const serviceId = hub.core.master.services()[0]!.id;
    const answered: string[] = [];
    const report = client.call('GET', `${year}&by=service`, admin).then((r) => {
      answered.push('report');
      return r;
    });
    // Issued once the hub has handed the report to its worker.
    while (hub.core.reports.pending === 0) await new Promise((r) => setTimeout(r, 1));
    for (let i = 0; i < 5; i++) {
      const r = await client.call('POST', '/api/tickets', { token: kiosk, body: { serviceId, requestId: `during-report-${i}` } });
      expect(r.status).toBe(201);
      answered.push('ticket');
    }
    const r = await report;
    expect(r.status).toBe(200);
    expect(answered).toEqual(['ticket', 'ticket', 'ticket', 'ticket', 'ticket', 'report']);
    expect(r.json.total.issued).toBe(PER_DAY * DAYS + 5);
  }, SLOW);

  it('has the figures the hub’s own report function gives, in JSON, CSV and XLSX', async () => {
    // Each file is asked of the hub first; once the hub has handed it to its worker, the figures
    // are worked out here, on the hub's own connection, while the worker builds them (the two
    // builds take the two cores of the machine, not one after the other).
    const handedOver = async (...asked: Promise<unknown>[]) => {
      const unanswered = new Set(asked);
      for (const a of asked) void a.finally(() => unanswered.delete(a)).catch(() => {});
      while (unanswered.size > 0 && hub.core.reports.pending < unanswered.size) await new Promise((r) => setTimeout(r, 1));
    };
    const built = new Map<string, Report>();
    for (const by of REPORT_GROUPS) {
      const asked = client.call('GET', `${year}&by=${by}`, admin);
      await handedOver(asked);
      built.set(by, hub.core.reports.build(FROM, TO, by));
      const r = await asked;
      expect(r.status).toBe(200);
      expect(r.json).toEqual(built.get(by));
    }
    const expected = built.get('agency')!;
    expect(expected.total.served).toBeGreaterThan(0);
    expect(expected.total.transferred).toBeGreaterThan(0);
    expect(expected.total.ikm.respondents).toBeGreaterThan(0);

    // The files list each date's rows, then the range's.
    const headers = { authorization: `Bearer ${admin.token}`, 'x-antre-session': admin.session };
    const csv = fetch(`${hub.url}${year}&format=csv`, { headers }).then(async (r) => r.text());
    const xlsx = fetch(`${hub.url}${year}&format=xlsx`, { headers }).then(async (r) => r.arrayBuffer());
    await handedOver(csv, xlsx);
    const { days } = buildReportWithDays(hub.core, FROM, TO, 'agency', null, true);
    expect(days).toHaveLength(DAYS + 1);
    expect(await csv).toBe(reportCsv(expected, days).replace(/^\uFEFF/, ''));

    const sheets = async (bytes: ArrayBuffer | Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as never);
      return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1) : row)) }));
    };
    const mine = await sheets(await reportXlsx(expected, days));
    expect(await sheets(await xlsx)).toEqual(mine);
  }, SLOW);

  it('refuses more reports than the worker may hold waiting, with REPORTS_BUSY', async () => {
    const held = Array.from({ length: 4 }, () => hub.core.reports.produce(FROM, TO, 'officer', 'json'));
    const r = await client.call('GET', `${year}&by=service`, admin);
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 'REPORTS_BUSY', message: { id: ERRORS.REPORTS_BUSY.id, en: ERRORS.REPORTS_BUSY.en } });
    // Those already queued are still answered, and the next request once they are is served.
    for (const report of await Promise.all(held)) expect(report.format).toBe('json');
    expect((await client.call('GET', `${year}&by=service`, admin)).status).toBe(200);
  }, SLOW);
});

describe('a small day through the worker', () => {
  it('gives what the unit tests work out by hand: transfers, no-shows, cancels and the IKM alike', async () => {
    const s = await smallSite();
    try {
      const { engine } = s.core;
      const { a, b, c } = s.services;
      const [c0, c1, c2] = s.counters as [number, number, number];
      const [o0, o1, o2] = s.officers.map((officerId) => ({ officerId })) as [{ officerId: number }, { officerId: number }, { officerId: number }];
      const t1 = engine.issue({ serviceId: a, requestId: 'small-1-xxxx' }).ticket.id;
      engine.issue({ serviceId: b, requestId: 'small-2-xxxx' });
      const t3 = engine.issue({ serviceId: a, requestId: 'small-3-xxxx' }).ticket.id;
      engine.issue({ serviceId: c, requestId: 'small-4-xxxx' });
      engine.openCounter(c0, o0);
      engine.openCounter(c1, o1);
      engine.openCounter(c2, o2);
      s.clock.advance(4 * 60_000);
      engine.callNext(c0, o0);
      engine.start(c0, o0);
      s.clock.advance(6 * 60_000);
      engine.finish(c0, o0);
      engine.callNext(c1, o1);
      engine.noShow(c1, o1);
      engine.callNext(c2, o2);
      engine.transfer(c2, c, o2);
      engine.cancel(t3, 'salah ambil', {});
      new Survey(s.core).answer({ form: 'short', ticketId: t1, value: 4 }, {});
      const date = engine.today();
      for (const by of REPORT_GROUPS) {
        const viaWorker = await s.core.reports.produce(date, date, by, 'json');
        expect(viaWorker).toEqual({ format: 'json', body: s.core.reports.build(date, date, by) });
      }
      const csv = await s.core.reports.produce(date, date, 'service', 'csv');
      expect(csv).toEqual({ format: 'csv', body: reportCsv(s.core.reports.build(date, date, 'service')) });
    } finally {
      s.dispose();
    }
  }, SLOW);

  it('queues at most four reports and refuses the fifth at once', async () => {
    const s = await smallSite();
    try {
      const date = s.core.engine.today();
      const asked = Array.from({ length: 5 }, () => s.core.reports.produce(date, date, 'service', 'json').then(
        () => 'built',
        (err: unknown) => (err instanceof HubError ? err.code : String(err)),
      ));
      expect(await Promise.all(asked)).toEqual(['built', 'built', 'built', 'built', 'REPORTS_BUSY']);
    } finally {
      s.dispose();
    }
  });
});
