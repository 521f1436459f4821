/**
 * `npm run serve`: the hub under plain Node with the demo MPP, serving every screen to a browser.
 * Also the entry the Electron app forks as its utility process.
 *
 * Environment: ANTRE_PORT (7800), ANTRE_DATA_DIR (./data), ANTRE_DEMO (1: trust this machine's
 * own browsers and seed the demo MPP into an empty database; 0 for production), ANTRE_DEMO_SEED
 * (0: demo trust, but an empty MPP with only the first admin, to be set up from the screens),
 * ANTRE_DEMO_HOURS (always | office), ANTRE_BACKUP_MINUTES (60), ANTRE_HOST (0.0.0.0),
 * ANTRE_PRINTER_POLL_MS (15000: how often the printers the hub drives are asked for their status),
 * ANTRE_MDNS (1: announce the hub on the LAN as _antre._tcp), ANTRE_RATE_LIMIT_PER_MINUTE (1200
 * requests per minute per address; the benchmarks and the chaos day raise it),
 * ANTRE_SYNC_URL, ANTRE_SYNC_SITE, ANTRE_SYNC_TOKEN (push the events to a central server),
 * ANTRE_LOG_REQUESTS (1: a log line per request; errors are logged always),
 * ANTRE_HTTPS_PORT (7843, any free port when ANTRE_PORT is 0: HTTPS and WSS with the hub's own certificate, made at first start in
 * <data>/tls; its fingerprint is printed here and shown with every pairing code),
 * ANTRE_PLAIN_DISPLAYS (1: LAN browsers may read the hall display over plain HTTP, anonymously;
 * 0: plain HTTP serves this machine only). Plain HTTP from another machine never carries a
 * token, a session or a PIN (api/transportPolicy.ts).
 *
 * Logs: the console and `<data>/logs/hub.<date>.<n>.log` (JSON lines, rotated daily and at 10 MB,
 * 14 kept). A hub that cannot start prints `ANTRE_HUB_FAILED <kind> <reason in both languages>`
 * and exits with 1.
 */
import { networkInterfaces } from 'node:os';
import { advertiseHub } from './mdns.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHub } from './hub.js';
import { explainStartFailure, startFailureLine } from './startFailure.js';
import { DEMO_PINS, seedDemo } from './seed/demo.js';

