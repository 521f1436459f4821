/**
 * One declaration per endpoint: who may call it, what it accepts and what it answers. The same
 * declaration drives authentication, zod validation (unknown fields refused), the check of the
 * answer against its schema in shared/ (tests and development) and the OpenAPI document, so
 * they cannot drift apart.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DeviceRole } from '../../../shared/domain.js';
import { assertContract, contractChecks } from '../contract.js';
import { HubError } from '../hubError.js';
import { LOCAL_DEVICE, type DeviceIdentity, type OfficerSession } from '../access.js';
import type { Clock } from '../clock.js';
import type { HubCore } from '../core.js';
import { plainDisplayIdentity } from './transportPolicy.js';
import { notePairedSocket } from './connectionGuard.js';

/**
 * - `none`: health and pairing only.
 * - `device`: a paired device whose role is listed (the demo's local browser passes any role).
 * - with `session`: also an officer session opened on this device: `counter` means the session's
 *   counter must be the `:id` in the path; `supervisor` needs a supervisor or an admin.
 */
export type RouteAuth =
  | { kind: 'none' }
  | { kind: 'device'; roles: DeviceRole[]; session?: 'any' | 'counter' | 'supervisor' };

export interface RouteContext<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  device: DeviceIdentity | null;
  session: OfficerSession | null;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B = unknown, P = unknown, Q = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** the schema (in shared/) of a successful JSON answer; every route has one */
  response?: z.ZodType;
  /**
   * Content types of answers that are files, not JSON (the report as CSV or XLSX): those are sent
   * as they are, and only a JSON answer is checked against `response`.
   */
  files?: readonly string[];
  /** HTTP status of a success; 200 unless said */
  status?: number;
  /** a larger body than the hub's 16 KiB default, for the few routes that take one (logos) */
  bodyLimit?: number;
  /** per-route rate limit, e.g. for pairing and login */
  rateLimit?: { max: number; timeWindow: string };
  handler: (ctx: RouteContext<B, P, Q>) => unknown;
}

export interface RouteLimits {
  /** pairing attempts per minute per client address */
  pairingPerMinute: number;
  /** login attempts per minute per client address */
  loginPerMinute: number;
  /** pairing attempts per minute from every address together (default: 3 × pairingPerMinute) */
  pairingGlobalPerMinute?: number;
}

export const DEFAULT_LIMITS: RouteLimits = { pairingPerMinute: 10, loginPerMinute: 20, pairingGlobalPerMinute: 30 };

/** How many client addresses a rate-limit store remembers (@fastify/rate-limit's own default). */
const RATE_KEYS = 5000;

/**
 * A store for @fastify/rate-limit that reads the hub's trusted clock instead of `Date.now()`: its
 * own store measures a window on the PC's clock, so a clock set back 3 hours told a limited address
 * to retry in 10,790 s. On the trusted clock a window only runs forward, so "retry after" never
 * exceeds the window. A fixed window per address and route, the plugin's default behaviour.
 */
export function trustedRateStore(clock: Clock): FastifyRateLimitStoreCtor {
  class TrustedRateStore implements FastifyRateLimitStore {
    private readonly windows = new Map<string, { count: number; start: number }>();

    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = clock.now();
      let w = this.windows.get(key);
      if (!w || now >= w.start + timeWindow || now < w.start) {
        w = { count: 0, start: now };
      }
      w.count += 1;
      // Re-inserted so the Map's order is the order of use: the oldest address is forgotten first.
      this.windows.delete(key);
      this.windows.set(key, w);
      if (this.windows.size > RATE_KEYS) this.windows.delete(this.windows.keys().next().value!);
      cb(null, { current: w.count, ttl: Math.min(timeWindow, Math.max(0, w.start + timeWindow - now)) });
    }

    child(): FastifyRateLimitStore {
      return new TrustedRateStore();
    }
  }
  return TrustedRateStore;
}

/** Every paired role: the endpoints any screen may read. */
export const ANY_DEVICE = ['kiosk', 'counter', 'display', 'admin'] as const;

/** Who did it, for the event log: the officer of the session (if any) on the device (if any). */
export function actorOf(ctx: { session: OfficerSession | null; device: DeviceIdentity | null }): { officerId: number | null; deviceId: number | null } {
  return { officerId: ctx.session?.officerId ?? null, deviceId: ctx.device?.id ?? null };
}

