/**
 * Electron's security checklist beyond each window's webPreferences (written out in index.ts):
 * navigation and new windows denied, permission requests denied (but the admin page's microphone,
 * see permissions.ts).
 */
import { session, type WebContents } from 'electron';
import { permissionAllowed, permissionCheckAllowed } from './permissions.js';

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
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(permissionAllowed(permission, contents.getURL(), (details as { mediaTypes?: string[] }).mediaTypes)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => permissionCheckAllowed(permission, origin));
}
