/**
 * What a browser downloads to show the hall display: the JS and CSS of a fresh load of `/display`
 * from the hub as `npm run serve` runs it (its own build of the renderer, its own compression and
 * headers), asked for with `accept-encoding: gzip`, counted on the wire by Chromium (encoded body
 * bytes of every script and stylesheet response). Baseline, built in the same run: every screen in
 * one bundle as the renderer shipped before one bundle per screen (tests/bench/singleBundle/),
 * its JS and CSS gzipped at zlib's default level, as the hub's compression would.
 */
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { launchChromium } from '../fixtures/browser.js';
import { tempDir } from '../fixtures/tempDir.js';
import type { Row } from './rows.js';
import { startServedHub } from './servedHub.js';

const isCode = (name: string) => /\.(m?js|css)$/.test(name);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Gzipped bytes of the JS and CSS of the single bundle, built from tests/bench/singleBundle/. */
async function singleBundleGzipBytes(): Promise<{ bytes: number; files: string[] }> {
  const out = tempDir('antre-bench-single-');
  const root = fileURLToPath(new URL('./singleBundle/', import.meta.url));
  try {
    try {
      // The renderer's Vite settings as they were (renderer/vite.config.ts at the same commit).
      await build({ configFile: false, root, base: '/', publicDir: false, plugins: [react()], build: { outDir: out.dir, emptyOutDir: true, target: 'chrome90' }, logLevel: 'error' });
    } catch (err) {
      throw new Error(`the single-bundle baseline did not build: if a screen moved, fix its import in tests/bench/singleBundle/main.tsx (${String(err)})`);
    }
    const files = filesUnder(out.dir).filter(isCode);
    const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
    return { bytes, files: files.map((f) => f.slice(out.dir.length + 1)) };
  } finally {
    out.remove();
  }
}

interface Transfer {
  url: string;
  bytes: number;
  encoding: string;
}

/** JS and CSS bytes on the wire for a fresh load of `/display`, without any cache. */
async function displayPageBytes(rendererDir: string): Promise<Transfer[]> {
  const hub = await startServedHub(rendererDir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'id-ID', extraHTTPHeaders: { 'accept-encoding': 'gzip' } });
    const page = await context.newPage();
    const pending: Promise<Transfer | null>[] = [];
    page.on('response', (res) => {
      const type = res.headers()['content-type'] ?? '';
      if (!/javascript|css/.test(type)) return;
      pending.push(res.request().sizes().then((s) => ({ url: res.url(), bytes: s.responseBodySize, encoding: res.headers()['content-encoding'] ?? 'none' })));
    });
    await page.goto(`${hub.url}/display`, { waitUntil: 'load' });
    await page.getByTestId('clock').waitFor();
    // Whatever the page loads later by itself (lazy chunks) counts too.
    await page.waitForLoadState('networkidle');
    const out = (await Promise.all(pending)).filter((t): t is Transfer => t !== null);
    await context.close();
    return out;
  } finally {
    await browser.close();
    await hub.dispose();
  }
}

export async function displayBytes(rows: Row[], rendererDir: string): Promise<void> {
  const base = await singleBundleGzipBytes();
  const transfers = await displayPageBytes(rendererDir);
  if (transfers.length === 0) throw new Error('the display page loaded no JS or CSS');
  const bytes = transfers.reduce((sum, t) => sum + t.bytes, 0);
  for (const t of transfers) console.log(`  /display ${new URL(t.url).pathname}: ${t.bytes.toLocaleString('en')} bytes (${t.encoding})`);
  console.log(`  single bundle: ${base.files.join(', ')}: ${base.bytes.toLocaleString('en')} bytes gzipped`);
  rows.push({
    name: 'Display page JS+CSS transferred (gzip), fresh load of /display',
    measure: 'bytes on the wire',
    value: bytes,
    baseline: base.bytes,
    baselineName: 'every screen in one bundle, as before, gzipped',
    unit: 'bytes',
    target: 0.35,
  });
}
