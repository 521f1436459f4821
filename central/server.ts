/**
 * The reference central server: Fastify in front of PostgreSQL. Hubs push batches (gzip) to
 * /api/ingest with their site's token; /api/manifests checks a closed day; /dashboard/:site/:date
 * shows a day per agency to the regency. The dashboard's reader signs in once at /login (the
 * admin token posted in a form) and gets a session cookie; the token never travels in a URL,
 * where browser history, proxies and server logs would keep it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import pg from 'pg';
import { STANDARDS_PAGE_CSP, renderStandardsPage } from '../shared/standardsPage.js';
import { DayManifest } from '../shared/sync.js';
import { registerBookingPages } from './bookingPage.js';
import { BookingStore, registerBookingApi } from './bookings.js';
import { complaintsCsv } from './complaintsCsv.js';
import { migrate } from './migrations.js';
import { CentralStore, IngestError, refuse, type Site } from './store.js';

export interface CentralOptions {
  databaseUrl: string;
  adminToken: string;
  /** largest batch body accepted (decompressed), bytes */
  bodyLimit?: number;
  /** where the operator reads what happened to a site (a new epoch); the console when not given */
  log?: (line: string) => void;
  /** how long a dashboard sign-in lasts (8 hours) */
  sessionMs?: number;
  /** requests a minute per address to each public page (/public/…); 60 */
  publicPerMinute?: number;
}

export interface Central {
  app: FastifyInstance;
  store: CentralStore;
  pool: pg.Pool;
  close(): Promise<void>;
}

const bearer = (req: FastifyRequest) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SESSION_COOKIE = 'antre_central';
/** More sign-ins than this at once: the oldest is forgotten (a bound, not a feature). */
const MAX_SESSIONS = 1000;

function cookieOf(req: FastifyRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** Where a sign-in may send its reader: a dashboard page of this server, nothing else. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/dashboard\/[A-Za-z0-9._~%-]{1,200}\/\d{4}-\d{2}-\d{2}$/.test(next) ? next : '/login';
}

function loginPage(next: string, failed: boolean): string {
  return (
    `<!doctype html><html lang="id"><meta charset="utf-8"><title>Antre · masuk / sign in</title>` +
    `<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:30em}input{font:inherit;padding:.3em;width:100%}button{font:inherit;margin-top:1em}</style>` +
    `<h1>Dasbor Antre / Antre dashboard</h1>` +
    (failed ? `<p role="alert"><strong>Token salah. / Wrong token.</strong></p>` : '') +
    `<form method="post" action="/login"><label>Token admin / admin token<br><input type="password" name="token" autocomplete="current-password" required></label>` +
    `<input type="hidden" name="next" value="${escapeHtml(next)}"><button type="submit">Masuk / Sign in</button></form>` +
    `<p>Buka dasbor sebuah hari: /dashboard/&lt;situs&gt;/&lt;tanggal&gt;. / Open a day's dashboard: /dashboard/&lt;site&gt;/&lt;date&gt;.</p>`
  );
}

