/**
 * The hostile LAN, part 1: a visitor on the public Wi-Fi cannot take the hub down by holding
 * sockets, trickling headers, flooding a stream or asking for a year's replay. Loopback only:
 * Linux routes all of 127/8 to lo, so each "visitor" binds its own 127.0.0.x source address.
 * Short timeouts are configured here; the figures (kiosk p50 while sockets are held, how soon
 * idle and slow sockets were closed) are printed for the report, not asserted on.
 */
import { execSync } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ALWAYS_OPEN } from '../../shared/openingHours.js';
import type { StreamServerMessage } from '../../shared/protocol.js';
import type { ConnectionLimits } from '../../electron/hub/api/connectionGuard.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { ManualClock } from '../fixtures/clock.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';

const KTP = 1; // demo service "KTP Elektronik"

interface Site {
  hub: RunningHub;
  kiosk: string;
  display: string;
  dispose(): Promise<void>;
}

const open: Site[] = [];
const sockets = new Set<net.Socket>();

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  for (const s of open.splice(0)) await s.dispose();
});

async function site(connectionLimits: Partial<ConnectionLimits> = {}, clock = new ManualClock(MONDAY_9AM_WIB)): Promise<Site> {
  const tmp = tempDir('antre-hostile-');
  await copyDemoDatabase(tmp.dir, clock.now()); // the demo MPP, seeded once (demoDatabase.ts)
  const hub = await startHub({
    dataDir: tmp.dir,
    port: 0,
    host: '127.0.0.1',
    clock,
    setup: (core) => seedDemo(core),
    limits: { pairingPerMinute: 1000, loginPerMinute: 1000 },
    rateLimitPerMinute: 100_000,
    printerPollMs: 0,
    connectionLimits,
    log: () => {},
  });
  const pair = async (role: 'kiosk' | 'display') => {
    const code = hub.core.access.createPairingCode({ role, name: `${role} uji` }).code;
    const r = await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(r.status).toBe(201);
    return ((await r.json()) as { token: string }).token;
  };
  const s: Site = {
    hub,
    kiosk: await pair('kiosk'),
    display: await pair('display'),
    async dispose() {
      await hub.close();
      tmp.remove();
    },
  };
  open.push(s);
  return s;
}

let req = 0;
/** One ticket from the kiosk (on the hub machine's own address), with how long it took. */
async function issue(s: Site): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const r = await fetch(`${s.hub.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.kiosk}` },
    body: JSON.stringify({ serviceId: KTP, requestId: `hostile-${Date.now().toString(36)}-${req++}` }),
  });
  await r.text();
  return { status: r.status, ms: performance.now() - t0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

interface Held {
  socket: net.Socket;
  openedAt: number;
  closedAt: number | null;
}

/** A TCP connection from `from` (a 127.0.0.x address); resolves once connected. */
function connect(port: number, from: string): Promise<Held> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: from });
    sockets.add(socket);
    const held: Held = { socket, openedAt: 0, closedAt: null };
    socket.on('error', () => {});
    socket.on('close', () => {
      held.closedAt = performance.now();
    });
    socket.once('connect', () => {
      held.openedAt = performance.now();
      resolve(held);
    });
    socket.once('error', reject);
  });
}

/**
 * Sends one keep-alive GET over the socket: 'answered' with the status, or 'closed' when the hub
 * dropped the connection without a word (a refused connection).
 */
function get(held: Held, path: string, token?: string): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (b: Buffer) => {
      text += b.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m && text.includes('\r\n\r\n')) done(Number(m[1]));
    };
    const onClose = () => done('closed');
    const done = (r: number | 'closed') => {
      held.socket.off('data', onData);
      held.socket.off('close', onClose);
      resolve(r);
    };
    if (held.socket.destroyed) return resolve('closed');
    held.socket.on('data', onData);
    held.socket.on('close', onClose);
    held.socket.write(`GET ${path} HTTP/1.1\r\nHost: hub\r\n${token ? `Authorization: Bearer ${token}\r\n` : ''}\r\n`);
  });
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function fdLimit(): number {
  try {
    return Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim()) || 1024;
  } catch {
    return 1024;
  }
}

