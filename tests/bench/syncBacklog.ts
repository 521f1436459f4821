/**
 * Sync of a 30-day backlog into the central PostgreSQL (the real outbox, HTTP with gzip, the real
 * central server's ingest) against raw multi-row INSERTs of the same rows into the same table,
 * both on one durable PostgreSQL cluster started here (PostgreSQL's default fsync settings).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startLocalCluster } from '../../central/localCluster.js';
import { createCentral } from '../../central/server.js';
import { openCore, type HubCore } from '../../electron/hub/core.js';
import type { EventRow } from '../../electron/hub/events.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import { ManualClock } from '../fixtures/clock.js';
import { tempDir } from '../fixtures/tempDir.js';
import type { Row } from './rows.js';

const DAYS = 30;
const RAW_ROWS_PER_INSERT = 1000;

/** A real day from the engine: counters opened, tickets issued, called, started, finished, no-shows. */
function sampleDay(core: HubCore, clock: ManualClock): EventRow[] {
  const { engine, master } = core;
  const services = master.services().filter((s) => engine.unavailableReason(s) === null && s.dailyQuota === null);
  const counters = (core.db.prepare('SELECT id FROM counters ORDER BY id LIMIT 20').all() as { id: number }[]);
  counters.forEach((c, i) => engine.openCounter(c.id, { officerId: (i % 25) + 1 }));
  for (let i = 0; i < 1200; i++) {
    engine.issue({ serviceId: services[i % services.length]!.id, requestId: `sample-${i}` });
    clock.advance(20_000);
    const c = counters[i % counters.length]!;
    const actor = { officerId: (counters.indexOf(c) % 25) + 1 };
    try {
      engine.callNext(c.id, actor);
      if (i % 11 === 0) engine.noShow(c.id, actor);
      else {
        engine.start(c.id, actor);
        engine.finish(c.id, actor);
      }
    } catch {
      // nobody waiting for this counter's services
    }
  }
  return core.db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[];
}

/** `events` rows over 30 business dates made of the sample day's real events. */
function backlog(core: HubCore, sample: EventRow[], total: number): void {
  const insert = core.db.prepare(
    `INSERT INTO events (at, type, business_date, ticket_id, service_id, counter_id, officer_id, device_id, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const perDay = Math.ceil(total / DAYS);
  const start = Date.UTC(2026, 9, 1, 2, 0);
  core.db.transaction(() => {
    let made = core.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    for (let day = 0; made < total; day++) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      for (let i = 0; i < perDay && made < total; i++, made++) {
        const e = sample[i % sample.length]!;
        const round = Math.floor(i / sample.length);
        insert.run(start + day * 86_400_000 + i * 800, e.type, date, e.ticket_id === null ? null : e.ticket_id + round * 10_000, e.service_id, e.counter_id, e.officer_id, e.device_id, e.data);
      }
    }
  })();
}

function startCentralProcess(databaseUrl: string): Promise<{ url: string; kill: (sig: NodeJS.Signals) => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'central/serve.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, CENTRAL_PORT: '0', CENTRAL_HOST: '127.0.0.1', CENTRAL_ADMIN_TOKEN: 'bench' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('exit', (code) => reject(new Error(`the central server exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening on :(\d+)/.exec(String(chunk))?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, kill: (sig) => child.kill(sig) });
    });
  });
}

export async function syncBacklog(rows: Row[], total: number): Promise<void> {
  const hubDir = tempDir('antre-bench-sync-');
  const pgDir = mkdtempSync(join(tmpdir(), 'antre-bench-pg-'));
  const clock = new ManualClock(Date.UTC(2026, 9, 1, 2, 0));
  const core = openCore({ dataDir: hubDir.dir, clock });
  const cluster = await startLocalCluster(pgDir);
  const central = await createCentral({ databaseUrl: cluster.url, adminToken: 'bench' });
  let stopChild = () => {};
  try {
    await seedDemo(core);
    backlog(core, sampleDay(core, clock), total);
    const count = core.events.lastSeq();
    const { site, token } = await central.store.addSite('mpp-bench', 'MPP Bench');
    const rawSite = await central.store.addSite('mpp-bench-raw', 'MPP Bench (raw)');
    // The month's partition exists for both sides before either starts.
    await central.pool.query(`CREATE TABLE IF NOT EXISTS events_2026_10 PARTITION OF events FOR VALUES FROM ('2026-10-01') TO ('2026-11-01')`);
    await central.pool.query(`CREATE TABLE IF NOT EXISTS events_2026_11 PARTITION OF events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')`);

    // Raw: the same rows, already in memory, 1,000 to a statement, each statement its own commit.
    const all = core.db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[];
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += RAW_ROWS_PER_INSERT) {
      const chunk = all.slice(i, i + RAW_ROWS_PER_INSERT);
      const values: unknown[] = [];
      const tuples = chunk.map((e, j) => {
        values.push(rawSite.site.id, e.seq, e.business_date, new Date(e.at), e.type, e.ticket_id, e.service_id, e.counter_id, e.officer_id, e.data);
        const b = j * 10;
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10})`;
      });
      await client.query(`INSERT INTO events (site_id, seq, business_date, at, type, ticket_id, service_id, counter_id, officer_id, data) VALUES ${tuples.join(',')}`, values);
    }
    const rawMs = performance.now() - t0;
    await client.end();
    // Both sides start from an empty table.
    await central.pool.query('TRUNCATE events');
    await central.pool.query('VACUUM ANALYZE events');

    // The central server runs in a process of its own, as it does on its own machine.
    const centralChild = await startCentralProcess(cluster.url);
    stopChild = () => centralChild.kill('SIGTERM');
    const url = centralChild.url;
    const outbox = new SyncOutbox(core, { url, site: site.code, token, requestTimeoutMs: 120_000 });
    const t1 = performance.now();
    for (;;) {
      const r = await outbox.pushOnce();
      if (r.kind === 'retry') throw new Error(`sync failed: ${r.error}`);
      if (r.kind === 'idle') break;
    }
    const syncMs = performance.now() - t1;
    const stored = Number((await central.pool.query('SELECT count(*) FROM events WHERE site_id = $1', [site.id])).rows[0].count);
    if (stored !== count) throw new Error(`the central server holds ${stored} events, the hub ${count}`);

    rows.push({
      name: `Sync of a ${DAYS}-day backlog, ${count.toLocaleString('en')} events, into PostgreSQL`,
      measure: 'events/s',
      value: count / (syncMs / 1000),
      baseline: count / (rawMs / 1000),
      baselineName: `raw multi-row INSERT, ${RAW_ROWS_PER_INSERT.toLocaleString('en')} rows a statement`,
      unit: '/s',
      target: 0.5,
      direction: 'min',
    });
  } finally {
    stopChild();
    core.close();
    hubDir.remove();
    await central.close();
    await cluster.stop();
    rmSync(pgDir, { recursive: true, force: true });
  }
}
