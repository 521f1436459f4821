/**
 * Transport security over real sockets on loopback: the hub's own certificate, pairing over HTTPS
 * with the app's pinning client (electron/main/hubPinning.ts), a second hub with another
 * certificate at the same address refused before anything is sent, the certificate kept across a
 * restart, and what plain HTTP may still carry: everything from this machine, display-only reads
 * from the LAN (127.0.0.2 plays a LAN address here), never a credential.
 */
import { createServer, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERRORS } from '../../shared/errors.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { certificateFingerprint } from '../../electron/hub/tls.js';
import { transportVerdict, type TransportRequest } from '../../electron/hub/api/transportPolicy.js';
import { connectToHub, HubCertificateError, pairPinned, pinnedRequest } from '../../electron/main/hubPinning.js';
import { ManualClock } from '../fixtures/clock.js';
import { serveHub } from '../fixtures/serveHub.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';

const LAN = '127.0.0.2';
/** Only 127.0.0.1 is "this machine" for these hubs, so a socket from 127.0.0.2 is the LAN. */
const onlyLoopbackOne = (a: string) => a === '127.0.0.1' || a === '::ffff:127.0.0.1' || a === '::1';

async function start(dataDir: string, httpsPort = 0, plainDisplays = true): Promise<RunningHub> {
  const hub = await startHub({
    dataDir,
    port: 0,
    httpsPort,
    plainDisplays,
    isLocalAddress: onlyLoopbackOne,
    host: '127.0.0.1',
    clock: new ManualClock(MONDAY_9AM_WIB),
    setup: (core) => seedDemo(core),
    limits: { pairingPerMinute: 1000, loginPerMinute: 1000 },
    printerPollMs: 0,
    log: () => {},
  });
  // The start's integrity check runs in a worker: let it end before a test closes the hub.
  await hub.core.integrity.check();
  return hub;
}

/** Plain HTTP from a chosen source address (the "LAN"). */
function plainFrom(localAddress: string, port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, localAddress, headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += String(c)));
        res.on('end', () => {
          let json: any = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function expectHttpsRequired(r: { status: number; json: any }, httpsPort: number) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe('HTTPS_REQUIRED');
  expect(r.status).toBe(ERRORS.HTTPS_REQUIRED.status);
  expect(r.json.error.message.id).toBe(ERRORS.HTTPS_REQUIRED.id);
  expect(r.json.error.details.https).toBe(`https://127.0.0.1:${httpsPort}`);
}

/** The stream's first answer to a hello, over ws:// or wss:// (wss: the certificate must be the pinned one). */
function streamHello(url: string, hello: object, opts: { localAddress?: string; pinned?: string } = {}): Promise<{ first: any; fingerprint: string | null }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    let fingerprint: string | null = null;
    ws.on('upgrade', (res) => {
      const sock = res.socket as import('node:tls').TLSSocket;
      fingerprint = typeof sock.getPeerCertificate === 'function' ? certificateFingerprint(sock.getPeerCertificate().raw) : null;
      if (opts.pinned && fingerprint !== opts.pinned) ws.terminate();
    });
    ws.on('open', () => ws.send(JSON.stringify(hello)));
    ws.on('message', (raw) => {
      resolve({ first: JSON.parse(String(raw)), fingerprint });
      ws.close();
    });
    ws.on('error', reject);
    setTimeout(() => reject(new Error('no stream answer')), 5000).unref();
  });
}

