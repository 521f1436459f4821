/**
 * Electron's security checklist beyond each window's webPreferences (written out in index.ts):
 * navigation and new windows denied, permission requests denied.
 */
import { session, type WebContents } from 'electron';

/** Pages may only stay on the hub's own origin. */
export function lockNavigation(contents: WebContents, allowedOrigin: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    // Compared by scheme and host: Node gives app:// URLs the origin "null".
    let target = '';
    try {
      const u = new URL(url);
      target = `${u.protocol}//${u.host}`;
    } catch {
      // not a URL: refused below
    }
    if (target !== allowedOrigin) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
