/**
 * What an admin sees of a damaged database (issue 16): the hub as `npm run serve` starts it, on a
 * database whose tickets table has a page of garbage. The overview still opens, with a red banner
 * that names the file and the way out, in the chosen language, and the free disk space.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/hub/db/open.js';
import { startHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

/** The demo MPP, then garbage over the root page of its tickets table while no hub runs. */
async function damagedDemo(dataDir: string): Promise<void> {
  const hub = await startHub({ dataDir, port: 0, host: '127.0.0.1', setup: (core) => seedDemo(core), printerPollMs: 0, log: () => {} });
  await hub.close();
  const file = join(dataDir, DB_FILE_NAME);
  const db = new Database(file, { readonly: true });
  const root = db.prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'tickets'`).pluck().get() as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
  closeSync(fd);
}

describe.skipIf(skipScreens)('the admin overview of a damaged hub', () => {
  let hub: ServedHub;
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('shows the alarm as a red banner in both languages, and the free disk space', async () => {
    hub = await serveHub({}, damagedDemo);
    browser = await launchChromium();
    const admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await admin.goto(`${hub.url}/admin`);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=pin]', '246810');
    await admin.getByRole('button', { name: 'Masuk' }).click();

    const banner = admin.getByTestId('alarm-database_damaged');
    await banner.waitFor();
    const file = join(hub.dataDir, DB_FILE_NAME);
    expect(await banner.textContent()).toContain(`Basis data ${file} rusak`);
    expect(await banner.textContent()).toContain('npm run restore');
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(140, 29, 24)');
    expect(await admin.getByTestId('disk-free').textContent()).toMatch(/^Ruang disk tersisa: \d[\d.]*,\d GB$/);

    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByTestId('disk-free').getByText(/^Free disk space: \d[\d,]*\.\d GB$/).waitFor();
    expect(await banner.textContent()).toContain(`The database ${file} is damaged`);
  });
});
