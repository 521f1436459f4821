/**
 * The reports tab in headless Chromium as an MPP's head reads it: times as m:ss (never decimal
 * minutes), the monthly recap per agency, the IKM report of Permenpan RB 14/2017 with its nine
 * elements, and its PDF downloaded from the page and read back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens, loginAdmin } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : process.env.ANTRE_REPORT_SHOTS ?? null;

describe.skipIf(skipScreens)('the reports tab', () => {
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    hub = await serveHub();
    // Two citizens served at counter 1, each answering the survey: 4 everywhere, then 3 everywhere.
    const session = (await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 })).json.sessionToken;
    const h = { 'x-antre-session': session };
    for (const [i, value] of [4, 3].entries()) {
      const t = (await api('POST', '/api/tickets', { serviceId: 1, requestId: `reports-e2e-${i}` })).json.ticket;
      expect((await api('POST', '/api/counters/1/call-next', {}, h)).json.ticket.id).toBe(t.id);
      await api('POST', '/api/counters/1/finish', {}, h);
      // As the counter's tablet does: the hub offers the ticket just finished, with the grant its answer carries.
      const { grant } = (await api('GET', '/api/survey/latest?counterId=1')).json.ticket;
      expect((await api('POST', '/api/survey', { form: 'short', ticketId: t.id, grant, value })).status).toBe(201);
    }
    browser = await launchChromium();
    // The screen's "today" is the PC's; the hub's business date is the site's (WIB): the same here at any hour.
    admin = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, timezoneId: 'Asia/Jakarta' });
    await loginAdmin(admin, hub.url);
    await admin.getByRole('button', { name: 'Laporan' }).click();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('shows the day with plain labels and times as m:ss', async () => {
    await expect.poll(() => admin.getByTestId('ikm-total').textContent()).toBe('87,5 (B, 2 responden)');
    const table = admin.getByTestId('report');
    const head = await table.locator('thead').textContent();
    expect(head).toContain('rata-rata');
    expect(head).toContain('90% dilayani dalam');
    expect(head).not.toContain('rata²');
    const total = (await table.locator('tr.total td').allTextContents()).slice(8, 12);
    for (const cell of total) expect(cell).toMatch(/^\d+:\d\d$/);
    await admin.getByText('Apa yang dihitung tiap kolom').click();
    await admin.getByText(/^Ditangani: tiket yang berakhir di baris itu/).waitFor();
    if (SCREENSHOTS) await admin.screenshot({ path: join(SCREENSHOTS, 'admin-report-detail.png'), fullPage: true });
  });

  it('shows the monthly recap per agency', async () => {
    await admin.getByRole('button', { name: 'Rekap bulanan' }).click();
    const recap = admin.getByTestId('monthly');
    await recap.waitFor();
    const dukcapil = recap.locator('tr', { hasText: 'Kependudukan' });
    await expect.poll(async () => (await dukcapil.locator('td').allTextContents()).slice(1, 3)).toEqual(['2', '2']);
    expect(await dukcapil.locator('td').last().textContent()).toBe('87,5 (B, 2 responden)');
    if (SCREENSHOTS) await admin.screenshot({ path: join(SCREENSHOTS, 'admin-report-monthly.png'), fullPage: true });
  });

  it('shows the IKM per element and downloads its PDF', async () => {
    await admin.getByRole('button', { name: 'IKM (SKM)' }).click();
    const elements = admin.getByTestId('ikm-elements');
    await expect.poll(() => admin.getByTestId('ikm-converted').textContent()).toBe('87,50');
    expect(await elements.locator('tbody tr').first().textContent()).toContain('Persyaratan');
    // 3.5 × 25 = 87.5: B, Baik.
    expect(await elements.textContent()).toContain('B (Baik)');
    // Two one-tap answers: the profile is asked by the full form only.
    await admin.getByText('Jenis kelamin: Tidak diisi 2').waitFor();
    if (SCREENSHOTS) await admin.screenshot({ path: join(SCREENSHOTS, 'admin-report-ikm.png'), fullPage: true });
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Unduh PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^antre-ikm-.*\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    await doc.destroy();
    expect(text).toContain('Sarana dan prasarana');
    expect(text).toContain('87,50');
    expect(text).toContain('B (Baik)');
  });
});
