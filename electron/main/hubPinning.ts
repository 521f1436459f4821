/**
 * The Antre app trusts its hub by the hub's certificate, not by its address or an mDNS answer:
 * the hub makes its own self-signed certificate (electron/hub/tls.ts), the admin screen shows its
 * SHA-256 fingerprint beside each pairing code, the app records the fingerprint it saw when it
 * paired (trust on first use, checked by a person comparing the two screens) and from then on
 * talks only to a hub presenting that very certificate. A rogue hub on the shared LAN (answering
 * mDNS first, or taking over the address) gets no token, no session and no PIN.
 *
 * Pure decisions plus the Node TLS client the pairing uses; index.ts wires the decisions to
 * Electron (session.setCertificateVerifyProc for the windows' and net.fetch's requests).
 */
import { X509Certificate } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

const HEX_FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/**
 * One spelling for a SHA-256 fingerprint: upper-case hex pairs joined by ':' (Node's
 * `fingerprint256`, what the hub prints). Accepts the same without colons or in lower case, and
 * Electron's `sha256/<base64>`. null: not a SHA-256 fingerprint.
 */
export function normalizeFingerprint(text: string): string | null {
  const t = text.trim();
  let hex: string;
  if (t.startsWith('sha256/')) {
    const bytes = Buffer.from(t.slice(7), 'base64');
    if (bytes.length !== 32) return null;
    hex = bytes.toString('hex');
  } else {
    hex = t.replace(/[:\s]/g, '');
  }
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const upper = hex.toUpperCase();
  const out = upper.match(/../g)!.join(':');
  return HEX_FINGERPRINT.test(out) ? out : null;
}

/** The fingerprint of a PEM (Electron's `certificate.data`) or DER certificate. */
export function fingerprintOf(cert: string | Buffer): string {
  return new X509Certificate(cert).fingerprint256;
}

export type PinCheck = 'match' | 'mismatch' | 'unpinned';

/** The one rule: the certificate presented must be the one pinned at pairing. */
export function checkPin(pinned: string | null | undefined, presented: string): PinCheck {
  if (!pinned) return 'unpinned';
  const a = normalizeFingerprint(pinned);
  const b = normalizeFingerprint(presented);
  return a !== null && a === b ? 'match' : 'mismatch';
}

/**
 * Whether a request goes to the paired hub (same host and port as its https:// address), for the
 * certificate check of the app's session: only those are judged by the pin.
 */
export function isHubHost(hubUrl: string | null | undefined, hostname: string, port?: number): boolean {
  if (!hubUrl) return false;
  let hub: URL;
  try {
    hub = new URL(hubUrl);
  } catch {
    return false;
  }
  if (hub.protocol !== 'https:') return false;
  const hubHost = hub.hostname.replace(/^\[|\]$/g, '');
  const host = hostname.replace(/^\[|\]$/g, '');
  if (hubHost.toLowerCase() !== host.toLowerCase()) return false;
  return port === undefined || Number(hub.port || 443) === port;
}

/**
 * What the app's session answers Chromium for a server certificate (setCertificateVerifyProc:
 * 0 trust, -2 refuse, -3 Chromium's own verdict). The paired hub is trusted by its pin alone
 * (its certificate is self-signed, so Chromium's verdict would always be "untrusted"); any other
 * host gets Chromium's own verdict.
 */
export function certificateVerdict(hubUrl: string | null | undefined, pinned: string | null | undefined, hostname: string, certificatePem: string): 0 | -2 | -3 {
  if (!isHubHost(hubUrl, hostname)) return -3;
  let presented: string;
  try {
    presented = fingerprintOf(certificatePem);
  } catch {
    return -2;
  }
  return checkPin(pinned, presented) === 'match' ? 0 : -2;
}

export class HubCertificateError extends Error {
  constructor(
    readonly expected: string | null,
    readonly presented: string,
  ) {
    super(
      `the hub's certificate ${presented} is not the one pinned at pairing (${expected ?? 'none'}): ` +
        'a different machine answers at this address, or the hub was reinstalled; pair again with a new code',
    );
  }
}

