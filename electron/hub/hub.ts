/**
 * Starts a whole hub: the core on its data directory, the LAN API, the end-of-day watcher and
 * the backup schedule. `npm run serve`, the Electron utility process and the tests all start
 * the hub through here.
 */
import type { Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import type { TransportPolicyOptions } from './api/transportPolicy.js';
import { loadOrCreateHubTls, type HubTls } from './tls.js';
import type { RouteLimits } from './api/routes/index.js';
import type { ConnectionLimits } from './api/connectionGuard.js';
import type { StreamLimits } from './api/stream.js';
import { createApi } from './api/server.js';
import { openCore, type CoreOptions, type HubCore } from './core.js';
import { openLogging, type HubLogging } from './logging.js';
import { applyPendingRestore, removeHubLock, writeHubLock } from './restore.js';
import { newPin } from './secrets.js';
import { explainStartFailure } from './startFailure.js';

/** The core's options (data directory, clock, backups kept, print timings, sync) and the API's. */
export interface HubOptions extends CoreOptions {
  port: number;
  /**
   * Serve HTTPS (and WSS) on this port with the hub's own certificate (tls.ts; 0: any free port),
   * and from then on let plain HTTP carry only loopback and display-only reads (transportPolicy.ts).
   * Unset: plain HTTP only, as the tests' hubs on 127.0.0.1 use it.
   */
  httpsPort?: number;
  /** with httpsPort: LAN browsers may read the display over plain HTTP, anonymously (default true) */
  plainDisplays?: boolean;
  /** with httpsPort: which client addresses count as this machine (loopback); tests narrow it */
  isLocalAddress?: TransportPolicyOptions['isLocalAddress'];
  host?: string;
  demo?: boolean;
  version?: string;
  rendererDir?: string;
  /** called once when the database has no site yet (demo seed, or the setup wizard's answers) */
  setup?: (core: HubCore) => Promise<void>;
  backupEveryMinutes?: number;
  /** how often to look whether the business date has changed (30 s) */
  dayWatchMs?: number;
  /** how often the printers the hub drives are asked for their status (15 s; 0: never) */
  printerPollMs?: number;
  rateLimitPerMinute?: number;
  limits?: RouteLimits;
  /** timeouts and connection caps of the LAN API (DEFAULT_CONNECTION_LIMITS in api/connectionGuard.ts) */
  connectionLimits?: Partial<ConnectionLimits>;
  /** the event stream's replay window and message budget (DEFAULT_STREAM_LIMITS in api/stream.ts) */
  streamLimits?: Partial<StreamLimits>;
  /** log every request (Fastify's request lines); internal errors are logged whatever this says */
  logger?: boolean;
  /** the console's info lines (startup, the logger's info); warnings and errors go to stderr */
  log?: (line: string) => void;
  /** how often PRAGMA quick_check runs, in a worker, besides at start (360 minutes; 0: never) */
  integrityCheckMinutes?: number;
  /** how often the free space is read for `storage_low` (10 minutes; 0: at start only) */
  storageCheckMinutes?: number;
}

export interface RunningHub {
  core: HubCore;
  app: FastifyInstance;
  port: number;
  url: string;
  /** the HTTPS port and address (https://127.0.0.1:<port>), null without httpsPort */
  httpsPort: number | null;
  httpsUrl: string | null;
  /** the certificate's SHA-256 fingerprint, shown with every pairing code; null without HTTPS */
  fingerprint: string | null;
  /** the one-time admin pairing code printed at start when no admin device is paired yet */
  bootstrapAdminCode: string | null;
  /** the PIN of the `admin` officer created at the first start of a hub that has no admin */
  bootstrapAdminPin: string | null;
  close(): Promise<void>;
}

const DAY_WATCH_MS = 30_000;
const PRINTER_POLL_MS = 15_000;

/**
 * The logger comes first, so that whatever stops the hub from starting is in the log files too,
 * with its stack and its reason in both languages (startFailure.ts).
 */
export async function startHub(opts: HubOptions): Promise<RunningHub> {
  const logging = await openLogging({ dataDir: opts.dataDir, ...(opts.log ? { consoleInfo: opts.log } : {}) });
  try {
    const hub = await startLogged(opts, logging);
    return {
      ...hub,
      async close() {
        await hub.close();
        await logging.close();
      },
    };
  } catch (err) {
    const why = explainStartFailure(err, opts.dataDir, opts.port);
    logging.logger.fatal({ err, reason: why.kind }, `${why.id} / ${why.en}`);
    await logging.close();
    throw err;
  }
}

async function startLogged(opts: HubOptions, logging: HubLogging): Promise<RunningHub> {
  const log = opts.log ?? ((line: string) => console.log(line));
  // A restore staged by the admin (or left half-done by a crash) is applied before the database
  // is opened, with the command's own code (restore.ts); then the lock that tells the restore
  // command a hub runs here.
  applyPendingRestore(opts.dataDir, { log });
  writeHubLock(opts.dataDir);
  // Made (or read) before the core, so the pairing codes can carry its fingerprint.
  let tls: HubTls | null = null;
  try {
    tls = opts.httpsPort === undefined ? null : await loadOrCreateHubTls(opts.dataDir);
  } catch (err) {
    removeHubLock(opts.dataDir);
    throw err;
  }
  const core = openCore({
    hubFingerprint: tls?.fingerprint ?? null,
    dataDir: opts.dataDir,
    clock: opts.clock,
    ...(opts.backupPolicy ? { backupPolicy: opts.backupPolicy } : {}),
    onRestoreStaged:
      opts.onRestoreStaged ?? (() => log('Pemulihan menunggu: jalankan ulang hub / restore staged: restart the hub to apply it')),
    printTimings: opts.printTimings,
    sync: opts.sync,
    hubLog: logging.hubLog,
  });
  try {
    // Damage and a nearly full disk are said at start (and then on a schedule): the hub still
    // starts, degraded, so that /healthz and the overview can tell. The integrity check runs in
    // its worker beside the start, not before it: on a year's database it takes seconds, and the
    // kiosks must not wait for it at 07:30.
    void core.integrity.check();
    const integrityMinutes = opts.integrityCheckMinutes ?? 360;
    if (integrityMinutes > 0) core.integrity.schedule(integrityMinutes * 60_000);
    core.storage.check();
    const storageMinutes = opts.storageCheckMinutes ?? 10;
    if (storageMinutes > 0) core.storage.schedule(storageMinutes * 60_000);

    // First, before the seed or anything else writes: a database behind its watermark (a lost
    // -wal, a restored backup) is noticed and numbering moved past what the hall has seen.
    core.history.check();
    if (!core.master.hasSite()) {
      if (opts.setup) await opts.setup(core);
      else {
        core.master.setSite({ name: 'Mal Pelayanan Publik', address: '', timeZone: 'Asia/Jakarta', ticketHeader: '', ticketFooter: '' });
      }
    }
    // A fresh production hub has nobody who could log in: create the first admin, whose PIN is
    // shown once on the hub's own console (the setup wizard will ask for it instead).
    let bootstrapAdminPin: string | null = null;
    if (!core.staff.hasActiveAdmin()) {
      bootstrapAdminPin = newPin();
      await core.staff.add({ name: 'Admin', username: 'admin', pin: bootstrapAdminPin, role: 'admin' });
    }

    // The hub may have been off at midnight: close what the previous days left open.
    const closed = core.engine.closeStaleDays();
    if (closed > 0) log(`Penutupan hari sebelumnya: ${closed} tiket ditutup / closed ${closed} tickets left open from earlier days`);

    // The business date is the trusted clock's (clock.ts): it moves to a new date only once the
    // PC's clock has held there (a jump must hold 10 minutes), so a 30-second glitch closes nothing.
    // Reading it every 30 s is also what gives the trusted clock its steady readings.
    let lastDate = core.engine.today();
    const dayWatch = setInterval(() => {
      const today = core.engine.today();
      if (today === lastDate) return;
      lastDate = today;
      try {
        core.engine.closeStaleDays();
      } catch (err) {
        log(`end-of-day close failed: ${String(err)}`);
      }
    }, opts.dayWatchMs ?? DAY_WATCH_MS);
    dayWatch.unref();

    if (opts.backupEveryMinutes && opts.backupEveryMinutes > 0) {
      core.backups.schedule(opts.backupEveryMinutes * 60_000, (err) => log(`backup failed: ${String(err)}`));
    }

    core.sync?.start();
    core.bookingFeed?.start();
    // The booking catalogue goes up with the push whether or not it runs yet (an event like any other).
    core.bookings.watch();

    const printerPollMs = opts.printerPollMs ?? PRINTER_POLL_MS;
    if (printerPollMs > 0) core.printing.startPolling(printerPollMs);

    // Read by the policy at each request: the HTTPS port is filled in once it listens (0: any port).
    const transport: TransportPolicyOptions | null = tls
      ? { httpsPort: null, plainDisplays: opts.plainDisplays ?? true, ...(opts.isLocalAddress ? { isLocalAddress: opts.isLocalAddress } : {}) }
      : null;
    const app = await createApi(core, {
      demo: opts.demo ?? false,
      version: opts.version ?? '0.0.0',
      ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
      ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.connectionLimits ? { connectionLimits: opts.connectionLimits } : {}),
      ...(opts.streamLimits ? { streamLimits: opts.streamLimits } : {}),
      logger: opts.logger ?? false,
      loggerInstance: logging.logger,
      ...(transport ? { transport } : {}),
    });
    await app.listen({ port: opts.port, host: opts.host ?? '0.0.0.0' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    // The tickets' QR links name this port when the site set no public address (phoneTicket.ts).
    core.phoneLinks.setHubPort(port);
    let https: (TlsServer & { destroyAll(): void }) | null = null;
    let httpsPort: number | null = null;
    if (tls) {
      try {
        https = await listenHttps(app, tls, opts.httpsPort!, opts.host ?? '0.0.0.0');
      } catch (err) {
        // e.g. the HTTPS port is taken: the plain port must not stay open behind a failed start.
        await app.close();
        throw err;
      }
      const a = https.address();
      httpsPort = typeof a === 'object' && a ? a.port : opts.httpsPort!;
      transport!.httpsPort = httpsPort;
    }

    const bootstrapAdminCode = core.access.hasAdminDevice()
      ? null
      : core.access.createPairingCode({ role: 'admin', name: 'Admin pertama' }).code;

    return {
      core,
      app,
      port,
      url: `http://127.0.0.1:${port}`,
      httpsPort,
      httpsUrl: httpsPort === null ? null : `https://127.0.0.1:${httpsPort}`,
      fingerprint: tls?.fingerprint ?? null,
      bootstrapAdminCode,
      bootstrapAdminPin,
      async close() {
        clearInterval(dayWatch);
        // Stop taking handshakes; the connections handed over are the app's, closed with it.
        const tlsClosed = https ? new Promise<void>((r) => https!.close(() => r())) : Promise.resolve();
        await app.close();
        https?.destroyAll();
        await tlsClosed;
        core.close();
        removeHubLock(opts.dataDir);
      },
    };
  } catch (err) {
    core.close();
    removeHubLock(opts.dataDir);
    throw err;
  }
}

/** A TLS handshake not finished in this time is dropped (Node's default waits 120 s). */
const TLS_HANDSHAKE_MS = 10_000;
/** Unfinished handshakes kept per address: more is a flood, not a device. */
const TLS_PENDING_PER_ADDRESS = 32;

/**
 * HTTPS beside the plain port, with the same Fastify app: this server only does the TLS
 * handshake, then hands the decrypted socket to the app's own HTTP server as a new connection.
 * So every request and upgrade (the WSS event stream, taken by @fastify/websocket) goes through
 * the one server with its timeouts, its connection caps and its hooks, and `req.socket.encrypted`
 * tells the transport policy it came over TLS. Before the handshake, a connection is bounded here.
 */
async function listenHttps(app: FastifyInstance, tls: HubTls, port: number, host: string): Promise<TlsServer & { destroyAll(): void }> {
  const pending = new Map<string, number>();
  const sockets = new Set<Socket>();
  /** "address:port" of a connection still in its handshake → what ends its count */
  const handshaking = new Map<string, () => void>();
  const server = createTlsServer({ key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2', handshakeTimeout: TLS_HANDSHAKE_MS, ALPNProtocols: ['http/1.1'] });
  server.on('connection', (raw: Socket) => {
    const address = raw.remoteAddress ?? '';
    const n = (pending.get(address) ?? 0) + 1;
    if (n > TLS_PENDING_PER_ADDRESS) {
      raw.destroy();
      return;
    }
    pending.set(address, n);
    sockets.add(raw);
    raw.once('close', () => sockets.delete(raw));
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      const left = (pending.get(address) ?? 1) - 1;
      if (left <= 0) pending.delete(address);
      else pending.set(address, left);
    };
    const key = `${address}:${raw.remotePort}`;
    handshaking.set(key, done);
    raw.once('close', () => {
      handshaking.delete(key);
      done();
    });
  });
  server.on('secureConnection', (socket) => {
    // The TLS socket has the raw socket's peer: its handshake is over, it no longer counts here.
    const key = `${socket.remoteAddress ?? ''}:${socket.remotePort}`;
    handshaking.get(key)?.();
    handshaking.delete(key);
    app.server.emit('connection', socket);
  });
  // A failed handshake (a scanner, a browser refusing the certificate) is the client's business.
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return Object.assign(server, {
    destroyAll: () => {
      for (const raw of sockets) raw.destroy();
    },
  });
}
