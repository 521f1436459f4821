/**
 * Starts a whole hub: the core on its data directory, the LAN API, the end-of-day watcher and
 * the backup schedule. `npm run serve`, the Electron utility process and the tests all start
 * the hub through here.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteLimits } from './api/routes/index.js';
import { createApi } from './api/server.js';
import { openCore, type CoreOptions, type HubCore } from './core.js';
import { newPin } from './secrets.js';

/** The core's options (data directory, clock, backups kept, print timings, sync) and the API's. */
export interface HubOptions extends CoreOptions {
  port: number;
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
  logger?: boolean;
  log?: (line: string) => void;
}

export interface RunningHub {
  core: HubCore;
  app: FastifyInstance;
  port: number;
  url: string;
  /** the one-time admin pairing code printed at start when no admin device is paired yet */
  bootstrapAdminCode: string | null;
  /** the PIN of the `admin` officer created at the first start of a hub that has no admin */
  bootstrapAdminPin: string | null;
  close(): Promise<void>;
}

const DAY_WATCH_MS = 30_000;
const PRINTER_POLL_MS = 15_000;

export async function startHub(opts: HubOptions): Promise<RunningHub> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const core = openCore({
    dataDir: opts.dataDir,
    clock: opts.clock,
    keepBackups: opts.keepBackups,
    printTimings: opts.printTimings,
    sync: opts.sync,
  });
  try {
    if (!core.master.hasSite()) {
      if (opts.setup) await opts.setup(core);
      else {
        core.master.setSite({ name: 'Mal Pelayanan Publik', address: '', timeZone: 'Asia/Jakarta', ticketHeader: '', ticketFooter: '' });
      }
    }
    // A fresh production hub has nobody who could log in: create the first admin, whose PIN is
    // shown once on the hub's own console (the setup wizard will ask for it instead).
    let bootstrapAdminPin: string | null = null;
    if (!core.master.hasActiveAdmin()) {
      bootstrapAdminPin = newPin();
      await core.master.addOfficer({ name: 'Admin', username: 'admin', pin: bootstrapAdminPin, role: 'admin' });
    }

    // The hub may have been off at midnight: close what the previous days left open.
    const closed = core.engine.closeStaleDays();
    if (closed > 0) log(`Penutupan hari sebelumnya: ${closed} tiket ditutup / closed ${closed} tickets left open from earlier days`);

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

    const printerPollMs = opts.printerPollMs ?? PRINTER_POLL_MS;
    if (printerPollMs > 0) core.printing.startPolling(printerPollMs);

    const app = await createApi(core, {
      demo: opts.demo ?? false,
      version: opts.version ?? '0.0.0',
      ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
      ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
      logger: opts.logger ?? false,
    });
    await app.listen({ port: opts.port, host: opts.host ?? '0.0.0.0' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;

    const bootstrapAdminCode = core.access.hasAdminDevice()
      ? null
      : core.access.createPairingCode({ role: 'admin', name: 'Admin pertama' }).code;

    return {
      core,
      app,
      port,
      url: `http://127.0.0.1:${port}`,
      bootstrapAdminCode,
      bootstrapAdminPin,
      async close() {
        clearInterval(dayWatch);
        await app.close();
        core.close();
      },
    };
  } catch (err) {
    core.close();
    throw err;
  }
}
