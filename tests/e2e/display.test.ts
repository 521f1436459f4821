/**
 * The hall display in headless Chromium against the hub as `npm run serve` starts it: a call at a
 * counter is on the screen within a second and spoken with the expected clips, for as long as
 * they last; calls that wait behind the voice are said together in the short wording, a recall as
 * one; a display limited to one zone ignores the others; a reconnect does not repeat what was
 * said; the media playlist follows the admin's uploads, new order and deletions without a reload.
 * (A burst of 14 calls: displayBurst.test.ts.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audibleSpan, utteranceClips, utteranceMs, utteranceWords, type SpeechSettings } from '../../shared/announcement.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;

/** How long the display plays a clip: a word without the silence around it, a chime whole (16-bit PCM WAV). */
function playedMs(clip: string, b: Buffer): number {
  let rate = 0;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') rate = b.readUInt32LE(at + 12);
    if (id === 'data') {
      const samples = new Int16Array(b.buffer.slice(b.byteOffset + at + 8, b.byteOffset + at + 8 + (Math.min(size, b.length - at - 8) & ~1)));
      const span = clip.startsWith('chime') ? { startMs: 0, endMs: (samples.length / rate) * 1000 } : audibleSpan(samples, rate);
      return span.endMs - span.startMs;
    }
    at += 8 + size + (size % 2);
  }
  return 0;
}

/** One utterance of the voice log, as the display wrote it. */
interface Said {
  seqs: string;
  tickets: string[];
  form: string;
  done: string;
  started: number;
  ended: number;
  clips: string;
}

