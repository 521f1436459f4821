/**
 * `npm run test:chaos`: a whole MPP day, compressed, under fire. The hub runs as `npm run serve`
 * runs it (a child process) with a database of this test's own: 20 services, 30 counters. Citizens
 * arrive as a Poisson process over 8 hours and take tickets at the kiosk; 30 officers call, serve,
 * mark no-shows, transfer and take breaks; 3 hall displays follow the event stream; the hub pushes
 * its events to the central server (real PostgreSQL). Meanwhile the hub is killed with SIGKILL and
 * restarted, every screen's connection is cut, the printer runs out of paper and gets it back, and
 * the central server is away for three hours. At the end the day must add up exactly.
 *
 *   CHAOS_SECONDS   real seconds for the 8-hour day (60)
 *   CHAOS_TICKETS   citizens expected over the day (1200)
 *   CHAOS_SEED      the random seed (printed at the start; give it back to replay a run)
 */
import Database from 'better-sqlite3';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCentral, type Central } from '../../central/server.js';
import { LOCAL_DEVICE } from '../../electron/hub/access.js';
import { openCore } from '../../electron/hub/core.js';
import { ALWAYS_OPEN } from '../../shared/openingHours.js';
import { PrinterConfig } from '../../shared/printing.js';
import type { Report } from '../../shared/reports.js';
import { FaultProxy } from '../fixtures/faultProxy.js';
import { testPostgres } from '../fixtures/postgres.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';
import { TcpCutter } from '../fixtures/tcpCutter.js';
import { tempDir } from '../fixtures/tempDir.js';

const DAY_SECONDS = Number(process.env.CHAOS_SECONDS ?? 60);
const TICKETS = Number(process.env.CHAOS_TICKETS ?? 1200);
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const DAY_MINUTES = 8 * 60;
const PRINTER = 'kios-chaos';

