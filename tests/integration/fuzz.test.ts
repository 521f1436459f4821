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
  // a body that is not JSON at all, or is JSON sent as another type: 415, Antre's shape
  fc.record({ raw: fc.constantFrom('{"serviceId":1}', 'hello', 'a=1&b=2', '<x/>'), contentType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'text/html; charset=utf-8') }),
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
      // A parameter of "." or ".." is a dot segment to the URL parser (escaped as %2E too), which
      // drops it before the request leaves: /officers/./deactivate goes out as
      // /officers/deactivate, which no route has, so no body is ever judged.
      const dotSegment = r.params.slice(0, i).some((p) => p === '.' || p === '..');
      const before = t.snapshot();
      const raw = typeof r.body === 'object' && r.body !== null && 'raw' in (r.body as object) ? String((r.body as { raw: string }).raw) : undefined;
      const contentType = raw !== undefined ? (r.body as { contentType?: string }).contentType : undefined;
      const res = await t.client.call(r.spec.method, path, {
        token: 'token' in r.who ? (r.who.token ?? null) : null,
        session: 'session' in r.who ? (r.who.session ?? null) : null,
        // fetch() sends no body with a GET
        ...(r.spec.method === 'GET' ? {} : raw !== undefined ? { rawBody: raw, ...(contentType ? { contentType } : {}) } : r.body !== undefined ? { body: r.body } : {}),
      }).catch((err: unknown) => ({ status: 0, json: String(err) }));
      expect(res.status, `${r.spec.method} ${path} as ${r.who.name}: ${JSON.stringify(res.json)?.slice(0, 200)}`).toBeGreaterThan(0);
      expect(res.status, `${r.spec.method} ${path} as ${r.who.name}: ${JSON.stringify(res.json)?.slice(0, 200)}`).toBeLessThan(500);
      // the URL is judged before the body (a URL too long is 414 whatever the body)
      if (contentType && r.spec.method !== 'GET' && !dotSegment && !['RATE_LIMITED', 'URL_TOO_LONG', 'BAD_URL'].includes(res.json?.error?.code)) expect(res.json?.error?.code, `${r.spec.method} ${path} as ${contentType}`).toBe('UNSUPPORTED_MEDIA_TYPE');
      if (res.status >= 400) {
        refused++;
        expect(t.snapshot(), `${r.spec.method} ${path} was refused (${res.status}) but changed the database`).toBe(before);
        expect(res.json?.error?.message?.id, `${r.spec.method} ${path}: an error needs its Indonesian message`).toBeTruthy();
        expect(res.json?.error?.message?.en, `${r.spec.method} ${path}: an error needs its English message`).toBeTruthy();
      }
    }),
    { numRuns: 600 },
  );
  expect(refused).toBeGreaterThan(300);
}, 120_000);
