/**
 * The Electron main process, kept thin: it reads this machine's setup (or opens the first-run
 * wizard), runs the hub in a utility process when the machine is the hub (the same module
 * `npm run serve` runs) and restarts it if it dies, serves the renderer on app:// and opens one
 * window per role on the right monitor. The decisions live in small modules tested under Node:
 * windowPlan, hubSupervisor, adminPin, appProtocol, setupStore, ipc, hubPinning (a paired hub on
 * another machine is reached over HTTPS and trusted by the certificate pinned at pairing alone).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, powerSaveBlocker, protocol, screen, session, utilityProcess } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MachineSetup, Monitor } from '../../shared/machine.js';
import type { PrinterConfig } from '../../shared/printing.js';
import { discoverHubs } from '../hub/mdns.js';
import { PinGate } from './adminPin.js';
import { APP_ORIGIN, pageHtml, routeAppRequest } from './appProtocol.js';
import { setStartAtLogin } from './autostart.js';
import { HubSupervisor } from './hubSupervisor.js';
import { certificateVerdict, judgeFoundHub, normalizeFingerprint, pairPinned } from './hubPinning.js';
import { registerIpc } from './ipc.js';
import { KioskPrinter, type HubCall } from './kioskPrinter.js';
import { printerHandlers, serialPortList } from './printerHandlers.js';
import { listOsPrinters, printBytesThroughOs, transportContext } from './printing.js';
import { denyPermissions, lockNavigation } from './security.js';
import { loadSetup, pairOverHttp, saveSetup, setupFromAnswers, type Pair } from './setupStore.js';
import { planWindows, type WindowSpec } from './windowPlan.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../../../renderer');
const DEFAULT_PORT = Number(process.env.ANTRE_PORT ?? 7800);

let setup: MachineSetup | null = null;
let hub: HubSupervisor | null = null;
const windows = new Map<WindowSpec['role'], BrowserWindow>();
let kioskUnlocked = false;
/** the kiosk's own printer, when this machine's set-up has one (./kioskPrinter.ts) */
let kioskPrinter: KioskPrinter | null = null;
/** The admin PIN was given in this run: the settings may be changed. */
let adminUnlocked = false;
/** the printer chosen in the first-run wizard, kept until the set-up it belongs to is saved */
let draftPrinter: PrinterConfig | null = null;

const hubUrl = () => (setup?.hubUrl ?? `http://127.0.0.1:${setup?.hubPort ?? DEFAULT_PORT}`);

/** https:// hubs pair over the pinning TLS client; plain http:// is for the hub on this machine. */
const pairWithHub: Pair = (url, code, role, expected) => (url.startsWith('https:') ? pairPinned(url, code, role, expected) : pairOverHttp(url, code, role, expected));
const pinGate = new PinGate(() => setup?.adminPinHash ?? null);

// app:// must be a standard, secure scheme for fetch, storage and a proper origin.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

function monitors(): Monitor[] {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => ({
    id: d.id,
    label: d.label || `${d.bounds.width}x${d.bounds.height}`,
    bounds: d.bounds,
    primary: d.id === primary,
    touch: d.touchSupport === 'available',
  }));
}

function startHub(port: number): void {
  hub = new HubSupervisor({
    log: (line) => console.error(line),
    // Restarting cannot repair a damaged file or free a disk: say why, in both languages.
    onGiveUp: (reason) =>
      dialog.showErrorBox(
        'Antre: hub tidak dapat dimulai / the hub cannot start',
        `${reason.id}\nSetelah masalahnya diatasi, buka ulang aplikasi ini.\n\n${reason.en}\nOnce the cause is fixed, open this app again.`,
      ),
    fork: () => {
      const child = utilityProcess.fork(join(here, '../hub/serve.js'), [], {
        env: {
          ...process.env,
          ANTRE_PORT: String(port),
          ANTRE_DATA_DIR: join(app.getPath('userData'), 'data'),
          ANTRE_RENDERER_DIR: rendererDir,
          // A real MPP: no demo seed, no trust of loopback browsers.
          ANTRE_DEMO: process.env.ANTRE_DEMO ?? '0',
          npm_package_version: app.getVersion(),
        },
        stdio: 'pipe',
        serviceName: 'Antre hub',
      });
      const ready: (() => void)[] = [];
      const output: ((text: string) => void)[] = [];
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = String(chunk);
        process.stdout.write(text);
        output.forEach((l) => l(text));
        if (text.includes('ANTRE_HUB_READY')) ready.forEach((l) => l());
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        process.stderr.write(chunk);
        output.forEach((l) => l(String(chunk)));
      });
      return {
        // The last line (a start failure's reason) may still be in the pipes when 'exit' comes:
        // wait for them to end, a second at most, before the supervisor decides.
        onExit: (l) =>
          child.on('exit', (code) => {
            const ended = [child.stdout, child.stderr].map((s) => new Promise<void>((r) => (s ? s.once('end', () => r()) : r())));
            void Promise.race([Promise.all(ended), new Promise<void>((r) => setTimeout(r, 1000))]).then(() => l(code));
          }),
        onReady: (l) => ready.push(l),
        onOutput: (l) => output.push(l),
        kill: () => child.kill(),
      };
    },
  });
  hub.start();
}

