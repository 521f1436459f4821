/**
 * The central dashboard without its token in the URL: a browser is sent to /login, posts the
 * admin token once in a form, gets an HttpOnly SameSite=Strict session cookie, and reads the
 * dashboard with it; a token in the query is refused, not used. A real central server on a real
 * PostgreSQL cluster, over HTTP on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/server.js';
import { testPostgres } from '../fixtures/postgres.js';

const ADMIN = 'admin-token-for-the-login-tests';
let pg: Awaited<ReturnType<typeof testPostgres>>;
let central: Central;
let url: string;

beforeAll(async () => {
  pg = await testPostgres();
  central = await createCentral({ databaseUrl: pg.url, adminToken: ADMIN });
  await central.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
  await central.store.addSite('mpp-login', 'MPP Uji Login');
}, 60_000);
afterAll(async () => {
  await central?.close();
  await pg?.stop();
});

const DAY = '/dashboard/mpp-login/2026-11-23';

function signIn(token: string, next = DAY) {
  return fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next }).toString(),
  });
}

describe('the central dashboard’s sign-in', () => {
  it('sends a browser without a sign-in to the form, and back to the page after it', async () => {
    const r = await fetch(`${url}${DAY}`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    const login = new URL(r.headers.get('location')!, url);
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('next')).toBe(DAY);
    const form = await fetch(login);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('type="password" name="token"');
    expect(html).not.toContain(ADMIN);
  });

  it('posts the token once and works with the session cookie alone', async () => {
    const r = await signIn(ADMIN);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(DAY);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^antre_central=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(ADMIN);
    const session = cookie.split(';')[0]!;

    const page = await fetch(`${url}${DAY}`, { headers: { cookie: session }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>mpp-login — 2026-11-23</h1>');
    // The JSON reads take the same sign-in.
    const epochs = await fetch(`${url}/api/sites/mpp-login/epochs`, { headers: { cookie: session } });
    expect(epochs.status).toBe(200);

    // Signed out: the cookie is worth nothing any more.
    const out = await fetch(`${url}/logout`, { method: 'POST', headers: { cookie: session }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await fetch(`${url}${DAY}`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(303);
  });

  it('refuses a wrong token and a forged cookie', async () => {
    const wrong = await signIn('not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const forged = await fetch(`${url}/api/report/mpp-login/2026-11-23`, { headers: { cookie: 'antre_central=forged' } });
    expect(forged.status).toBe(401);
  });

  it('refuses the token in the URL, even the right one', async () => {
    const r = await fetch(`${url}${DAY}?token=${ADMIN}`, { redirect: 'manual' });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: 'TOKEN_IN_URL', message: { id: expect.any(String), en: expect.any(String) } });
    const api = await fetch(`${url}/api/report/mpp-login/2026-11-23?token=${ADMIN}`);
    expect(api.status).toBe(400);
  });

  it('keeps the bearer header for programs', async () => {
    const r = await fetch(`${url}/api/report/mpp-login/2026-11-23`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(200);
  });

  it('sends a sign-in only to a dashboard page of its own', async () => {
    const r = await signIn(ADMIN, 'https://evil.example/steal');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/login');
  });
});
