/**
 * Start at login. Windows and macOS through Electron's login items; Linux (which Electron leaves
 * out) through an XDG autostart entry in ~/.config/autostart.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

interface AppLike {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getPath(name: 'exe'): string;
}

export function autostartEntry(exe: string): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=Antre', `Exec="${exe.replace(/"/g, '\\"')}"`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export function setStartAtLogin(app: AppLike, enabled: boolean, platform: NodeJS.Platform = process.platform, home: string = homedir()): void {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const dir = join(home, '.config', 'autostart');
  const file = join(dir, 'antre.desktop');
  if (enabled) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, autostartEntry(app.getPath('exe')));
  } else if (existsSync(file)) rmSync(file);
}
