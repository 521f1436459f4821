/**
 * The central server checks every batch against the events it carries, and keeps every epoch of a
 * hub's history: against a real PostgreSQL cluster and the real server over HTTP.
 *
 * - A batch that claims more than it carries (fromSeq 1, toSeq 3,000,000, no events), whose events
 *   are not its fromSeq…toSeq, or that is too large, is refused and moves nothing; real batches
 *   after it are stored.
 * - A hub restored from an older copy after more events were issued and synced starts a new epoch
 *   (told by its own restore, or by the central server holding more than it): the server keeps both
 *   histories, and per epoch holds exactly what the hub sent.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../central/migrations.js';
import { createCentral, type Central } from '../../central/server.js';
import { sha256 } from '../../central/store.js';
import pgLib from 'pg';
import { openCore, type HubCore } from '../../electron/hub/core.js';
import { DB_FILE_NAME } from '../../electron/hub/db/open.js';
import { WATERMARK_FILE } from '../../electron/hub/history.js';
import { SyncOutbox, type CentralSeen } from '../../electron/hub/sync/outbox.js';
import { MAX_BATCH_EVENTS } from '../../shared/sync.js';
import { testPostgres } from '../fixtures/postgres.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

let pg: { url: string; stop: () => Promise<void> };
let central: Central;
let centralUrl: string;
let siteNo = 0;
const centralLog: string[] = [];
const BODY_LIMIT = 256 * 1024;

beforeAll(async () => {
  pg = await testPostgres();
  central = await createCentral({ databaseUrl: pg.url, adminToken: 'admin-token-for-the-tests', bodyLimit: BODY_LIMIT, log: (l) => centralLog.push(l) });
  await central.app.listen({ port: 0, host: '127.0.0.1' });
  centralUrl = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  await central?.close();
  await pg?.stop();
});

async function newSite() {
  const code = `mpp-epoch-${++siteNo}`;
  const { site, token } = await central.store.addSite(code, `MPP Epoch ${siteNo}`);
  return { code, token, id: site.id };
}

type TestSite = Awaited<ReturnType<typeof newSite>>;

const post = (site: TestSite, body: unknown, gzip = false) =>
  fetch(`${centralUrl}/api/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${site.token}`, 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    body: gzip ? gzipSync(JSON.stringify(body)) : JSON.stringify(body),
  });

const cursor = async (site: TestSite, epoch = 1) =>
  ((await (await fetch(`${centralUrl}/api/cursor?epoch=${epoch}`, { headers: { authorization: `Bearer ${site.token}` } })).json()) as { ackedThrough: number }).ackedThrough;

/** Tickets issued, half of them called and served: an MPP's morning. */
function work(core: HubCore, s: SmallSite, tickets: number): void {
  for (const [i, c] of s.counters.entries()) {
    try {
      core.engine.openCounter(c, { officerId: s.officers[i]! });
    } catch {
      // open already
    }
  }
  for (let i = 0; i < tickets; i++) {
    core.engine.issue({ serviceId: [s.services.a, s.services.b][i % 2]!, requestId: `t-${s.clock.now()}-${i}` });
    s.clock.advance(30_000);
  }
  for (let i = 0; i < Math.floor(tickets / 2); i++) {
    const counter = s.counters[i % 3]!;
    const actor = { officerId: s.officers[i % 3]! };
    try {
      core.engine.callNext(counter, actor);
      s.clock.advance(60_000);
      core.engine.start(counter, actor);
      s.clock.advance(120_000);
      core.engine.finish(counter, actor);
    } catch {
      // nobody waiting for this counter
    }
  }
}

async function drain(outbox: SyncOutbox): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const r = await outbox.pushOnce();
    if (r.kind === 'idle') return;
    if (r.kind === 'retry') throw new Error(`sync failed: ${r.error}`);
  }
  throw new Error('the outbox did not drain');
}

/** The fingerprint of a run of events: how many, and a hash over seq, type, time and ticket. */
const fingerprint = (rows: { seq: number; type: string; at: number; ticketId: number | null }[]) => ({
  count: rows.length,
  hash: createHash('sha256')
    .update(rows.map((r) => `${r.seq}:${r.type}:${r.at}:${r.ticketId}\n`).join(''))
    .digest('hex'),
});

