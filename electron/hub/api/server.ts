/**
 * The hub's LAN API: Fastify with the REST routes, the event stream, the OpenAPI document and
 * the built renderer. Every error leaves as `{ error: { code, message: { id, en } } }`.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { ZodError } from 'zod';
import { ERRORS, errorBody, type ErrorCode } from '../../../shared/errors.js';
import type { HubCore } from '../core.js';
import { HubError } from '../hubError.js';
import { openApiDocument } from './openapi.js';
import { registerCompression } from './compression.js';
import { registerPages } from './pages.js';
import { authenticate, registerRoute, trustedRateStore } from './route.js';
import { hubRoutes, type RouteLimits } from './routes/index.js';
import { registerStream, type StreamLimits } from './stream.js';
import { registerDisplayFiles } from './displayFiles.js';
import { registerTransportPolicy, type TransportPolicyOptions } from './transportPolicy.js';
import { ConnectionGuard, connectionLimits, fastifyTimeoutOptions, nodeServerOptions, type ConnectionLimits } from './connectionGuard.js';

export interface ApiOptions {
  /** trust browsers on the hub machine itself (loopback) without pairing */
  demo: boolean;
  version: string;
  /** the built renderer (index.html and assets); a placeholder page is served when absent */
  rendererDir?: string;
  /** requests per minute per client address, for every route without a stricter limit */
  rateLimitPerMinute?: number;
  bodyLimitBytes?: number;
  /** stricter limits of pairing and login (DEFAULT_LIMITS in route.ts) */
  limits?: RouteLimits;
  /** log every request; internal errors, a full disk and a damaged database are logged always */
  logger?: boolean;
  /** the hub's logger (logging.ts: console and rotating files); stderr when not given */
  loggerInstance?: FastifyBaseLogger;
  /** what plain HTTP may carry (transportPolicy.ts); without it plain HTTP serves everyone as before */
  transport?: TransportPolicyOptions;
  /** timeouts and connection caps (DEFAULT_CONNECTION_LIMITS in connectionGuard.ts) */
  connectionLimits?: Partial<ConnectionLimits>;
  /** the event stream's replay window and message budget (DEFAULT_STREAM_LIMITS in stream.ts) */
  streamLimits?: Partial<StreamLimits>;
}

const FASTIFY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
};

