/**
 * Sync against a real PostgreSQL cluster (started here in a temporary directory) and the real
 * central server over HTTP, through a proxy that injects faults: every event arrives exactly once,
 * in order, whatever the connection does.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/server.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import { FaultProxy, type Fault } from '../fixtures/faultProxy.js';
import { testPostgres } from '../fixtures/postgres.js';
import { serveHub } from '../fixtures/serveHub.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

let pg: { url: string; stop: () => Promise<void> };
let central: Central;
let centralUrl: string;
let proxy: FaultProxy;
let siteNo = 0;
const ADMIN = 'admin-token-for-the-tests';

beforeAll(async () => {
  pg = await testPostgres();
  central = await createCentral({ databaseUrl: pg.url, adminToken: ADMIN, bodyLimit: 256 * 1024 });
  await central.app.listen({ port: 0, host: '127.0.0.1' });
  centralUrl = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
  proxy = await new FaultProxy(centralUrl).start();
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await central?.close();
  await pg?.stop();
});

async function newSite() {
  const code = `mpp-uji-${++siteNo}`;
  const { site, token } = await central.store.addSite(code, `MPP Uji ${siteNo}`);
  return { code, token, id: site.id };
}

/** A hub with an outbox to the central server through the fault proxy; deterministic jitter. */
async function hubWithOutbox(site: { code: string; token: string }, opts: { batchSize?: number } = {}) {
  const s = await smallSite();
  const outbox = new SyncOutbox(s.core, { url: proxy.url, site: site.code, token: site.token, baseDelayMs: 1000, random: () => 0.5, requestTimeoutMs: 5000 });
  if (opts.batchSize) s.core.db.prepare('UPDATE sync_state SET batch_size = ?').run(opts.batchSize);
  return { s, outbox };
}

/** Some of an MPP's day: tickets issued, called, served, a no-show. */
function someDay(s: SmallSite, tickets: number): void {
  const { engine } = s.core;
  s.counters.forEach((c, i) => {
    try {
      engine.openCounter(c, { officerId: s.officers[i]! });
    } catch {
      // open already
    }
  });
  for (let i = 0; i < tickets; i++) {
    engine.issue({ serviceId: [s.services.a, s.services.b, s.services.c][i % 3]!, requestId: `day-${s.clock.now()}-${i}` });
    s.clock.advance(45_000);
  }
  for (let i = 0; i < Math.floor(tickets / 2); i++) {
    const counter = s.counters[i % 3]!;
    const actor = { officerId: s.officers[i % 3]! };
    try {
      engine.callNext(counter, actor);
      s.clock.advance(60_000);
      if (i % 5 === 4) engine.noShow(counter, actor);
      else {
        engine.start(counter, actor);
        s.clock.advance(240_000);
        engine.finish(counter, actor);
      }
    } catch {
      // nobody waiting for this counter
    }
  }
}

async function storedSeqs(siteId: number): Promise<number[]> {
  return (await central.pool.query<{ seq: string }>('SELECT seq FROM events WHERE site_id = $1 ORDER BY received_at, seq', [siteId])).rows.map((r) => Number(r.seq));
}
const hubSeqs = (s: SmallSite) => (s.core.db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[]);

async function drainClean(outbox: SyncOutbox): Promise<void> {
  proxy.fault = 'none';
  for (let i = 0; i < 2000; i++) {
    const r = await outbox.pushOnce();
    if (r.kind === 'idle') return;
  }
  throw new Error('the outbox did not drain');
}

describe('a day of events', () => {
  it('arrives exactly once, in order, with a matching day manifest and the figures per agency', async () => {
    const site = await newSite();
    const { s, outbox } = await hubWithOutbox(site, { batchSize: 50 });
    someDay(s, 120);
    const date = s.core.engine.today();
    s.clock.advanceMinutes(10 * 60);
    s.core.engine.closeDay(date, 'tutup', {});
    await drainClean(outbox);
    expect(await storedSeqs(site.id)).toEqual(hubSeqs(s));
    const status = outbox.status();
    expect(status).toMatchObject({ backlog: 0, lastError: null, quarantined: [] });
    expect(status.manifests).toEqual([{ businessDate: date, lastSeq: expect.any(Number), match: 1 }]);
    const report = await central.store.dayReport(site.code, date);
    const issued = s.core.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get();
    const served = s.core.db.prepare("SELECT COUNT(*) FROM tickets WHERE status = 'done'").pluck().get();
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({ agency: 'Dinas Kependudukan dan Pencatatan Sipil', issued, served });
    expect(report[0]!.avg_service).toBeCloseTo(4, 5); // every service took four minutes
    s.dispose();
  });
});

