/**
 * The hub's own TLS identity: a key and a self-signed certificate made at its first start and
 * kept in `<data dir>/tls/` (hub.key, hub.crt). No certificate authority is involved: the Antre
 * app pins the certificate's SHA-256 fingerprint at pairing (electron/main/hubPinning.ts), and the
 * admin compares that fingerprint with the one shown beside the pairing code. Because the pin is
 * the whole certificate, the key and certificate must survive restarts and updates; a lost or
 * changed file makes every paired app refuse the hub, loudly, until it is paired again.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface HubTls {
  key: string;
  cert: string;
  /** SHA-256 of the certificate's DER, upper-case hex pairs joined by ':' (as Node and browsers show it) */
  fingerprint: string;
}

/** Long-lived on purpose: the pin, not the dates, is what clients trust, and an expiry would only break them. */
const VALID_YEARS = 20;

export function certificateFingerprint(certPem: string | Buffer): string {
  return new X509Certificate(certPem).fingerprint256;
}

function lanIPv4(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

function writeAtomically(file: string, text: string, mode: number): void {
  writeFileSync(`${file}.tmp`, text, { mode });
  renameSync(`${file}.tmp`, file);
}

/**
 * The identity kept in the data directory, made when absent. A key without its certificate (or a
 * file that does not parse) is replaced by a new pair: the fingerprint changes, which paired apps
 * will refuse, rather than a hub that does not start.
 */
export async function loadOrCreateHubTls(dataDir: string, commonName = 'antre-hub'): Promise<HubTls> {
  const dir = join(dataDir, 'tls');
  const keyFile = join(dir, 'hub.key');
  const certFile = join(dir, 'hub.crt');
  if (existsSync(keyFile) && existsSync(certFile)) {
    try {
      const key = readFileSync(keyFile, 'utf8');
      const cert = readFileSync(certFile, 'utf8');
      const x509 = new X509Certificate(cert);
      // The pair must belong together, or TLS would fail at the first handshake instead of here.
      if (x509.checkPrivateKey(createPrivateKey(key))) return { key, cert, fingerprint: x509.fingerprint256 };
    } catch {
      // made anew below
    }
  }
  mkdirSync(dir, { recursive: true });
  const now = new Date();
  const until = new Date(now.getTime());
  until.setFullYear(until.getFullYear() + VALID_YEARS);
  // RSA rather than ECDSA: old smart-TV browsers (the plain displays' path to HTTPS) know RSA.
  // The addresses in the name list only help a browser whose user installed this certificate;
  // the app checks the fingerprint, whatever address the hub has today.
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 24 * 3600_000),
    notAfterDate: until,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: commonName },
          { type: 7, ip: '127.0.0.1' },
          ...lanIPv4().map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  writeAtomically(keyFile, pems.private, 0o600);
  writeAtomically(certFile, pems.cert, 0o644);
  return { key: pems.private, cert: pems.cert, fingerprint: certificateFingerprint(pems.cert) };
}