function env(name: string, fallback: string): string {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : v;
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

const port = Number(env('ANTRE_PORT', '7800'));
// Port 0 (any free port: the tests' served hubs, several at once) takes HTTPS on any free port too.
const httpsPort = Number(env('ANTRE_HTTPS_PORT', port === 0 ? '0' : '7843'));
const dataDir = resolve(env('ANTRE_DATA_DIR', 'data'));

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`ANTRE_PORT is not a port: ${process.env.ANTRE_PORT}`);
  if (!Number.isInteger(httpsPort) || httpsPort < 0 || httpsPort > 65535) throw new Error(`ANTRE_HTTPS_PORT is not a port: ${process.env.ANTRE_HTTPS_PORT}`);
  const plainDisplays = env('ANTRE_PLAIN_DISPLAYS', '1') !== '0';
  const demo = env('ANTRE_DEMO', '1') !== '0';
  const demoSeed = demo && env('ANTRE_DEMO_SEED', '1') !== '0';
  const hub = await startHub({
    dataDir,
    port,
    httpsPort,
    plainDisplays,
    host: env('ANTRE_HOST', '0.0.0.0'),
    demo,
    version: env('npm_package_version', '0.0.0'),
    rendererDir: resolve(env('ANTRE_RENDERER_DIR', join(here, '../../dist/renderer'))),
    backupEveryMinutes: Number(env('ANTRE_BACKUP_MINUTES', '60')),
    printerPollMs: Number(env('ANTRE_PRINTER_POLL_MS', '15000')),
    rateLimitPerMinute: Number(env('ANTRE_RATE_LIMIT_PER_MINUTE', '1200')),
    logger: env('ANTRE_LOG_REQUESTS', '0') === '1',
    // The admin staged a restore: stop as on SIGTERM; the Electron supervisor (or the service
    // manager) starts the hub again, and the start applies the restore before opening the database.
    onRestoreStaged: () => process.emit('SIGTERM'),
    ...(process.env.ANTRE_SYNC_URL && process.env.ANTRE_SYNC_SITE && process.env.ANTRE_SYNC_TOKEN
      ? { sync: { url: process.env.ANTRE_SYNC_URL, site: process.env.ANTRE_SYNC_SITE, token: process.env.ANTRE_SYNC_TOKEN, intervalMs: Number(env('ANTRE_SYNC_INTERVAL_MS', '60000')) } }
      : {}),
    // ANTRE_DEMO_SEED=0: demo trust without the demo MPP, for setting an MPP up from the screens.
    ...(demoSeed ? { setup: (core) => seedDemo(core, { officeHours: env('ANTRE_DEMO_HOURS', 'always') === 'office' }) } : {}),
  });

  const lan = lanAddresses();
  // Plain HTTP on loopback for this machine; other machines use HTTPS (a display may use plain
  // HTTP when the site allows it): the LAN is shared with public Wi-Fi.
  const lines = [
    `Antre hub ${hub.core.master.site().name}`,
    `  data:     ${dataDir}`,
    `  mode:     ${demo ? 'demo (browsers on this machine are trusted without pairing)' : 'production'}`,
    `  http://127.0.0.1:${hub.port}/  →  /kiosk  /counter  /display  /admin`,
    ...lan.map((h) => `  https://${h}:${hub.httpsPort}/  →  /kiosk  /counter  /display  /admin`),
    ...(plainDisplays ? lan.map((h) => `  http://${h}:${hub.port}/display  (layar tanpa sandi / display only, no secrets)`) : []),
    `  API:      http://127.0.0.1:${hub.port}/api/openapi.json`,
    `  sidik jari sertifikat / certificate fingerprint (SHA-256): ${hub.fingerprint}`,
  ];
  if (hub.bootstrapAdminPin) {
    lines.push(`  admin pertama / first admin: username admin, PIN ${hub.bootstrapAdminPin} (catat sekarang / write it down now)`);
  }
  if (hub.bootstrapAdminCode) {
    const minutes = hub.core.settings.get('pairingCodeMinutes');
    lines.push(`  kode pemasangan admin / admin pairing code: ${hub.bootstrapAdminCode} (berlaku ${minutes} menit / valid ${minutes} minutes)`);
  }
  if (demoSeed) {
    lines.push(
      `  demo PIN: ${DEMO_PINS.admin.username}/${DEMO_PINS.admin.pin}, ${DEMO_PINS.supervisor.username}/${DEMO_PINS.supervisor.pin}, ` +
        `petugas01…petugas25/${DEMO_PINS.officer.pin}`,
    );
  }
  // Kiosks, counters and displays find the hub on the LAN by mDNS (ANTRE_MDNS=0 turns it off).
  const mdns = env('ANTRE_MDNS', '1') !== '0' ? advertiseHub(hub.port, hub.core.master.site().name, hub.httpsPort) : null;
  if (mdns) lines.push('  mDNS: _antre._tcp');
  console.log(lines.join('\n'));
  // A line that tests and the Electron main process wait for.
  console.log(`ANTRE_HUB_READY port=${hub.port}`);
  console.log(`ANTRE_HUB_TLS port=${hub.httpsPort} fingerprint=${hub.fingerprint}`);

  const stop = async () => {
    await mdns?.stop();
    await hub.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// One line with the reason in both languages, which the Electron supervisor reads
// (hubSupervisor.ts: the same reason twice before the hub ever served, and it stops restarting).
main().catch((err: unknown) => {
  console.error(startFailureLine(explainStartFailure(err, dataDir, port)));
  process.exitCode = 1;
  // stderr to a pipe is asynchronous: let the line leave before the process does.
  process.stderr.write('', () => process.exit(1));
});
