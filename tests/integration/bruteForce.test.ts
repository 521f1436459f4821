/**
 * Brute force on the hostile LAN (issue 17, item 4), over real HTTP from several 127.0.0.x source
 * addresses, against a hub with the production limits: pairing guesses are capped across every
 * address, wrong guesses burn the outstanding codes, a PIN lockout holds one (user, device) pair
 * only and survives a restart, an admin lifts it, and a PIN the login would refuse cannot be set.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../electron/hub/api/route.js';
import { PAIRING_WRONG_GUESSES_TO_BURN } from '../../electron/hub/access.js';
import { startHub, type HubOptions, type RunningHub } from '../../electron/hub/hub.js';
import { DEMO_PINS, seedDemo } from '../../electron/hub/seed/demo.js';
import { ERRORS, type ErrorCode } from '../../shared/errors.js';
import { ManualClock } from '../fixtures/clock.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';

const GERAI_1 = 1;
const ADMIN = DEMO_PINS.admin;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

let hub: RunningHub;
const clock = new ManualClock(MONDAY_9AM_WIB);
const tmp = tempDir('antre-brute-');
const options: HubOptions = {
  dataDir: tmp.dir,
  port: 0,
  host: '127.0.0.1',
  clock,
  setup: (core) => seedDemo(core),
  // The limits a real hub runs with: 10 pairing attempts a minute per address, 30 from all.
  limits: DEFAULT_LIMITS,
  printerPollMs: 0,
  log: () => {},
};

/** One request from a given loopback address (Linux answers on all of 127.0.0.0/8). */
function call(from: string, method: string, path: string, opts: { token?: string; session?: string; body?: unknown } = {}): Promise<Answer> {
  const url = new URL(path, hub.url);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress: from,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.session ? { 'x-antre-session': opts.session } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const LOCAL = '127.0.0.1';
const codeOf = (a: Answer): string | undefined => a.json?.error?.code;

function expectError(a: Answer, code: ErrorCode) {
  expect(codeOf(a), JSON.stringify(a.json)).toBe(code);
  expect(a.status).toBe(ERRORS[code].status);
  expect(a.json.error.message.id).toBe(ERRORS[code].id);
  expect(a.json.error.message.en).toBe(ERRORS[code].en);
}

let admin: { token: string; session: string };
let adminOfficerId: number;

async function newCode(role: 'counter' | 'display' | 'kiosk', counterId?: number): Promise<string> {
  const r = await call(LOCAL, 'POST', '/api/admin/pairing-codes', { ...admin, body: { role, name: `${role} uji`, ...(counterId ? { counterId } : {}) } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.code as string;
}

async function login(token: string, username: string, pin: string): Promise<Answer> {
  return call(LOCAL, 'POST', '/api/sessions', { token, body: { username, pin } });
}

/** A six-digit code that is none of the outstanding ones. */
const wrong = (i: number, not: string[] = []) => {
  for (let n = i; ; n++) {
    const c = String(100_000 + ((n * 7919) % 900_000));
    if (!not.includes(c)) return c;
  }
};

/** A fresh minute: the global pairing window and the per-address windows start over. */
const nextMinute = () => clock.advanceMinutes(1);

beforeAll(async () => {
  hub = await startHub(options);
  const paired = await call(LOCAL, 'POST', '/api/pair', { body: { code: hub.bootstrapAdminCode, name: 'Admin PC' } });
  expect(paired.status).toBe(201);
  const s = await login(paired.json.token, ADMIN.username, ADMIN.pin);
  expect(s.status).toBe(201);
  admin = { token: paired.json.token, session: s.json.sessionToken };
  adminOfficerId = s.json.officer.id;
});

afterAll(async () => {
  await hub?.close();
  tmp.remove();
});

describe('pairing codes', () => {
  it('caps guesses from 50 addresses at 30 a minute in all, and answers when to retry', async () => {
    nextMinute();
    const addresses = Array.from({ length: 50 }, (_, i) => `127.0.0.${10 + i}`);
    const answers = (
      await Promise.all(
        addresses.map(async (from, a) => {
          const mine: Answer[] = [];
          for (let g = 0; g < 10; g++) mine.push(await call(from, 'POST', '/api/pair', { body: { code: wrong(a * 10 + g) } }));
          return mine;
        }),
      )
    ).flat();
    const evaluated = answers.filter((a) => codeOf(a) === 'PAIRING_CODE_INVALID').length;
    const refused = answers.filter((a) => codeOf(a) === 'PAIRING_BUSY');
    // Logged for the report: how many of the 500 guesses were even looked at.
    console.log(`pairing guesses from 50 addresses: ${answers.length} sent, ${evaluated} evaluated, ${refused.length} refused`);
    expect(answers).toHaveLength(500);
    expect(evaluated).toBe(DEFAULT_LIMITS.pairingGlobalPerMinute);
    expect(refused).toHaveLength(500 - evaluated);
    expectError(refused[0]!, 'PAIRING_BUSY');
    const retry = Number(refused[0]!.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused[0]!.json.error.details).toEqual({ retryAfterSeconds: retry });

    // Still within the minute an admin's real code waits too; after it, it pairs.
    const code = await newCode('display');
    expectError(await call('127.0.0.200', 'POST', '/api/pair', { body: { code } }), 'PAIRING_BUSY');
    clock.advance(retry * 1000);
    expect((await call('127.0.0.200', 'POST', '/api/pair', { body: { code } })).status).toBe(201);
  });

  it('burns every outstanding code after 10 wrong guesses in all; the right code is then refused and a new one works', async () => {
    nextMinute();
    const first = await newCode('display');
    const second = await newCode('kiosk');
    const out = [first, second];
    // Nine wrong guesses from nine addresses: both codes still stand.
    for (let i = 0; i < PAIRING_WRONG_GUESSES_TO_BURN - 1; i++) {
      expectError(await call(`127.0.0.${100 + i}`, 'POST', '/api/pair', { body: { code: wrong(5000 + i, out) } }), 'PAIRING_CODE_INVALID');
    }
    expect((await call('127.0.0.120', 'POST', '/api/pair', { body: { code: first } })).status).toBe(201);
    expect((await call(LOCAL, 'GET', '/healthz')).json.status).toBe('ok');

    // The tenth burns what is still outstanding.
    expectError(await call('127.0.0.121', 'POST', '/api/pair', { body: { code: wrong(6000, out) } }), 'PAIRING_CODE_INVALID');
    expectError(await call('127.0.0.122', 'POST', '/api/pair', { body: { code: second } }), 'PAIRING_CODE_BURNED');

    // The admin hears of it: an alarm on /healthz, in the overview and on the console.
    const health = await call(LOCAL, 'GET', '/healthz');
    expect(health.json.status).toBe('degraded');
    expect(health.json.alarms).toEqual([expect.objectContaining({ kind: 'pairing_codes_burned', detail: { burned: 1, wrongGuesses: PAIRING_WRONG_GUESSES_TO_BURN } })]);
    const overview = await call(LOCAL, 'GET', '/api/admin/overview', admin);
    expect(overview.json.alarms.map((a: { kind: string }) => a.kind)).toContain('pairing_codes_burned');

    // A new code works at once: guesses made before it was made do not count against it.
    const third = await newCode('kiosk');
    expect((await call('127.0.0.123', 'POST', '/api/pair', { body: { code: third } })).status).toBe(201);
    expect((await call(LOCAL, 'POST', '/api/admin/alarms/pairing_codes_burned/acknowledge', admin)).status).toBe(200);
    expect((await call(LOCAL, 'GET', '/healthz')).json.status).toBe('ok');
  });

  it('leaves no trace of a wrong guess while no code is outstanding', async () => {
    nextMinute();
    const before = hub.core.db.prepare('SELECT COUNT(*) FROM pairing_codes WHERE burned_at IS NOT NULL').pluck().get();
    for (let i = 0; i < PAIRING_WRONG_GUESSES_TO_BURN + 2; i++) {
      expectError(await call(`127.0.0.${130 + i}`, 'POST', '/api/pair', { body: { code: wrong(7000 + i) } }), 'PAIRING_CODE_INVALID');
    }
    // A code made now is whole.
    const code = await newCode('display');
    expect(hub.core.db.prepare('SELECT COUNT(*) FROM pairing_codes WHERE burned_at IS NOT NULL').pluck().get()).toBe(before);
    expect((await call('127.0.0.150', 'POST', '/api/pair', { body: { code } })).status).toBe(201);
  });
});

describe('PIN lockout', () => {
  let counter: string;

  it('locks the admin out of a counter PC that guessed, not out of the admin PC', async () => {
    nextMinute();
    const code = await newCode('counter', GERAI_1);
    counter = (await call(LOCAL, 'POST', '/api/pair', { body: { code } })).json.token;
    for (let i = 0; i < 5; i++) expectError(await login(counter, ADMIN.username, '999999'), 'LOGIN_FAILED');
    // The right PIN from that counter PC: locked, with when to retry.
    const locked = await login(counter, ADMIN.username, ADMIN.pin);
    expectError(locked, 'LOGIN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBe(5 * 60);
    // The admin at the admin PC logs in at once.
    const there = await login(admin.token, ADMIN.username, ADMIN.pin);
    expect(there.status).toBe(201);
    admin = { token: admin.token, session: there.json.sessionToken };
    // And the counter PC still serves its own officer.
    expect((await login(counter, 'petugas01', DEMO_PINS.officer.pin)).status).toBe(201);
  });

  it('keeps the lock through a hub restart', async () => {
    clock.advanceMinutes(2);
    await hub.close();
    hub = await startHub(options);
    expectError(await login(counter, ADMIN.username, ADMIN.pin), 'LOGIN_LOCKED');
    expect((await login(admin.token, ADMIN.username, ADMIN.pin)).status).toBe(201);
  });

  it('is lifted by an admin (not a supervisor), and the counter PC then logs the admin in', async () => {
    const supervisor = await login(admin.token, DEMO_PINS.supervisor.username, DEMO_PINS.supervisor.pin);
    expectError(
      await call(LOCAL, 'POST', `/api/admin/officers/${adminOfficerId}/unlock`, { token: admin.token, session: supervisor.json.sessionToken }),
      'ADMIN_ROLE_REQUIRED',
    );
    // Logged in again after the supervisor took the admin PC.
    const back = await login(admin.token, ADMIN.username, ADMIN.pin);
    admin = { token: admin.token, session: back.json.sessionToken };
    expectError(await call(LOCAL, 'POST', '/api/admin/officers/99999/unlock', admin), 'OFFICER_NOT_FOUND');
    const r = await call(LOCAL, 'POST', `/api/admin/officers/${adminOfficerId}/unlock`, admin);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ unlocked: 1 });
    expect((await login(counter, ADMIN.username, ADMIN.pin)).status).toBe(201);
  });

  it('lasts longer for each lock in a row on the same device', async () => {
    nextMinute();
    const code = await newCode('counter', 2);
    const other = (await call(LOCAL, 'POST', '/api/pair', { body: { code } })).json.token;
    for (let i = 0; i < 5; i++) expectError(await login(other, 'petugas02', '0000'), 'LOGIN_FAILED');
    expect(Number((await login(other, 'petugas02', DEMO_PINS.officer.pin)).headers['retry-after'])).toBe(5 * 60);
    clock.advanceMinutes(6);
    for (let i = 0; i < 5; i++) expectError(await login(other, 'petugas02', '0000'), 'LOGIN_FAILED');
    expect(Number((await login(other, 'petugas02', DEMO_PINS.officer.pin)).headers['retry-after'])).toBe(10 * 60);
  });
});

describe('PIN rules', () => {
  it('refuses a reset to a PIN the login would refuse, with the same error, and the old PIN still works', async () => {
    nextMinute();
    const tooLong = '1234567890123';
    const reset = await call(LOCAL, 'POST', `/api/admin/officers/${adminOfficerId}/pin`, { ...admin, body: { pin: tooLong } });
    expectError(reset, 'VALIDATION_FAILED');
    const refusedLogin = await login(admin.token, ADMIN.username, tooLong);
    expectError(refusedLogin, 'VALIDATION_FAILED');
    expect(reset.json.error.details).toEqual(refusedLogin.json.error.details);
    expect((await login(admin.token, ADMIN.username, ADMIN.pin)).status).toBe(201);
  });

  it('lets an officer log in with the longest PIN a reset accepts (12 digits)', async () => {
    const officers = (await call(LOCAL, 'GET', '/api/admin/officers', admin)).json as { id: number; username: string }[];
    const id = officers.find((o) => o.username === 'petugas03')!.id;
    expect((await call(LOCAL, 'POST', `/api/admin/officers/${id}/pin`, { ...admin, body: { pin: '123456789012' } })).status).toBe(200);
    const code = await newCode('counter', 3);
    const token = (await call(LOCAL, 'POST', '/api/pair', { body: { code } })).json.token;
    expect((await login(token, 'petugas03', '123456789012')).status).toBe(201);
  });
});