/**
 * A TLS connection to the hub whose certificate has been looked at before anything is sent:
 * with `expected`, a different certificate ends the connection at once (HubCertificateError);
 * without, the caller gets the fingerprint to record or to show (pairing, the wizard's list).
 * The certificate is self-signed, so the usual chain check cannot apply: the pin replaces it.
 */
export function connectToHub(hubUrl: string, expected: string | null, timeoutMs = 5000): Promise<{ socket: TLSSocket; fingerprint: string }> {
  const url = new URL(hubUrl);
  if (url.protocol !== 'https:') return Promise.reject(new Error(`not an https:// hub address: ${hubUrl}`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      // An IP address is not a valid SNI name; a DNS name is sent as usual.
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    const timer = setTimeout(() => socket.destroy(new Error(`no TLS answer from ${hubUrl} within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const raw = socket.getPeerCertificate(false)?.raw;
      if (!raw) {
        socket.destroy();
        reject(new Error('the hub presented no certificate'));
        return;
      }
      const fingerprint = fingerprintOf(raw);
      if (expected !== null && checkPin(expected, fingerprint) !== 'match') {
        socket.destroy();
        reject(new HubCertificateError(normalizeFingerprint(expected), fingerprint));
        return;
      }
      resolve({ socket, fingerprint });
    });
  });
}

export interface PinnedResponse {
  status: number;
  json: unknown;
  /** the certificate this answer came over */
  fingerprint: string;
}

/**
 * One HTTP request to the hub over a connection from connectToHub: nothing, not even the path,
 * leaves before the certificate was checked.
 */
export async function pinnedRequest(
  hubUrl: string,
  expected: string | null,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<PinnedResponse> {
  const { socket, fingerprint } = await connectToHub(hubUrl, expected, opts.timeoutMs);
  const url = new URL(hubUrl);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        method,
        path,
        host: url.hostname,
        port: Number(url.port || 443),
        createConnection: () => socket,
        headers: {
          host: url.host,
          connection: 'close',
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
          ...opts.headers,
        },
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json, fingerprint });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${hubUrl}`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface PinnedPairing {
  deviceId: number;
  token: string;
  counterId: number | null;
  /** the hub's certificate, to pin */
  fingerprint: string;
}

/**
 * Pairing over HTTPS. `expected`: the fingerprint the person compared on the admin screen (or the
 * one already pinned by an earlier role of this machine); null only for trust on first use, where
 * the wizard then shows what was pinned.
 */
export async function pairPinned(hubUrl: string, code: string, role: 'kiosk' | 'counter' | 'display', expected: string | null): Promise<PinnedPairing> {
  const res = await pinnedRequest(hubUrl, expected, 'POST', '/api/pair', { body: { code } });
  const body = res.json as { deviceId?: number; token?: string; role?: string; counterId?: number | null; error?: { message: { en: string } } } | null;
  if (res.status !== 201 || !body?.token || !body.deviceId) throw new Error(body?.error?.message.en ?? `pairing failed (${res.status})`);
  if (body.role !== role) throw new Error(`the code is for a ${body.role}, not a ${role}`);
  return { deviceId: body.deviceId, token: body.token, counterId: body.counterId ?? null, fingerprint: res.fingerprint };
}

/**
 * An mDNS answer is a hint: the hub heard is probed for its certificate. Before pairing the wizard
 * shows the fingerprint to compare with the admin screen; once paired, only a hub whose
 * certificate is the pinned one counts as found (`pinned: true`).
 */
export async function judgeFoundHub<T extends { url: string }>(found: T, pinned: string | null): Promise<(T & { fingerprint: string | null; pinned: boolean }) | null> {
  if (!found.url.startsWith('https:')) return pinned ? null : { ...found, fingerprint: null, pinned: false };
  try {
    const { socket, fingerprint } = await connectToHub(found.url, null, 2000);
    socket.destroy();
    const check = checkPin(pinned, fingerprint);
    if (check === 'mismatch') return null;
    return { ...found, fingerprint, pinned: check === 'match' };
  } catch {
    return null;
  }
}
