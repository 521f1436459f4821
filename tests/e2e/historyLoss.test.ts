/**
 * The hall display remembers what the hub forgot: a display in headless Chromium follows a hub
 * (`npm run serve`) while tickets are issued and called; the hub dies, and both its `-wal` file
 * and its watermark are deleted, so nothing on the hub's disk knows those tickets any more. When
 * the display reconnects, its hello says the numbers it saw: the hub raises `data_loss` and the
 * next ticket is numbered past them, not a second time.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDatabase } from '../../electron/hub/db/open.js';
import { WATERMARK_FILE } from '../../electron/hub/history.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

describe.skipIf(skipScreens)('a display that saw tickets the hub lost', () => {
  let hub: ServedHub;
  let browser: Browser;
  let page: Page | null = null;

  const json = async (method: string, path: string, body?: unknown, session?: string) => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { 'x-antre-session': session } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json() as Promise<any>;
  };

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('makes the hub number past the tickets it saw', async () => {
    // The morning is in the database file itself (as after a clean stop); what follows is in the WAL only.
    await hub.kill();
    openDatabase(hub.dataDir).close();
    await hub.restart();

    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${hub.url}/display`);
    await page.getByTestId('clock').waitFor();
    await page.waitForFunction(() => document.querySelector('footer .offline') === null);

    const issued: { display: string; prefix: string; number: number }[] = [];
    for (let i = 0; i < 12; i++) issued.push((await json('POST', '/api/tickets', { serviceId: 1, requestId: `seen-e2e-${i}` })).ticket);
    // Called last, so once the display shows it, it has heard every ticket before it.
    const session = (await json('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 })).sessionToken as string;
    const called = (await json('POST', '/api/counters/1/call-next', {}, session)).ticket as { display: string };
    await page.getByTestId('now-number').getByText(called.display, { exact: true }).waitFor();

    await hub.kill();
    for (const f of [`${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, WATERMARK_FILE]) rmSync(join(hub.dataDir, f), { force: true });
    await hub.restart();

    // The display reconnects by itself and says what it saw.
    await expect
      .poll(async () => ((await json('GET', '/healthz')).alarms as { kind: string }[]).map((a) => a.kind), { timeout: 30_000, interval: 250 })
      .toContain('data_loss');
    const next = (await json('POST', '/api/tickets', { serviceId: 1, requestId: 'seen-e2e-after' })).ticket as { prefix: string; number: number; display: string };
    const top = Math.max(...issued.filter((t) => t.prefix === next.prefix).map((t) => t.number));
    expect(next.number, `${next.display} after ${top}`).toBe(top + 1);
  }, 90_000);
});