/** mulberry32: a small seeded generator, so a failing day can be replayed with CHAOS_SEED. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const exponential = (mean: number) => -Math.log(1 - random()) * mean;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// ---- the simulated clock: 8 hours in DAY_SECONDS ---------------------------------------------
const MS_PER_MINUTE = (DAY_SECONDS * 1000) / DAY_MINUTES;
let dayStart = 0;
const simMinute = () => (Date.now() - dayStart) / MS_PER_MINUTE;
const sleepMinutes = (m: number) => new Promise((r) => setTimeout(r, Math.max(0, m * MS_PER_MINUTE)));
const sleepUntil = (minute: number) => sleepMinutes(minute - simMinute());
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- the MPP -----------------------------------------------------------------------------
interface Seeded {
  services: { id: number; prefix: string; minutes: number }[];
  counters: { id: number; session: string; serviceIds: number[] }[];
  supervisor: string;
}
let seeded: Seeded;

async function seedMpp(dataDir: string): Promise<void> {
  const core = openCore({ dataDir });
  const { master } = core;
  master.setSite({ name: 'MPP Uji Tahan Banting', address: 'Jl. Uji 1', timeZone: 'Asia/Jakarta', ticketHeader: 'Selamat datang', ticketFooter: 'Terima kasih' });
  const services: Seeded['services'] = [];
  const counters: Seeded['counters'] = [];
  const prefixes = 'ABCDEFGHIJKLMNOPQRST';
  for (let a = 0; a < 5; a++) {
    const agencyId = master.addAgency({ code: `INST${a + 1}`, name: `Instansi ${a + 1}`, shortName: `Instansi ${a + 1}`, sortOrder: a });
    const ids: number[] = [];
    for (let s = 0; s < 4; s++) {
      const prefix = prefixes[a * 4 + s]!;
      const minutes = 5 + ((a * 4 + s) % 4) * 3;
      const id = master.addService({ agencyId, code: `L${prefix}`, name: `Layanan ${prefix}`, prefix, hours: ALWAYS_OPEN, estimatedMinutes: minutes });
      services.push({ id, prefix, minutes });
      ids.push(id);
    }
    for (let c = 0; c < 6; c++) {
      const order = [...ids.slice(c % 4), ...ids.slice(0, c % 4)];
      const id = master.addCounter({ label: `Gerai ${a * 6 + c + 1}`, agencyId, zone: 'Lantai 1', serviceIds: order });
      counters.push({ id, session: '', serviceIds: order });
    }
  }
  // A PIN is hashed, and checked at login, with scrypt (slow on purpose, on libuv's threads): the
  // 31 accounts are made and logged in side by side rather than one after the other.
  const login = async (username: string, pin: string, role: 'officer' | 'supervisor', name: string, counterId?: number) => {
    await core.staff.add({ name, username, pin, role });
    return (await core.access.login({ username, pin, ...(counterId ? { counterId } : {}) }, LOCAL_DEVICE)).sessionToken;
  };
  const [supervisor] = await Promise.all([
    login('supervisor', '135790', 'supervisor', 'Supervisor'),
    ...counters.map(async (c, i) => {
      c.session = await login(`petugas${String(i + 1).padStart(2, '0')}`, '1234', 'officer', `Petugas ${i + 1}`, c.id);
    }),
  ]);
  core.printers.configure(null, PrinterConfig.parse({ transport: 'virtual', address: PRINTER }));
  core.close();
  seeded = { services, counters, supervisor };
}

// ---- talking to the hub through the relay that cuts connections ------------------------------
type Answer = { kind: 'ok'; status: number; body: Record<string, unknown> } | { kind: 'refused'; status: number; code: string } | { kind: 'lost'; error: string };

let hub: ServedHub;
let relay: TcpCutter;

async function call(method: string, path: string, body?: unknown, session?: string): Promise<Answer> {
  try {
    const res = await fetch(`${relay.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { 'x-antre-session': session } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(5000),
    });
    // A cut can land after the status line but inside the body: the answer was then lost, not empty.
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.ok) return json ? { kind: 'ok', status: res.status, body: json } : { kind: 'lost', error: 'answer cut inside its body' };
    if (!json) return { kind: 'lost', error: `status ${res.status} with its body cut` };
    return { kind: 'refused', status: res.status, code: String((json.error as { code?: string } | undefined)?.code ?? res.status) };
  } catch (err) {
    return { kind: 'lost', error: (err as Error).message };
  }
}

/** Reads (never actions) are safe to repeat until the hub answers. */
async function read(path: string, session?: string): Promise<Record<string, unknown>> {
  for (;;) {
    const a = await call('GET', path, undefined, session);
    if (a.kind === 'ok') return a.body;
    if (a.kind === 'refused' && a.status !== 429 && a.status < 500) throw new Error(`GET ${path}: ${a.code}`);
    await sleepMs(100);
  }
}

// ---- what the simulation itself saw ------------------------------------------------------------
interface Acked {
  id: number;
  display: string;
  prefix: string;
  number: number;
  serviceId: number;
  printed: string | null;
}
const acked = new Map<number, Acked>();
const servedBy = new Map<number, number[]>(); // ticket → counters that finished it
const noShows = new Set<number>();
const transfers: number[] = [];
const unexpected: string[] = [];
const log: string[] = [];
let stopping = false;