describe('the same batch', () => {
  it('sent twice, or twice at once, applies once', async () => {
    const site = await newSite();
    const { s } = await hubWithOutbox(site);
    someDay(s, 20);
    const events = s.core.events.readSince(0, 1000);
    const batch = { site: site.code, fromSeq: events[0]!.seq, toSeq: events.at(-1)!.seq, idempotencyKey: 'k', events, services: [] };
    const send = () =>
      fetch(`${centralUrl}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${site.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(batch)) });
    const first = await send();
    expect(first.status).toBe(200);
    const [a, b] = await Promise.all([send(), send()]);
    for (const r of [a, b]) expect(await r.json()).toEqual({ ackedThrough: events.at(-1)!.seq, quarantined: [], epoch: 1, lastSeq: events.at(-1)!.seq });
    expect(await storedSeqs(site.id)).toEqual(hubSeqs(s));
    s.dispose();
  });
});

describe('faults', () => {
  it('retries a batch whose answer was lost after the server committed, without duplicates', async () => {
    const site = await newSite();
    const { s, outbox } = await hubWithOutbox(site);
    someDay(s, 30);
    proxy.queue = ['lose-response'];
    const r = await outbox.pushOnce();
    expect(r.kind).toBe('retry');
    expect(outbox.status().ackedSeq).toBe(0); // the hub did not hear the acknowledgement
    expect((await storedSeqs(site.id)).length).toBe(hubSeqs(s).length); // but the server has it all
    await drainClean(outbox);
    expect(await storedSeqs(site.id)).toEqual(hubSeqs(s));
    s.dispose();
  });

  it('backs off with jitter on a 5xx, waits as told by Retry-After on 429 and 503, and halves the batch on 413', async () => {
    const site = await newSite();
    const { s, outbox } = await hubWithOutbox(site);
    someDay(s, 10);
    proxy.queue = ['500'];
    expect(await outbox.pushOnce()).toMatchObject({ kind: 'retry', afterMs: 1000 }); // 0.5 × min(cap, 1000 × 2¹)
    proxy.queue = ['500'];
    expect(await outbox.pushOnce()).toMatchObject({ kind: 'retry', afterMs: 2000 }); // the ceiling doubles
    proxy.queue = ['429'];
    expect(await outbox.pushOnce()).toMatchObject({ kind: 'retry', afterMs: 7000 });
    proxy.queue = ['503'];
    expect(await outbox.pushOnce()).toMatchObject({ kind: 'retry', afterMs: 7000 });
    expect(outbox.status()).toMatchObject({ failures: 4, lastError: expect.stringContaining('503') });
    proxy.queue = ['413'];
    await outbox.pushOnce();
    expect(s.core.db.prepare('SELECT batch_size FROM sync_state').pluck().get()).toBe(150);
    await drainClean(outbox);
    // and grows back once batches go through
    expect(s.core.db.prepare('SELECT batch_size FROM sync_state').pluck().get()).toBe(300);
    expect(outbox.status()).toMatchObject({ failures: 0, lastError: null, backlog: 0 });
    expect(await storedSeqs(site.id)).toEqual(hubSeqs(s));
    s.dispose();
  });

  it('keeps everything through three days of the central server being down, and sends it all, in order, when it is back', async () => {
    const site = await newSite();
    const { s, outbox } = await hubWithOutbox(site, { batchSize: 100 });
    proxy.fault = 'down';
    const dates: string[] = [];
    for (let day = 0; day < 3; day++) {
      someDay(s, 60);
      dates.push(s.core.engine.today());
      expect((await outbox.pushOnce()).kind).toBe('retry');
      s.clock.advanceMinutes(24 * 60);
      s.core.engine.closeStaleDays();
    }
    const before = outbox.status();
    expect(before.backlog).toBe(hubSeqs(s).length);
    expect(before.lastError).toContain('no answer');
    await drainClean(outbox);
    const stored = await storedSeqs(site.id);
    expect(stored).toEqual(hubSeqs(s));
    expect(stored).toEqual([...stored].sort((a, b) => a - b));
    expect(outbox.status().manifests.map((m) => (m as { businessDate: string }).businessDate)).toEqual(dates);
    expect(outbox.status().manifests.every((m) => (m as { match: number }).match === 1)).toBe(true);
    s.dispose();
  });

  it('loses nothing when the hub is killed in the middle of a batch and restarted', async () => {
    const site = await newSite();
    const asked = proxy.requests;
    const hub = await serveHub({ ANTRE_SYNC_URL: proxy.url, ANTRE_SYNC_SITE: site.code, ANTRE_SYNC_TOKEN: site.token, ANTRE_SYNC_INTERVAL_MS: '200' });
    try {
      // The hub's first request, with nothing to send yet, asks where the server's copy ends
      // (/api/cursor). It goes through before the fault: held, it would not be the batch this test
      // is about, only 30 seconds of the hub waiting out its request timeout before sending one.
      await expect.poll(() => proxy.requests, { timeout: 30_000 }).toBeGreaterThan(asked);
      proxy.fault = 'hold';
      for (let i = 0; i < 15; i++) {
        const r = await fetch(`${hub.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1, requestId: `killed-${i}-xxxx` }) });
        expect(r.status).toBe(201);
      }
      // The batch reaches the server and commits; the answer never comes back: the hub dies waiting.
      await expect.poll(async () => (await storedSeqs(site.id)).length, { timeout: 40_000 }).toBeGreaterThan(0);
      await hub.kill();
      proxy.fault = 'none';
      await hub.restart();
      const lastSeq = async () => ((await (await fetch(`${hub.url}/api/events?since=0&limit=1`)).json()) as { lastSeq: number }).lastSeq;
      const expected = await lastSeq();
      await expect.poll(async () => (await storedSeqs(site.id)).at(-1), { timeout: 40_000 }).toBe(expected);
      const stored = await storedSeqs(site.id);
      expect(stored).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    } finally {
      proxy.fault = 'none';
      await hub.dispose();
    }
  }, 90_000);
});