/** The kiosk's own printer, driven for the machine's printer or for one being set up. */
function printModule(hub: HubCall, printer: () => PrinterConfig | null): KioskPrinter {
  return new KioskPrinter({
    hub,
    printer,
    transports: transportContext(),
    journalDir: join(app.getPath('userData'), 'print-journal'),
    printOs: printBytesThroughOs,
    log: (line) => console.error(line),
  });
}

/**
 * The kiosk's own printer: reports left unacknowledged by the last run are sent again at once,
 * and the printer's status is read and sent to the hub from now on.
 */
function startKioskPrinter(): void {
  kioskPrinter?.stop();
  kioskPrinter = null;
  const token = setup?.pairings.kiosk?.token;
  if (!token) return;
  // net.fetch: the same pinned-certificate check as the windows (setCertificateVerifyProc).
  kioskPrinter = printModule(async (method, path, body) => {
    const res = await net.fetch(`${hubUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }, () => setup?.printer ?? null);
  kioskPrinter.resume();
  kioskPrinter.watchStatus();
}

/** Keeps the machine's printer: in its set-up file, or until the first-run wizard saves one. */
function savePrinter(config: PrinterConfig | null): void {
  if (!setup) {
    draftPrinter = config;
    return;
  }
  const { printer: _old, ...rest } = setup;
  const next: MachineSetup = config ? { ...rest, printer: config } : rest;
  saveSetup(app.getPath('userData'), next);
  setup = next;
  startKioskPrinter();
}

function openWindows(): void {
  const plan = planWindows(setup, monitors());
  for (const [role, win] of windows) {
    if (!plan.some((p) => p.role === role)) {
      win.destroy();
      windows.delete(role);
    }
  }
  for (const spec of plan) {
    const existing = windows.get(spec.role);
    if (existing) {
      // Monitors came or went: put the window back where the plan says.
      existing.setBounds(spec.bounds);
      if (spec.fullscreen) existing.setFullScreen(true);
      continue;
    }
    const win = new BrowserWindow({
      ...spec.bounds,
      show: false,
      fullscreen: spec.fullscreen,
      kiosk: spec.kiosk,
      autoHideMenuBar: true,
      backgroundColor: '#0b3d2e',
      // Written out here rather than built by a helper, so a scanner (and a reviewer) sees them.
      webPreferences: {
        preload: join(here, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
        devTools: !app.isPackaged,
      },
    });
    lockNavigation(win.webContents, APP_ORIGIN);
    win.webContents.on('render-process-gone', () => win.webContents.reload());
    win.once('ready-to-show', () => win.show());
    if (spec.kiosk) {
      // The kiosk is left only through the admin PIN (adminUnlock), never by closing it.
      win.on('close', (e) => {
        if (!kioskUnlocked && !quitting) e.preventDefault();
      });
    }
    // Ctrl+Shift+F12 in any window opens the settings (which ask for the admin PIN first).
    win.webContents.on('before-input-event', (_e, input) => {
      if (input.type === 'keyDown' && input.control && input.shift && input.key === 'F12') openSetupWindow();
    });
    windows.set(spec.role, win);
    void win.loadURL(`${APP_ORIGIN}${spec.path}`);
  }
}

function openSetupWindow(): void {
  const existing = windows.get('setup');
  if (existing) return existing.focus();
  const [spec] = planWindows(null, monitors());
  const win = new BrowserWindow({
    ...spec!.bounds,
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  lockNavigation(win.webContents, APP_ORIGIN);
  win.on('closed', () => windows.delete('setup'));
  windows.set('setup', win);
  void win.loadURL(`${APP_ORIGIN}/setup`);
}

async function serveApp(request: Request): Promise<Response> {
  const route = routeAppRequest(request.url, rendererDir, hubUrl());
  switch (route.kind) {
    case 'proxy':
      return net.fetch(route.target, { method: request.method, headers: request.headers, body: request.body, duplex: 'half' } as RequestInit);
    case 'file':
      return net.fetch(pathToFileURL(route.path).toString());
    case 'page': {
      const pairing = route.role === 'kiosk' || route.role === 'counter' || route.role === 'display' ? setup?.pairings[route.role] : undefined;
      const html = pageHtml(readFileSync(join(rendererDir, route.file), 'utf8'), {
        hubUrl: hubUrl(),
        token: pairing?.token ?? null,
        deviceId: pairing?.deviceId ?? null,
        counterId: pairing?.counterId ?? null,
      });
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    case 'forbidden':
      return new Response('forbidden', { status: 403 });
  }
}

let quitting = false;
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(() => {
  if (app.isPackaged) Menu.setApplicationMenu(null);
  denyPermissions();
  // Every request of the windows and of net.fetch (the app:// proxy, the stream's WSS) to the
  // paired hub is judged by the pinned fingerprint alone; other hosts by Chromium as usual.
  session.defaultSession.setCertificateVerifyProc((request, callback) =>
    callback(certificateVerdict(setup?.hubUrl, setup?.hubFingerprint, request.hostname, request.certificate.data)),
  );
  protocol.handle('app', serveApp);
  setup = loadSetup(app.getPath('userData'));
  if (setup?.roles.includes('hub')) startHub(setup.hubPort);
  setStartAtLogin(app, setup?.startAtLogin ?? false);
  startKioskPrinter();
  registerIpc(ipcMain, [APP_ORIGIN], {
    appVersion: () => app.getVersion(),
    // The page names the ticket; the printer is the one of this machine's set-up, or none.
    ...printerHandlers({
      kioskPrinter: () => kioskPrinter,
      standalone: (config) =>
        printModule(() => Promise.reject(new Error('not paired: a test print reports to no hub')), () => config),
      printer: () => setup?.printer ?? draftPrinter,
      savePrinter,
      mayChangeSetup: () => !setup || adminUnlocked,
      listSerialPorts: serialPortList,
    }),
    listPrinters: () => listOsPrinters(),
    monitors: () => monitors(),
    setupGet: () => {
      if (!setup) return null;
      const { adminPinHash: _hash, pairings: _pairings, ...visible } = setup;
      return visible;
    },
    setupSave: async (answers) => {
      // A machine already set up changes its settings only after the admin PIN.
      if (setup && !adminUnlocked) return { ok: false as const, error: { id: 'Masukkan PIN admin dahulu.', en: 'Enter the admin PIN first.' } };
      try {
        // What the person compared with the admin screen, in one spelling; a typo is said, not ignored.
        const typed = answers.hubFingerprint?.trim() ? normalizeFingerprint(answers.hubFingerprint) : null;
        if (answers.hubFingerprint?.trim() && !typed) throw new Error('the certificate fingerprint is not a SHA-256 fingerprint');
        const paired = await setupFromAnswers({ ...answers, hubFingerprint: typed }, DEFAULT_PORT, pairWithHub);
        // The printer is set in its own part of the wizard (printerSave): kept, or taken from the first run's draft.
        const printer = setup ? setup.printer : draftPrinter;
        const next = printer ? { ...paired, printer } : paired;
        saveSetup(app.getPath('userData'), next);
        const hadHub = setup?.roles.includes('hub') ?? false;
        setup = next;
        if (next.roles.includes('hub') && !hadHub) startHub(next.hubPort);
        setStartAtLogin(app, next.startAtLogin);
        startKioskPrinter();
        windows.get('setup')?.destroy();
        windows.delete('setup');
        openWindows();
        return { ok: true as const };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false as const, error: { id: `Pengaturan belum tersimpan: ${message}`, en: `Not saved: ${message}` } };
      }
    },
    // mDNS answers are hints: each is probed for its certificate; once paired, only the pinned hub counts.
    discoverHubs: async () => {
      const judged = await Promise.all((await discoverHubs()).map((h) => judgeFoundHub(h, setup?.hubFingerprint ?? null)));
      return judged.filter((h) => h !== null);
    },
    adminUnlock: (pin) => {
      const result = pinGate.check(pin);
      if (result === 'ok') {
        kioskUnlocked = true;
        adminUnlocked = true;
        const kiosk = windows.get('kiosk');
        kiosk?.setKiosk(false);
        kiosk?.setFullScreen(false);
      }
      return result;
    },
  });
  powerSaveBlocker.start('prevent-display-sleep');
  for (const event of ['display-added', 'display-removed', 'display-metrics-changed'] as const) screen.on(event as 'display-added', () => openWindows());
  openWindows();
});

app.on('before-quit', () => {
  quitting = true;
  hub?.stop();
});
app.on('window-all-closed', () => app.quit());