/** What the hub holds of an epoch (its seqs from the epoch's first to the next epoch's). */
function hubEpoch(core: HubCore, epoch: number) {
  const all = core.epochs.all();
  const e = all.find((x) => x.epoch === epoch)!;
  const next = all.find((x) => x.epoch > epoch);
  const rows = core.db.prepare('SELECT seq, type, at, ticket_id AS ticketId FROM events WHERE seq >= ? AND seq < ? ORDER BY seq').all(e.fromSeq, next?.fromSeq ?? Number.MAX_SAFE_INTEGER) as {
    seq: number;
    type: string;
    at: number;
    ticketId: number | null;
  }[];
  return rows;
}

async function centralEpoch(site: TestSite, epoch: number) {
  const r = await central.pool.query<{ seq: string; type: string; at: Date; ticket_id: number | null }>('SELECT seq, type, at, ticket_id FROM events WHERE site_id = $1 AND epoch = $2 ORDER BY seq', [site.id, epoch]);
  return r.rows.map((x) => ({ seq: Number(x.seq), type: x.type, at: x.at.getTime(), ticketId: x.ticket_id }));
}

/**
 * A hub on a real SQLite file whose outbox pushes straight to the central server. When the server
 * holds more than the hub, the test's callback does what the history guard does: a new epoch.
 */