/** A citizen: takes a ticket (the kiosk resends the same request id until the hub answers), then prints. */
async function citizen(n: number): Promise<void> {
  const service = pick(seeded.services);
  const requestId = `chaos-${SEED}-${n}`;
  let ticket: Record<string, unknown> | null = null;
  for (let attempt = 0; attempt < 600 && !ticket; attempt++) {
    const a = await call('POST', '/api/tickets', { serviceId: service.id, requestId });
    if (a.kind === 'ok') ticket = a.body.ticket as Record<string, unknown>;
    else if (a.kind === 'refused' && a.status !== 429) return void unexpected.push(`issue ${requestId}: ${a.code}`);
    else await sleepMs(100);
  }
  if (!ticket) return void unexpected.push(`issue ${requestId}: never answered`);
  const t: Acked = { id: Number(ticket.id), display: String(ticket.display), prefix: String(ticket.prefix), number: Number(ticket.number), serviceId: service.id, printed: null };
  acked.set(t.id, t);
  for (let attempt = 0; attempt < 600 && t.printed === null; attempt++) {
    const a = await call('POST', `/api/tickets/${t.id}/print`);
    if (a.kind === 'ok') t.printed = String((a.body.result as { outcome: string }).outcome);
    else if (a.kind === 'refused' && a.code === 'TICKET_ALREADY_PRINTED') t.printed = 'printed';
    else if (a.kind === 'refused' && a.status !== 429) t.printed = `refused ${a.code}`;
    else await sleepMs(100);
  }
}

async function arrivals(): Promise<void> {
  // Busier in the morning, quiet after lunch: the rate per hour relative to the mean.
  const profile = [0.9, 1.5, 1.4, 1.1, 0.7, 1.0, 0.9, 0.5];
  const peak = Math.max(...profile);
  const meanGap = DAY_MINUTES / TICKETS;
  const citizens: Promise<void>[] = [];
  let t = 0;
  let n = 0;
  for (;;) {
    t += exponential(meanGap / peak);
    if (t >= DAY_MINUTES) break;
    if (random() > profile[Math.floor(t / 60)]! / peak) continue; // thinning
    await sleepUntil(t);
    citizens.push(citizen(n++));
  }
  await Promise.all(citizens);
}

// ---- an officer at a counter ---------------------------------------------------------------------
type Held = { id: number; status: string; serviceId: number } | null;

async function counterState(c: Seeded['counters'][number]): Promise<{ held: Held; state: string }> {
  const s = await read(`/api/counters/${c.id}/state`, c.session);
  const held = s.currentTicket as { id: number; status: string; serviceId: number } | null;
  return { held: held ? { id: held.id, status: held.status, serviceId: held.serviceId } : null, state: String((s.counter as { state: string }).state) };
}

/**
 * One counter action. An answer lost to a cut or a kill leaves the officer unsure; like the
 * counter screen, the officer then looks at the counter's state and acts on what it shows.
 */
async function act(c: Seeded['counters'][number], action: string, body: unknown = {}): Promise<'done' | 'lost'> {
  const a = await call('POST', `/api/counters/${c.id}/${action}`, body, c.session);
  if (a.kind === 'ok') return 'done';
  // Nobody waiting is an answer, not trouble.
  if (a.kind === 'refused' && action === 'call-next' && a.code === 'NO_TICKET_WAITING') return 'done';
  if (a.kind === 'refused' && a.status !== 429) unexpected.push(`counter ${c.id} ${action}: ${a.code}`);
  return 'lost';
}

