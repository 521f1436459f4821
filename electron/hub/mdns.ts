/**
 * Finding the hub on the building's LAN without typing its address: the hub announces itself by
 * mDNS/DNS-SD as `_antre._tcp` (with the MPP's name and its HTTPS port), and the first-run wizard
 * of a kiosk, counter or display lists the hubs it hears. Typing the address stays possible
 * (networks that block multicast, e.g. some public Wi-Fi set-ups).
 *
 * An answer is only a hint: anyone on the LAN can announce `_antre._tcp` first. What makes a hub
 * the MPP's hub is its certificate, whose fingerprint the admin screen shows beside the pairing
 * code and the app pins at pairing (electron/main/hubPinning.ts); a heard hub is used only when its
 * certificate is the pinned one, or, before pairing, shown with its fingerprint to compare.
 */
import { Bonjour } from 'bonjour-service';

export interface FoundHub {
  name: string;
  site: string;
  /** https://<address>:<https port> when the hub announces one, else its plain http:// address */
  url: string;
}

export function advertiseHub(port: number, siteName: string, httpsPort: number | null = null): { stop: () => Promise<void> } {
  const bonjour = new Bonjour();
  bonjour.publish({
    name: `Antre ${siteName}`.slice(0, 63),
    type: 'antre',
    port,
    txt: { site: siteName.slice(0, 200), path: '/', ...(httpsPort ? { https: String(httpsPort) } : {}) },
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        bonjour.unpublishAll(() => {
          bonjour.destroy();
          resolve();
        });
      }),
  };
}

/** Listens for `waitMs` and returns the hubs heard, IPv4 first. */
export function discoverHubs(waitMs = 1500): Promise<FoundHub[]> {
  const bonjour = new Bonjour();
  const found = new Map<string, FoundHub>();
  bonjour.find({ type: 'antre' }, (s) => {
    const address = (s.addresses ?? []).find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? s.addresses?.[0] ?? s.host;
    const host = address.includes(':') ? `[${address}]` : address;
    const txt = (s.txt as Record<string, unknown> | undefined) ?? {};
    const https = Number(txt.https);
    const url = Number.isInteger(https) && https > 0 && https < 65536 ? `https://${host}:${https}` : `http://${host}:${s.port}`;
    found.set(url, { name: s.name, site: String(txt.site ?? s.name), url });
  });
  return new Promise((resolve) =>
    setTimeout(() => {
      bonjour.destroy();
      resolve([...found.values()]);
    }, waitMs),
  );
}
