/**
 * What an admin does about the field faults from the overview (issue 16): a business day closed
 * by mistake is opened again from the screen, its tickets back in the queue; a data-loss alarm,
 * which stays raised across restarts, is marked as handled from its banner. The hub runs as
 * `npm run serve` runs it; the faults are made in its data folder before it starts.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const TICKETS = 3;

/** The demo MPP with three tickets waiting, the day closed by mistake, and a loss a display reported. */
async function closedByMistake(dataDir: string): Promise<void> {
  const hub = await startHub({ dataDir, port: 0, host: '127.0.0.1', setup: (core) => seedDemo(core), printerPollMs: 0, log: () => {} });
  const { engine, history, master } = hub.core;
  const service = master.services()[0]!;
  for (let i = 0; i < TICKETS; i++) engine.issue({ serviceId: service.id, requestId: `mistake-${i}` });
  engine.closeDay(engine.today(), 'Ditutup oleh supervisor / closed by a supervisor', {});
  // A hall display had seen events this hub no longer holds.
  history.reportSeen({ source: 'display', lastSeq: hub.core.events.lastSeq() + 50 });
  await hub.close();
}

describe.skipIf(skipScreens)('the admin overview after a field fault', () => {
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('reopens a business day closed by mistake, its tickets back in the queue', async () => {
    hub = await serveHub({}, closedByMistake);
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await admin.goto(`${hub.url}/admin`);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=pin]', '246810');
    await admin.getByRole('button', { name: 'Masuk' }).click();

    const closed = admin.getByTestId('day-closed');
    await closed.waitFor();
    expect(await closed.textContent()).toContain('sudah ditutup');
    // The kiosks are refused meanwhile.
    const catalogue = async () => (await (await fetch(`${hub.url}/api/catalogue`)).json()) as { agencies: { services: { open: boolean; waiting: number; unavailableReason: string | null }[] }[] };
    expect((await catalogue()).agencies[0]!.services[0]).toMatchObject({ open: false, unavailableReason: 'DAY_CLOSED' });

    await closed.getByRole('button', { name: 'Buka kembali hari ini' }).click();
    await admin.fill('input[name=reason]', 'Tertutup karena salah tekan');
    await admin.getByRole('button', { name: 'Simpan' }).click();
    await admin.getByText(`${TICKETS} tiket kembali ke antrean`).waitFor();
    await closed.waitFor({ state: 'detached' });
    expect((await catalogue()).agencies[0]!.services[0]).toMatchObject({ open: true, waiting: TICKETS });
  });

  it('marks a data-loss alarm as handled from its banner, after which it is gone for good', async () => {
    const banner = admin.getByTestId('alarm-data_loss');
    await banner.waitFor();
    const health = async () => (await (await fetch(`${hub.url}/healthz`)).json()) as { status: string; alarms: { kind: string }[] };
    expect(await health()).toMatchObject({ status: 'degraded', alarms: [expect.objectContaining({ kind: 'data_loss' })] });

    await banner.getByRole('button', { name: 'Tandai sudah ditangani' }).click();
    await banner.waitFor({ state: 'detached' });
    expect((await health()).alarms.map((a) => a.kind)).not.toContain('data_loss');
    await hub.restart();
    expect((await health()).alarms.map((a) => a.kind)).not.toContain('data_loss');
  });
});
