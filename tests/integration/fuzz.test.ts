/**
 * Every endpoint of the hub under random and hostile input (fast-check): wrong types, strings where
 * numbers go, huge and negative ids, junk JSON, unknown fields, no token, a kiosk's token where an
 * admin's is needed. The hub never answers 5xx, and a request it refuses changes nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hubRoutes } from '../../electron/hub/api/routes/index.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
let kiosk: { token: string };
let counter: { token: string };
let counterSession: string;

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk');
  counter = await t.pair('counter', { counterId: 1 });
  counterSession = await t.login(counter.token, 'petugas01', '1234');
});
afterAll(async () => t.dispose());

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', '../../etc/passwd', '%00', "'; DROP TABLE tickets; --", 'A-001', 'local', '😀'.repeat(50), 'x'.repeat(5000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 5 }),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom('serviceId', 'requestId', 'ticketId', 'username', 'pin', 'code', 'reason', 'form', 'answers', 'value', 'transport', 'address', 'roles', 'label', 'prefix', 'agencyId', 'serviceIds', 'date', 'name', 'kiosk', 'display', 'x'), hostileValue, { maxKeys: 6 }),
  hostileValue,
  fc.string().map((s) => ({ raw: `{"broken": ${s}` })),
);

it('never answers 5xx and changes nothing when it refuses', async () => {
  const specs = hubRoutes(t.hub.core, { version: 'fuzz' }).map((s) => ({ method: s.method, url: s.url }));
  const credentials = fc.constantFrom(
    { name: 'none' },
    { name: 'garbage', token: 'not-a-token' },
    { name: 'kiosk', token: kiosk.token },
    { name: 'counter', token: counter.token, session: counterSession },
    { name: 'admin', token: t.admin.token, session: t.admin.session },
  );
  const request = fc.record({ spec: fc.constantFrom(...specs), params: fc.array(hostileString, { minLength: 3, maxLength: 3 }), query: fc.dictionary(fc.constantFrom('since', 'limit', 'from', 'to', 'by', 'format', 'number', 'ticketId', 'counterId'), hostileString, { maxKeys: 3 }), body, who: credentials });
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      let i = 0;
      const path = r.spec.url.replace(/:[a-z]+/g, () => encodeURIComponent(r.params[i++] ?? '')) + (Object.keys(r.query).length ? `?${new URLSearchParams(r.query as Record<string, string>)}` : '');
      const before = t.snapshot();
      const raw = typeof r.body === 'object' && r.body !== null && 'raw' in (r.body as object) ? String((r.body as { raw: string }).raw) : undefined;
      const res = await t.client.call(r.spec.method, path, {
        token: 'token' in r.who ? (r.who.token ?? null) : null,
        session: 'session' in r.who ? (r.who.session ?? null) : null,
        // fetch() sends no body with a GET
        ...(r.spec.method === 'GET' ? {} : raw !== undefined ? { rawBody: raw } : r.body !== undefined ? { body: r.body } : {}),
      }).catch((err: unknown) => ({ status: 0, json: String(err) }));
      expect(res.status, `${r.spec.method} ${path} as ${r.who.name}: ${JSON.stringify(res.json)?.slice(0, 200)}`).toBeGreaterThan(0);
      expect(res.status, `${r.spec.method} ${path} as ${r.who.name}: ${JSON.stringify(res.json)?.slice(0, 200)}`).toBeLessThan(500);
      if (res.status >= 400) {
        refused++;
        expect(t.snapshot(), `${r.spec.method} ${path} was refused (${res.status}) but changed the database`).toBe(before);
        expect(res.json?.error?.message?.id, `${r.spec.method} ${path}: an error needs its Indonesian message`).toBeTruthy();
      }
    }),
    { numRuns: 600 },
  );
  expect(refused).toBeGreaterThan(300);
}, 120_000);
