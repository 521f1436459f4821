/**
 * The counter screen in headless Chromium against the hub as `npm run serve` starts it: officers
 * call, serve, skip and transfer with the buttons and the shortcuts, and the screen follows the
 * hub by itself, also after the connection drops.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;
// Demo: Gerai 1-4 are Dukcapil's and all serve KTP (service 1, prefix A) and KK (service 2, prefix B).
const KTP = 1;
const KK = 2;
const AKTA = 3;

describe.skipIf(skipScreens)('the counter screen', () => {
  let hub: ServedHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let n = 0;

  async function issue(serviceId: number, priorityGroup: string | null = null): Promise<{ id: number; display: string }> {
    const r = await fetch(`${hub.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId, priorityGroup, requestId: `counter-e2e-${n++}` }),
    });
    expect(r.status).toBe(201);
    return ((await r.json()) as any).ticket;
  }
  const ticket = async (id: number) => (await (await fetch(`${hub.url}/api/tickets/${id}`)).json()) as any;

  /** A counter PC: chooses its counter once, then the officer logs in. */
  async function desk(counterLabel: string, username: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'id-ID' });
    contexts.push(context);
    // Time flows as usual; a test moves it past the undo window of a finish instead of waiting it out.
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${hub.url}/counter`);
    await page.locator('.counter-list button').filter({ has: page.locator('strong', { hasText: new RegExp(`^${counterLabel}$`) }) }).click();
    await page.fill('input[name=username]', username);
    await page.fill('input[name=pin]', '1234');
    await page.click('button[type=submit]');
    await page.locator('.desk .dot.live').waitFor();
    return page;
  }
  const current = (page: Page) => page.getByTestId('current-number');
  const button = (page: Page, action: string) => page.locator(`.buttons button[data-action="${action}"]`);
  const waitEnabled = async (page: Page, action: string) => expect.poll(() => button(page, action).isEnabled()).toBe(true);
  /** What the card says of the last ticket in hand, once the hub has it ("A-012 selesai"). */
  const lastAction = (page: Page) => page.getByTestId('last-action');
  /** A finish or no-show is held a few seconds for "Urungkan": let that time pass, and wait for the hub's word. */
  async function sent(page: Page, text: string): Promise<void> {
    await page.getByTestId('undo').waitFor();
    await page.clock.fastForward(5000);
    await expect.poll(() => lastAction(page).textContent()).toBe(text);
  }

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('gives two officers pressing "Panggil berikutnya" at the same moment different tickets', async () => {
    const [a, b] = [await desk('Gerai 1', 'petugas01'), await desk('Gerai 2', 'petugas02')];
    const t1 = await issue(KTP);
    const t2 = await issue(KTP);
    await waitEnabled(a, 'call-next');
    await waitEnabled(b, 'call-next');
    await Promise.all([button(a, 'call-next').click(), button(b, 'call-next').click()]);
    await current(a).waitFor();
    await current(b).waitFor();
    const shown = [await current(a).textContent(), await current(b).textContent()];
    expect(new Set(shown).size).toBe(2);
    expect([...shown].sort()).toEqual([t1.display, t2.display].sort());
    // Both back to empty hands for the next tests.
    for (const p of [a, b]) await button(p, 'finish').click();
    await sent(a, `${shown[0]} selesai`);
    await sent(b, `${shown[1]} selesai`);
  });

  it('calls, starts and finishes with the shortcut keys, and counts the day', async () => {
    const page = await desk('Gerai 3', 'petugas03');
    const t = await issue(KTP);
    await waitEnabled(page, 'call-next');
    expect(await button(page, 'call-next').textContent()).toContain('N');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(t.display);
    expect(await page.getByTestId('current-ticket').textContent()).toContain('Dipanggil');
    await page.keyboard.press('m');
    await expect.poll(() => page.getByTestId('current-ticket').textContent()).toContain('Dilayani');
    await page.getByTestId('service-time').waitFor();
    await page.keyboard.press('s');
    await sent(page, `${t.display} selesai`);
    await expect.poll(() => page.getByTestId('today-counter').textContent()).toContain('1 dilayani');
    await expect.poll(() => page.getByTestId('today-officer').textContent()).toContain('1 dilayani');
    expect((await ticket(t.id)).ticket.status).toBe('done');
  });

  it('skips a citizen who is not there, then calls them back from the list', async () => {
    const page = await desk('Gerai 4', 'petugas04');
    const t = await issue(KK);
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(t.display);
    await page.keyboard.press('t');
    await sent(page, `${t.display} tidak hadir`);
    const skipped = page.getByTestId('skipped').locator('li', { hasText: t.display });
    await skipped.waitFor();
    await skipped.getByRole('button', { name: 'Panggil' }).click();
    await expect.poll(() => current(page).textContent()).toBe(t.display);
    expect((await ticket(t.id)).ticket.callCount).toBe(2);
    // As an officer would: the key acts once the button is live again (a loaded PC is slower).
    await waitEnabled(page, 'finish');
    await page.keyboard.press('s');
    await sent(page, `${t.display} selesai`);
  });

  it('transfers a ticket to another service, where it takes its place by arrival time', async () => {
    const page = await desk('Gerai 1', 'petugas01');
    const moving = await issue(KTP);
    const later = await issue(AKTA); // arrives after `moving`
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(moving.display);
    await page.keyboard.press('a');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type('akta kel');
    await page.keyboard.press('Enter');
    // The card says where it went.
    await expect.poll(() => lastAction(page).textContent()).toBe(`${moving.display} dialihkan ke Akta Kelahiran`);
    const moved = await ticket(moving.id);
    expect(moved.ticket).toMatchObject({ status: 'waiting', serviceId: AKTA, display: moving.display });
    // Ahead of the Akta ticket that arrived after it.
    expect(moved.peopleAhead).toBe(0);
    expect((await ticket(later.id)).peopleAhead).toBe(1);
    // And the queue beside the buttons says so.
    await expect.poll(() => page.locator(`tr[data-service="${AKTA}"]`).textContent()).toContain('2 menunggu');
  });

  it('does not call while the counter is on a break, and says why', async () => {
    const page = await desk('Gerai 2', 'petugas02');
    // Empty hands first (the transfer test's Akta tickets may be waiting for anyone).
    await waitEnabled(page, 'pause');
    await page.keyboard.press('i');
    await page.getByRole('dialog').waitFor();
    await page.getByRole('button', { name: /Salat/ }).click();
    await expect.poll(() => page.getByTestId('state-word').textContent()).toBe('Istirahat');
    expect(await page.getByTestId('pause-reason').textContent()).toBe('Alasan: Salat');
    await issue(KTP);
    expect(await button(page, 'call-next').isDisabled()).toBe(true);
    await page.keyboard.press('n');
    await expect.poll(() => page.getByTestId('message').textContent()).toContain('Gerai sedang istirahat');
    expect(await current(page).count()).toBe(0);
    // The hub refuses it too, whatever a screen would send.
    await page.keyboard.press('l');
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await current(page).waitFor();
    const called = (await current(page).textContent())!;
    await page.keyboard.press('s');
    await sent(page, `${called} selesai`);
  });

  it('recovers from a dropped connection by itself, without a reload', async () => {
    const page = await desk('Gerai 3', 'petugas03');
    const row = page.locator(`tr[data-service="${KK}"]`);
    const waitingNow = async () => Number(/(\d+) menunggu/.exec((await row.textContent()) ?? '')?.[1]);
    const before = await waitingNow();
    // A mark on this document: still there at the end means the page was never reloaded.
    await page.evaluate(() => ((window as unknown as { antreMark: number }).antreMark = 1));
    await hub.kill();
    await page.getByTestId('offline').waitFor();
    expect(await button(page, 'call-next').isDisabled()).toBe(true);
    await hub.restart();
    await page.getByTestId('offline').waitFor({ state: 'detached', timeout: 20_000 });
    await issue(KK);
    await expect.poll(waitingNow, { timeout: 10_000 }).toBe(before + 1);
    // The page was never reloaded: the same document still holds the login.
    expect(await page.evaluate(() => (window as unknown as { antreMark?: number }).antreMark)).toBe(1);
  }, 60_000);

  it.runIf(SCREENSHOTS)('takes the screenshots of the README', async () => {
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await desk('Gerai 1', 'petugas01', viewport);
      // A morning's queue: the waiting list beside the desk, priority tickets marked.
      for (const [service, group] of [[KTP], [KTP], [KK, 'lansia'], [KTP], [AKTA], [KK], [KTP, 'disabilitas'], [KK], [KTP], [AKTA, 'ibu_hamil'], [KTP], [KK]] as const) {
        await issue(service, group ?? null);
      }
      await waitEnabled(page, 'call-next');
      await page.keyboard.press('n');
      await current(page).waitFor();
      await page.keyboard.press('m');
      await page.getByTestId('service-time').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS!, `counter-${viewport.width}x${viewport.height}.png`) });
      const called = (await current(page).textContent())!;
      await page.keyboard.press('s');
      await sent(page, `${called} selesai`);
    }
  });
});
