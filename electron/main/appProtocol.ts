/**
 * The app:// origin the windows load: the built renderer from disk, and the hub's API, voice clips
 * and media fetched from the hub on the page's behalf (so the page has one origin and a strict
 * CSP). Pure routing here, with the path-traversal guard; index.ts hooks it to protocol.handle.
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

export const APP_ORIGIN = 'app://antre';

export type AppRoute =
  | { kind: 'proxy'; target: string }
  | { kind: 'file'; path: string }
  | { kind: 'page'; role: string; file: string }
  | { kind: 'forbidden' };

/** The pages of the build (renderer/vite.config.ts): '' is the home page, index.html. */
const PAGES = new Set(['', 'kiosk', 'counter', 'display', 'admin', 'setup', 'survey']);

/** Each page its own HTML file, which loads only that screen's code. */
const pageFile = (page: string) => (page === '' ? 'index.html' : `${page}.html`);

export function routeAppRequest(requestUrl: string, rendererDir: string, hubUrl: string): AppRoute {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'forbidden' };
  }
  if (url.protocol !== 'app:' || url.host !== 'antre') return { kind: 'forbidden' };
  const path = url.pathname;
  if (path.startsWith('/api/') || path.startsWith('/voice/') || path.startsWith('/media/') || path.startsWith('/logos/') || path === '/healthz') {
    return { kind: 'proxy', target: `${hubUrl.replace(/\/$/, '')}${path}${url.search}` };
  }
  const first = path.split('/')[1] ?? '';
  if (PAGES.has(first) && !path.includes('.')) return { kind: 'page', role: first, file: pageFile(first) };
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0')) return { kind: 'forbidden' };
  const file = normalize(join(rendererDir, decoded));
  const rel = relative(rendererDir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return { kind: 'forbidden' };
  return { kind: 'file', path: file };
}

/**
 * A page (pageFile) for one window: the hub's address (for the event stream's WebSocket) and this
 * window's device credentials, as meta tags the renderer reads.
 */
export function pageHtml(html: string, info: { hubUrl: string; token: string | null; deviceId: number | null; counterId: number | null }): string {
  const esc = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const metas = [
    `<meta name="antre-hub" content="${esc(info.hubUrl)}" />`,
    info.token ? `<meta name="antre-device" content="${esc(JSON.stringify({ token: info.token, deviceId: info.deviceId, counterId: info.counterId }))}" />` : '',
  ].join('');
  // In the app the stream's WebSocket goes to the hub alone, not to any ws: host.
  const hub = new URL(info.hubUrl);
  const ws = `${hub.protocol === 'https:' ? 'wss' : 'ws'}://${hub.host}`;
  return html.replace('<head>', `<head>${metas}`).replace("connect-src 'self' ws: wss:", `connect-src 'self' ${ws}`);
}