async function hub(site: TestSite, opts: { startEpoch?: boolean } = {}) {
  const s = await smallSite();
  const seen: CentralSeen[] = [];
  let core = s.core;
  const outboxFor = (c: HubCore) =>
    new SyncOutbox(
      {
        ...c,
        onCentralAhead: (x) => {
          seen.push(x);
          if (opts.startEpoch !== false) c.epochs.start('the central server holds more of this history');
        },
      },
      { url: centralUrl, site: site.code, token: site.token, random: () => 0.5, requestTimeoutMs: 10_000 },
    );
  let outbox = outboxFor(core);
  const dir = core.dataDir;
  return {
    s,
    seen,
    get core() {
      return core;
    },
    get outbox() {
      return outbox;
    },
    /** A copy of the database as it is now (an hourly backup). */
    async backup(name: string): Promise<string> {
      const file = join(dir, `${name}.sqlite3`);
      await core.db.backup(file);
      return file;
    },
    /** The IT person puts the backup in place of the database and starts the hub again. */
    restore(file: string): void {
      core.close();
      for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`]) rmSync(join(dir, f), { force: true });
      copyFileSync(file, join(dir, DB_FILE_NAME));
      core = openCore({ dataDir: dir, clock: s.clock });
      outbox = outboxFor(core);
    },
    dispose(): void {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('a batch is checked against its events', () => {
  it('refuses a batch that claims more than it carries, out of order, or too large, moves no cursor, and stores the real batches after it', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 10);
      const events = h.core.events.readSince(0, 1000);
      const batch = (evs: unknown[], fromSeq: number, toSeq: number) => ({ site: site.code, fromSeq, toSeq, idempotencyKey: 'x', events: evs, services: [] });
      const refusals: [string, Response][] = [
        // The measured one: no events, a cursor moved to 3,000,000 (and a larger toSeq held the server).
        ['no events', await post(site, { site: site.code, fromSeq: 1, toSeq: 3_000_000 })],
        ['an empty list', await post(site, batch([], 1, 3_000_000))],
        ['one event, a claim of 3,000,000', await post(site, batch(events.slice(0, 1), 1, 3_000_000))],
        ['toSeq one past the events', await post(site, batch(events.slice(0, 3), 1, 4))],
        ['events out of order', await post(site, batch([events[0], events[2], events[1]], 1, 3))],
        ['events not the ones claimed', await post(site, batch(events.slice(1, 4), 1, 3))],
        ['an event without its seq', await post(site, batch([events[0], { ...events[1], seq: undefined }, events[2]], 1, 3))],
        ['toSeq before fromSeq', await post(site, batch(events.slice(0, 1), 2, 1))],
      ];
      for (const [what, r] of refusals) {
        expect(r.status, what).toBe(400);
        const body = (await r.json()) as { error: string; message: { id: string; en: string } };
        expect(['BAD_BATCH', 'BATCH_MISMATCH'], what).toContain(body.error);
        expect(body.message.id, what).toMatch(/\w/);
        expect(body.message.en, what).toMatch(/\w/);
      }
      // Too many events (small ones, well within the body limit): refused before any is looked at.
      const many = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => ({ seq: i + 1 }));
      const tooMany = await post(site, batch(many, 1, many.length), true);
      expect(tooMany.status).toBe(413);
      expect(await tooMany.json()).toMatchObject({ error: 'BATCH_TOO_LARGE', message: { id: expect.stringContaining('terlalu besar'), en: expect.stringContaining('too large') } });
      // Too many bytes once decompressed (a few kilobytes on the wire): the body limit.
      const padded = events.slice(0, 3).map((e) => ({ ...e, data: { ...e.data, pad: 'x'.repeat(BODY_LIMIT) } }));
      const tooBig = await post(site, batch(padded, 1, 3), true);
      expect(tooBig.status).toBe(413);
      expect(await tooBig.json()).toMatchObject({ error: 'BATCH_TOO_LARGE' });

      expect(await cursor(site)).toBe(0);
      expect((await central.pool.query('SELECT COUNT(*)::int AS n FROM quarantine WHERE site_id = $1', [site.id])).rows[0].n).toBe(0);
      expect(await centralEpoch(site, 1)).toEqual([]);

      // The hub's own batches go through as if nothing had happened.
      await drain(h.outbox);
      expect(fingerprint(await centralEpoch(site, 1))).toEqual(fingerprint(hubEpoch(h.core, 1)));
      expect(await cursor(site)).toBe(h.core.events.lastSeq());
      expect(h.outbox.status()).toMatchObject({ backlog: 0, lastError: null, quarantined: [] });
    } finally {
      h.dispose();
    }
  });

  it('quarantines an unreadable event in its place, moving the cursor only over what it kept', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 4);
      const events = h.core.events.readSince(0, 1000);
      const broken = events.slice(0, 3).map((e, i) => (i === 1 ? { seq: e.seq, type: 'ticket.teleported' } : e));
      const r = await post(site, { site: site.code, fromSeq: 1, toSeq: 3, idempotencyKey: 'q', events: broken, services: [] });
      expect(await r.json()).toMatchObject({ ackedThrough: 3, quarantined: [2], lastSeq: 3 });
      expect((await central.pool.query('SELECT seq FROM quarantine WHERE site_id = $1', [site.id])).rows.map((q) => Number(q.seq))).toEqual([2]);
      expect(await cursor(site)).toBe(3);
    } finally {
      h.dispose();
    }
  });

  it('refuses a replayed batch whose events differ from the ones it holds, storing nothing', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 6);
      await drain(h.outbox);
      const events = h.core.events.readSince(0, 1000);
      const before = await centralEpoch(site, 1);
      const changed = events.slice(0, 5).map((e) => (e.seq === 4 ? { ...e, at: e.at + 1 } : e));
      const r = await post(site, { site: site.code, fromSeq: 1, toSeq: 5, idempotencyKey: 'd', events: changed, services: [] });
      expect(r.status).toBe(409);
      expect(await r.json()).toMatchObject({ error: 'DIVERGED', epoch: 1, seq: 4, lastSeq: events.length, numbers: { A: 3, B: 3 } });
      expect(await centralEpoch(site, 1)).toEqual(before);
      // The same events again: a replay, acknowledged.
      const same = await post(site, { site: site.code, fromSeq: 1, toSeq: 5, idempotencyKey: 'd', events: events.slice(0, 5), services: [] });
      expect(await same.json()).toMatchObject({ ackedThrough: 5, quarantined: [], lastSeq: events.length });
    } finally {
      h.dispose();
    }
  });
});

/** The IT person's copy of the whole data folder: the database and the watermark beside it. */
async function copyFolder(core: HubCore, dir: string): Promise<void> {
  await core.db.backup(join(dir, 'copy.sqlite3'));
  copyFileSync(join(dir, WATERMARK_FILE), join(dir, 'copy.watermark'));
}

/** The copy put back by hand over a stopped hub's folder: no restore command, no note. */
function putFolderBack(dir: string): void {
  for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`]) rmSync(join(dir, f), { force: true });
  copyFileSync(join(dir, 'copy.sqlite3'), join(dir, DB_FILE_NAME));
  copyFileSync(join(dir, 'copy.watermark'), join(dir, WATERMARK_FILE));
}

