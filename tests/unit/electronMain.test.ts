/**
 * The Electron main process's decisions, under plain Node with Electron replaced at the edge (a
 * fake ipcMain, a fake utility process): which windows a machine opens and on which monitor, IPC
 * refusing a foreign sender and bad arguments, leaving the kiosk only with the admin PIN, the hub
 * restarted after a crash, the app:// protocol's path guard, the setup file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IPC, type IpcHandlers } from '../../shared/ipc.js';
import type { MachineSetup, Monitor } from '../../shared/machine.js';
import { hashPin, PinGate } from '../../electron/main/adminPin.js';
import { pageHtml, routeAppRequest } from '../../electron/main/appProtocol.js';
import { autostartEntry, setStartAtLogin } from '../../electron/main/autostart.js';
import { HubSupervisor, type HubProcess } from '../../electron/main/hubSupervisor.js';
import { IpcRefused, registerIpc } from '../../electron/main/ipc.js';
import { loadSetup, saveSetup, setupFromAnswers } from '../../electron/main/setupStore.js';
import { PrinterConfig } from '../../shared/printing.js';
import { chooseMonitor, planWindows } from '../../electron/main/windowPlan.js';
import { permissionAllowed, permissionCheckAllowed } from '../../electron/main/permissions.js';
import { tempDir } from '../fixtures/tempDir.js';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { loadOrCreateHubTls, type HubTls } from '../../electron/hub/tls.js';
import { certificateVerdict, checkPin, connectToHub, HubCertificateError, isHubHost, judgeFoundHub, normalizeFingerprint } from '../../electron/main/hubPinning.js';

const LAPTOP: Monitor = { id: 1, label: 'built-in', bounds: { x: 0, y: 0, width: 1366, height: 768 }, primary: true, touch: false };
const TV: Monitor = { id: 2, label: 'TV', bounds: { x: 1366, y: 0, width: 1920, height: 1080 }, primary: false, touch: false };
const TOUCH: Monitor = { id: 3, label: 'touch', bounds: { x: 0, y: 768, width: 1080, height: 1920 }, primary: false, touch: true };

const base: MachineSetup = {
  roles: ['hub'],
  hubUrl: null,
  hubPort: 7800,
  pairings: {},
  kioskMonitor: null,
  displayMonitor: null,
  displayQuery: '',
  adminPinHash: hashPin('246810'),
  startAtLogin: true,
};

describe('roles → windows', () => {
  it('opens the first-run wizard on a machine not set up yet', () => {
    expect(planWindows(null, [LAPTOP, TV]).map((w) => [w.role, w.path, w.monitorId])).toEqual([['setup', '/setup', 1]]);
  });

  it('puts the kiosk locked on the touchscreen, the display full screen on the TV, the counter as a window', () => {
    const plan = planWindows({ ...base, roles: ['hub', 'kiosk', 'display', 'counter'], displayQuery: 'zone=Lantai%202' }, [LAPTOP, TV, TOUCH]);
    expect(plan.map((w) => ({ role: w.role, path: w.path, on: w.monitorId, kiosk: w.kiosk, fullscreen: w.fullscreen }))).toEqual([
      { role: 'kiosk', path: '/kiosk', on: 3, kiosk: true, fullscreen: true },
      { role: 'display', path: '/display?zone=Lantai%202', on: 2, kiosk: false, fullscreen: true },
      { role: 'counter', path: '/counter', on: 1, kiosk: false, fullscreen: false },
    ]);
    expect(plan[1]!.bounds).toEqual(TV.bounds);
  });

  it('shows a hub-only machine its status page', () => {
    expect(planWindows(base, [LAPTOP]).map((w) => w.role)).toEqual(['hub']);
  });
});

describe('the choice of monitor', () => {
  it('keeps the display on the monitor chosen by its id, and finds another when that one is gone', () => {
    expect(chooseMonitor([LAPTOP, TV, TOUCH], 3, 'secondary').id).toBe(3);
    // The chosen TV was unplugged: the display goes to the other non-primary monitor…
    expect(chooseMonitor([LAPTOP, TOUCH], 2, 'secondary').id).toBe(3);
    // …and to the primary one when it is alone.
    expect(chooseMonitor([LAPTOP], 2, 'secondary').id).toBe(1);
  });

  it('never puts the display on the kiosk’s touchscreen while another monitor exists', () => {
    const plan = planWindows({ ...base, roles: ['kiosk', 'display'], hubUrl: 'http://10.0.0.2:7800' }, [TOUCH, LAPTOP]);
    expect(plan.find((w) => w.role === 'kiosk')!.monitorId).toBe(3);
    expect(plan.find((w) => w.role === 'display')!.monitorId).toBe(1);
  });

  it('places the windows again when a monitor comes back', () => {
    const setup = { ...base, roles: ['display' as const], hubUrl: 'http://10.0.0.2:7800', displayMonitor: 2 };
    expect(planWindows(setup, [LAPTOP])[0]!.monitorId).toBe(1);
    expect(planWindows(setup, [LAPTOP, TV])[0]!.monitorId).toBe(2);
  });
});

describe('IPC', () => {
  function fakeIpcMain() {
    const listeners = new Map<string, (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown>();
    return { handle: (c: string, l: (typeof listeners extends Map<string, infer L> ? L : never)) => void listeners.set(c, l), listeners };
  }
  const calls: unknown[][] = [];
  const handlers = Object.fromEntries(Object.keys(IPC).map((k) => [k, (...args: unknown[]) => (calls.push([k, ...args]), 'done')])) as unknown as IpcHandlers;

  it('answers the app’s own pages with validated arguments', () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, ['app://antre'], handlers);
    expect(ipc.listeners.get(IPC.adminUnlock.channel)!({ senderFrame: { url: 'app://antre/kiosk' } }, '246810')).toBe('done');
    expect(calls.at(-1)).toEqual(['adminUnlock', '246810']);
  });

  it('refuses a sender from another origin, a missing frame, and bad arguments, without calling the handler', () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, ['app://antre'], handlers);
    const before = calls.length;
    const unlock = ipc.listeners.get(IPC.adminUnlock.channel)!;
    expect(() => unlock({ senderFrame: { url: 'https://evil.example/kiosk' } }, '246810')).toThrow(IpcRefused);
    expect(() => unlock({ senderFrame: { url: 'http://127.0.0.1:7800/kiosk' } }, '246810')).toThrow(IpcRefused);
    expect(() => unlock({ senderFrame: null }, '246810')).toThrow(IpcRefused);
    expect(() => unlock({ senderFrame: { url: 'app://antre/kiosk' } }, 246810)).toThrow(IpcRefused);
    expect(() => unlock({ senderFrame: { url: 'app://antre/kiosk' } }, '246810', 'extra')).toThrow(IpcRefused);
    const print = ipc.listeners.get(IPC.printTicket.channel)!;
    expect(() => print({ senderFrame: { url: 'app://antre/kiosk' } }, { number: 'A-001' }, { transport: 'tcp', address: 'x' })).toThrow(IpcRefused);
    expect(calls.length).toBe(before);
  });

  it('takes no printer description, path or address from the page: a ticket id only', () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, ['app://antre'], handlers);
    const page = { senderFrame: { url: 'app://antre/kiosk' } };
    const print = ipc.listeners.get(IPC.printTicket.channel)!;
    const status = ipc.listeners.get(IPC.printerStatus.channel)!;
    const before = calls.length;
    const lan = { transport: 'tcp', address: '10.0.0.9:9100' };
    const file = { transport: 'file', address: '/dev/usb/lp0' };
    // The old bridge's [ticket, printer], a printer next to the id, a path, a ticket object.
    expect(() => print(page, { number: 'A-001', site: {} }, lan)).toThrow(IpcRefused);
    expect(() => print(page, 7, file)).toThrow(IpcRefused);
    expect(() => print(page, 7, '/etc/passwd')).toThrow(IpcRefused);
    expect(() => print(page, '/dev/usb/lp0')).toThrow(IpcRefused);
    expect(() => print(page, { ticketId: 7, printer: lan })).toThrow(IpcRefused);
    for (const bad of [0, -1, 1.5, '7', Number.NaN]) expect(() => print(page, bad)).toThrow(IpcRefused);
    expect(() => status(page, lan)).toThrow(IpcRefused);
    expect(() => status(page, '/dev/ttyS0')).toThrow(IpcRefused);
    expect(calls.length).toBe(before);
    expect(print(page, 7)).toBe('done');
    expect(status(page)).toBe('done');
    expect(calls.slice(-2)).toEqual([['printTicket', 7], ['printerStatus']]);
    // The citizen's language is the only other thing the page may say.
    expect(print(page, 7, 'en')).toBe('done');
    expect(calls.at(-1)).toEqual(['printTicket', 7, 'en']);
    for (const extra of [['fr'], ['en', lan], [lan, 'en'], ['/dev/usb/lp0']]) expect(() => print(page, 7, ...extra)).toThrow(IpcRefused);
    // The contract itself, as the preload's callers see it.
    expect(IPC.printTicket.args.safeParse([7, lan]).success).toBe(false);
    expect(IPC.printerStatus.args.safeParse([lan]).success).toBe(false);
  });
});

describe('leaving the kiosk', () => {
  it('needs the admin PIN, and locks for a minute after five wrong tries', () => {
    let now = 0;
    const gate = new PinGate(() => base.adminPinHash, () => now);
    expect(gate.check('000000')).toBe('wrong');
    expect(gate.check('246810')).toBe('ok');
    for (let i = 0; i < 5; i++) expect(gate.check('111111')).toBe('wrong');
    expect(gate.check('246810')).toBe('locked');
    now += 61_000;
    expect(gate.check('246810')).toBe('ok');
  });

  it('cannot be left on a machine with no PIN set', () => {
    expect(new PinGate(() => null).check('246810')).toBe('wrong');
  });
});

describe('the hub in its utility process', () => {
  function fakeFork() {
    const children: { exit: (code: number | null) => void; killed: boolean }[] = [];
    const fork = (): HubProcess => {
      let onExit: (code: number | null) => void = () => {};
      const child = { exit: (code: number | null) => onExit(code), killed: false };
      children.push(child);
      return { onExit: (l) => (onExit = l), onReady: () => {}, kill: () => (child.killed = true) };
    };
    return { fork, children };
  }

  it('is started again after a crash, a second later', () => {
    const { fork, children } = fakeFork();
    const timers: { fn: () => void; ms: number }[] = [];
    const sup = new HubSupervisor({ fork, log: () => {}, setTimer: (fn, ms) => timers.push({ fn, ms }), now: () => 0 });
    sup.start();
    expect(children).toHaveLength(1);
    children[0]!.exit(139);
    expect(sup.running).toBe(false);
    expect(timers.at(-1)!.ms).toBe(1000);
    timers.at(-1)!.fn();
    expect(children).toHaveLength(2);
    expect(sup.running).toBe(true);
  });

  it('waits longer when it keeps crashing, and is not restarted after the app quits', () => {
    const { fork, children } = fakeFork();
    const timers: { fn: () => void; ms: number }[] = [];
    const sup = new HubSupervisor({ fork, log: () => {}, setTimer: (fn, ms) => timers.push({ fn, ms }), now: () => 5_000 });
    sup.start();
    for (let i = 0; i < 5; i++) {
      children.at(-1)!.exit(1);
      timers.at(-1)!.fn();
    }
    expect(timers.map((t) => t.ms)).toEqual([1000, 1000, 1000, 1000, 30_000]);
    sup.stop();
    expect(children.at(-1)!.killed).toBe(true);
    children.at(-1)!.exit(0);
    expect(timers).toHaveLength(5);
  });

  describe('when it cannot start', () => {
    function failingFork() {
      const children: { say: (text: string) => void; exit: (code: number | null) => void; ready: () => void }[] = [];
      const fork = (): HubProcess => {
        let onExit: (code: number | null) => void = () => {};
        let onOutput: (text: string) => void = () => {};
        let onReady: () => void = () => {};
        children.push({ say: (t) => onOutput(t), exit: (c) => onExit(c), ready: () => onReady() });
        return { onExit: (l) => (onExit = l), onReady: (l) => (onReady = l), onOutput: (l) => (onOutput = l), kill: () => {} };
      };
      return { fork, children };
    }
    const DISK_FULL =
      'ANTRE_HUB_FAILED storage_full Hub tidak dapat dimulai: disk penuh, data di /data tidak dapat disimpan (disk I/O error). Kosongkan ruang disk, lalu jalankan hub lagi. / The hub cannot start: the disk is full, data in /data cannot be saved (disk I/O error). Free some disk space, then start the hub again.\n';

    it('stops restarting after the same start failure twice, and shows the reason in both languages', () => {
      const { fork, children } = failingFork();
      const timers: (() => void)[] = [];
      const shown: { kind: string; id: string; en: string }[] = [];
      const sup = new HubSupervisor({ fork, log: () => {}, setTimer: (fn) => timers.push(fn), now: () => 0, onGiveUp: (r) => shown.push(r) });
      sup.start();
      // The line may arrive split across chunks.
      children[0]!.say(DISK_FULL.slice(0, 40));
      children[0]!.say(DISK_FULL.slice(40));
      children[0]!.exit(1);
      expect(shown).toEqual([]);
      timers.shift()!();
      children[1]!.say(DISK_FULL);
      children[1]!.exit(1);
      expect(children).toHaveLength(2);
      expect(timers).toHaveLength(0);
      expect(sup.running).toBe(false);
      expect(shown).toHaveLength(1);
      expect(shown[0]!.kind).toBe('storage_full');
      expect(shown[0]!.id).toMatch(/^Hub tidak dapat dimulai: disk penuh/);
      expect(shown[0]!.en).toMatch(/^The hub cannot start: the disk is full/);
      expect(sup.gaveUp?.kind).toBe('storage_full');
    });

    it('keeps restarting when the reasons differ, or when the hub had served in between', () => {
      const { fork, children } = failingFork();
      const timers: (() => void)[] = [];
      const shown: unknown[] = [];
      const sup = new HubSupervisor({ fork, log: () => {}, setTimer: (fn) => timers.push(fn), now: () => 0, onGiveUp: (r) => shown.push(r) });
      sup.start();
      children[0]!.say(DISK_FULL);
      children[0]!.exit(1);
      timers.shift()!();
      children[1]!.say('ANTRE_HUB_FAILED port_in_use Hub tidak dapat dimulai: port 7800 sudah dipakai / The hub cannot start: port 7800 is already used\n');
      children[1]!.exit(1);
      timers.shift()!();
      // This one served, then died: a crash, not a start failure.
      children[2]!.ready();
      children[2]!.say(DISK_FULL);
      children[2]!.exit(1);
      timers.shift()!();
      children[3]!.say(DISK_FULL);
      children[3]!.exit(1);
      expect(timers).toHaveLength(1);
      expect(shown).toEqual([]);
      expect(sup.gaveUp).toBeNull();
    });
  });
});

describe('the app:// protocol', () => {
  const root = '/opt/antre/renderer';
  it('serves the renderer’s files and pages, and passes API calls to the hub', () => {
    expect(routeAppRequest('app://antre/assets/index-abc.js', root, 'http://10.0.0.2:7800')).toEqual({ kind: 'file', path: '/opt/antre/renderer/assets/index-abc.js' });
    expect(routeAppRequest('app://antre/display?zone=Lantai%202', root, 'http://10.0.0.2:7800')).toEqual({ kind: 'page', role: 'display', file: 'display.html' });
    expect(routeAppRequest('app://antre/api/catalogue?x=1', root, 'http://10.0.0.2:7800/')).toEqual({ kind: 'proxy', target: 'http://10.0.0.2:7800/api/catalogue?x=1' });
  });

  it('refuses any path out of the renderer folder and any other host', () => {
    for (const url of ['app://antre/..%2f..%2fetc%2fpasswd', 'app://antre/assets/..%2f..%2f..%2fsecret', 'app://antre/assets%2f..%2f..%2fx.js', 'app://other/index.js', 'file:///etc/passwd', 'app://antre/a%00.js']) {
      expect(routeAppRequest(url, root, 'http://h:1').kind, url).toBe('forbidden');
    }
    // Dots the URL parser already resolved stay inside the folder.
    const dots = routeAppRequest('app://antre/%2e%2e/%2e%2e/x.js', root, 'http://h:1');
    expect(dots.kind === 'forbidden' || (dots.kind === 'file' && dots.path.startsWith(`${root}/`))).toBe(true);
  });

  it('loads each window’s own page of the build, the home page at /', () => {
    const setup = { ...base, roles: ['hub' as const, 'kiosk' as const, 'display' as const, 'counter' as const], displayQuery: 'zone=Lantai%202' };
    const paths = [...planWindows(setup, [LAPTOP, TV, TOUCH]), ...planWindows(null, [LAPTOP]), ...planWindows(base, [LAPTOP])].map((w) => w.path);
    const files = paths.map((path) => {
      const route = routeAppRequest(`app://antre${path}`, root, 'http://h:1');
      return route.kind === 'page' ? route.file : route.kind;
    });
    expect(files).toEqual(['kiosk.html', 'display.html', 'counter.html', 'setup.html', 'index.html']);
    expect(routeAppRequest('app://antre/counter/login', root, 'http://h:1')).toEqual({ kind: 'page', role: 'counter', file: 'counter.html' });
    expect(routeAppRequest('app://antre/admin', root, 'http://h:1')).toEqual({ kind: 'page', role: 'admin', file: 'admin.html' });
    // Every page the app can load is a page of the build.
    for (const page of ['', 'kiosk', 'counter', 'display', 'admin', 'setup', 'survey']) {
      const route = routeAppRequest(`app://antre/${page}`, root, 'http://h:1');
      expect(route.kind === 'page' && existsSync(new URL(`../../renderer/${route.file}`, import.meta.url)), page).toBe(true);
    }
  });

  it('gives each window its hub and its own device, escaped', () => {
    const html = pageHtml('<html><head><title>x</title></head></html>', { hubUrl: 'http://10.0.0.2:7800', token: 'tok"<en', deviceId: 4, counterId: null });
    expect(html).toContain('<meta name="antre-hub" content="http://10.0.0.2:7800" />');
    expect(html).not.toContain('tok"<en');
    expect(html).toContain('&#60;en');
  });
});

describe('the setup', () => {
  let tmp: { dir: string; remove: () => void } | null = null;
  afterEach(() => tmp?.remove());

  it('pairs each screen role with its code, keeps only a hash of the PIN, and survives a restart', async () => {
    tmp = tempDir('antre-setup-');
    const paired: string[] = [];
    const setup = await setupFromAnswers(
      { roles: ['kiosk', 'display'], hubUrl: 'http://10.0.0.2:7800', pairingCodes: { kiosk: '123456', display: '654321' }, kioskMonitor: null, displayMonitor: 2, displayQuery: 'zone=Lantai%201', adminPin: '975310', startAtLogin: true },
      7800,
      async (hub, code, role) => (paired.push(`${hub} ${code} ${role}`), { deviceId: paired.length, token: `token-of-${role}-${'x'.repeat(20)}`, counterId: null }),
    );
    expect(paired).toEqual(['http://10.0.0.2:7800 123456 kiosk', 'http://10.0.0.2:7800 654321 display']);
    saveSetup(tmp.dir, setup);
    expect(readFileSync(join(tmp.dir, 'setup.json'), 'utf8')).not.toContain('975310');
    const loaded = loadSetup(tmp.dir)!;
    expect(loaded.pairings.display?.deviceId).toBe(2);
    expect(new PinGate(() => loaded.adminPinHash).check('975310')).toBe('ok');
  });

  it('treats a damaged setup file as "not set up" rather than crashing', () => {
    tmp = tempDir('antre-setup-');
    writeFileSync(join(tmp.dir, 'setup.json'), '{"roles": ["kiosk"], "half');
    expect(loadSetup(tmp.dir)).toBeNull();
  });

  it("keeps the machine's own printer, checked by the printers' schema", () => {
    tmp = tempDir('antre-setup-');
    const kiosk = { ...base, roles: ['kiosk' as const], hubUrl: 'http://10.0.0.2:7800' };
    saveSetup(tmp.dir, { ...kiosk, printer: PrinterConfig.parse({ transport: 'serial', address: '/dev/ttyUSB0' }) });
    expect(loadSetup(tmp.dir)?.printer).toMatchObject({ transport: 'serial', address: '/dev/ttyUSB0', paperWidth: 80 });
    // A printer the schema refuses (a LAN printer without a host) makes the file "not set up".
    writeFileSync(join(tmp.dir, 'setup.json'), JSON.stringify({ ...kiosk, printer: { transport: 'tcp', address: '' } }));
    expect(loadSetup(tmp.dir)).toBeNull();
    expect(() => saveSetup(tmp!.dir, { ...kiosk, printer: { transport: 'pigeon', address: 'x' } } as never)).toThrow();
  });

  it('starts at login on Linux through an autostart entry', () => {
    tmp = tempDir('antre-home-');
    mkdirSync(tmp.dir, { recursive: true });
    const app = { setLoginItemSettings: () => {}, getPath: () => '/opt/Antre/antre' };
    setStartAtLogin(app, true, 'linux', tmp.dir);
    expect(readFileSync(join(tmp.dir, '.config', 'autostart', 'antre.desktop'), 'utf8')).toBe(autostartEntry('/opt/Antre/antre'));
    setStartAtLogin(app, false, 'linux', tmp.dir);
    expect(() => readFileSync(join(tmp!.dir, '.config', 'autostart', 'antre.desktop'))).toThrow();
  });
});

describe('the pages’ content security policy in the app', () => {
  // phone.html is the citizen's ticket page, served by the hub to phones (electron/hub/api/pages.ts), never an app window.
  const pages = readdirSync(new URL('../../renderer/', import.meta.url)).filter((f) => f.endsWith('.html') && f !== 'phone.html');

  it('lets the stream connect to the hub only, on every page', () => {
    expect(pages.sort()).toEqual(['admin.html', 'counter.html', 'display.html', 'index.html', 'kiosk.html', 'setup.html', 'survey.html']);
    for (const page of pages) {
      const html = pageHtml(readFileSync(new URL(`../../renderer/${page}`, import.meta.url), 'utf8'), { hubUrl: 'http://10.0.0.2:7800', token: null, deviceId: null, counterId: null });
      expect(html, page).toContain("connect-src 'self' ws://10.0.0.2:7800;");
      expect(html, page).not.toContain('ws: wss:');
      expect(html, page).not.toContain('unsafe-inline');
    }
  });

  it('is the same on every page: the pages differ only in the screen they load', () => {
    const read = (page: string) => readFileSync(new URL(`../../renderer/${page}`, import.meta.url), 'utf8');
    const withoutEntry = (html: string) => html.replace(/<script type="module" src="\.\/src\/pages\/\w+\.tsx"><\/script>/, '');
    for (const page of pages) expect(withoutEntry(read(page)), page).toBe(withoutEntry(read('index.html')));
  });
});

describe('pinning the hub’s certificate (hubPinning.ts)', () => {
  let dirs: { dir: string; remove: () => void }[] = [];
  let hubTls: HubTls;
  let otherTls: HubTls;
  let server: TlsServer;
  let port: number;
  const received: Buffer[] = [];

  beforeAll(async () => {
    dirs = [tempDir('antre-pin-a-'), tempDir('antre-pin-b-')];
    hubTls = await loadOrCreateHubTls(dirs[0]!.dir);
    otherTls = await loadOrCreateHubTls(dirs[1]!.dir);
    // A TLS server presenting the hub's certificate, recording every byte a client sends it.
    server = createTlsServer({ key: hubTls.key, cert: hubTls.cert }, (s) => s.on('data', (d: Buffer) => received.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    for (const d of dirs) d.remove();
  });

  it('spells a fingerprint one way, whatever way it was written or Electron gives it', () => {
    const canonical = hubTls.fingerprint;
    expect(normalizeFingerprint(canonical)).toBe(canonical);
    expect(normalizeFingerprint(canonical.replace(/:/g, '').toLowerCase())).toBe(canonical);
    const b64 = Buffer.from(canonical.replace(/:/g, ''), 'hex').toString('base64');
    expect(normalizeFingerprint(`sha256/${b64}`)).toBe(canonical);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
    expect(normalizeFingerprint('not a fingerprint')).toBeNull();
  });

  it('trusts only the pinned certificate', () => {
    expect(checkPin(hubTls.fingerprint, hubTls.fingerprint.toLowerCase())).toBe('match');
    expect(checkPin(hubTls.fingerprint, otherTls.fingerprint)).toBe('mismatch');
    expect(checkPin(null, otherTls.fingerprint)).toBe('unpinned');
    expect(checkPin('garbage', 'garbage')).toBe('mismatch');
  });

  it('judges the paired hub’s host by the pin and leaves every other host to Chromium', () => {
    const hub = 'https://192.168.1.10:7843';
    expect(isHubHost(hub, '192.168.1.10')).toBe(true);
    expect(isHubHost(hub, '192.168.1.10', 7843)).toBe(true);
    expect(isHubHost(hub, '192.168.1.10', 443)).toBe(false);
    expect(isHubHost(hub, '192.168.1.11')).toBe(false);
    expect(isHubHost('http://192.168.1.10:7800', '192.168.1.10')).toBe(false);
    expect(isHubHost('https://[fe80::1]:7843', 'fe80::1')).toBe(true);
    expect(isHubHost(null, '192.168.1.10')).toBe(false);
    expect(certificateVerdict(hub, hubTls.fingerprint, '192.168.1.10', hubTls.cert)).toBe(0);
    expect(certificateVerdict(hub, hubTls.fingerprint, '192.168.1.10', otherTls.cert)).toBe(-2);
    expect(certificateVerdict(hub, null, '192.168.1.10', hubTls.cert)).toBe(-2);
    expect(certificateVerdict(hub, hubTls.fingerprint, '192.168.1.10', 'not a certificate')).toBe(-2);
    expect(certificateVerdict(hub, hubTls.fingerprint, 'example.org', otherTls.cert)).toBe(-3);
  });

  it('ends a connection to another certificate before sending a byte, and reports what it saw', async () => {
    const url = `https://127.0.0.1:${port}`;
    const before = received.length;
    const attempt = connectToHub(url, otherTls.fingerprint);
    await expect(attempt).rejects.toBeInstanceOf(HubCertificateError);
    await expect(attempt).rejects.toMatchObject({ expected: otherTls.fingerprint, presented: hubTls.fingerprint });
    await new Promise((r) => setTimeout(r, 50));
    expect(received.length).toBe(before);
    const ok = await connectToHub(url, hubTls.fingerprint);
    expect(ok.fingerprint).toBe(hubTls.fingerprint);
    ok.socket.destroy();
  });

  it('takes an mDNS answer only as a hint: probed, and once paired only the pinned hub counts', async () => {
    const heard = { name: 'Antre MPP', site: 'MPP', url: `https://127.0.0.1:${port}` };
    expect(await judgeFoundHub(heard, null)).toEqual({ ...heard, fingerprint: hubTls.fingerprint, pinned: false });
    expect(await judgeFoundHub(heard, hubTls.fingerprint)).toEqual({ ...heard, fingerprint: hubTls.fingerprint, pinned: true });
    expect(await judgeFoundHub(heard, otherTls.fingerprint)).toBeNull();
    expect(await judgeFoundHub({ ...heard, url: 'http://127.0.0.1:1' }, hubTls.fingerprint)).toBeNull();
  });

  it('pins at pairing: the first role’s certificate is expected of the next, and kept in the setup', async () => {
    const expected: (string | null)[] = [];
    const setup = await setupFromAnswers(
      { roles: ['kiosk', 'display'], hubUrl: 'https://10.0.0.2:7843', pairingCodes: { kiosk: '123456', display: '654321' }, kioskMonitor: null, displayMonitor: null, displayQuery: '', adminPin: '975310', startAtLogin: false },
      7800,
      async (_hub, _code, role, exp) => (expected.push(exp), { deviceId: expected.length, token: `token-of-${role}-${'x'.repeat(20)}`, counterId: null, fingerprint: hubTls.fingerprint }),
    );
    expect(expected).toEqual([null, hubTls.fingerprint]);
    expect(setup.hubFingerprint).toBe(hubTls.fingerprint);
  });

  it('lets a page of a paired https:// hub open its stream over wss:// to that hub only', () => {
    const html = pageHtml(readFileSync(new URL('../../renderer/display.html', import.meta.url), 'utf8'), { hubUrl: 'https://10.0.0.2:7843', token: null, deviceId: null, counterId: null });
    expect(html).toContain("connect-src 'self' wss://10.0.0.2:7843;");
  });
});

describe('permissions a page may get (permissions.ts)', () => {
  it('grants the microphone to the app’s admin page only, the camera to its kiosk and survey pages only; refuses everything else', () => {
    expect(permissionAllowed('media', 'app://antre/admin', ['audio'])).toBe(true);
    expect(permissionAllowed('media', 'app://antre/admin?tab=voice', ['audio'])).toBe(true);
    // the camera, another page of the app, the hub's pages or another site, other permissions
    expect(permissionAllowed('media', 'app://antre/admin', ['audio', 'video'])).toBe(false);
    expect(permissionAllowed('media', 'app://antre/admin', [])).toBe(false);
    expect(permissionAllowed('media', 'app://antre/kiosk', ['audio'])).toBe(false);
    // the kiosk reads a booking's QR code with the camera: video only, the app's kiosk page only
    expect(permissionAllowed('media', 'app://antre/kiosk', ['video'])).toBe(true);
    expect(permissionAllowed('media', 'app://antre/survey?kiosk=1', ['video'])).toBe(true);
    expect(permissionAllowed('media', 'app://antre/kiosk', ['audio', 'video'])).toBe(false);
    expect(permissionAllowed('media', 'app://antre/admin', ['video'])).toBe(false);
    expect(permissionAllowed('media', 'app://antre/display', ['video'])).toBe(false);
    expect(permissionAllowed('media', 'https://10.0.0.2:7843/kiosk', ['video'])).toBe(false);
    expect(permissionAllowed('media', 'app://antre/kioskfake', ['video'])).toBe(false);
    expect(permissionAllowed('media', 'https://10.0.0.2:7843/admin', ['audio'])).toBe(false);
    expect(permissionAllowed('media', 'app://antre.evil/admin', ['audio'])).toBe(false);
    expect(permissionAllowed('geolocation', 'app://antre/admin', undefined)).toBe(false);
    expect(permissionAllowed('notifications', 'app://antre/admin', undefined)).toBe(false);
    expect(permissionAllowed('media', 'not a url', ['audio'])).toBe(false);
    expect(permissionCheckAllowed('media', 'app://antre')).toBe(true);
    expect(permissionCheckAllowed('media', 'https://10.0.0.2:7843')).toBe(false);
    expect(permissionCheckAllowed('clipboard-read', 'app://antre')).toBe(false);
  });
});
