/**
 * The admin's Suara tab in headless Chromium at 1366x768, against the hub as `npm run serve` starts
 * it: a counter named "Loket Dukcapil 2" leaves "dukcapil" without a clip and the tab says so;
 * a file uploaded through the page, and a word recorded with the (fake) microphone, make their
 * words covered and the displays get them; the preview lists the words of a whole call.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

/** A real WAV: 16-bit mono PCM at 8 kHz, half a second of a soft tone. */
function wav(samples = 4000): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin(i / 4)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe.skipIf(skipScreens)('the Suara tab', () => {
  let hub: ServedHub;
  let browser: Browser;
  let page: Page;

  const row = (word: string) => page.locator(`[data-testid="voice-word"][data-word="${word}"]`);
  const served = async (word: string) => {
    const res = await fetch(`${hub.url}/voice/${word}`);
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    hub = await serveHub();
    // The MPP names a counter after its agency (demo mode trusts this machine's own requests).
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: '246810' }) });
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    const added = await fetch(`${hub.url}/api/admin/counters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-antre-session': sessionToken },
      body: JSON.stringify({ label: 'Loket Dukcapil 2', agencyId: 1, serviceIds: [1] }),
    });
    expect(added.status).toBe(201);
    // A fake microphone that the page may use without asking.
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${hub.url}/admin`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=pin]', '246810');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Suara', exact: true }).click();
    await page.getByRole('heading', { name: 'Rekaman per kata' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('lists the counter label’s word that has no clip, among the missing ones at the top', async () => {
    await row('dukcapil').waitFor();
    expect(await row('dukcapil').getAttribute('data-clip')).toBe('missing');
    expect(await row('dukcapil').textContent()).toContain('Loket: Loket Dukcapil 2');
    expect(await page.getByTestId('voice-summary').textContent()).toMatch(/^\d+ kata belum punya rekaman\.$/);
    // Missing first: no covered word above a missing one.
    const clips = await page.getByTestId('voice-word').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-clip')));
    expect(clips.indexOf('missing')).toBe(0);
    expect(clips.lastIndexOf('missing')).toBeLessThan(clips.findIndex((c) => c !== 'missing'));
    // "Belum ada rekaman" leaves the covered words out.
    await page.getByLabel('Tampilkan').selectOption({ label: 'belum ada rekaman' });
    await row('loket').waitFor({ state: 'detached' });
    expect(await row('dukcapil').isVisible()).toBe(true);
    await page.getByLabel('Tampilkan').selectOption({ label: 'semua kata' });
  });

  it('takes a file uploaded through the page: the word is covered and the displays get it', async () => {
    const clip = wav();
    await page.getByLabel('Unggah file rekaman untuk dukcapil').setInputFiles({ name: 'dukcapil.wav', mimeType: 'audio/wav', buffer: clip });
    await page.getByRole('status').getByText('Rekaman "dukcapil" tersimpan; layar memakainya paling lambat satu menit lagi.').waitFor();
    await page.locator('[data-testid="voice-word"][data-word="dukcapil"][data-clip="custom"]').waitFor();
    const s = await served('dukcapil');
    expect(s.type).toBe('audio/wav');
    expect(s.bytes.equals(clip)).toBe(true);
    // A picture renamed .wav is refused before it is sent.
    await page.getByLabel('Unggah file rekaman untuk kependudukan').setInputFiles({ name: 'foto.wav', mimeType: 'audio/wav', buffer: Buffer.alloc(64, 0x89) });
    await page.getByRole('status').getByText('foto.wav bukan file suara WAV, MP3, OGG atau WebM.').waitFor();
    expect(await row('kependudukan').getAttribute('data-clip')).toBe('missing');
  });

  it('records a word with the microphone and keeps it as the word’s clip', async () => {
    await page.getByRole('button', { name: 'Rekam kependudukan dengan mikrofon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rekam "kependudukan"' });
    await dialog.getByRole('button', { name: /Berhenti/ }).click();
    await dialog.getByLabel('Dengarkan').waitFor();
    await dialog.getByRole('button', { name: 'Simpan rekaman' }).click();
    await page.locator('[data-testid="voice-word"][data-word="kependudukan"][data-clip="custom"]').waitFor();
    const s = await served('kependudukan');
    expect(s.type).toBe('audio/webm');
    expect(s.bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  });

  it('previews a whole call: the words said, a recall and the short form', async () => {
    const preview = page.getByRole('region', { name: 'Pratinjau panggilan' });
    await preview.getByLabel('Loket').selectOption({ label: 'Loket Dukcapil 2' });
    await preview.getByLabel('Layanan').selectOption({ label: 'A · KTP Elektronik' });
    await preview.getByLabel('Nomor').fill('12');
    const words = () => preview.getByTestId('preview-words').locator('li').allTextContents();
    const said = ['nomor', 'antrean', 'a', 'dua', 'belas', 'silakan', 'menuju', 'loket', 'dukcapil', 'dua'];
    // The chime (if any) comes first.
    await expect.poll(async () => (await words()).slice(-said.length)).toEqual(said);
    expect(await preview.getByTestId('preview-words').locator('li', { hasText: 'dukcapil' }).getAttribute('data-clip')).toBe('custom');
    await preview.getByLabel('Panggilan ulang').check();
    await expect.poll(async () => (await words()).slice(-said.length - 2)).toEqual(['panggilan', 'ulang', ...said]);
    await preview.getByLabel('Panggilan ulang').uncheck();
    await preview.getByLabel(/Kalimat pendek/).check();
    const short = ['a', 'dua', 'belas', 'loket', 'dukcapil', 'dua'];
    await expect.poll(async () => (await words()).slice(-short.length)).toEqual(short);
    expect(await words()).not.toContain('nomor');
    await preview.getByRole('button', { name: /Putar pratinjau/ }).click();
    await preview.getByRole('button', { name: /Putar pratinjau/ }).waitFor();
  });
});
