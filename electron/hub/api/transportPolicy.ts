/**
 * What may travel as plain HTTP. The MPP's LAN is shared with public Wi-Fi, so anything secret
 * (a device token, an officer session, a PIN) read off it can be used by anyone there. Plain HTTP
 * therefore keeps serving only:
 * - this machine (loopback): the hub's own browsers, `npm run serve`'s demo, the tests;
 * - when the hub allows it (`plainDisplays`), display-only reads from the LAN: the display page,
 *   its assets, voice clips, media and logos, the display's state, the catalogue and the event
 *   stream, with no credential at all (an anonymous read-only display). This is for smart-TV
 *   browsers that cannot be given the hub's certificate; what they read is what the hall screen
 *   shows anyway.
 * - the ticket's phone page (`phone`): /t/<token>, its assets and /api/phone/<token>…, with no
 *   credential, whatever `plainDisplays` says. Citizens' phones on the visitor Wi-Fi cannot be
 *   given the hub's certificate; what travels is one ticket's view under that ticket's own token
 *   (phoneTicket.ts), nothing that opens anything else.
 * Everything else from the LAN over plain HTTP, and anything there that carries a credential,
 * is refused with HTTPS_REQUIRED and the https:// address to use instead. A refused request has
 * already sent its secret, but it gets no answer that would make sending it worth while, and the
 * screens are told where to go.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ERRORS, errorBody } from '../../../shared/errors.js';
import type { DeviceIdentity } from '../access.js';
import { HubError } from '../hubError.js';

export interface TransportPolicyOptions {
  /** the hub's HTTPS port, named in the refusal; null when it serves none */
  httpsPort: number | null;
  /** serve display-only reads to LAN browsers over plain HTTP (anonymous, read-only) */
  plainDisplays: boolean;
  /** which client addresses are this machine (loopback: 127.0.0.0/8, ::1); tests narrow it */
  isLocalAddress?: (address: string) => boolean;
}

export interface TransportRequest {
  method: string;
  /** the path without the query */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
  /** arrived over TLS */
  encrypted: boolean;
}

/**
 * - `secure`: over TLS; the routes' own checks decide.
 * - `local`: plain HTTP from this machine; as before.
 * - `display`: plain HTTP from the LAN, a display-only read without a credential.
 * - `phone`: plain HTTP from the LAN, the ticket's phone page or its API, without a credential.
 * - `refuse`: plain HTTP from the LAN that carries a credential or is not display-only.
 */
export type TransportVerdict = 'secure' | 'local' | 'display' | 'phone' | 'refuse';

/**
 * The phone page's paths: its page, its API (reads and its two writes) and the built assets it
 * loads; and the MPP's published service standards (/standar, /api/standards), public information
 * a citizen reads on the same phone.
 */
export function isPhonePath(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD')
    return path.startsWith('/t/') || path.startsWith('/api/phone/') || path.startsWith('/assets/') || path === '/favicon.svg' || path === '/standar' || path === '/api/standards';
  return method === 'POST' && /^\/api\/phone\/[^/]+\/(survey|complaints)$/.test(path);
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** GET (and HEAD) paths a hall display needs; nothing here answers anything but public hall information. */
const DISPLAY_EXACT = new Set(['/display', '/healthz', '/favicon.ico', '/api/display/state', '/api/display/media', '/api/display/slide', '/api/catalogue', '/api/stream']);
const DISPLAY_PREFIXES = ['/display/', '/assets/', '/voice/', '/media/', '/logos/'];

export function isDisplayOnlyPath(path: string): boolean {
  return DISPLAY_EXACT.has(path) || DISPLAY_PREFIXES.some((p) => path.startsWith(p));
}

/** A header that carries a secret: a device token, an officer session, a cookie. */
function carriesCredential(headers: TransportRequest['headers']): boolean {
  return headers.authorization !== undefined || headers['x-antre-session'] !== undefined || headers.cookie !== undefined;
}

export function transportVerdict(req: TransportRequest, opts: TransportPolicyOptions): TransportVerdict {
  if (req.encrypted) return 'secure';
  if ((opts.isLocalAddress ?? isLoopbackAddress)(req.remoteAddress)) return 'local';
  if (carriesCredential(req.headers)) return 'refuse';
  if (opts.plainDisplays && (req.method === 'GET' || req.method === 'HEAD') && isDisplayOnlyPath(req.path)) return 'display';
  return isPhonePath(req.method, req.path) ? 'phone' : 'refuse';
}

/** Where a refused client should go: this hub's name as the client used it, on the HTTPS port. */
export function httpsAddress(hostHeader: string | undefined, httpsPort: number | null): string | null {
  if (httpsPort === null) return null;
  let host = '127.0.0.1';
  try {
    if (hostHeader) host = new URL(`http://${hostHeader}`).hostname;
  } catch {
    // a malformed Host: name loopback rather than echo it
  }
  return `https://${host}:${httpsPort}`;
}

/** The identity of an anonymous plain-HTTP display: reads what a display reads, touches nothing. */
export const PLAIN_DISPLAY_DEVICE: DeviceIdentity = { id: null, role: 'display', counterId: null, name: 'layar tanpa sandi (HTTP)' };

const plainDisplays = new WeakSet<IncomingMessage>();

/**
 * For the routes' and the stream's authentication (route.ts): the anonymous display identity for
 * a request the policy let through as `display`; a token sent there (the stream's hello) is
 * refused rather than used, since it crossed the LAN in clear. null: authenticate as usual.
 */
export function plainDisplayIdentity(req: FastifyRequest, token: string | null): DeviceIdentity | null {
  if (!plainDisplays.has(req.raw)) return null;
  if (token) throw new HubError('HTTPS_REQUIRED');
  return PLAIN_DISPLAY_DEVICE;
}

/** Hooks the policy in before anything else looks at the request (server.ts). */
export function registerTransportPolicy(app: FastifyInstance, opts: TransportPolicyOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    const verdict = transportVerdict(
      {
        method: req.method,
        path: req.url.split('?')[0] ?? '',
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress ?? '',
        encrypted: (req.socket as Partial<TLSSocket>).encrypted === true,
      },
      opts,
    );
    if (verdict === 'display') plainDisplays.add(req.raw);
    if (verdict !== 'refuse') return;
    const https = httpsAddress(req.headers.host, opts.httpsPort);
    // A browser opening a screen (a page, no credential) is sent to the same page over HTTPS;
    // programs and anything carrying a secret get the error with the address.
    const html = String(req.headers.accept ?? '').includes('text/html');
    if (https && html && req.method === 'GET' && !carriesCredential(req.headers) && !req.url.startsWith('/api/')) {
      await reply.redirect(`${https}${req.url}`, 302);
      return reply;
    }
    // The reply's generic types know nothing of our codes: send it as a plain reply.
    const plain = reply as unknown as { code(n: number): { send(b: unknown): unknown } };
    await plain.code(ERRORS.HTTPS_REQUIRED.status).send(errorBody('HTTPS_REQUIRED', https ? { https } : undefined));
    return reply;
  });
}
