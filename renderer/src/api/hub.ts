/**
 * The screens' client for the hub's HTTP API. A refusal from the hub is a `HubRefusal` with the
 * hub's code and its message in both languages; a hub that cannot be reached is `HubUnreachable`,
 * so a screen can tell "the hub said no" from "the hub is not there" and never pretends either.
 */
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
  ) {
    super(`${code}: ${text.en}`);
  }
}

export class HubUnreachable extends Error {}

const TIMEOUT_MS = 15_000;

export async function hubCall<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, opts: { session?: string | null } = {}): Promise<T> {
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
  if (res.ok) return json as T;
  const err = (json as { error?: { code?: string; message?: Message } } | null)?.error;
  if (err?.code && err.message) throw new HubRefusal(res.status, err.code, err.message);
  throw new HubUnreachable(`${method} ${path}: ${res.status}`);
}

/** A request id for retry-safe calls: the same id sent again gets the same answer. */
export function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