async function officer(c: Seeded['counters'][number]): Promise<void> {
  const breakAt = 150 + random() * 180;
  let tookBreak = false;
  while (simMinute() < DAY_MINUTES && !stopping) {
    // The counter's state says which ticket (if any) is held, whatever happened to earlier answers.
    let { held } = await counterState(c);
    // A break starts once the citizen in front of the officer is dealt with (the hub refuses to
    // pause a counter that holds a ticket).
    if (!held && !tookBreak && simMinute() >= breakAt) {
      // A pause whose answer was lost and that did not happen is tried again next round.
      tookBreak = (await act(c, 'pause', { reason: 'Istirahat' })) === 'done' || (await counterState(c)).state === 'paused';
      if (!tookBreak) continue;
      await sleepMinutes(20 + random() * 20);
      while ((await counterState(c)).state === 'paused') await act(c, 'resume');
      continue;
    }
    if (!held) {
      await act(c, 'call-next');
      held = (await counterState(c)).held;
    }
    if (!held) {
      await sleepMinutes(1 + random() * 2);
      continue;
    }
    await sleepMinutes(0.5 + random()); // the citizen walks to the counter
    const roll = random();
    const target = roll < 0.07 ? 'no-show' : roll < 0.12 ? 'transfer' : 'serve';
    if (target === 'serve' && held.status === 'called') {
      await act(c, 'start');
      held = (await counterState(c)).held;
      if (!held || held.status !== 'serving') continue; // the state decides, next round
    }
    if (target === 'serve') await sleepMinutes(exponential(seeded.services.find((s) => s.id === held!.serviceId)!.minutes));
    const action = target === 'serve' ? 'finish' : target;
    const other = seeded.services.filter((s) => s.id !== held!.serviceId && !c.serviceIds.includes(s.id));
    const body = target === 'transfer' ? { serviceId: pick(other).id } : {};
    const heldId = held.id;
    // Repeat until the state shows the ticket gone from this counter: an action is never applied
    // twice (the hub refuses finishing a ticket that is no longer held), and never lost.
    for (let attempt = 0; attempt < 100; attempt++) {
      const r = await act(c, action, body);
      const now = (await counterState(c)).held;
      if (now?.id !== heldId) {
        if (target === 'serve') servedBy.set(heldId, [...(servedBy.get(heldId) ?? []), c.id]);
        if (target === 'no-show') noShows.add(heldId);
        if (target === 'transfer') transfers.push(heldId);
        break;
      }
      if (r === 'done') unexpected.push(`counter ${c.id} ${action}: answered but ticket ${heldId} still held`);
    }
  }
}

// ---- the hall displays -------------------------------------------------------------------------------
interface DisplayLog {
  seqs: number[];
  calls: Set<number>;
  reconnects: number;
}

function display(): { log: DisplayLog; stop: () => void } {
  const d: DisplayLog = { seqs: [], calls: new Set(), reconnects: 0 };
  let ws: WebSocket | null = null;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    ws = new WebSocket(`${relay.url.replace('http', 'ws')}/api/stream`);
    ws.on('open', () => ws!.send(JSON.stringify({ type: 'hello', since: d.seqs.at(-1) ?? 0 })));
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m)) as { type: string; event?: { seq: number; type: string } };
      if (msg.type !== 'event' || !msg.event) return;
      d.seqs.push(msg.event.seq);
      if (msg.event.type === 'ticket.called' || msg.event.type === 'ticket.recalled') d.calls.add(msg.event.seq);
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (stopped) return;
      d.reconnects++;
      setTimeout(open, 100 + random() * 400);
    });
  };
  open();
  return {
    log: d,
    stop: () => {
      stopped = true;
      ws?.close();
    },
  };
}

// ---- the trouble ----------------------------------------------------------------------------------------
async function trouble(central: FaultProxy): Promise<void> {
  const plan: { at: number; what: string; run: () => Promise<void> | void }[] = [];
  for (let i = 0; i < 4; i++) plan.push({ at: 30 + random() * 420, what: 'SIGKILL the hub, start it again', run: () => hub.restart() });
  for (let i = 0; i < 6; i++) plan.push({ at: 10 + random() * 460, what: 'cut every screen connection', run: () => relay.cutAll() });
  const paper = (state: string) => () => writeFileSync(join(hub.dataDir, 'printers', PRINTER, 'status'), state);
  plan.push({ at: 95, what: 'printer: paper out', run: paper('paper_end') }, { at: 115, what: 'printer: paper back', run: paper('ready') });
  plan.push({ at: 330, what: 'printer: paper out', run: paper('paper_end') }, { at: 345, what: 'printer: paper back', run: paper('ready') });
  plan.push({ at: 120, what: 'central server down', run: () => void (central.fault = 'down') }, { at: 300, what: 'central server back', run: () => void (central.fault = 'none') });
  plan.sort((a, b) => a.at - b.at);
  for (const p of plan) {
    await sleepUntil(p.at);
    log.push(`${p.at.toFixed(0).padStart(3)} min: ${p.what}`);
    await p.run();
  }
}