export function route<B = unknown, P = unknown, Q = unknown>(spec: RouteSpec<B, P, Q>): RouteSpec<B, P, Q> {
  return spec;
}

export interface RequestAuth {
  device: DeviceIdentity | null;
  session: OfficerSession | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    antreAuth?: RequestAuth;
  }
}

function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(h);
  if (!m) throw new HubError('UNAUTHENTICATED');
  return m[1] ?? null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Demo mode trusts the browsers of the hub machine itself, never another machine on the LAN.
 * The Host (and Origin, when sent) must name loopback too: a web page on the internet that
 * rebinds its own name to 127.0.0.1 must not inherit that trust.
 */
function isTrustedLocal(req: FastifyRequest): boolean {
  if (!isLoopback(req.socket.remoteAddress ?? '')) return false;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (!LOOPBACK_HOSTS.has(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

export function authenticate(core: HubCore, req: FastifyRequest, token: string | null, demo: boolean): DeviceIdentity {
  // A display-only read over plain HTTP from the LAN: anonymous, and never with a token sent in clear.
  const plain = plainDisplayIdentity(req, token);
  if (plain) return plain;
  if (token) {
    const device = core.access.authenticateDevice(token);
    // This address may now use the connections kept for paired devices.
    notePairedSocket(req.socket);
    return device;
  }
  if (demo && isTrustedLocal(req)) return LOCAL_DEVICE;
  throw new HubError('UNAUTHENTICATED');
}

function checkAuth(core: HubCore, spec: RouteSpec<unknown, unknown, unknown>, req: FastifyRequest, params: unknown, demo: boolean): RequestAuth {
  if (spec.auth.kind === 'none') return { device: null, session: null };
  const device = authenticate(core, req, bearerToken(req), demo);
  if (device.role !== 'local' && !spec.auth.roles.includes(device.role)) throw new HubError('FORBIDDEN_ROLE');
  if (!spec.auth.session) return { device, session: null };
  const raw = req.headers['x-antre-session'];
  if (typeof raw !== 'string' || raw.length === 0) throw new HubError('SESSION_REQUIRED');
  const session = core.access.authenticateSession(raw, device);
  if (spec.auth.session === 'counter') {
    const counterId = (params as { id?: number }).id;
    if (session.counterId === null || session.counterId !== counterId) throw new HubError('COUNTER_MISMATCH');
  }
  if (spec.auth.session === 'supervisor' && session.role === 'officer') throw new HubError('OFFICER_ROLE_REQUIRED');
  return { device, session };
}

/** A handler's answer that Fastify serialises as JSON (not a file it was told to send as one). */
function isJsonAnswer(reply: FastifyReply, result: unknown): boolean {
  if (typeof result === 'string' || result instanceof Uint8Array) return false;
  const type = reply.getHeader('content-type');
  return type === undefined || String(type).includes('json');
}

export function registerRoute(
  app: FastifyInstance,
  core: HubCore,
  spec: RouteSpec<unknown, unknown, unknown>,
  demo: boolean,
  checkResponses = contractChecks(),
): void {
  const what = `${spec.method} ${spec.url}`;
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.rateLimit ? { config: { rateLimit: spec.rateLimit } } : {}),
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    handler: async (req, reply) => {
      // Parse the path first (the session check needs `:id`), then authenticate, then the body:
      // a request refused at any step has touched nothing.
      const params = spec.params ? spec.params.parse(req.params) : {};
      const auth = checkAuth(core, spec, req, params, demo);
      const body = spec.body ? spec.body.parse(req.body ?? {}) : undefined;
      const emptyBody = req.body === undefined || req.body === null || (typeof req.body === 'object' && !Array.isArray(req.body) && Object.keys(req.body).length === 0);
      if (!spec.body && !emptyBody) {
        throw new HubError('VALIDATION_FAILED', { body: 'this endpoint takes no body' });
      }
      const query = spec.query ? spec.query.parse(req.query) : {};
      req.antreAuth = auth;
      const result = await spec.handler({ body, params, query, device: auth.device, session: auth.session, req, reply });
      // The answer as it is, not as parsed: checking must not change what the screens receive.
      if (checkResponses && spec.response && isJsonAnswer(reply, result)) assertContract(spec.response, result, what);
      reply.code(spec.status ?? 200);
      return result;
    },
  });
}
