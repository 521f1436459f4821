/**
 * Who this screen is to the hub: the device token and id it got at pairing (kept in this
 * browser's storage), or nothing on the hub machine itself in demo mode, where the hub trusts
 * loopback browsers as its local kiosk.
 */
const TOKEN_KEY = 'antre.deviceToken';
const ID_KEY = 'antre.deviceId';

export function deviceCredentials(): { token: string | null; deviceId: number | null } {
  // In the Antre app, each window's page carries its role's credentials from the machine's setup.
  const meta = typeof document === 'undefined' ? null : document.querySelector('meta[name="antre-device"]');
  if (meta) {
    try {
      const d = JSON.parse(meta.getAttribute('content') ?? '') as { token: string; deviceId: number };
      return { token: d.token, deviceId: d.deviceId };
    } catch {
      // fall through to the browser's storage
    }
  }
  try {
    const token = localStorage.getItem(TOKEN_KEY);
    const id = Number(localStorage.getItem(ID_KEY));
    return { token, deviceId: token && Number.isInteger(id) && id > 0 ? id : null };
  } catch {
    return { token: null, deviceId: null };
  }
}