// ---- the day ----------------------------------------------------------------------------------------------
let pg: { url: string; stop: () => Promise<void> };
let central: Central;
let proxy: FaultProxy;
let siteId: number;

beforeAll(async () => {
  // The MPP is seeded into a folder of its own while PostgreSQL starts (the seed first: the
  // cluster's start blocks this thread, the seed's PIN hashes run on libuv's); the hub's data
  // folder gets a copy of it.
  const mpp = tempDir('antre-chaos-mpp-');
  const seeding = seedMpp(mpp.dir);
  [pg] = await Promise.all([testPostgres(), seeding]);
  central = await createCentral({ databaseUrl: pg.url, adminToken: 'chaos' });
  await central.app.listen({ port: 0, host: '127.0.0.1' });
  proxy = await new FaultProxy(`http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`).start();
  const { site, token } = await central.store.addSite('mpp-chaos', 'MPP Uji Tahan Banting');
  siteId = site.id;
  hub = await serveHub(
    {
      ANTRE_SYNC_URL: proxy.url,
      ANTRE_SYNC_SITE: 'mpp-chaos',
      ANTRE_SYNC_TOKEN: token,
      ANTRE_SYNC_INTERVAL_MS: '500',
      ANTRE_PRINTER_POLL_MS: '500',
      ANTRE_RATE_LIMIT_PER_MINUTE: '1000000',
      ANTRE_VIRTUAL_PNG: '0',
    },
    async (dataDir) => cpSync(mpp.dir, dataDir, { recursive: true }),
  );
  mpp.remove();
  relay = await new TcpCutter(hub.port).start();
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  await hub?.dispose();
  await proxy?.stop();
  await central?.close();
  await pg?.stop();
});

