/**
 * Which of a page's permission requests the app grants: the microphone, audio only, to the admin
 * page of the app's own origin, so an MPP can record its voice clips (Suara tab); the camera,
 * video only, to the app's kiosk and survey pages, so they can read a booking's or a ticket's QR
 * code. Every other
 * request — the camera elsewhere, camera and microphone together, location, notifications, any
 * page of the hub or elsewhere — is refused. Pure, so it is tested under plain Node.
 */
export const APP_ORIGIN = 'app://antre';

export function permissionAllowed(permission: string, pageUrl: string, mediaTypes: readonly string[] | undefined): boolean {
  if (permission !== 'media') return false;
  if (!mediaTypes || mediaTypes.length === 0) return false;
  const only = (kind: string) => mediaTypes.every((t) => t === kind);
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  // Node gives app:// URLs the origin "null": compare scheme and host.
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return false;
  const page = (name: string) => url.pathname === `/${name}` || url.pathname.startsWith(`/${name}/`) || url.pathname === `/${name}.html`;
  return (only('audio') && page('admin')) || (only('video') && (page('kiosk') || page('survey')));
}

/** The permission check (no request object): the microphone and the camera for the app's own origin only. */
export function permissionCheckAllowed(permission: string, origin: string): boolean {
  return permission === 'media' && origin === APP_ORIGIN;
}