describe('HTTPS with the hub’s own certificate, pinned by the app', () => {
  const dirA = tempDir('antre-tls-a-');
  const dirB = tempDir('antre-tls-b-');
  let hub: RunningHub;
  let httpsPort: number;
  let pinned: string;
  let admin: { token: string; session: string };
  let kiosk: { token: string; deviceId: number };

  beforeAll(async () => {
    hub = await start(dirA.dir);
    httpsPort = hub.httpsPort!;
  });
  afterAll(async () => {
    await hub?.close();
    dirA.remove();
    dirB.remove();
  });

  it('makes its key and certificate at first start, in its data folder, and tells its fingerprint', () => {
    const cert = readFileSync(join(dirA.dir, 'tls', 'hub.crt'), 'utf8');
    expect(hub.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificateFingerprint(cert)).toBe(hub.fingerprint);
    expect(hub.httpsUrl).toBe(`https://127.0.0.1:${httpsPort}`);
  });

  it('pairs over HTTPS, pins the certificate, and shows it with every pairing code', async () => {
    // Trust on first use: the admin PC pairs with the console's code and records what it saw.
    const first = await pinnedRequest(hub.httpsUrl!, null, 'POST', '/api/pair', { body: { code: hub.bootstrapAdminCode, name: 'PC Admin' } });
    expect(first.status).toBe(201);
    pinned = first.fingerprint;
    expect(pinned).toBe(hub.fingerprint);
    const adminToken = (first.json as { token: string }).token;
    const login = await pinnedRequest(hub.httpsUrl!, pinned, 'POST', '/api/sessions', {
      headers: { authorization: `Bearer ${adminToken}` },
      body: { username: 'admin', pin: '246810' },
    });
    expect(login.status).toBe(201);
    admin = { token: adminToken, session: (login.json as { sessionToken: string }).sessionToken };

    const code = await pinnedRequest(hub.httpsUrl!, pinned, 'POST', '/api/admin/pairing-codes', {
      headers: { authorization: `Bearer ${admin.token}`, 'x-antre-session': admin.session },
      body: { role: 'kiosk', name: 'Kios TLS' },
    });
    expect(code.status).toBe(201);
    const answer = code.json as { code: string; hubFingerprint: string };
    expect(answer.hubFingerprint).toBe(hub.fingerprint);

    // The new device pairs expecting the fingerprint shown beside the code.
    const k = await pairPinned(hub.httpsUrl!, answer.code, 'kiosk', answer.hubFingerprint);
    expect(k.fingerprint).toBe(pinned);
    kiosk = { token: k.token, deviceId: k.deviceId };

    const issued = await pinnedRequest(hub.httpsUrl!, pinned, 'POST', '/api/tickets', {
      headers: { authorization: `Bearer ${kiosk.token}` },
      body: { serviceId: 1, requestId: 'tls-000001' },
    });
    expect(issued.status).toBe(201);
    expect(issued.json).toHaveProperty('ticket');
  });

  it('serves the event stream over WSS with the same certificate', async () => {
    const { first, fingerprint } = await streamHello(`wss://127.0.0.1:${httpsPort}/api/stream`, { type: 'hello', token: kiosk.token, since: 0 }, { pinned });
    expect(fingerprint).toBe(pinned);
    expect(['event', 'ready']).toContain(first.type);
  });

  it('refuses a second hub with another certificate at the same address, before sending anything', async () => {
    await hub.close();
    const rogue = await start(dirB.dir, httpsPort);
    try {
      expect(rogue.httpsPort).toBe(httpsPort);
      expect(rogue.fingerprint).not.toBe(pinned);
      const attempt = pinnedRequest(`https://127.0.0.1:${httpsPort}`, pinned, 'POST', '/api/sessions', {
        headers: { authorization: `Bearer ${admin.token}` },
        body: { username: 'admin', pin: '246810' },
      });
      await expect(attempt).rejects.toBeInstanceOf(HubCertificateError);
      await expect(attempt).rejects.toMatchObject({ expected: pinned, presented: rogue.fingerprint });
      // Nothing reached it: the rogue hub has no session and saw no login.
      expect(rogue.core.db.prepare('SELECT COUNT(*) FROM officer_sessions').pluck().get()).toBe(0);
    } finally {
      await rogue.close();
    }
  });

  it('keeps its certificate across a restart: the pinned app goes on', async () => {
    hub = await start(dirA.dir, httpsPort);
    expect(hub.fingerprint).toBe(pinned);
    const r = await pinnedRequest(hub.httpsUrl!, pinned, 'GET', '/api/catalogue', { headers: { authorization: `Bearer ${kiosk.token}` } });
    expect(r.status).toBe(200);
  });

  it('plain HTTP from the LAN: a credential is refused with the https:// address, display-only reads are served', async () => {
    const port = hub.port;
    // A token, a session, a pairing code or a PIN over plain HTTP from another machine: refused.
    expectHttpsRequired(await plainFrom(LAN, port, 'GET', '/api/catalogue', { authorization: `Bearer ${kiosk.token}` }), httpsPort);
    expectHttpsRequired(await plainFrom(LAN, port, 'GET', '/api/display/state', { authorization: `Bearer ${kiosk.token}` }), httpsPort);
    expectHttpsRequired(await plainFrom(LAN, port, 'POST', '/api/pair', {}, { code: '123456' }), httpsPort);
    expectHttpsRequired(await plainFrom(LAN, port, 'POST', '/api/sessions', {}, { username: 'admin', pin: '246810' }), httpsPort);
    expectHttpsRequired(await plainFrom(LAN, port, 'GET', '/admin'), httpsPort);
    // A browser opening a screen is sent to the same page over HTTPS.
    const page = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/counter?x=1', localAddress: LAN, headers: { accept: 'text/html' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      })
        .on('error', reject)
        .end();
    });
    expect(page).toEqual({ status: 302, location: `https://127.0.0.1:${httpsPort}/counter?x=1` });
    expectHttpsRequired(await plainFrom(LAN, port, 'GET', '/api/admin/devices', { 'x-antre-session': admin.session }), httpsPort);

    // The hall display without any credential: its page, its state, the catalogue.
    const state = await plainFrom(LAN, port, 'GET', '/api/display/state');
    expect(state.status, state.text).toBe(200);
    expect(state.json).toHaveProperty('latestCalls');
    expect((await plainFrom(LAN, port, 'GET', '/display')).status).toBe(200);
    expect((await plainFrom(LAN, port, 'GET', '/api/catalogue')).status).toBe(200);
    // …but nothing beyond what a display may read, even anonymously.
    expectHttpsRequired(await plainFrom(LAN, port, 'POST', '/api/tickets', {}, { serviceId: 1, requestId: 'lan-000001' }), httpsPort);

    // This machine keeps plain HTTP for everything, credentials included.
    const local = await plainFrom('127.0.0.1', port, 'GET', '/api/catalogue', { authorization: `Bearer ${kiosk.token}` });
    expect(local.status).toBe(200);
  });

  it('plain-HTTP stream from the LAN: anonymous display reads, a token in the hello is refused', async () => {
    const anon = await streamHello(`ws://127.0.0.1:${hub.port}/api/stream`, { type: 'hello', since: 0 }, { localAddress: LAN });
    expect(['event', 'ready']).toContain(anon.first.type);
    const withToken = await streamHello(`ws://127.0.0.1:${hub.port}/api/stream`, { type: 'hello', token: kiosk.token, since: 0 }, { localAddress: LAN });
    expect(withToken.first).toMatchObject({ type: 'error', error: { code: 'HTTPS_REQUIRED' } });

    // What an anonymous display says it has seen moves nothing: anyone on the LAN could say it.
    const today = hub.core.engine.today();
    await streamHello(`ws://127.0.0.1:${hub.port}/api/stream`, { type: 'hello', since: 0, seen: { businessDate: today, numbers: { A: 900 } } }, { localAddress: LAN });
    const next = await plainFrom('127.0.0.1', hub.port, 'POST', '/api/tickets', { authorization: `Bearer ${kiosk.token}` }, { serviceId: 1, requestId: 'tls-000002' });
    expect(next.status, next.text).toBe(201);
    expect(next.json.ticket.display).toBe('A-002');
    expect(hub.core.alarms.has('data_loss')).toBe(false);
  });

  it('bounds unfinished handshakes per address, and counts finished ones as the plain port does', async () => {
    // 40 connections from one address that never start TLS: the 33rd on are closed at once.
    const raw = await Promise.all(
      Array.from({ length: 40 }, () => new Promise<Socket>((resolve, reject) => {
        const s = netConnect({ host: '127.0.0.1', port: httpsPort, localAddress: '127.0.0.3' }, () => resolve(s));
        s.on('error', reject);
      })),
    );
    let closed = 0;
    for (const s of raw) {
      s.on('error', () => {});
      s.once('close', () => closed++);
      s.resume();
    }
    await expect.poll(() => closed).toBe(8);
    // Another address, and the paired app, are not held up by them.
    const r = await pinnedRequest(hub.httpsUrl!, pinned, 'GET', '/healthz');
    expect(r.status).toBe(200);
    for (const s of raw) s.destroy();
    // Finished handshakes are the app server's connections: 40 open at once from one address pass.
    const held = await Promise.all(Array.from({ length: 40 }, () => connectToHub(hub.httpsUrl!, pinned)));
    expect(held).toHaveLength(40);
    for (const h of held) h.socket.destroy();
  });

  it('a site that turns plain displays off serves plain HTTP to this machine only', async () => {
    await hub.close();
    hub = await start(dirA.dir, httpsPort, false);
    expectHttpsRequired(await plainFrom(LAN, hub.port, 'GET', '/api/display/state'), httpsPort);
    expect((await plainFrom('127.0.0.1', hub.port, 'GET', '/healthz')).status).toBe(200);
    // Over HTTPS the routes' own checks apply as before (a kiosk may not read the display state).
    const r = await pinnedRequest(hub.httpsUrl!, pinned, 'GET', '/api/display/state', { headers: { authorization: `Bearer ${kiosk.token}` } });
    expect(r.status).toBe(403); // a kiosk is not a display: the route's own role check, reached over TLS
    expect((r.json as { error: { code: string } }).error.code).toBe('FORBIDDEN_ROLE');
  });
});