describe('a hub restored from an older copy', () => {
  it('after its restore starts a new epoch: the central server keeps both histories, each equal to what the hub sent', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 40);
      await drain(h.outbox);
      const backup = await h.backup('hourly');
      const restoredSeq = h.core.events.lastSeq();
      // More tickets, all synced, before the database file is found damaged.
      work(h.core, h.s, 60);
      await drain(h.outbox);
      const lostBranch = hubEpoch(h.core, 1);
      const reachedCentral = await cursor(site);
      expect(reachedCentral).toBe(lostBranch.at(-1)!.seq);

      h.restore(backup);
      // What the restore command (and the history guard at start) does.
      h.core.epochs.start('restored from hourly.sqlite3');
      expect(h.core.epochs.current()).toMatchObject({ epoch: 2, fromSeq: restoredSeq + 1 });
      work(h.core, h.s, 150);
      await drain(h.outbox);

      // Epoch 1 at the central server: everything the hub sent before the restore, the lost branch included.
      expect(fingerprint(await centralEpoch(site, 1))).toEqual(fingerprint(lostBranch));
      // The restored hub's own epoch 1 is the start of it.
      expect(fingerprint((await centralEpoch(site, 1)).filter((e) => e.seq <= restoredSeq))).toEqual(fingerprint(hubEpoch(h.core, 1)));
      // Epoch 2: the 150 new tickets' events, every one stored, none merged into epoch 1.
      const epoch2 = hubEpoch(h.core, 2);
      expect(epoch2.filter((e) => e.type === 'ticket.issued')).toHaveLength(150);
      expect(fingerprint(await centralEpoch(site, 2))).toEqual(fingerprint(epoch2));
      expect(await cursor(site, 1)).toBe(reachedCentral);
      expect(await cursor(site, 2)).toBe(h.core.events.lastSeq());
      expect(h.outbox.status()).toMatchObject({ backlog: 0, lastError: null });
      expect(h.core.db.prepare('SELECT epoch FROM sync_state').pluck().get()).toBe(2);
      expect(h.seen).toEqual([]); // the hub knew; the server had nothing to tell it

      // The change is recorded at the server, with when it was first seen.
      const epochs = await central.store.epochs(site.id);
      expect(epochs.map((e) => ({ epoch: e.epoch, fromSeq: e.fromSeq, lastSeq: e.lastSeq, events: e.events }))).toEqual([
        { epoch: 1, fromSeq: 1, lastSeq: reachedCentral, events: lostBranch.length },
        { epoch: 2, fromSeq: restoredSeq + 1, lastSeq: h.core.events.lastSeq(), events: epoch2.length },
      ]);
      expect(epochs[1]!.firstSeenAt).toBeInstanceOf(Date);
      expect(centralLog.some((l) => l.includes(site.code) && l.includes('epoch 2 first seen'))).toBe(true);

      // The day closes: a manifest per epoch, each matching.
      const date = h.core.engine.today();
      h.s.clock.advanceMinutes(10 * 60);
      h.core.engine.closeDay(date, 'tutup', {});
      await drain(h.outbox);
      expect(h.core.db.prepare('SELECT business_date AS businessDate, epoch, last_seq AS lastSeq, match FROM sync_manifests ORDER BY epoch').all()).toEqual([
        { businessDate: date, epoch: 1, lastSeq: restoredSeq, match: 1 },
        { businessDate: date, epoch: 2, lastSeq: h.core.events.lastSeq(), match: 1 },
      ]);
      const atServer = await central.pool.query('SELECT epoch, match FROM day_manifests WHERE site_id = $1 ORDER BY epoch', [site.id]);
      expect(atServer.rows).toEqual([
        { epoch: 1, match: true },
        { epoch: 2, match: true },
      ]);
    } finally {
      h.dispose();
    }
  });

  it('that does not know it was restored learns it from the central server: numbers past what the server saw, a new epoch, both histories kept', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 30);
      await drain(h.outbox);
      const backup = await h.backup('copied-folder');
      const restoredSeq = h.core.events.lastSeq();
      work(h.core, h.s, 50);
      await drain(h.outbox);
      const lostBranch = hubEpoch(h.core, 1);
      const highest = h.core.db.prepare('SELECT prefix, MAX(number) AS n FROM tickets GROUP BY prefix').all() as { prefix: string; n: number }[];

      // The folder copied back by hand: no restore command, no new epoch. The hub carries on.
      h.restore(backup);
      expect(h.core.epochs.current().epoch).toBe(1);
      work(h.core, h.s, 150);
      await drain(h.outbox);

      // The server held other events under the same seqs: it said so, with its cursor and the
      // numbers it holds for the day, and the hub started a new epoch where the histories part.
      expect(h.seen).toHaveLength(1);
      expect(h.seen[0]).toMatchObject({ source: 'central', lastSeq: lostBranch.at(-1)!.seq, businessDate: h.core.engine.today(), divergedAt: restoredSeq + 1 });
      expect(h.seen[0]!.numbers).toEqual(Object.fromEntries(highest.map((x) => [x.prefix, x.n])));
      expect(h.core.epochs.current()).toMatchObject({ epoch: 2, fromSeq: restoredSeq + 1 });

      expect(fingerprint(await centralEpoch(site, 1))).toEqual(fingerprint(lostBranch));
      const epoch2 = hubEpoch(h.core, 2);
      expect(epoch2.filter((e) => e.type === 'ticket.issued')).toHaveLength(150);
      expect(fingerprint(await centralEpoch(site, 2))).toEqual(fingerprint(epoch2));
      expect(h.outbox.status()).toMatchObject({ backlog: 0, lastError: null });
      expect(h.core.db.prepare('SELECT epoch FROM sync_state').pluck().get()).toBe(2);
    } finally {
      h.dispose();
    }
  });

  it('whose whole data folder was copied back hears it from the central server before it gives out a number: its guard raises the alarm, numbers past, starts an epoch', async () => {
    const site = await newSite();
    const s = await smallSite();
    const dir = s.core.dataDir;
    s.core.close();
    // The hub as it runs: the outbox wired to the hub's own history guard.
    const open = () => {
      const c = openCore({ dataDir: dir, clock: s.clock, sync: { url: centralUrl, site: site.code, token: site.token, random: () => 0.5 } });
      c.history.check(); // as at the hub's start
      return c;
    };
    let core = open();
    try {
      work(core, s, 20);
      await drain(core.sync!);
      // The IT person's copy of the whole data folder: the database and the watermark beside it.
      await copyFolder(core, dir);
      const restoredSeq = core.events.lastSeq();
      work(core, s, 30);
      await drain(core.sync!);
      const highestA = core.db.prepare("SELECT MAX(number) FROM tickets WHERE prefix = 'A'").pluck().get() as number;
      const serverSeq = await cursor(site);

      core.close();
      putFolderBack(dir);
      core = open();
      expect(core.alarms.get('data_loss')).toBeUndefined(); // the copy agrees with itself
      expect(core.epochs.current().epoch).toBe(1);

      await drain(core.sync!); // nothing to send: the outbox asks the server where its copy ends
      expect(core.alarms.get('data_loss')).toMatchObject({ en: expect.stringContaining('the central server') });
      expect(core.epochs.current()).toMatchObject({ epoch: 2, fromSeq: restoredSeq + 1 });
      const next = core.engine.issue({ serviceId: s.services.a, requestId: 'after-the-copy' });
      expect(next.ticket.number).toBeGreaterThan(highestA);
      await drain(core.sync!);
      expect(await cursor(site, 1)).toBe(serverSeq);
      expect(fingerprint(await centralEpoch(site, 2))).toEqual(fingerprint(hubEpoch(core, 2)));
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('whose copied-back folder went on offline past what it lost still hears the divergence: its guard starts an epoch and the sync goes on', async () => {
    const site = await newSite();
    const s = await smallSite();
    const dir = s.core.dataDir;
    s.core.close();
    const open = () => {
      const c = openCore({ dataDir: dir, clock: s.clock, sync: { url: centralUrl, site: site.code, token: site.token, random: () => 0.5 } });
      c.history.check();
      return c;
    };
    let core = open();
    try {
      work(core, s, 20);
      await drain(core.sync!);
      await copyFolder(core, dir);
      const restoredSeq = core.events.lastSeq();
      work(core, s, 30);
      await drain(core.sync!);
      const lostBranch = await centralEpoch(site, 1);

      core.close();
      putFolderBack(dir);
      core = open();
      // Offline for a while: more events than were lost, so the server's cursor is not ahead.
      work(core, s, 60);
      expect(core.events.lastSeq()).toBeGreaterThan(lostBranch.at(-1)!.seq);

      await drain(core.sync!);
      // The server held other events under the same seqs: the guard heard it, once.
      expect(core.alarms.get('data_loss')).toMatchObject({ en: expect.stringContaining('the central server') });
      expect(core.epochs.current()).toMatchObject({ epoch: 2, fromSeq: restoredSeq + 1 });
      expect(core.sync!.status()).toMatchObject({ backlog: 0, lastError: null });
      expect(fingerprint(await centralEpoch(site, 1))).toEqual(fingerprint(lostBranch));
      expect(fingerprint(await centralEpoch(site, 2))).toEqual(fingerprint(hubEpoch(core, 2)));
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pushes nothing more into an epoch the server holds otherwise until a new epoch starts', async () => {
    const site = await newSite();
    const h = await hub(site, { startEpoch: false });
    try {
      work(h.core, h.s, 10);
      await drain(h.outbox);
      const backup = await h.backup('hourly');
      work(h.core, h.s, 10);
      await drain(h.outbox);
      const before = await centralEpoch(site, 1);
      h.restore(backup);
      work(h.core, h.s, 10);
      // Told once; then the outbox waits, saying why, and the server's copy is untouched.
      for (let i = 0; i < 3; i++) expect(await h.outbox.pushOnce()).toMatchObject({ kind: 'retry', error: expect.stringContaining('DIVERGED') });
      expect(h.seen).toHaveLength(1);
      expect(h.outbox.status().lastError).toContain('waiting for a new epoch');
      expect(await centralEpoch(site, 1)).toEqual(before);
      // The guard (here, the test) starts the new epoch: the outbox carries on into it.
      h.core.epochs.start('history lost');
      await drain(h.outbox);
      expect(fingerprint(await centralEpoch(site, 2))).toEqual(fingerprint(hubEpoch(h.core, 2)));
      expect((await centralEpoch(site, 2)).filter((e) => e.type === 'ticket.issued')).toHaveLength(10);
    } finally {
      h.dispose();
    }
  });

  it('whose cursor is behind and that has nothing new hears at once that the server holds more', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 10);
      const backup = await h.backup('before-sync'); // nothing acknowledged yet in this copy
      const restoredSeq = h.core.events.lastSeq();
      await drain(h.outbox);
      work(h.core, h.s, 10);
      await drain(h.outbox);
      const serverSeq = await cursor(site);

      h.restore(backup);
      await drain(h.outbox);
      // The copy's events were the server's already (acknowledged as the same); beyond them, the
      // server holds more: the hub hears it before it issues a single new number.
      expect(h.seen).toMatchObject([{ source: 'central', lastSeq: serverSeq }]);
      expect(h.core.epochs.current()).toMatchObject({ epoch: 2, fromSeq: restoredSeq + 1 });
      work(h.core, h.s, 5);
      await drain(h.outbox);
      expect(fingerprint(await centralEpoch(site, 2))).toEqual(fingerprint(hubEpoch(h.core, 2)));
      expect(await cursor(site, 1)).toBe(serverSeq);
    } finally {
      h.dispose();
    }
  });

  it('restored twice from the same copy starts a third epoch: the second one’s seqs are taken', async () => {
    const site = await newSite();
    const h = await hub(site);
    try {
      work(h.core, h.s, 10);
      await drain(h.outbox);
      const backup = await h.backup('hourly');
      const restoredSeq = h.core.events.lastSeq();
      work(h.core, h.s, 10);
      await drain(h.outbox);
      for (const round of [1, 2]) {
        h.restore(backup);
        h.core.epochs.start(`restored (${round})`);
        work(h.core, h.s, 10 * round);
        await drain(h.outbox);
      }
      // Both restores made an epoch 2 from the same seq; the server held the first one's, so the
      // second became epoch 3 from the same seq.
      expect(h.core.epochs.all().map((e) => [e.epoch, e.fromSeq])).toEqual([
        [1, 1],
        [2, restoredSeq + 1],
        [3, restoredSeq + 1],
      ]);
      expect(h.seen).toHaveLength(1);
      const epochs = await central.store.epochs(site.id);
      expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(fingerprint(await centralEpoch(site, 3))).toEqual(fingerprint(hubEpoch(h.core, 3)));
      expect((await centralEpoch(site, 2)).filter((e) => e.type === 'ticket.issued')).toHaveLength(10);
      expect((await centralEpoch(site, 3)).filter((e) => e.type === 'ticket.issued')).toHaveLength(20);
    } finally {
      h.dispose();
    }
  });
});