export async function createCentral(opts: CentralOptions): Promise<Central> {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
  // An idle connection PostgreSQL ends (a restart, a shutdown; or a pool still closing its sockets
  // when the tests stop their cluster) is an 'error' on the pool, which without a listener would
  // take the whole server down. Said; the pool opens a new connection when one is next needed.
  pool.on('error', (err) => (opts.log ?? console.error)(`PostgreSQL connection lost: ${err.message}`));
  await migrate(pool);
  const store = new CentralStore(pool, opts.log);
  const app = Fastify({ bodyLimit: opts.bodyLimit ?? 8 * 1024 * 1024 });
  const sessionMs = opts.sessionMs ?? 8 * 3600_000;
  /** dashboard sign-ins: random id → expiry; in memory, so a restart signs everyone out */
  const sessions = new Map<string, number>();

  // The sign-in form posts as a browser does: application/x-www-form-urlencoded, small.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  // Batches arrive gzip-compressed: a day of events is a few hundred kilobytes on a slow link.
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (req.headers['content-encoding'] !== 'gzip') return payload;
    const gunzip = createGunzip();
    // Fastify checks Content-Length against what arrived on the wire, i.e. the compressed bytes.
    let encoded = 0;
    payload.on('data', (chunk: Buffer) => (encoded += chunk.length));
    Object.defineProperty(gunzip, 'receivedEncodedLength', { get: () => encoded });
    return payload.pipe(gunzip);
  });

  const siteOf = async (req: FastifyRequest): Promise<Site> => {
    const token = bearer(req);
    const site = token ? await store.siteByToken(token) : null;
    if (!site) throw refuse(401, 'BAD_TOKEN');
    return site;
  };

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof IngestError) return reply.code(err.status).send(err.body);
    const status = (err as { statusCode?: number }).statusCode;
    // The body limit is counted after decompression, so a gzip bomb stops at it too.
    if (status === 413) return reply.code(413).send(refuse(413, 'BATCH_TOO_LARGE').body);
    if (status && status < 500) return reply.code(status).send({ error: 'BAD_REQUEST', message: (err as Error).message });
    app.log.error(err);
    return reply.code(500).send({ error: 'INTERNAL' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  // Only the public pages are limited (per route's config): the hubs' ingest must never be.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new IngestError(429, { error: 'RATE_LIMITED', message: { id: 'Terlalu banyak permintaan; coba lagi sebentar.', en: 'Too many requests; try again shortly.' }, retryAfter: ctx.after }),
  });
  const publicLimit = { rateLimit: { max: opts.publicPerMinute ?? 60, timeWindow: '1 minute' } };

  // Each MPP's published standar pelayanan (UU 25/2009: public, so no sign-in), as its hub last
  // synced it: JSON for other sites to embed, and the same page the hub serves at /standar.
  const standardsOf = async (siteCode: string) => {
    const found = /^[a-z0-9-]{3,60}$/.test(siteCode) ? await store.publishedStandards(siteCode) : null;
    if (!found) throw new IngestError(404, { error: 'NO_SUCH_SITE', message: { id: 'MPP tidak dikenal.', en: 'Unknown MPP.' } });
    return found;
  };
  app.get<{ Params: { site: string } }>('/public/:site/standards', { config: publicLimit }, async (req) => (await standardsOf(req.params.site)).standards);
  app.get<{ Params: { site: string } }>('/public/:site/standar', { config: publicLimit }, async (req, reply) => {
    const { site, standards } = await standardsOf(req.params.site);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', STANDARDS_PAGE_CSP).send(renderStandardsPage({ siteName: site.name, standards }));
  });

  app.post('/api/ingest', async (req) => store.ingest(await siteOf(req), req.body));

  // A hub asks where the server's copy of its epoch ends when it starts with nothing to send: a
  // hub restored from a copy learns it holds less before it gives out a single number. With
  // `date`, the highest ticket numbers the server holds for that day come too.
  app.get('/api/cursor', async (req) => {
    const q = req.query as { epoch?: string; date?: string };
    const epoch = Number(q.epoch ?? 1);
    if (!Number.isInteger(epoch) || epoch < 1) throw new IngestError(400, { error: 'BAD_EPOCH' });
    if (q.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(q.date)) throw new IngestError(400, { error: 'BAD_DATE' });
    const site = await siteOf(req);
    const ackedThrough = await store.lastSeq(site.id, epoch);
    return { epoch, ackedThrough, ...(q.date ? { businessDate: q.date, numbers: await store.highestNumbers(site.id, q.date) } : {}) };
  });

  app.post('/api/manifests', async (req) => {
    const site = await siteOf(req);
    const m = DayManifest.safeParse(req.body);
    if (!m.success) throw new IngestError(400, { error: 'BAD_MANIFEST' });
    return store.checkManifest(site, m.data);
  });

  const signedIn = (req: FastifyRequest): boolean => {
    const id = cookieOf(req, SESSION_COOKIE);
    const until = id ? sessions.get(id) : undefined;
    if (until === undefined) return false;
    if (until < Date.now()) {
      sessions.delete(id!);
      return false;
    }
    return true;
  };

  // Programs send the admin token as a bearer header; browsers bring the sign-in cookie. A token in
  // the query is refused outright (it is already in someone's history), never accepted.
  const requireAdmin = (req: FastifyRequest) => {
    if ((req.query as { token?: unknown }).token !== undefined) {
      throw new IngestError(400, {
        error: 'TOKEN_IN_URL',
        message: { id: 'Token tidak boleh ada di alamat. Masuk lewat /login.', en: 'The token must not be in the URL. Sign in at /login.' },
      });
    }
    const token = bearer(req);
    if (token !== null ? sameSecret(token, opts.adminToken) : signedIn(req)) return;
    throw new IngestError(401, { error: 'BAD_TOKEN' });
  };

  // Online booking (issue 23): public pages, the hubs' feed, the admin's report.
  const bookings = new BookingStore(pool);
  registerBookingPages(app, bookings, publicLimit);
  registerBookingApi(app, bookings, { pool, siteOf, requireAdmin, publicLimit });

  app.get('/login', async (req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .send(loginPage(safeNext((req.query as { next?: unknown }).next), false)),
  );

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as { token?: unknown; next?: unknown };
    const next = safeNext(body.next);
    if (typeof body.token !== 'string' || !sameSecret(body.token, opts.adminToken)) {
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        .send(loginPage(next, true));
    }
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, Date.now() + sessionMs);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure when
    // this server is reached over HTTPS (the regency's server should be).
    const secure = req.protocol === 'https' ? '; Secure' : '';
    return reply
      .code(303)
      .header('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(sessionMs / 1000)}${secure}`)
      .header('location', next)
      .send();
  });

  app.post('/logout', async (req, reply) => {
    const id = cookieOf(req, SESSION_COOKIE);
    if (id) sessions.delete(id);
    return reply.code(303).header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`).header('location', '/login').send();
  });

  // A site's epochs: more than one means its history broke (a restored backup) and both are kept.
  app.get<{ Params: { site: string } }>('/api/sites/:site/epochs', async (req) => {
    requireAdmin(req);
    const id = await store.siteId(req.params.site);
    if (id === null) throw new IngestError(404, { error: 'NO_SUCH_SITE' });
    return store.epochs(id);
  });

  // A site's complaints for an operator to enter into SP4N-LAPOR! (docs/COMPLAINTS.md): they hold
  // citizens' words and contacts, so only the central admin reads them.
  app.get<{ Params: { site: string } }>('/api/sites/:site/complaints.csv', async (req, reply) => {
    requireAdmin(req);
    const found = /^[a-z0-9-]{3,60}$/.test(req.params.site) ? await store.complaints(req.params.site) : null;
    if (found === null) throw new IngestError(404, { error: 'NO_SUCH_SITE' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="pengaduan-${req.params.site}.csv"`)
      .send(complaintsCsv(found.rows, found.site));
  });

  app.get<{ Params: { site: string; date: string } }>('/api/report/:site/:date', async (req) => {
    requireAdmin(req);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(req.params.date)) throw new IngestError(400, { error: 'BAD_DATE' });
    return store.dayReport(req.params.site, req.params.date);
  });

  app.get<{ Params: { site: string; date: string } }>('/dashboard/:site/:date', async (req, reply) => {
    // A browser without a sign-in goes to the form, and comes back here after it.
    if (bearer(req) === null && (req.query as { token?: unknown }).token === undefined && !signedIn(req)) {
      return reply.code(303).header('location', `/login?next=${encodeURIComponent(`/dashboard/${encodeURIComponent(req.params.site)}/${req.params.date}`)}`).send();
    }
    requireAdmin(req);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(req.params.date)) throw new IngestError(400, { error: 'BAD_DATE' });
    const rows = await store.dayReport(req.params.site, req.params.date);
    const num = (v: number | null) => (v === null ? '–' : String(v));
    const body = rows
      .map((r) => `<tr><td>${escapeHtml(r.agency)}</td><td>${r.issued}</td><td>${r.served}</td><td>${r.no_show}</td><td>${num(r.avg_wait)}</td><td>${num(r.p90_wait)}</td><td>${num(r.avg_service)}</td><td>${num(r.p90_service)}</td></tr>`)
      .join('');
    const siteId = await store.siteId(req.params.site);
    const epochs = siteId === null ? [] : await store.epochs(siteId);
    // A site whose history broke says so on its page: its figures then add up both histories.
    const broke =
      epochs.length > 1
        ? `<p><strong>Riwayat hub ini terputus ${epochs.length - 1}× (cadangan dipulihkan atau data hilang); kedua riwayat disimpan.</strong> ` +
          epochs.map((e) => `Epoch ${e.epoch}: seq ${e.fromSeq}–${e.lastSeq}, sejak ${e.firstSeenAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`).join('; ') +
          '.</p>'
        : '';
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="id"><meta charset="utf-8"><title>Antre · ${escapeHtml(req.params.site)} · ${req.params.date}</title>` +
          `<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child,th:first-child{text-align:left}</style>` +
          `<h1>${escapeHtml(req.params.site)} — ${req.params.date}</h1>${broke}<table><tr><th>Instansi</th><th>Tiket diambil</th><th>Dilayani</th><th>Tidak hadir</th>` +
          `<th>Rata-rata tunggu (mnt)</th><th>p90 tunggu</th><th>Rata-rata layanan (mnt)</th><th>p90 layanan</th></tr>${body}</table>`,
      );
  });

  return {
    app,
    store,
    pool,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