describe('the transport policy', () => {
  const base: TransportRequest = { method: 'GET', path: '/api/display/state', headers: {}, remoteAddress: '192.168.1.20', encrypted: false };
  const opts = { httpsPort: 7843, plainDisplays: true };
  it('decides by transport, address, credential and path', () => {
    expect(transportVerdict({ ...base, encrypted: true, headers: { authorization: 'Bearer x' } }, opts)).toBe('secure');
    expect(transportVerdict({ ...base, remoteAddress: '127.0.0.1', path: '/api/admin/settings' }, opts)).toBe('local');
    expect(transportVerdict({ ...base, remoteAddress: '::ffff:127.0.0.9' }, opts)).toBe('local');
    expect(transportVerdict(base, opts)).toBe('display');
    expect(transportVerdict({ ...base, path: '/assets/display-abc.js' }, opts)).toBe('display');
    expect(transportVerdict({ ...base, path: '/voice/nomor' }, opts)).toBe('display');
    expect(transportVerdict({ ...base, headers: { cookie: 'a=b' } }, opts)).toBe('refuse');
    expect(transportVerdict({ ...base, headers: { 'x-antre-session': 's' } }, opts)).toBe('refuse');
    expect(transportVerdict({ ...base, method: 'POST' }, opts)).toBe('refuse');
    expect(transportVerdict({ ...base, path: '/kiosk' }, opts)).toBe('refuse');
    expect(transportVerdict({ ...base, path: '/displayx' }, opts)).toBe('refuse');
    expect(transportVerdict(base, { ...opts, plainDisplays: false })).toBe('refuse');
  });
});

describe('the demo as `npm run serve` prints it', () => {
  let served: Awaited<ReturnType<typeof serveHub>>;
  let servedHttps: number;
  beforeAll(async () => {
    servedHttps = await freePort();
    served = await serveHub({ ANTRE_HTTPS_PORT: String(servedHttps) });
  }, 60_000);
  afterAll(async () => {
    await served?.dispose();
  });

  it('keeps working over plain HTTP on loopback, and serves HTTPS beside it', async () => {
    const catalogue = await fetch(`${served.url}/api/catalogue`);
    expect(catalogue.status).toBe(200);
    const issued = await fetch(`${served.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 1, requestId: 'demo-tls-01' }),
    });
    expect(issued.status).toBe(201);
    const fingerprint = certificateFingerprint(readFileSync(join(served.dataDir, 'tls', 'hub.crt')));
    const health = await pinnedRequest(`https://127.0.0.1:${servedHttps}`, fingerprint, 'GET', '/healthz');
    expect(health.status).toBe(200);
  });
});

/** A port free right now, for the served hub's HTTPS (its plain port is any free one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