function classify(err: unknown): { code: ErrorCode; details?: unknown } {
  if (err instanceof HubError) return { code: err.code, details: err.details };
  if (err instanceof ZodError) {
    return { code: 'VALIDATION_FAILED', details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  const fe = err as FastifyError;
  if (fe.code && FASTIFY_ERRORS[fe.code]) return { code: FASTIFY_ERRORS[fe.code]! };
  if (fe instanceof SyntaxError || fe.statusCode === 400) return { code: 'BAD_JSON' };
  if (fe.statusCode === 413) return { code: 'BODY_TOO_LARGE' };
  if (fe.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (fe.statusCode === 429) return { code: 'RATE_LIMITED' };
  if (fe.statusCode === 404) return { code: 'NOT_FOUND' };
  if (fe.statusCode === 414) return { code: 'URL_TOO_LONG' };
  // Any other refusal Fastify raises for what the client sent is the client's, never a 500.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return { code: 'VALIDATION_FAILED' };
  return { code: 'INTERNAL' };
}

export async function createApi(core: HubCore, opts: ApiOptions): Promise<FastifyInstance> {
  const limits = connectionLimits(opts.connectionLimits);
  const app = Fastify({
    // Idle, slow and never-ending connections are closed (Fastify's defaults close none of them).
    ...fastifyTimeoutOptions(limits),
    http: nodeServerOptions(limits),
    loggerInstance: opts.loggerInstance ?? pino({ level: 'info', redact: ['req.headers.authorization', 'req.headers["x-antre-session"]'] }),
    // The logger is always there (errors must reach it); only the per-request lines are optional.
    logController: new LogController({ disableRequestLogging: !opts.logger }),
    bodyLimit: opts.bodyLimitBytes ?? 16 * 1024,
    // The hub is reached directly on the LAN: the socket's address is the client's.
    trustProxy: false,
    // Errors the router raises before any handler (a malformed or overlong URL) answer in the
    // same shape, with the message in both languages.
    frameworkErrors: (err, _req, reply) => {
      const code = (err as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URL_TOO_LONG' : 'BAD_URL';
      // The reply's generic types know nothing of our codes: send it as a plain reply.
      const plain = reply as unknown as { code(n: number): { send(b: unknown): unknown } };
      void plain.code(ERRORS[code].status).send(errorBody(code));
    },
  });

  new ConnectionGuard(limits, (line) => app.log.warn(line)).attach(app.server);
  // Set again on the server itself: an https server is not made from Fastify's `http` option.
  app.server.headersTimeout = limits.headersTimeoutMs;

  app.setErrorHandler((err, req, reply) => {
    const classified = classify(err);
    const details = classified.details;
    let code = classified.code;
    // SQLite's own errors: a full disk and a damaged file each raise their alarm and answer a
    // code the kiosk can show (the failed transaction has rolled back, nothing was acknowledged).
    if (code === 'INTERNAL' && core.storage.writeFailed(err)) code = 'STORAGE_FULL';
    else if (code === 'INTERNAL' && core.integrity.requestFailed(err)) code = 'DATABASE_DAMAGED';
    // A refusal the hub chose (reports busy) is a warning; anything else at 5xx is a fault, with its stack.
    if (code === 'REPORTS_BUSY') req.log.warn({ code, method: req.method, url: req.url }, `${code}: ${req.method} ${req.routeOptions.url ?? req.url}`);
    else if (ERRORS[code].status >= 500) {
      req.log.error({ err, code, method: req.method, url: req.url }, `${code}: ${req.method} ${req.routeOptions.url ?? req.url}`);
    }
    const body = errorBody(code, details);
    reply.code(ERRORS[code].status).send(body);
  });
  // Every endpoint takes JSON only. Fastify also parses text/plain by default, which turned a
  // text body into a string and a VALIDATION_FAILED (400); without that parser every other type
  // is FST_ERR_CTP_INVALID_MEDIA_TYPE: UNSUPPORTED_MEDIA_TYPE (415), as docs/API.md promises.
  app.removeContentTypeParser('text/plain');
  // Fastify never reads a GET's body, so one would pass unseen: refused like a body on any other
  // endpoint that takes none (route.ts), in the same shape.
  app.addHook('onRequest', async (req) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined)) {
      throw new HubError('VALIDATION_FAILED', { body: 'a GET takes no body' });
    }
  });

  // First of the hooks: a credential sent in clear from the LAN gets no further (transportPolicy.ts).
  if (opts.transport) registerTransportPolicy(app, opts.transport);

  await app.register(fastifyRateLimit, {
    global: true,
    max: opts.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    // Windows measured on the trusted clock: a PC clock set back must not stretch a wait (route.ts).
    store: trustedRateStore(core.clock),
    errorResponseBuilder: () => new HubError('RATE_LIMITED'),
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  await registerCompression(app);

  const specs = hubRoutes(core, { version: opts.version }, opts.limits);
  for (const spec of specs) registerRoute(app, core, spec, opts.demo);
  const openapi = openApiDocument(specs, opts.version);
  app.get('/api/openapi.json', async () => openapi);
  registerStream(app, {
    events: core.events,
    access: core.access,
    history: core.history,
    authenticate: (req, token) => authenticate(core, req, token, opts.demo),
    ...(opts.streamLimits ? { limits: opts.streamLimits } : {}),
    log: (line) => app.log.warn(line),
  });
  registerDisplayFiles(app, core.dataDir, (id) => core.master.agencyLogo(id));

  // Only successful requests leave a trace: a refused request changes nothing in the database.
  app.addHook('onResponse', async (req, reply) => {
    const auth = req.antreAuth;
    if (auth && reply.statusCode < 400) core.access.touch(auth.device?.id ?? null, auth.session?.id ?? null);
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  await registerPages(app, opts.rendererDir, (token) => core.phone.ticketOf(token) !== null);
  // The phones' event streams never go idle: ended first, or closing the server would wait for them.
  app.addHook('preClose', async () => core.phone.endAll());

  return app;
}
