/**
 * The kiosk in headless Chromium with touch against the hub as `npm run serve` starts it (a child
 * process, the demo MPP, the virtual printer): the time from the tap on "Ambil tiket" until the
 * ticket's bytes are at the printer, and the page's JS heap after many tickets against after 100
 * (a kiosk runs for weeks without a reload).
 */
import { watch } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { launchChromium } from '../fixtures/browser.js';
import { serveHub } from '../fixtures/serveHub.js';
import { summary, type Row } from './rows.js';

/** Open services without a daily quota, spread over agencies; numbers stay per service. */
const CHOICES: [agency: string, service: string][] = [
  ['Dukcapil', 'KTP Elektronik'],
  ['Dukcapil', 'Kartu Keluarga'],
  ['KPP Pratama', 'Pendaftaran NPWP'],
  ['BPJS Kesehatan', 'Pendaftaran Peserta JKN'],
  ['BPJS TK', 'Klaim Jaminan Hari Tua'],
  ['BPN', 'Pengecekan Sertifikat'],
  ['Samsat', 'Pajak Kendaraan Tahunan'],
  ['Samsat', 'Mutasi Kendaraan'],
  ['Bank Daerah', 'Pembukaan Rekening'],
  ['BPJS Kesehatan', 'Informasi dan Pengaduan'],
];

async function heapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

export async function kioskTap(rows: Row[], tickets: number): Promise<void> {
  // A person taps a ticket a few times a minute; the benchmark taps several a second.
  const hub = await serveHub({ ANTRE_VIRTUAL_PNG: '0', ANTRE_RATE_LIMIT_PER_MINUTE: '1000000' });
  const browser = await launchChromium();
  const printerDir = join(hub.dataDir, 'printers', DEMO_PRINTER_FOLDER);
  // Each job's .bin appears in the printer's folder; inotify says when, to the millisecond.
  let printed: (() => void) | null = null;
  const watcher = watch(printerDir, (_event, file) => {
    if (printed && file?.endsWith('.bin')) {
      printed();
      printed = null;
    }
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'id-ID' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // The moment of the tap as the page saw it (touchstart), on the wall clock Node also reads.
    await page.addInitScript(() => {
      document.addEventListener('touchstart', (e) => ((window as unknown as { lastTapAt: number }).lastTapAt = performance.timeOrigin + e.timeStamp), { capture: true });
    });
    await page.goto(`${hub.url}/kiosk`);
    await page.locator('.tile.agency').first().waitFor();
    const samples: number[] = [];
    let heap100 = 0;
    for (let i = 0; i < tickets; i++) {
      const [agency, service] = CHOICES[i % CHOICES.length]!;
      // force: straight to the touch, without Playwright's wait for a still element (two frames),
      // once each new screen takes touches (KioskApp SETTLE_MS).
      const settled = () => page.locator('main:not(.settling)').waitFor();
      await settled();
      await page.locator('.tile.agency', { hasText: agency }).tap({ force: true });
      await settled();
      await page.locator('.tile.service', { hasText: service }).tap({ force: true });
      await settled();
      const atPrinter = new Promise<number>((resolve) => (printed = () => resolve(performance.timeOrigin + performance.now())));
      await page.getByRole('button', { name: 'Ambil tiket' }).tap({ force: true });
      const bytesAt = await atPrinter;
      const tapAt = await page.evaluate(() => (window as unknown as { lastTapAt: number }).lastTapAt);
      samples.push(bytesAt - tapAt);
      await settled();
      await page.getByRole('button', { name: 'Selesai' }).tap({ force: true });
      await page.getByText('Silakan pilih instansi').waitFor();
      if (i + 1 === 100) heap100 = await heapBytes(page);
      if ((i + 1) % 500 === 0) console.log(`  ${i + 1} tickets`);
    }
    const heapEnd = await heapBytes(page);
    await context.close();
    // The same two requests the kiosk makes (issue, then print), from Node: the hub's share.
    const direct: number[] = [];
    for (let i = 0; i < 200; i++) {
      const atPrinter = new Promise<number>((resolve) => (printed = () => resolve(performance.now())));
      const t0 = performance.now();
      const res = await fetch(`${hub.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1, requestId: `bench-direct-${i}` }) });
      const { ticket } = (await res.json()) as { ticket: { id: number } };
      await (await fetch(`${hub.url}/api/tickets/${ticket.id}/print`, { method: 'POST' })).arrayBuffer();
      direct.push((await atPrinter) - t0);
    }
    if (problems.length) throw new Error(`the kiosk page failed: ${problems.join('; ')}`);
    const name = `Kiosk tap "Ambil tiket" → ticket bytes at the virtual printer (Chromium, ${tickets.toLocaleString('en')} tickets)`;
    rows.push({ name, measure: 'p95', value: summary(samples).p95, baseline: summary(direct).p95, baselineName: 'the same issue + print requests from Node', unit: 'ms', target: null });
    rows.push({ name, measure: 'p95, last 100', value: summary(samples.slice(-100)).p95, baseline: summary(samples.slice(0, 100)).p95, baselineName: 'the first 100 tickets', unit: 'ms', target: 1.2 });
    rows.push({ name: `Kiosk page JS heap after ${tickets.toLocaleString('en')} tickets`, measure: 'used', value: heapEnd / 1e6, baseline: heap100 / 1e6, baselineName: 'after 100 tickets', unit: 'MB', target: 1.2 });
  } finally {
    watcher.close();
    await browser.close();
    await hub.dispose();
  }
}