describe('a central server from before epochs', () => {
  it('keeps its sites’ events and cursors as epoch 1, and the hubs carry on where they were', async () => {
    const admin = new pgLib.Pool({ connectionString: pg.url, max: 1 });
    await admin.query('CREATE DATABASE before_epochs');
    await admin.end();
    const url = pg.url.replace(/\/[^/?]+(\?|$)/, '/before_epochs$1');
    // The schema as it was (migration 1), with a site that has synced 12 events.
    const old = new pgLib.Pool({ connectionString: url, max: 1 });
    await old.query('CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await old.query(MIGRATIONS[0]!.sql);
    await old.query('INSERT INTO schema_version (version) VALUES (1)');
    const site = { code: 'mpp-lama', token: 'token-of-the-old-site', id: 0 };
    site.id = (await old.query("INSERT INTO sites (code, name, token_hash, last_seq) VALUES ($1, 'MPP Lama', $2, 0) RETURNING id", [site.code, sha256(site.token)])).rows[0].id;
    const s = await smallSite();
    const older = createCentralOn(url);
    try {
      work(s.core, s, 6);
      const events = s.core.events.readSince(0, 12);
      await old.query("CREATE TABLE events_2026_11 PARTITION OF events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')");
      for (const e of events)
        await old.query('INSERT INTO events (site_id, seq, business_date, at, type, ticket_id, service_id, counter_id, officer_id, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)', [
          site.id, e.seq, e.businessDate, new Date(e.at), e.type, e.ticketId, e.serviceId, e.counterId, e.officerId, JSON.stringify(e.data),
        ]);
      await old.query('UPDATE sites SET last_seq = $2 WHERE id = $1', [site.id, events.at(-1)!.seq]);
      await old.end();

      // The new server migrates it at its start.
      const upgraded = await older();
      expect(await upgraded.store.epochs(site.id)).toMatchObject([{ epoch: 1, fromSeq: 1, lastSeq: events.at(-1)!.seq, events: events.length }]);
      s.core.db.prepare('UPDATE sync_state SET acked_seq = ?').run(events.at(-1)!.seq);
      const outbox = new SyncOutbox(s.core, { url: upgraded.url, site: site.code, token: site.token, random: () => 0.5 });
      await drain(outbox);
      const stored = await upgraded.central.pool.query('SELECT COUNT(*)::int AS n, MAX(seq)::int AS last FROM events WHERE site_id = $1 AND epoch = 1', [site.id]);
      expect(stored.rows[0]).toEqual({ n: s.core.events.lastSeq(), last: s.core.events.lastSeq() });
      await upgraded.central.close();
    } finally {
      s.dispose();
    }
  });
});

/** A second central server, on a database of the test's own, started when the test says. */
function createCentralOn(databaseUrl: string) {
  return async () => {
    const c = await createCentral({ databaseUrl, adminToken: 'x'.repeat(20), log: () => {} });
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    return { central: c, store: c.store, url: `http://127.0.0.1:${(c.app.server.address() as { port: number }).port}` };
  };
}
