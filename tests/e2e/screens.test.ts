/**
 * The built renderer served by the hub, in headless Chromium: every role's page loads under its
 * Content-Security-Policy, talks to the hub and shows the site in Bahasa Indonesia.
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIndonesianDate } from '../../shared/businessDate.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { tempDir } from '../fixtures/tempDir.js';

const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

describe.skipIf(skipScreens)('the screens in Chromium', () => {
  const tmp = tempDir('antre-e2e-');
  let hub: RunningHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startHub({ dataDir: tmp.dir, port: 0, host: '127.0.0.1', demo: true, rendererDir, setup: (c) => seedDemo(c), log: () => {} });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    tmp.remove();
  });

  it('shows the home page with a large link per role', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(hub.url + '/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Mal Pelayanan Publik Kabupaten Contoh');
    const roles = page.locator('a.role');
    expect(await roles.allTextContents()).toEqual([
      expect.stringContaining('Kios'),
      expect.stringContaining('Loket'),
      expect.stringContaining('Layar'),
      expect.stringContaining('Admin'),
    ]);
    const box = await roles.first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(80); // a touch target, not a text link
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads the kiosk under the CSP, with the date in the site’s zone', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(hub.url + '/kiosk');
    await expect.poll(() => page.locator('.site').textContent()).toBe('Mal Pelayanan Publik Kabupaten Contoh');
    await expect.poll(() => page.locator('.clock').textContent()).toContain(formatIndonesianDate(hub.core.engine.today()));
    expect(await page.locator('.tile.agency').count()).toBe(15);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads the counter screen under the CSP, asking once which counter this computer is', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(hub.url + '/counter');
    await page.getByText('Pilih gerai untuk komputer ini').waitFor();
    await expect.poll(() => page.locator('.counter-list button').count()).toBe(25);
    await page.locator('.counter-list button').first().click();
    await page.locator('input[name=username]').waitFor();
    // Chosen once: a reload goes straight to the login.
    await page.reload();
    await page.locator('input[name=username]').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads the hall display under the CSP, with the date and the agencies', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(hub.url + '/display');
    await expect.poll(() => page.locator('footer .date').textContent()).toContain(formatIndonesianDate(hub.core.engine.today()));
    await expect.poll(() => page.getByTestId('waiting').locator('li').count()).toBe(15);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads the admin screen under the CSP, asking for a supervisor’s login', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(hub.url + '/admin');
    await page.getByRole('heading', { name: 'Admin Antre' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