describe('the central server', () => {
  it('refuses a wrong token, another site’s token and a revoked token, storing nothing', async () => {
    const a = await newSite();
    const b = await newSite();
    const { s } = await hubWithOutbox(a);
    someDay(s, 5);
    const events = s.core.events.readSince(0, 1000);
    const batch = { site: a.code, fromSeq: 1, toSeq: events.at(-1)!.seq, idempotencyKey: 'k', events, services: [] };
    const send = (token: string) => fetch(`${centralUrl}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect((await send('not-a-token')).status).toBe(401);
    expect((await send(b.token)).status).toBe(403);
    await central.store.revokeSite(a.code);
    expect((await send(a.token)).status).toBe(401);
    expect(await storedSeqs(a.id)).toEqual([]);
    s.dispose();
  });

  it('answers a gap with the seq it expects, and quarantines an unreadable event without blocking', async () => {
    const site = await newSite();
    const { s, outbox } = await hubWithOutbox(site);
    someDay(s, 6);
    const events = s.core.events.readSince(0, 1000);
    const post = (body: unknown) => fetch(`${centralUrl}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${site.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const gap = await post({ site: site.code, fromSeq: 3, toSeq: 4, idempotencyKey: 'g', events: events.slice(2, 4), services: [] });
    expect(gap.status).toBe(409);
    expect(await gap.json()).toMatchObject({ error: 'GAP', epoch: 1, expectedSeq: 1, message: { id: expect.any(String), en: expect.any(String) } });
    const broken = events.slice(0, 3).map((e, i) => (i === 1 ? { ...e, type: 'ticket.teleported' } : e));
    const r = await post({ site: site.code, fromSeq: 1, toSeq: 3, idempotencyKey: 'q', events: broken, services: [] });
    expect(await r.json()).toEqual({ ackedThrough: 3, quarantined: [2], epoch: 1, lastSeq: 3 });
    expect((await central.pool.query('SELECT seq FROM quarantine WHERE site_id = $1', [site.id])).rows.map((q) => Number(q.seq))).toEqual([2]);
    // The hub's outbox carries on from there.
    s.core.db.prepare('UPDATE sync_state SET acked_seq = 3').run();
    await drainClean(outbox);
    expect(await storedSeqs(site.id)).toEqual(hubSeqs(s).filter((q) => q !== 2));
    s.dispose();
  });
});

describe('random faults (property)', () => {
  it('ends with the server holding exactly the hub’s events: no gaps, no duplicates', async () => {
    const faults: Fault[] = ['none', 'down', 'lose-response', '500', '429', '503', '413'];
    const step = fc.oneof(
      fc.record({ kind: fc.constant('work' as const), tickets: fc.integer({ min: 1, max: 25 }) }),
      fc.record({ kind: fc.constant('push' as const), fault: fc.constantFrom(...faults) }),
      fc.record({ kind: fc.constant('close' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), fc.integer({ min: 1, max: 40 }), async (steps, batchSize) => {
        const site = await newSite();
        const { s, outbox } = await hubWithOutbox(site, { batchSize });
        try {
          for (const st of steps) {
            if (st.kind === 'work') someDay(s, st.tickets);
            else if (st.kind === 'close') {
              s.clock.advanceMinutes(24 * 60);
              s.core.engine.closeStaleDays();
            } else {
              proxy.queue = [st.fault];
              await outbox.pushOnce();
            }
          }
          proxy.queue = [];
          await drainClean(outbox);
          const stored = await storedSeqs(site.id);
          const mine = hubSeqs(s);
          expect(stored).toEqual(mine);
          expect(new Set(stored).size).toBe(stored.length);
          expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
        } finally {
          s.dispose();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
