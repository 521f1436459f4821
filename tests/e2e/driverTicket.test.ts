/**
 * The ticket as the OS-driver fallback prints it: an HTML page that Chromium (Electron's engine)
 * lays out on an 80 or 58 mm page with no margins. The page must hold the whole ticket on one
 * page no longer than the ticket, and say what the ESC/POS ticket says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { tokenize, toReceipt } from '../../electron/printer/escpos/decode.js';
import { ticketBytes } from '../../electron/printer/layout/ticketLayout.js';
import { receiptHeightMm, receiptToHtml } from '../../electron/printer/preview/html.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';

let browser: Browser;
beforeAll(async () => {
  if (!skipScreens) browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe.skipIf(skipScreens).each([80, 58] as const)('the driver ticket on %i mm', (paperWidth) => {
  it('fits one page of the paper width, no longer than the ticket, with the same text', async () => {
    const bytes = await ticketBytes(
      {
        site: { name: 'MPP Kota Contoh', address: '', ticketHeader: 'Selamat datang', ticketFooter: 'Terima kasih', timeZone: 'Asia/Jayapura' },
        agencyName: 'Kantor Imigrasi',
        serviceName: 'Paspor baru',
        number: 'PB-007',
        issuedAt: Date.UTC(2026, 10, 23, 0, 30),
        peopleAhead: 6,
        estimatedWaitMinutes: 30,
        priorityGroupName: 'Ibu hamil',
        qrPayload: 'ANTRE:77:PB-007',
        place: 'Lantai 3 - Zona C',
        surveyInvitation: true,
      },
      { paperWidth, codePage: 'PC437', qrMode: 'native' },
    );
    const items = toReceipt(tokenize(bytes).commands);
    const html = receiptToHtml(items, paperWidth);
    const page = await browser.newPage();
    await page.setContent(html);
    const text = await page.locator('body').innerText();
    for (const s of ['MPP Kota Contoh', 'PB-007', 'PRIORITAS: IBU HAMIL', 'pukul 09.30 WIT', 'Di depan Anda: 6 orang', 'Silakan menuju Lantai 3 - Zona C', 'pantau antrean & nilai layanan']) expect(text).toContain(s);
    expect(await page.locator('svg').count()).toBe(1);
    // Nothing wider than the paper (96 px per inch).
    const widthPx = await page.evaluate(() => {
      const left = Math.min(...Array.from(document.body.querySelectorAll('*')).map((e) => e.getBoundingClientRect().left));
      const right = Math.max(...Array.from(document.body.querySelectorAll('*')).map((e) => e.getBoundingClientRect().right));
      return right - left;
    });
    expect(widthPx).toBeLessThanOrEqual(Math.ceil((paperWidth / 25.4) * 96));
    const height = receiptHeightMm(items, paperWidth);
    const pdf = await page.pdf({ width: `${paperWidth}mm`, height: `${height}mm`, margin: { top: '0', right: '0', bottom: '0', left: '0' }, preferCSSPageSize: false });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
    // And not a page of blank paper after the ticket: the content takes most of the page.
    const contentMm = (await page.evaluate(() => document.body.scrollHeight)) / (96 / 25.4);
    expect(contentMm).toBeGreaterThan(height * 0.6);
    await page.close();
  });
});
