/**
 * The hall display in headless Chromium against the hub as `npm run serve` starts it: a call at a
 * counter is on the screen within a second and spoken with the expected clips; a display limited
 * to one zone ignores the others; a reconnect does not repeat what was said; the media playlist
 * follows the admin's uploads, new order and deletions without a reload.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementWords, DEFAULT_WORDING } from '../../shared/announcement.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;

describe.skipIf(skipScreens)('the hall display', () => {
  let hub: ServedHub;
  let browser: Browser;
  const pages: Page[] = [];
  let n = 0;
  const sessions = new Map<number, string>();

  const json = async (method: string, path: string, body?: unknown, session?: string) => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { 'x-antre-session': session } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json() as Promise<any>;
  };
  const serviceId = async (name: string) => ((await json('GET', '/api/catalogue')).agencies as any[]).flatMap((a) => a.services).find((s: any) => s.name === name).id as number;
  /** An officer at counter `counterId` calls the next ticket of `service` (issued just before). */
  async function callAt(counterId: number, service: string, username: string): Promise<{ display: string; calledAt: number }> {
    await json('POST', '/api/tickets', { serviceId: await serviceId(service), requestId: `display-e2e-${n++}` });
    if (!sessions.has(counterId)) sessions.set(counterId, (await json('POST', '/api/sessions', { username, pin: '1234', counterId })).sessionToken);
    const r = await json('POST', `/api/counters/${counterId}/call-next`, {}, sessions.get(counterId));
    const calledAt = Date.now();
    await json('POST', `/api/counters/${counterId}/finish`, {}, sessions.get(counterId));
    return { display: r.ticket.display, calledAt };
  }
  async function openDisplay(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    pages.push(page);
    await page.goto(`${hub.url}/display${query}`);
    await page.getByTestId('clock').waitFor();
    await page.waitForFunction(() => document.querySelector('footer .offline') === null);
    return page;
  }
  const spoken = (page: Page) => page.getByTestId('voice-log').locator('li').allTextContents();

  beforeAll(async () => {
    hub = await serveHub();
    // A TV plays sound without a tap (the Antre app sets the same policy).
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  }, 60_000);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('shows a call within a second and speaks it with the chime and the expected clips', async () => {
    const page = await openDisplay();
    const call = await callAt(5, 'SKCK Baru', 'petugas05'); // Gerai 5: Polres
    await page.getByTestId('now-number').getByText(call.display, { exact: true }).waitFor({ timeout: 1_000 });
    expect(await page.getByTestId('now-counter').textContent()).toBe('Gerai 5');
    expect(await page.getByTestId('latest-calls').textContent()).toContain(call.display);
    const expected = ['chime', ...announcementWords({ ticket: call.display, counter: 'Gerai 5' }, DEFAULT_WORDING)].join(' ');
    expect(expected).toBe('chime nomor antrean ge satu silakan menuju gerai lima');
    await expect.poll(() => spoken(page)).toEqual([expected]);
    // Every clip is there to be played.
    for (const clip of expected.split(' ')) {
      const res = await fetch(`${hub.url}/voice/${clip}`);
      expect(res.status, clip).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/wav');
    }
  });

  it('speaks a burst in order and a recall again', async () => {
    const page = await openDisplay();
    const a = await callAt(1, 'KTP Elektronik', 'petugas01');
    const b = await callAt(2, 'KTP Elektronik', 'petugas02');
    const session = sessions.get(1)!;
    await json('POST', '/api/tickets', { serviceId: await serviceId('Kartu Keluarga'), requestId: `display-e2e-${n++}` });
    const c = await json('POST', '/api/counters/1/call-next', {}, session);
    await json('POST', '/api/counters/1/recall', {}, session);
    await json('POST', '/api/counters/1/finish', {}, session);
    const say = (ticket: string, counter: string) => ['chime', ...announcementWords({ ticket, counter })].join(' ');
    // Queued in the order of the calls, the recall as a call of its own…
    await expect
      .poll(() => spoken(page))
      .toEqual([say(a.display, 'Gerai 1'), say(b.display, 'Gerai 2'), say(c.ticket.display, 'Gerai 1'), say(c.ticket.display, 'Gerai 1')]);
    // …and played one at a time: while the first is being said, the others wait.
    const done = () => page.getByTestId('voice-log').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-done')));
    expect(await done()).toEqual(['no', 'no', 'no', 'no']);
    await expect.poll(done, { timeout: 15_000 }).toEqual(['yes', 'no', 'no', 'no']);
  }, 30_000);

  it('limited to one zone, ignores the calls of the others', async () => {
    const upstairs = await openDisplay('?zone=Lantai%202');
    const downstairs = await openDisplay('?zone=Lantai%201');
    const below = await callAt(3, 'KTP Elektronik', 'petugas03'); // Gerai 3, Lantai 1
    const above = await callAt(13, 'Pengecekan Sertifikat', 'petugas13'); // Gerai 13 (BPN), Lantai 2
    await upstairs.getByTestId('now-number').getByText(above.display, { exact: true }).waitFor();
    await downstairs.getByTestId('now-number').getByText(below.display, { exact: true }).waitFor();
    await expect.poll(() => spoken(upstairs)).toHaveLength(1);
    expect((await spoken(upstairs))[0]).toContain('gerai tiga belas');
    expect(await upstairs.getByTestId('latest-calls').textContent()).not.toContain(below.display);
    expect(await upstairs.getByTestId('waiting').textContent()).toContain('BPN');
    expect(await upstairs.getByTestId('waiting').textContent()).not.toContain('Dukcapil');
    expect(await spoken(downstairs)).toHaveLength(1);
  });

  it('after the hub comes back, shows the current state and says only new calls', async () => {
    const page = await openDisplay();
    const first = await callAt(7, 'Pendaftaran NPWP', 'petugas07');
    await expect.poll(() => spoken(page)).toHaveLength(1);
    await hub.kill();
    await page.locator('footer .offline').waitFor();
    await hub.restart();
    await page.waitForFunction(() => document.querySelector('footer .offline') === null, undefined, { timeout: 20_000 });
    const second = await callAt(8, 'Pendaftaran NPWP', 'petugas08');
    await page.getByTestId('now-number').getByText(second.display, { exact: true }).waitFor();
    await expect.poll(() => spoken(page)).toHaveLength(2);
    const log = await spoken(page);
    expect(log[0]).toContain('gerai tujuh');
    expect(log[1]).toContain('gerai delapan');
    expect(await page.getByTestId('latest-calls').textContent()).toContain(first.display);
  }, 60_000);

  it('plays the media playlist the MPP put in its media folder, and serves nothing outside it', async () => {
    mkdirSync(join(hub.dataDir, 'media'), { recursive: true });
    const png = new PNG({ width: 32, height: 18 });
    png.data.fill(200);
    writeFileSync(join(hub.dataDir, 'media', '01 layanan publik.png'), PNG.sync.write(png));
    const page = await openDisplay();
    const img = page.locator('.media img');
    await img.waitFor();
    expect(await img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(32);
    for (const bad of ['/media/..%2fantre.sqlite3', '/media/secret.txt', '/voice/..%2f..%2fpackage', '/voice/NOMOR']) {
      expect((await fetch(`${hub.url}${bad}`)).status, bad).toBe(404);
    }
  });

  it('plays what the admin uploads, reorders or deletes at once, without a reload', async () => {
    const page = await openDisplay();
    const img = page.locator('.media img');
    const playing = () => img.getAttribute('src');
    await expect.poll(playing).toBe(`/media/${encodeURIComponent('01 layanan publik.png')}`);
    const session = (await json('POST', '/api/sessions', { username: 'admin', pin: '246810' })).sessionToken as string;
    const wide = new PNG({ width: 64, height: 18 });
    wide.data.fill(90);
    const added = await json('POST', '/api/admin/media', { name: 'Alur layanan.png', type: 'image/png', data: PNG.sync.write(wide).toString('base64') }, session);
    // First in the playlist: the display's first item changes as soon as it has read the new order.
    await json('PUT', '/api/admin/media/order', { files: [added.file, '01 layanan publik.png'] }, session);
    await expect.poll(playing).toBe(`/media/${encodeURIComponent(added.file)}`);
    // The new picture itself is shown once it has loaded (its width is the uploaded file's).
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(64);
    // Deleted: the display plays what is left.
    await json('DELETE', `/api/admin/media/${encodeURIComponent(added.file)}`, undefined, session);
    await expect.poll(playing).toBe(`/media/${encodeURIComponent('01 layanan publik.png')}`);
  });

  it.runIf(SCREENSHOTS)('takes the screenshot of the README', async () => {
    const page = await openDisplay();
    await callAt(9, 'Pendaftaran Peserta JKN', 'petugas09');
    await callAt(11, 'Klaim Jaminan Hari Tua', 'petugas11');
    const last = await callAt(4, 'Kartu Keluarga', 'petugas04');
    await page.getByTestId('now-number').getByText(last.display, { exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS!, 'display-1920x1080.png') });
  });
});