describe.skipIf(skipScreens)('the hall display', () => {
  let hub: ServedHub;
  let browser: Browser;
  const pages: Page[] = [];
  let n = 0;
  const sessions = new Map<number, string>();
  /** the site's display settings, as the hub has them (the words depend on them) */
  let speech: SpeechSettings;

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
  const held = new Set<number>();
  /**
   * An officer at counter `counterId` calls the next ticket of `service` (issued just before). The
   * ticket stays called (a finished one is no longer announced); the counter's previous one is
   * finished first.
   */
  async function callAt(counterId: number, service: string, username: string): Promise<{ display: string }> {
    await json('POST', '/api/tickets', { serviceId: await serviceId(service), requestId: `display-e2e-${n++}` });
    if (!sessions.has(counterId)) sessions.set(counterId, (await json('POST', '/api/sessions', { username, pin: '1234', counterId })).sessionToken);
    if (held.has(counterId)) await json('POST', `/api/counters/${counterId}/finish`, {}, sessions.get(counterId));
    const r = await json('POST', `/api/counters/${counterId}/call-next`, {}, sessions.get(counterId));
    held.add(counterId);
    return { display: r.ticket.display };
  }
  async function openDisplay(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    pages.push(page);
    await page.goto(`${hub.url}/display${query}`);
    await page.getByTestId('clock').waitFor();
    await page.waitForFunction(() => document.querySelector('footer .offline') === null);
    return page;
  }
  /** The utterances of the voice log (not the calls dropped), oldest first. */
  const said = (page: Page): Promise<Said[]> =>
    page
      .getByTestId('voice-log')
      .locator('li[data-form]')
      .evaluateAll((els) =>
        els.map((e) => ({
          seqs: e.getAttribute('data-seqs')!,
          tickets: e.getAttribute('data-tickets')!.split(','),
          form: e.getAttribute('data-form')!,
          done: e.getAttribute('data-done')!,
          started: Number(e.getAttribute('data-started')),
          ended: Number(e.getAttribute('data-ended')),
          clips: e.textContent ?? '',
        })),
      );
  const spoken = async (page: Page) => (await said(page)).map((s) => s.clips);
  const bigCall = (page: Page, ticket: string) => page.locator(`[data-testid="big-call"][data-ticket="${ticket}"]`);

  beforeAll(async () => {
    hub = await serveHub();
    // A TV plays sound without a tap (the Antre app sets the same policy).
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    speech = (await json('GET', '/api/display/state')).settings;
  }, 60_000);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('shows a call within a second and speaks it with the chime and the expected clips, for as long as they last', async () => {
    const page = await openDisplay();
    const call = await callAt(5, 'SKCK Baru', 'petugas05'); // Gerai 5: Polres
    await bigCall(page, call.display).waitFor({ timeout: 1_000 });
    expect(await bigCall(page, call.display).getByTestId('now-counter').textContent()).toBe('Gerai 5');
    const expected = utteranceWords([{ ticket: call.display, counter: 'Gerai 5' }], 'full', speech).join(' ');
    expect(expected).toBe('chime-short nomor antrean ge satu silakan menuju gerai lima');
    await expect.poll(() => spoken(page)).toEqual([expected]);
    // Every clip is there to be played.
    const ms = new Map<string, number>();
    for (const clip of expected.split(' ')) {
      const res = await fetch(`${hub.url}/voice/${clip}`);
      expect(res.status, clip).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      ms.set(clip, playedMs(clip, Buffer.from(await res.arrayBuffer())));
    }
    // Really played: the utterance lasted what its words last (it did not end at once, nor skip a word).
    await expect.poll(async () => (await said(page))[0]!.done, { timeout: 15_000 }).toBe('yes');
    const [u] = await said(page);
    const length = utteranceMs(utteranceClips([{ ticket: call.display, counter: 'Gerai 5' }], 'full', speech), (c) => ms.get(c) ?? 0);
    expect(u!.ended - u!.started).toBeGreaterThanOrEqual(length * 0.95);
  });

  it('says the calls that wait behind the voice together, in the short wording, and a recall as one', async () => {
    const page = await openDisplay();
    const first = await callAt(9, 'Pendaftaran Peserta JKN', 'petugas09');
    await expect.poll(async () => (await said(page)).map((s) => s.tickets)).toEqual([[first.display]]);
    // While the first is being said, three more counters call: said together after it…
    const a = await callAt(1, 'KTP Elektronik', 'petugas01');
    const b = await callAt(2, 'KTP Elektronik', 'petugas02');
    const c = await callAt(4, 'Kartu Keluarga', 'petugas04');
    await expect.poll(async () => (await said(page)).length, { timeout: 20_000 }).toBe(2);
    // …and the first of them calls again while they are being said: a recall of its own.
    await json('POST', '/api/counters/1/recall', {}, sessions.get(1));
    await expect.poll(async () => (await said(page)).length, { timeout: 30_000 }).toBe(3);
    const log = await said(page);
    expect(log.map((s) => s.clips)).toEqual([
      utteranceWords([{ ticket: first.display, counter: 'Gerai 9' }], 'full', speech).join(' '),
      utteranceWords(
        [
          { ticket: a.display, counter: 'Gerai 1' },
          { ticket: b.display, counter: 'Gerai 2' },
          { ticket: c.display, counter: 'Gerai 4' },
        ],
        'short',
        speech,
      ).join(' '),
      utteranceWords([{ ticket: a.display, counter: 'Gerai 1', recall: true }], 'full', speech).join(' '),
    ]);
    expect(log[2]!.clips).toContain('panggilan ulang nomor antrean');
    // One at a time: each began after the one before it had ended.
    await expect.poll(async () => (await said(page)).every((s) => s.done === 'yes'), { timeout: 20_000 }).toBe(true);
    const done = await said(page);
    for (let i = 1; i < done.length; i++) expect(done[i]!.started).toBeGreaterThanOrEqual(done[i - 1]!.ended);
    // The recall is marked on the screen.
    expect(await bigCall(page, a.display).getAttribute('data-recall')).toBe('yes');
    expect(await bigCall(page, a.display).textContent()).toContain('Panggilan ulang');
  }, 60_000);

  it('limited to one zone, ignores the calls of the others', async () => {
    const upstairs = await openDisplay('?zone=Lantai%202');
    const downstairs = await openDisplay('?zone=Lantai%201');
    const below = await callAt(3, 'KTP Elektronik', 'petugas03'); // Gerai 3, Lantai 1
    const above = await callAt(13, 'Pengecekan Sertifikat', 'petugas13'); // Gerai 13 (BPN), Lantai 2
    await bigCall(upstairs, above.display).waitFor();
    await bigCall(downstairs, below.display).waitFor();
    await expect.poll(() => spoken(upstairs)).toHaveLength(1);
    expect((await spoken(upstairs))[0]).toContain('gerai tiga belas');
    expect(await upstairs.locator(`[data-ticket="${below.display}"]`).count()).toBe(0);
    expect(await upstairs.getByTestId('waiting').textContent()).toContain('BPN');
    expect(await upstairs.getByTestId('waiting').textContent()).not.toContain('Dukcapil');
    await expect.poll(() => spoken(downstairs)).toHaveLength(1);
    expect((await spoken(downstairs))[0]).toContain('gerai tiga');
    expect((await spoken(downstairs))[0]).not.toContain('gerai tiga belas');
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
    await bigCall(page, second.display).waitFor();
    await expect.poll(() => spoken(page)).toHaveLength(2);
    const log = await spoken(page);
    expect(log[0]).toContain('gerai tujuh');
    expect(log[1]).toContain('gerai delapan');
    expect(await page.locator(`[data-ticket="${first.display}"]`).count()).toBe(1);
  }, 60_000);

  it('plays the media playlist the MPP put in its media folder, and serves nothing outside it', async () => {
    mkdirSync(join(hub.dataDir, 'media'), { recursive: true });
    const png = new PNG({ width: 32, height: 18 });
    png.data.fill(200);
    writeFileSync(join(hub.dataDir, 'media', '01 layanan publik.png'), PNG.sync.write(png));
    const page = await openDisplay();
    const img = page.locator('.media img');
    await img.waitFor();
    // Shown once loaded: the element is there before its picture is.
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(32);
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
    await bigCall(page, last.display).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS!, 'display-1920x1080.png') });
  });
});