describe('a whole MPP day under fire', () => {
  it('adds up exactly: every ticket, every call on every display, the reports, the central copy', async () => {
    console.log(`chaos day: ${TICKETS} citizens over ${DAY_SECONDS} s, CHAOS_SEED=${SEED}`);
    dayStart = Date.now();
    const displays = [display(), display(), display()];
    const officers = seeded.counters.map((c) => officer(c));
    await Promise.all([arrivals(), trouble(proxy), ...officers]);
    stopping = true;
    log.push(`end of day at ${simMinute().toFixed(0)} min (real ${((Date.now() - dayStart) / 1000).toFixed(0)} s)`);

    // The displays catch up with the last event.
    const lastSeq = Number((await read('/api/counters/1/state', seeded.counters[0]!.session)).lastSeq);
    for (let i = 0; i < 200 && displays.some((d) => (d.log.seqs.at(-1) ?? 0) < lastSeq); i++) await sleepMs(50);
    for (const d of displays) d.stop();

    // The reports, before the day is closed (closing turns no-shows and waiting tickets into closed).
    const db = new Database(join(hub.dataDir, 'antre.sqlite3'), { readonly: true });
    const today = db.prepare('SELECT business_date FROM tickets ORDER BY id DESC LIMIT 1').pluck().get() as string;
    const report = (await read(`/api/admin/reports?from=${today}&by=counter`, seeded.supervisor)) as unknown as Report;
    const closed = await call('POST', '/api/admin/day/close', {}, seeded.supervisor);
    expect(closed.kind).toBe('ok');

    // Every acknowledged ticket exists, as acknowledged.
    const tickets = db.prepare('SELECT id, prefix, number, origin_service_id AS origin, print_state FROM tickets WHERE business_date = ?').all(today) as {
      id: number;
      prefix: string;
      number: number;
      origin: number;
      print_state: string;
    }[];
    const byId = new Map(tickets.map((t) => [t.id, t]));
    const missing = [...acked.values()].filter((a) => byId.get(a.id)?.number !== a.number || byId.get(a.id)?.prefix !== a.prefix || byId.get(a.id)?.origin !== a.serviceId);
    expect(missing).toEqual([]);
    expect(tickets.length).toBe(acked.size); // and nothing the kiosks were not told about

    // Numbers per prefix: unique and gapless.
    for (const s of seeded.services) {
      const numbers = tickets.filter((t) => t.prefix === s.prefix).map((t) => t.number).sort((a, b) => a - b);
      expect(numbers, `numbers of ${s.prefix}`).toEqual(numbers.map((_, i) => i + 1));
    }

    // What the printer said is what the hub recorded.
    for (const a of acked.values()) {
      if (a.printed === 'printed') expect(byId.get(a.id)!.print_state, `print of ${a.display}`).toBe('printed');
    }
    const printFailures = [...acked.values()].filter((a) => a.printed === 'failed').length;

    // No ticket served twice, by the simulation's account and by the hub's events.
    expect([...servedBy.entries()].filter(([, cs]) => cs.length > 1)).toEqual([]);
    const finishedTwice = db.prepare(`SELECT ticket_id FROM events WHERE type = 'ticket.finished' GROUP BY ticket_id HAVING COUNT(*) > 1`).all();
    expect(finishedTwice).toEqual([]);

    // Every call reached every display, once, in order.
    const calls = new Set(db.prepare(`SELECT seq FROM events WHERE type IN ('ticket.called', 'ticket.recalled') AND business_date = ?`).pluck().all(today) as number[]);
    for (const d of displays) {
      expect(d.log.seqs.every((s, i) => i === 0 || s > d.log.seqs[i - 1]!), 'events in order, none twice').toBe(true);
      expect([...calls].filter((s) => !d.log.calls.has(s))).toEqual([]);
    }

    // The reports equal the simulation's own counts.
    expect(report.total.issued).toBe(acked.size);
    expect(report.total.served).toBe(servedBy.size);
    expect(report.total.noShow).toBe(noShows.size);
    expect(report.total.transferred).toBe(transfers.length);
    for (const c of seeded.counters) {
      const row = report.rows.find((r) => r.key === c.id);
      expect(row?.served ?? 0, `served at counter ${c.id}`).toBe([...servedBy.values()].filter((cs) => cs[0] === c.id).length);
    }
    expect(unexpected).toEqual([]);

    // The central server ends with exactly the hub's events, and the closed day's manifest matches.
    const hubEvents = () => db.prepare('SELECT seq, type FROM events ORDER BY seq').all() as { seq: number; type: string }[];
    let finalEvents: { seq: number; type: string }[] = [];
    let centralEvents: { seq: number; type: string }[] = [];
    for (let i = 0; i < 600; i++) {
      centralEvents = (await central.pool.query('SELECT seq::int AS seq, type FROM events WHERE site_id = $1 ORDER BY seq', [siteId])).rows;
      const manifest = await central.pool.query('SELECT match FROM day_manifests WHERE site_id = $1 AND business_date = $2', [siteId, today]);
      if (centralEvents.length === hubEvents().length && manifest.rows[0]?.match === true) break;
      await sleepMs(200);
    }
    finalEvents = hubEvents();
    expect(centralEvents).toEqual(finalEvents);
    const manifest = await central.pool.query('SELECT match FROM day_manifests WHERE site_id = $1 AND business_date = $2', [siteId, today]);
    expect(manifest.rows[0]?.match).toBe(true);
    db.close();

    console.log(
      [
        ...log,
        `tickets ${acked.size}, served ${servedBy.size}, no-shows ${noShows.size}, transfers ${transfers.length}, print failures ${printFailures}`,
        `events ${finalEvents.length}, display reconnects ${displays.map((d) => d.log.reconnects).join('/')}, relay cuts ${relay.cuts}, central requests ${proxy.requests}`,
      ].join('\n'),
    );
  }, 600_000);
});
