/**
 * The Electron main process, kept thin: it runs the hub (the same module `npm run serve` runs)
 * in a utility process, restarts it if it dies, and opens a locked-down window on it. Roles,
 * the setup wizard, kiosk lockdown and displays come with the Electron app issue.
 */
import { app, BrowserWindow, Menu, powerSaveBlocker, utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpc } from './ipc.js';
import { denyPermissions, lockNavigation, secureWebPreferences } from './security.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env.ANTRE_PORT ?? 7800);
const hubOrigin = `http://127.0.0.1:${port}`;
const RESTART_DELAY_MS = 1000;

let hub: UtilityProcess | null = null;
let quitting = false;

function startHub(onReady: () => void): void {
  hub = utilityProcess.fork(join(here, '../hub/serve.js'), [], {
    env: {
      ...process.env,
      ANTRE_PORT: String(port),
      ANTRE_DATA_DIR: join(app.getPath('userData'), 'data'),
      ANTRE_RENDERER_DIR: join(here, '../../../renderer'),
      npm_package_version: app.getVersion(),
    },
    stdio: 'pipe',
    serviceName: 'Antre hub',
  });
  hub.stdout?.on('data', (chunk: Buffer) => {
    const text = String(chunk);
    process.stdout.write(text);
    if (text.includes('ANTRE_HUB_READY')) onReady();
  });
  hub.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  hub.on('exit', (code) => {
    hub = null;
    // The queue must come back by itself: restart unless the app is closing.
    if (!quitting) {
      console.error(`Antre hub exited (${code}); restarting`);
      setTimeout(() => startHub(() => {}), RESTART_DELAY_MS);
    }
  });
}

function openWindow(): void {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  lockNavigation(win.webContents, hubOrigin);
  win.webContents.on('render-process-gone', () => win.webContents.reload());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${hubOrigin}/`);
}

app.enableSandbox();
app.whenReady().then(() => {
  if (app.isPackaged) Menu.setApplicationMenu(null);
  denyPermissions();
  registerIpc(hubOrigin);
  powerSaveBlocker.start('prevent-display-sleep');
  startHub(openWindow);
});

app.on('before-quit', () => {
  quitting = true;
  hub?.kill();
});
app.on('window-all-closed', () => app.quit());