describe('a visitor on the LAN', () => {
  it('cannot hold idle or slow-header connections, and the kiosk keeps issuing while thousands are held', async () => {
    const s = await site({
      maxConnections: 10_000,
      perAddress: 1000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 10_000,
      idleTimeoutMs: 12_000,
      keepAliveTimeoutMs: 2000,
      checkIntervalMs: 250,
    });
    const port = Number(new URL(s.hub.url).port);
    // Both ends of every socket live in this process: two descriptors per connection.
    const idleCount = Math.min(3000, Math.floor((fdLimit() - 1000) / 2) - 300);
    const sources = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];

    const hubSide = new Map<net.Socket, { port: number; openedAt: number; closedAt: number | null }>();
    s.hub.app.server.on('connection', (socket: net.Socket) => {
      if (!sources.includes(socket.remoteAddress ?? '')) return;
      const h = { port: socket.remotePort ?? 0, openedAt: performance.now(), closedAt: null as number | null };
      hubSide.set(socket, h);
      socket.once('close', () => (h.closedAt = performance.now()));
    });
    const idle: Held[] = [];
    // In batches, with a pause for the hub (in this process) to accept them: a connection left in
    // an overflowing accept queue looks open to its client but never reaches the hub.
    for (let i = 0; i < idleCount; i += 50) {
      const batch = Array.from({ length: Math.min(50, idleCount - i) }, (_, j) => connect(port, sources[(i + j) % sources.length]!));
      idle.push(...(await Promise.all(batch)));
      await new Promise((r) => setTimeout(r, 10));
    }
    // Slow headers: a request line, then one header line every 300 ms, never the blank line.
    const slow: Held[] = await Promise.all(Array.from({ length: 300 }, (_, j) => connect(port, sources[j % sources.length]!)));
    const trickle = setInterval(() => {
      for (const h of slow) if (h.closedAt === null) h.socket.write(`X-Slow-${Math.floor(Math.random() * 1e6)}: a\r\n`);
    }, 300);
    for (const h of slow) h.socket.write('GET /healthz HTTP/1.1\r\nHost: hub\r\n');
    const slowPorts = new Set(slow.map((h) => h.socket.localPort));

    try {
      const answers: { status: number; ms: number }[] = [];
      const heldAtStart = idle.filter((h) => h.closedAt === null).length;
      for (let i = 0; i < 100; i++) answers.push(await issue(s));
      const heldAtEnd = idle.filter((h) => h.closedAt === null).length + slow.filter((h) => h.closedAt === null).length;
      expect(answers.map((a) => a.status).filter((st) => st !== 201)).toEqual([]);

      // Judged on the hub's side of each connection (its server's own sockets, watched from the
      // start): what the hub holds is what costs it descriptors.
      await until('the hub closed every idle and slow connection', () => [...hubSide.values()].every((h) => h.closedAt !== null), 30_000);
      const closedAfter = (kind: 'idle' | 'slow') =>
        [...hubSide.values()].filter((h) => (slowPorts.has(h.port) ? 'slow' : 'idle') === kind).map((h) => h.closedAt! - h.openedAt);
      const idleClosedAfter = closedAfter('idle');
      const slowClosedAfter = closedAfter('slow');
      console.log(
        `[hostile] ${idleCount} idle + 300 slow-header sockets from ${sources.length} addresses; ` +
          `kiosk p50 ${median(answers.map((a) => a.ms)).toFixed(1)} ms, max ${Math.max(...answers.map((a) => a.ms)).toFixed(1)} ms over 100 issues ` +
          `(${heldAtStart} idle held at start, ${heldAtEnd} sockets at end); ` +
          `idle closed after p50 ${(median(idleClosedAfter) / 1000).toFixed(2)} s, max ${(Math.max(...idleClosedAfter) / 1000).toFixed(2)} s; ` +
          `slow closed after p50 ${(median(slowClosedAfter) / 1000).toFixed(2)} s, max ${(Math.max(...slowClosedAfter) / 1000).toFixed(2)} s; ` +
          `${hubSide.size} connections reached the hub`,
      );
      // And the hub still answers afterwards.
      expect((await issue(s)).status).toBe(201);
    } finally {
      clearInterval(trickle);
    }
  }, 60_000);

  it('is refused past the per-address cap and the unreserved global cap, while other addresses and paired devices connect', async () => {
    const s = await site({ maxConnections: 40, reservedForPaired: 10, perAddress: 20 });
    const port = Number(new URL(s.hub.url).port);

    // A paired display on its own address shows its token once: from then on it is a paired address.
    const paired = await connect(port, '127.0.0.9');
    expect(await get(paired, '/api/display/state', s.display)).not.toBe('closed');

    // One visitor address holds 20 (answered) connections; the 21st is dropped unanswered.
    const mine = await Promise.all(Array.from({ length: 20 }, () => connect(port, '127.0.0.2')));
    for (const h of mine) expect(await get(h, '/healthz')).toBe(200);
    expect(await get(await connect(port, '127.0.0.2'), '/healthz')).toBe('closed');

    // Another address still connects, until the unreserved 30 are used (the kiosk's and the
    // display's connections among them): then it is refused too.
    const other: Held[] = [];
    for (;;) {
      const h = await connect(port, '127.0.0.3');
      if ((await get(h, '/healthz')) === 'closed') break;
      other.push(h);
    }
    expect(other.length).toBeGreaterThan(0);
    expect(other.length).toBeLessThan(10);
    // The last 10 are for paired devices only: a third visitor address is refused...
    expect(await get(await connect(port, '127.0.0.4'), '/healthz')).toBe('closed');
    // ...while the paired display, the kiosk and the display's stream still get in.
    expect(await get(await connect(port, '127.0.0.9'), '/healthz')).toBe(200);
    expect((await issue(s)).status).toBe(201);

    // Connections closed give their slots back.
    for (const h of [mine[0]!, ...other]) h.socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(await get(await connect(port, '127.0.0.2'), '/healthz')).toBe(200);
  }, 30_000);

  it('cannot flood the event stream: the socket is closed with 1008 and the kiosk keeps issuing', async () => {
    const s = await site();
    const ws = new WebSocket(`${s.hub.url.replace('http', 'ws')}/api/stream`, { localAddress: '127.0.0.5' });
    const messages: StreamServerMessage[] = [];
    let closeCode: number | null = null;
    let closedAt = 0;
    ws.on('message', (m) => messages.push(JSON.parse(String(m)) as StreamServerMessage));
    ws.on('error', () => {});
    ws.on('close', (code) => {
      closeCode = code;
      closedAt = performance.now();
    });
    await new Promise<void>((r) => ws.once('open', () => r()));
    ws.send(JSON.stringify({ type: 'hello', token: s.display, since: s.hub.core.events.lastSeq() }));
    await until('ready', () => messages.some((m) => m.type === 'ready'), 5000);

    const chunk = 'x'.repeat(4000);
    let sent = 0;
    const started = performance.now();
    const flood = setInterval(() => {
      for (let i = 0; i < 50 && ws.readyState === WebSocket.OPEN; i++) {
        ws.send(chunk);
        sent++;
      }
    }, 1);
    try {
      const answers: { status: number; ms: number }[] = [];
      for (let i = 0; i < 20; i++) answers.push(await issue(s));
      await until('flooding socket closed', () => closeCode !== null, 10_000);
      expect(closeCode).toBe(1008);
      const refusal = messages.find((m) => m.type === 'error');
      expect(refusal?.type === 'error' && refusal.error.code).toBe('RATE_LIMITED');
      expect(answers.map((a) => a.status).filter((st) => st !== 201)).toEqual([]);
      console.log(
        `[hostile] flooding display closed with ${closeCode} after ${(closedAt - started).toFixed(0)} ms (${sent} messages sent); ` +
          `kiosk p50 ${median(answers.map((a) => a.ms)).toFixed(1)} ms meanwhile`,
      );
    } finally {
      clearInterval(flood);
      ws.terminate();
    }
  }, 30_000);

  it('gets a resync, not a replay, for since=0 on a large log, and issuing is not held up', async () => {
    const DAY = 86_400_000;
    const clock = new ManualClock(MONDAY_9AM_WIB - 7 * DAY);
    const s = await site({}, clock);
    const core = s.hub.core;
    // A week of 7,000 tickets a day through the engine, a thousand per transaction so it takes
    // seconds, not minutes (a day of 50,000 would: each issue counts the people ahead of it in its
    // service's queue). For the same reason the tickets go to every service the demo keeps open
    // all day without a quota, not to three: 2,300 a day in one queue made this week 40 s of work.
    const open = core.master
      .services()
      .filter((sv) => sv.active && sv.dailyQuota === null && JSON.stringify(sv.hours) === JSON.stringify(ALWAYS_OPEN))
      .map((sv) => sv.id);
    expect(open.length).toBeGreaterThanOrEqual(20);
    const t0 = performance.now();
    let n = 0;
    for (let day = 7; day >= 1; day--) {
      clock.set(MONDAY_9AM_WIB - day * DAY);
      for (let b = 0; b < 7; b++) {
        core.events.transaction(() => {
          for (let i = 0; i < 1000; i++) core.engine.issue({ serviceId: open[n % open.length]!, requestId: `bulk-${n++}` });
        });
      }
    }
    clock.set(MONDAY_9AM_WIB);
    const made = core.events.lastSeq();
    expect(made).toBeGreaterThanOrEqual(49_000);
    const madeMs = performance.now() - t0;

    const messages: StreamServerMessage[] = [];
    const ws = new WebSocket(`${s.hub.url.replace('http', 'ws')}/api/stream`, { localAddress: '127.0.0.6' });
    ws.on('message', (m) => messages.push(JSON.parse(String(m)) as StreamServerMessage));
    ws.on('error', () => {});
    await new Promise<void>((r) => ws.once('open', () => r()));
    try {
      ws.send(JSON.stringify({ type: 'hello', token: s.display, since: 0 }));
      const answer = await issue(s);
      expect(answer.status).toBe(201);
      await until('ready', () => messages.some((m) => m.type === 'ready'), 10_000);
      expect(messages[0]).toEqual({ type: 'resync', lastSeq: made });
      // No backlog: the screen takes a snapshot; live events follow from the resync's seq.
      const events = messages.filter((m) => m.type === 'event');
      expect(events.every((m) => m.type === 'event' && m.event.seq > made)).toBe(true);
      await until('the new ticket streamed', () => messages.some((m) => m.type === 'event' && m.event.type === 'ticket.issued'), 5000);

      // A screen that was away briefly (today) still gets its backlog, as before.
      core.events.transaction(() => {
        for (let i = 0; i < 100; i++) core.engine.issue({ serviceId: KTP, requestId: `today-${i}` });
      });
      const before = core.events.lastSeq() - 100;
      const back: StreamServerMessage[] = [];
      const ws2 = new WebSocket(`${s.hub.url.replace('http', 'ws')}/api/stream`, { localAddress: '127.0.0.6' });
      ws2.on('message', (m) => back.push(JSON.parse(String(m)) as StreamServerMessage));
      await new Promise<void>((r) => ws2.once('open', () => r()));
      ws2.send(JSON.stringify({ type: 'hello', token: s.display, since: before }));
      await until('ready', () => back.some((m) => m.type === 'ready'), 5000);
      expect(back.filter((m) => m.type === 'event').length).toBeGreaterThanOrEqual(100);
      expect(back.some((m) => m.type === 'resync')).toBe(false);
      ws2.close();
      console.log(`[hostile] ${made} events made in ${(madeMs / 1000).toFixed(1)} s; since=0 answered resync; an issue meanwhile took ${answer.ms.toFixed(1)} ms`);
    } finally {
      ws.terminate();
    }
  }, 120_000);
});
