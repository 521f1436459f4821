/**
 * The LAN API over real HTTP and WebSocket against a hub on a temporary data directory:
 * pairing, each role's permissions, officer login, idempotent issue, the resumable event
 * stream, and bad input answered 4xx with the database unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { StreamClient } from '../fixtures/streamClient.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

const KTP = 1; // demo service "KTP Elektronik", prefix A, served at Gerai 1-4 (Dukcapil)
const GERAI_1 = 1;
const GERAI_2 = 2;

let t: TestHub;
let kiosk: { token: string; deviceId: number };
let display: { token: string; deviceId: number };
let counter1: { token: string; deviceId: number };
let counter2: { token: string; deviceId: number };
let session1: string;
let session2: string;
let seqReq = 0;
const rid = () => `req-${Date.now().toString(36)}-${(seqReq++).toString(36)}`;

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
  expect(r.json.error.message.id).toBe(ERRORS[code].id);
  expect(r.json.error.message.en).toBe(ERRORS[code].en);
}

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk', { name: 'Kios pintu utara' });
  display = await t.pair('display');
  counter1 = await t.pair('counter', { counterId: GERAI_1 });
  counter2 = await t.pair('counter', { counterId: GERAI_2 });
  session1 = await t.login(counter1.token, 'petugas01', '1234');
  session2 = await t.login(counter2.token, 'petugas02', '1234');
});

afterAll(async () => {
  await t?.dispose();
});

describe('health and documentation', () => {
  it('answers /healthz without a token', async () => {
    const r = await t.client.call('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', siteName: 'Mal Pelayanan Publik Kabupaten Contoh', businessDate: '2026-11-23' });
  });

  it('serves an OpenAPI document listing the endpoints', async () => {
    const r = await t.client.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.0.3');
    expect(Object.keys(r.json.paths)).toEqual(expect.arrayContaining(['/api/tickets', '/api/counters/{id}/call-next', '/api/pair']));
    expect(r.json.paths['/api/tickets'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });
});

describe('pairing', () => {
  it('refuses a wrong code and changes nothing', async () => {
    const before = t.snapshot();
    const r = await t.client.call('POST', '/api/pair', { body: { code: '000000' } });
    expectError(r, 'PAIRING_CODE_INVALID');
    expect(t.snapshot()).toBe(before);
  });

  it('accepts a code once, and not after it expires', async () => {
    const mk = () =>
      t.client.call('POST', '/api/admin/pairing-codes', {
        token: t.admin.token,
        session: t.admin.session,
        body: { role: 'display', name: 'TV aula' },
      });
    const first = await mk();
    expect(first.status).toBe(201);
    expect(first.json.code).toMatch(/^\d{6}$/);
    const paired = await t.client.call('POST', '/api/pair', { body: { code: first.json.code } });
    expect(paired.status).toBe(201);
    expect(paired.json.role).toBe('display');
    expectError(await t.client.call('POST', '/api/pair', { body: { code: first.json.code } }), 'PAIRING_CODE_INVALID');

    const second = await mk();
    t.clock.advanceMinutes(11);
    try {
      expectError(await t.client.call('POST', '/api/pair', { body: { code: second.json.code } }), 'PAIRING_CODE_INVALID');
    } finally {
      t.clock.advanceMinutes(-11);
    }
  });

  it('stores device tokens only as hashes', () => {
    const hashes = t.hub.core.db.prepare('SELECT token_hash FROM devices').pluck().all() as string[];
    expect(hashes).not.toContain(kiosk.token);
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it('needs a supervisor session to create codes, and a counter device needs its counter', async () => {
    expectError(
      await t.client.call('POST', '/api/admin/pairing-codes', { token: t.admin.token, body: { role: 'kiosk', name: 'x' } }),
      'SESSION_REQUIRED',
    );
    expectError(
      await t.client.call('POST', '/api/admin/pairing-codes', {
        token: kiosk.token,
        body: { role: 'kiosk', name: 'x' },
      }),
      'FORBIDDEN_ROLE',
    );
    const before = t.snapshot();
    expectError(
      await t.client.call('POST', '/api/admin/pairing-codes', {
        token: t.admin.token,
        session: t.admin.session,
        body: { role: 'counter', name: 'Loket tanpa nomor' },
      }),
      'VALIDATION_FAILED',
    );
    expect(t.snapshot()).toBe(before);
  });
});

describe('roles', () => {
  it('lets only a kiosk issue tickets', async () => {
    const body = { serviceId: KTP, requestId: rid() };
    for (const token of [display.token, counter1.token, t.admin.token]) {
      const before = t.snapshot();
      expectError(await t.client.call('POST', '/api/tickets', { token, body }), 'FORBIDDEN_ROLE');
      expect(t.snapshot()).toBe(before);
    }
    expect((await t.client.call('POST', '/api/tickets', { token: kiosk.token, body })).status).toBe(201);
  });

  it('does not let a kiosk or a display call a ticket', async () => {
    for (const token of [kiosk.token, display.token]) {
      expectError(await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token, body: {} }), 'FORBIDDEN_ROLE');
    }
  });

  it('lets every paired device read the catalogue and the display read its state', async () => {
    for (const token of [kiosk.token, display.token, counter1.token, t.admin.token]) {
      const r = await t.client.call('GET', '/api/catalogue', { token });
      expect(r.status).toBe(200);
      expect(r.json.agencies).toHaveLength(15);
    }
    const d = await t.client.call('GET', '/api/display/state', { token: display.token });
    expect(d.status).toBe(200);
    expect(d.json.waitingPerAgency).toHaveLength(15);
    expectError(await t.client.call('GET', '/api/display/state', { token: kiosk.token }), 'FORBIDDEN_ROLE');
    expectError(await t.client.call('GET', '/api/admin/devices', { token: kiosk.token }), 'FORBIDDEN_ROLE');
  });

  it('refuses a missing or made-up token', async () => {
    expectError(await t.client.call('GET', '/api/catalogue'), 'UNAUTHENTICATED');
    expectError(await t.client.call('GET', '/api/catalogue', { token: 'x'.repeat(43) }), 'UNAUTHENTICATED');
  });

  it('does not trust this machine without a token outside demo mode', async () => {
    const before = t.snapshot();
    expectError(await t.client.call('POST', '/api/tickets', { body: { serviceId: KTP, requestId: rid() } }), 'UNAUTHENTICATED');
    expect(t.snapshot()).toBe(before);
  });
});

describe('officers', () => {
  it('refuses a wrong PIN without opening anything, and locks the username on that device after five', async () => {
    const extra = await t.pair('counter', { counterId: 5 });
    // Only the failure count is written (so a restart does not lift a lock: bruteForce.test.ts).
    const opened = () => [t.hub.core.events.lastSeq(), t.hub.core.db.prepare('SELECT COUNT(*) FROM officer_sessions').pluck().get()];
    const before = opened();
    for (let i = 0; i < 5; i++) {
      expectError(await t.client.call('POST', '/api/sessions', { token: extra.token, body: { username: 'petugas05', pin: '9999' } }), 'LOGIN_FAILED');
    }
    expectError(await t.client.call('POST', '/api/sessions', { token: extra.token, body: { username: 'petugas05', pin: '1234' } }), 'LOGIN_LOCKED');
    expect(opened()).toEqual(before);
    t.clock.advanceMinutes(6);
    try {
      const ok = await t.client.call('POST', '/api/sessions', { token: extra.token, body: { username: 'petugas05', pin: '1234' } });
      expect(ok.status).toBe(201);
      expect(ok.json.counterId).toBe(5);
    } finally {
      t.clock.advanceMinutes(-6);
    }
  });

  it('needs an officer session for counter actions, on that counter only', async () => {
    expectError(await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter1.token, body: {} }), 'SESSION_REQUIRED');
    expectError(
      await t.client.call('POST', `/api/counters/${GERAI_2}/call-next`, { token: counter1.token, session: session1, body: {} }),
      'COUNTER_MISMATCH',
    );
    // A session token is bound to the device it was opened on.
    expectError(
      await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter2.token, session: session1, body: {} }),
      'SESSION_REQUIRED',
    );
  });

  it('refuses a counter device logging in for another counter', async () => {
    expectError(
      await t.client.call('POST', '/api/sessions', { token: counter1.token, body: { username: 'petugas02', pin: '1234', counterId: GERAI_2 } }),
      'COUNTER_MISMATCH',
    );
  });

  it('refuses supervisor actions to an officer', async () => {
    expectError(
      await t.client.call('POST', '/api/admin/day/close', { token: counter1.token, session: session1, body: {} }),
      'OFFICER_ROLE_REQUIRED',
    );
  });
});

describe('the queue over HTTP', () => {
  it('issues idempotently: a retry with the same request id gets the same ticket', async () => {
    const body = { serviceId: KTP, requestId: rid() };
    const a = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body });
    expect(a.status).toBe(201);
    expect(a.json.ticket.display).toMatch(/^A-\d{3}$/);
    const rows = t.hub.core.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get();
    const b = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body });
    expect(b.status).toBe(201);
    expect(b.json.ticket.id).toBe(a.json.ticket.id);
    expect(b.json.replayed).toBe(true);
    expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(rows);
    expectError(
      await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { ...body, serviceId: 2 } }),
      'IDEMPOTENCY_CONFLICT',
    );
  });

  it('gives two counters calling at the same moment different tickets', async () => {
    for (let i = 0; i < 2; i++) {
      await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: rid() } });
    }
    const [a, b] = await Promise.all([
      t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter1.token, session: session1, body: {} }),
      t.client.call('POST', `/api/counters/${GERAI_2}/call-next`, { token: counter2.token, session: session2, body: {} }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.json.ticket.id).not.toBe(b.json.ticket.id);
    expect(a.json.ticket.counterId).toBe(GERAI_1);
    expect(b.json.ticket.counterId).toBe(GERAI_2);
    for (const [c, s] of [[counter1, session1], [counter2, session2]] as const) {
      const id = c === counter1 ? GERAI_1 : GERAI_2;
      expect((await t.client.call('POST', `/api/counters/${id}/finish`, { token: c.token, session: s, body: {} })).status).toBe(200);
    }
  });

  it('runs call → start → finish and shows it in the counter state', async () => {
    await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: rid() } });
    const call = await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter1.token, session: session1, body: {} });
    expect(call.json.ticket.status).toBe('called');
    const state = await t.client.call('GET', `/api/counters/${GERAI_1}/state`, { token: counter1.token });
    expect(state.json.currentTicket.id).toBe(call.json.ticket.id);
    expect(state.json.counter.officer.name).toBe('Petugas Dukcapil 1');
    const start = await t.client.call('POST', `/api/counters/${GERAI_1}/start`, { token: counter1.token, session: session1, body: {} });
    expect(start.json.ticket.status).toBe('serving');
    t.clock.advanceMinutes(4);
    const fin = await t.client.call('POST', `/api/counters/${GERAI_1}/finish`, { token: counter1.token, session: session1 });
    expect(fin.json.ticket.status).toBe('done');
    const after = await t.client.call('GET', `/api/counters/${GERAI_1}/state`, { token: counter1.token });
    expect(after.json.currentTicket).toBeNull();
    expect(after.json.today.served).toBeGreaterThanOrEqual(2);
  });

  it('answers a refused counter action with a clear message and no change', async () => {
    // Drain KTP for this counter first so that nothing is waiting for it.
    for (;;) {
      const r = await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter1.token, session: session1, body: {} });
      if (r.status !== 200) break;
      await t.client.call('POST', `/api/counters/${GERAI_1}/finish`, { token: counter1.token, session: session1, body: {} });
    }
    const before = t.snapshot();
    const r = await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter1.token, session: session1, body: {} });
    expectError(r, 'NO_TICKET_WAITING');
    expect(r.json.error.message.id).toBe('Tidak ada antrean yang menunggu.');
    expect(t.snapshot()).toBe(before);
  });
});

describe('bad input', () => {
  const cases: { name: string; opts: () => Parameters<TestHub['client']['call']>[2]; code: keyof typeof ERRORS; path?: string }[] = [
    { name: 'a string where a number belongs', opts: () => ({ token: kiosk.token, body: { serviceId: 'satu', requestId: rid() } }), code: 'VALIDATION_FAILED' },
    { name: 'a negative id', opts: () => ({ token: kiosk.token, body: { serviceId: -1, requestId: rid() } }), code: 'VALIDATION_FAILED' },
    { name: 'an unknown service', opts: () => ({ token: kiosk.token, body: { serviceId: 9999, requestId: rid() } }), code: 'SERVICE_NOT_FOUND' },
    { name: 'an unknown field', opts: () => ({ token: kiosk.token, body: { serviceId: KTP, requestId: rid(), nama: 'Budi' } }), code: 'VALIDATION_FAILED' },
    { name: 'a missing field', opts: () => ({ token: kiosk.token, body: { serviceId: KTP } }), code: 'VALIDATION_FAILED' },
    { name: 'an unknown priority group', opts: () => ({ token: kiosk.token, body: { serviceId: KTP, requestId: rid(), priorityGroup: 'vip' } }), code: 'PRIORITY_GROUP_UNKNOWN' },
    { name: 'a body that is not JSON', opts: () => ({ token: kiosk.token, rawBody: '{"serviceId": 1,' }), code: 'BAD_JSON' },
    { name: 'a body that is not an object', opts: () => ({ token: kiosk.token, rawBody: '[1,2,3]' }), code: 'VALIDATION_FAILED' },
    { name: 'a form instead of JSON', opts: () => ({ token: kiosk.token, rawBody: 'serviceId=1', contentType: 'application/x-www-form-urlencoded' }), code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'an oversized body', opts: () => ({ token: kiosk.token, body: { serviceId: KTP, requestId: rid(), pad: 'x'.repeat(64 * 1024) } }), code: 'BODY_TOO_LARGE' },
    { name: 'no token', opts: () => ({ body: { serviceId: KTP, requestId: rid() } }), code: 'UNAUTHENTICATED' },
    { name: 'a malformed Authorization header', opts: () => ({ token: 'not a token!', body: { serviceId: KTP, requestId: rid() } }), code: 'UNAUTHENTICATED' },
    { name: 'an unknown ticket', opts: () => ({ token: kiosk.token }), code: 'TICKET_NOT_FOUND', path: 'GET /api/tickets/987654' },
    { name: 'a non-numeric path id', opts: () => ({ token: kiosk.token }), code: 'VALIDATION_FAILED', path: 'GET /api/tickets/abc' },
    { name: 'an unknown counter', opts: () => ({ token: t.admin.token }), code: 'COUNTER_NOT_FOUND', path: 'GET /api/counters/4242/state' },
    { name: 'an unknown route', opts: () => ({ token: kiosk.token }), code: 'NOT_FOUND', path: 'GET /api/nothing-here' },
  ];
  for (const c of cases) {
    it(`answers ${c.name} with ${c.code} and changes nothing`, async () => {
      const before = t.snapshot();
      const [method, path] = (c.path ?? 'POST /api/tickets').split(' ') as [string, string];
      const r = await t.client.call(method, path, c.opts());
      expectError(r, c.code);
      expect(t.snapshot()).toBe(before);
    });
  }
});

describe('the event stream', () => {
  it('sends the backlog, then live events, and resumes after a dropped connection with nothing missed or repeated', async () => {
    const start = t.hub.core.events.lastSeq();
    const s1 = new StreamClient(t.hub.url, { token: display.token, since: start - 3 });
    await s1.ready();
    expect(s1.events.map((e) => e.seq)).toEqual([start - 2, start - 1, start]);

    const issued = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: rid() } });
    await s1.until(() => s1.events.some((e) => e.ticketId === issued.json.ticket.id));
    const seen = s1.lastSeq();
    s1.drop();

    // While the display is away: a call and more tickets.
    for (let i = 0; i < 3; i++) await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: rid() } });
    await t.client.call('POST', `/api/counters/${GERAI_1}/call-next`, { token: counter1.token, session: session1, body: {} });
    const missed = t.hub.core.events.readSince(seen).map((e) => e.seq);
    expect(missed.length).toBeGreaterThanOrEqual(4);

    const s2 = new StreamClient(t.hub.url, { token: display.token, since: seen });
    await s2.ready();
    expect(s2.events.map((e) => e.seq)).toEqual(missed);
    const live = await t.client.call('POST', `/api/counters/${GERAI_1}/recall`, { token: counter1.token, session: session1, body: {} });
    expect(live.status).toBe(200);
    await s2.until(() => s2.events.some((e) => e.type === 'ticket.recalled'));
    const seqs = s2.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await t.client.call('POST', `/api/counters/${GERAI_1}/finish`, { token: counter1.token, session: session1, body: {} });
    s2.close();
  });

  it('refuses a stream without a valid token', async () => {
    const s = new StreamClient(t.hub.url, { token: 'y'.repeat(43), since: 0 });
    await s.until(() => s.closeCode !== null);
    expect(s.messages[0]).toMatchObject({ type: 'error', error: { code: 'UNAUTHENTICATED' } });
    expect(s.events).toHaveLength(0);
  });

  it('cuts off a revoked device at once: its stream closes and its token stops working', async () => {
    const tv = await t.pair('display', { name: 'TV lantai 2' });
    const s = new StreamClient(t.hub.url, { token: tv.token, since: t.hub.core.events.lastSeq() });
    await s.ready();
    const r = await t.client.call('POST', `/api/admin/devices/${tv.deviceId}/revoke`, { token: t.admin.token, session: t.admin.session, body: {} });
    expect(r.status).toBe(200);
    await s.until(() => s.closeCode !== null);
    expect(s.closeCode).toBe(4401);
    expectError(await t.client.call('GET', '/api/catalogue', { token: tv.token }), 'DEVICE_REVOKED');
  });
});

describe('rate limits', () => {
  it('slows down guessing of pairing codes', async () => {
    const strict = await startTestHub({ limits: { pairingPerMinute: 10, loginPerMinute: 20 } });
    try {
      const statuses: number[] = [];
      let limited: { status: number; json: any } | null = null;
      for (let i = 0; i < 15 && !limited; i++) {
        const r = await strict.client.call('POST', '/api/pair', { body: { code: String(100000 + i) } });
        statuses.push(r.status);
        if (r.status === 429) limited = r;
      }
      expect(limited).not.toBeNull();
      expectError(limited!, 'RATE_LIMITED');
      // the admin's own pairing in the fixture used one of the ten
      expect(statuses.filter((s) => s === 401)).toHaveLength(9);
    } finally {
      await strict.dispose();
    }
  });
});
