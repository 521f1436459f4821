/**
 * Which of a page's permission requests the app grants: only the microphone, audio only, to the
 * admin page of the app's own origin, so an MPP can record its voice clips (Suara tab). Every
 * other request — camera, location, notifications, any page of the hub or elsewhere — is refused.
 * Pure, so it is tested under plain Node.
 */
export const APP_ORIGIN = 'app://antre';

export function permissionAllowed(permission: string, pageUrl: string, mediaTypes: readonly string[] | undefined): boolean {
  if (permission !== 'media') return false;
  if (!mediaTypes || mediaTypes.length === 0 || !mediaTypes.every((t) => t === 'audio')) return false;
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  // Node gives app:// URLs the origin "null": compare scheme and host.
  return `${url.protocol}//${url.host}` === APP_ORIGIN && (url.pathname === '/admin' || url.pathname.startsWith('/admin/') || url.pathname === '/admin.html');
}

/** The permission check (no request object): the microphone for the app's own origin only. */
export function permissionCheckAllowed(permission: string, origin: string): boolean {
  return permission === 'media' && origin === APP_ORIGIN;
}
