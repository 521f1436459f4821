/**
 * The screens' client for the hub's HTTP API. A refusal from the hub is a `HubRefusal` with the
 * hub's code and its message in both languages; a hub that cannot be reached is `HubUnreachable`,
 * so a screen can tell "the hub said no" from "the hub is not there" and never pretends either.
 *
 * Given the endpoint's response schema from shared/ (`{ response: Catalogue }`), the answer is
 * parsed, not cast: the screen gets exactly the type the schema says. An answer that does not
 * match is a `HubContractError` in development and tests. In a production build it is logged and
 * the answer used as it came (what every screen did before parsing): in the field a kiosk's
 * Electron app carries its own build of the screens and may be a version apart from the hub, and
 * a field it does not even read must not stop it issuing tickets. The hub checks its own answers
 * against the same schemas in tests, so drift still fails there.
 *
 * zod is imported for its types only: a screen that passes no schema (the hall display, for old
 * TV browsers) loads no zod through this module.
 */
import type { z } from 'zod';
import { deviceCredentials } from './device.js';

export interface Message {
  id: string;
  en: string;
}

export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Message,
    /** what the refusal says besides its code (e.g. SERVICE_CLOSED's nextOpening), as the hub sent it */
    readonly details?: unknown,
  ) {
    super(`${code}: ${text.en}`);
  }
}

export class HubUnreachable extends Error {}

/** The hub answered, but not in the shape its schema in shared/ says. */
export class HubContractError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`${method} ${path}: the hub's answer does not match its schema: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'HubContractError';
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface CallOptions {
  /** the officer session (X-Antre-Session) */
  session?: string | null;
}

const TIMEOUT_MS = 15_000;

/** Vite's build mode; undefined outside Vite (plain Node tests), which counts as development. */
const PRODUCTION = (import.meta as { env?: { PROD?: boolean } }).env?.PROD === true;
const reported = new Set<string>();

function parsed<S extends z.ZodType>(schema: S, json: unknown, method: Method, path: string): z.output<S> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const err = new HubContractError(method, path, r.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`));
  if (!PRODUCTION) throw err;
  // Once per endpoint: a display polling every few seconds must not fill the console.
  const key = `${method} ${path.split('?')[0]}`;
  if (!reported.has(key)) {
    reported.add(key);
    console.error(err);
  }
  return json as z.output<S>;
}

/**
 * Calls the hub. With `opts.response` the answer is parsed with that schema and typed by it
 * (pass `undefined` as the body of a GET); without it the answer is cast to `T`, as before.
 */
export function hubCall<S extends z.ZodType>(method: Method, path: string, body: unknown, opts: CallOptions & { response: S }): Promise<z.output<S>>;
export function hubCall<T = unknown>(method: Method, path: string, body?: unknown, opts?: CallOptions): Promise<T>;
export async function hubCall(method: Method, path: string, body?: unknown, opts: CallOptions & { response?: z.ZodType } = {}): Promise<unknown> {
  const headers: Record<string, string> = {};
  const { token } = deviceCredentials();
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.session) headers['x-antre-session'] = opts.session;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // AbortSignal.timeout is newer than the Chrome 90 of old TV boxes.
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(path, { method, headers, signal: ctl.signal, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new HubUnreachable(`${method} ${path}: no answer`);
  } finally {
    clearTimeout(timer);
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // a proxy's HTML error page, a cut connection: treated as no answer below
  }
  if (res.ok) return opts.response ? parsed(opts.response, json, method, path) : json;
  const err = (json as { error?: { code?: string; message?: Message; details?: unknown } } | null)?.error;
  if (err?.code && err.message) throw new HubRefusal(res.status, err.code, err.message, err.details);
  throw new HubUnreachable(`${method} ${path}: ${res.status}`);
}

/** A request id for retry-safe calls: the same id sent again gets the same answer. */
export function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
