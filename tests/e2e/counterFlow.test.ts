/**
 * The officer's desk of issue 20, in headless Chromium against the hub as `npm run serve` starts
 * it: what comes next and who waits (in the order "Panggil berikutnya" calls them, a priority
 * ticket marked), a call from that list, undo of a finish and a no-show, cancel and reprint, a
 * word and a colour per state, N while holding a ticket, one word for a counter (Gerai or Loket)
 * with the counter's own label, a chooser that finds any of 40 counters, and a layout that fits
 * 1366x768 with a long waiting list. Each test names what it guards; each fails on the desk before
 * issue 20 (no waiting list, no undo, no cancel or reprint button, "Loket #1", 18 counters seen).
 *
 * Each test works at counters of its own agency (officer petugasNN works at Gerai NN), so the
 * tickets of one never reach another's list.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PINS } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { layoutProblems } from '../fixtures/layout.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

interface Service {
  id: number;
  name: string;
  prefix: string;
}

describe.skipIf(skipScreens)('the officer’s desk (issue 20)', () => {
  let hub: ServedHub;
  let browser: Browser;
  let adminSession: string;
  const contexts: BrowserContext[] = [];
  const services = new Map<string, Service[]>();
  let n = 0;

  const api = async (method: string, path: string, body?: unknown, session?: string) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session) headers['x-antre-session'] = session;
    const res = await fetch(`${hub.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  async function issue(service: Service, priorityGroup: string | null = null): Promise<{ id: number; display: string }> {
    const r = await api('POST', '/api/tickets', { serviceId: service.id, priorityGroup, requestId: `counter-flow-${n++}` });
    expect(r.status).toBe(201);
    return r.json.ticket;
  }
  const ticket = async (id: number) => (await api('GET', `/api/tickets/${id}`)).json.ticket;
  const officer = (gerai: number) => `petugas${String(gerai).padStart(2, '0')}`;

  /** A counter PC: chooses its counter once (by searching), then its officer logs in. */
  async function desk(gerai: number, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'id-ID' });
    contexts.push(context);
    // Time flows as usual; a test moves it past an undo window instead of waiting it out.
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${hub.url}/counter`);
    await page.getByRole('searchbox').fill(`Gerai ${gerai}`);
    await page.locator('.counter-list button').filter({ has: page.locator('strong', { hasText: new RegExp(`^Gerai ${gerai}$`) }) }).click();
    await page.fill('input[name=username]', officer(gerai));
    await page.fill('input[name=pin]', DEMO_PINS.officer.pin);
    await page.click('button[type=submit]');
    await page.locator('.desk .dot.live').waitFor();
    return page;
  }
  const stateWord = (page: Page) => page.getByTestId('state-word').textContent();
  const current = (page: Page) => page.getByTestId('current-number');
  const button = (page: Page, action: string) => page.locator(`.buttons button[data-action="${action}"]`);
  const waitEnabled = (page: Page, action: string) => expect.poll(() => button(page, action).isEnabled()).toBe(true);
  const listed = (page: Page) => page.getByTestId('waiting-list').locator('li[data-ticket]');
  const listedNumbers = (page: Page) => listed(page).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-ticket')));
  const lastAction = (page: Page) => page.getByTestId('last-action');

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
    adminSession = (await api('POST', '/api/sessions', { username: DEMO_PINS.admin.username, pin: DEMO_PINS.admin.pin })).json.sessionToken;
    const catalogue = (await api('GET', '/api/catalogue')).json;
    for (const a of catalogue.agencies) services.set(a.code, a.services.filter((s: { open: boolean }) => s.open));
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('lists who waits in the order "Panggil berikutnya" calls them, a priority ticket marked first, and calls one from the list', async () => {
    // Guards: no "next" preview and no waiting list; a disability-priority ticket invisible to the officer.
    const [skck] = services.get('POLRES')!;
    const r1 = await issue(skck!);
    const r2 = await issue(skck!);
    const elderly = await issue(skck!, 'lansia');
    const disabled = await issue(skck!, 'disabilitas');
    const page = await desk(5);
    // The default policy (1 priority call, then 2 regular) on a fresh counter: the elderly first.
    await expect.poll(() => listedNumbers(page)).toEqual([elderly.display, r1.display, r2.display, disabled.display]);
    const first = listed(page).first();
    expect(await first.getAttribute('data-priority')).toBe('lansia');
    expect(await first.textContent()).toContain('Lansia');
    expect(await first.textContent()).toContain('berikutnya');
    expect(await listed(page).nth(3).textContent()).toContain('Penyandang disabilitas');
    expect(await page.getByTestId('waiting-total').textContent()).toBe('4 menunggu');
    // The main button and the card say who comes next.
    expect(await page.getByTestId('next-on-button').textContent()).toBe(`${elderly.display} · ${skck!.name} · Lansia`);
    expect(await page.getByTestId('next-preview').textContent()).toContain(elderly.display);

    // "Panggil" on the disability ticket, fourth in line, calls that one.
    await listed(page).nth(3).getByRole('button', { name: 'Panggil' }).click();
    await expect.poll(() => current(page).textContent()).toBe(disabled.display);
    expect(await ticket(disabled.id)).toMatchObject({ status: 'called', counterId: 5 });
    await expect.poll(() => listedNumbers(page)).toEqual([elderly.display, r1.display, r2.display]);

    // N while holding a ticket says why nothing happens (it used to do nothing at all).
    await page.keyboard.press('n');
    await expect.poll(() => page.getByTestId('message').textContent()).toBe(
      `${disabled.display} masih dipanggil. Tekan S (selesai), T (tidak hadir) atau A (alihkan) dulu, lalu panggil berikutnya.`,
    );
    expect(await current(page).textContent()).toBe(disabled.display);

    // Finished, then N: the finish goes first, then the call, and the call is the list's first.
    await page.keyboard.press('s');
    await page.getByTestId('undo').waitFor();
    const expected = (await listedNumbers(page))[0];
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(expected);
    expect(expected).toBe(elderly.display);
    expect((await ticket(disabled.id)).status).toBe('done');
    expect(await lastAction(page).count()).toBe(0);
    // The next the list shows is again what call-next gives.
    await page.keyboard.press('s');
    await page.clock.fastForward(5000);
    await expect.poll(() => lastAction(page).textContent()).toBe(`${elderly.display} selesai`);
    const next = (await listedNumbers(page))[0];
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(next);
  });

  it('holds a finish and a no-show for a few seconds with "Urungkan", and sends them when the time is up or the officer goes on', async () => {
    // Guards: S and T acted at once, with no way back.
    const [npwp] = services.get('KPP')!;
    const a = await issue(npwp!);
    const b = await issue(npwp!);
    const page = await desk(7);
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(a.display);

    // Finish, then undo: the hub never hears of it, the ticket stays called here.
    await page.keyboard.press('s');
    expect(await stateWord(page)).toBe('Selesai');
    await expect.poll(() => page.getByTestId('undo').textContent()).toMatch(/^Urungkan \([1-5]\)/);
    await page.getByTestId('undo').click();
    await expect.poll(() => stateWord(page)).toBe('Dipanggil');
    expect(await page.getByTestId('toast').textContent()).toBe(`Selesai diurungkan: ${a.display} tetap di sini`);
    await page.clock.fastForward(6000);
    // Still held by the hub: it can be started (a finish sent meanwhile would make it refuse).
    await waitEnabled(page, 'start');
    await page.keyboard.press('m');
    await expect.poll(() => stateWord(page)).toBe('Dilayani');
    expect((await ticket(a.id)).status).toBe('serving');

    // Finish without undo: sent once the window is over.
    await page.keyboard.press('s');
    expect((await ticket(a.id)).status).toBe('serving');
    await page.clock.fastForward(5000);
    await expect.poll(async () => (await ticket(a.id)).status).toBe('done');
    await expect.poll(() => lastAction(page).textContent()).toBe(`${a.display} selesai`);
    expect(await stateWord(page)).toBe('Siap');

    // A no-show, taken back with Esc; then again, and "Panggil berikutnya" sends it first.
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(b.display);
    await page.keyboard.press('t');
    expect(await stateWord(page)).toBe('Tidak hadir');
    await page.keyboard.press('Escape');
    await expect.poll(() => stateWord(page)).toBe('Dipanggil');
    await page.keyboard.press('t');
    await page.getByTestId('undo').waitFor();
    await page.keyboard.press('i'); // a break: the no-show goes first
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => stateWord(page)).toBe('Istirahat');
    expect((await ticket(b.id)).status).toBe('no_show');
    await page.getByTestId('skipped').locator('li', { hasText: b.display }).waitFor();

    // A finish held when the page goes away (closed, reloaded, another address) still reaches the hub.
    const c = await issue(npwp!);
    await page.keyboard.press('l');
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(c.display);
    await page.keyboard.press('s');
    await page.getByTestId('undo').waitFor();
    await page.goto('about:blank');
    await expect.poll(async () => (await ticket(c.id)).status).toBe('done');
  });

  it('cancels the ticket in hand with a reason and reprints it', async () => {
    // Guards: no cancel or reprint button although the API has both.
    const [jkn] = services.get('BPJSKES')!;
    const t = await issue(jkn!);
    const page = await desk(9);
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await expect.poll(() => current(page).textContent()).toBe(t.display);
    const printed = (await ticket(t.id)).printCount;
    await button(page, 'reprint').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toBe(`${t.display} dicetak ulang`);
    expect((await ticket(t.id)).printCount).toBe(printed + 1);

    await page.keyboard.press('b');
    const dialog = page.getByRole('dialog', { name: `Batalkan tiket ${t.display}` });
    await dialog.waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => lastAction(page).textContent()).toBe(`${t.display} dibatalkan`);
    expect(await ticket(t.id)).toMatchObject({ status: 'cancelled', closeReason: 'Warga sudah pergi' });
  });

  it('shows each state in its own word and colour, the break with its reason and "Lanjut"', async () => {
    // Guards: "Dipanggil" and "Sedang dilayani" differed by a 15 px label; a break barely showed.
    const [jht] = services.get('BPJSTK')!;
    const t = await issue(jht!);
    const page = await desk(11);
    const colours = new Map<string, string>();
    const seen = async (word: string) => {
      await expect.poll(() => stateWord(page)).toBe(word);
      colours.set(word, await page.getByTestId('current-ticket').evaluate((el) => getComputedStyle(el).backgroundColor));
    };
    await seen('Siap');
    await waitEnabled(page, 'call-next');
    await page.keyboard.press('n');
    await seen('Dipanggil');
    await page.keyboard.press('m');
    await seen('Dilayani');
    await page.keyboard.press('s');
    await seen('Selesai');
    await page.clock.fastForward(5000);
    await expect.poll(() => lastAction(page).textContent()).toBe(`${t.display} selesai`);
    // The break's reasons answer to their number keys.
    await waitEnabled(page, 'pause');
    await page.keyboard.press('i');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('2');
    await seen('Istirahat');
    expect(await page.getByTestId('pause-reason').textContent()).toBe('Alasan: Salat');
    const resume = page.getByTestId('current-ticket').getByRole('button', { name: /Lanjut/ });
    await expect.poll(() => resume.isEnabled()).toBe(true);
    await resume.click();
    await seen('Siap');
    // The officer logged out from elsewhere: this desk says the counter is closed.
    const other = (await api('POST', '/api/sessions', { username: officer(11), pin: DEMO_PINS.officer.pin, counterId: 11 })).json.sessionToken;
    await api('DELETE', '/api/sessions/current', undefined, other);
    await seen('Tutup');
    expect(new Set(colours.values()).size).toBe(6);
  });

  it('fits 1366x768 and 1920x1080 with 30 tickets waiting, no element cut or overlapping', async () => {
    // Guards: the desk's layout with a long waiting list, measured from the DOM's boxes.
    const bpn = services.get('BPN')!;
    for (let i = 0; i < 30; i++) await issue(bpn[i % bpn.length]!, i % 5 === 2 ? 'disabilitas' : i % 7 === 3 ? 'ibu_hamil' : null);
    const page = await desk(13);
    await expect.poll(() => page.getByTestId('waiting-total').textContent()).toBe('30 menunggu');
    const check = async (what: string) => expect({ what, problems: await layoutProblems(page, { root: '.desk', minTarget: 32 }) }).toEqual({ what, problems: [] });
    await check('ready at 1366x768');
    await page.keyboard.press('n');
    await current(page).waitFor();
    await check('called at 1366x768');
    await page.keyboard.press('s');
    await page.getByTestId('undo').waitFor();
    await check('finish held at 1366x768');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await check('finish held at 1920x1080');
    await page.clock.fastForward(5000);
    await lastAction(page).waitFor();
    await check('ready at 1920x1080');
  });

  it('says the site’s word and the counter’s own label, and finds any of 40 counters by search', async () => {
    // Guards: login said "Loket #1" (an internal id) while the header said "Gerai 1"; the chooser cut off gerai 19+.
    const catalogue = (await api('GET', '/api/catalogue')).json;
    const disnaker = catalogue.agencies.find((a: { code: string }) => a.code === 'DISNAKER');
    const existing = (await api('GET', '/api/counters')).json.length;
    for (let i = existing + 1; i <= 40; i++) {
      const r = await api('POST', '/api/admin/counters', { label: `Gerai ${i}`, agencyId: disnaker.id, zone: 'Lantai 2', serviceIds: disnaker.services.map((s: { id: number }) => s.id) }, adminSession);
      expect(r.status).toBe(201);
    }
    expect((await api('PUT', '/api/admin/settings', { counterWord: 'Loket' }, adminSession)).status).toBe(200);
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${hub.url}/counter`);
      await page.getByRole('heading', { name: 'Pilih loket untuk komputer ini' }).waitFor();
      const list = page.locator('.counter-list button');
      await expect.poll(() => list.count()).toBe(40);
      expect(await page.getByTestId('counter-count').textContent()).toBe('40 loket');
      // Every one reachable: the last scrolls into the list's view.
      const last = list.filter({ has: page.locator('strong', { hasText: /^Gerai 40$/ }) });
      await last.scrollIntoViewIfNeeded();
      const [box, frame] = [await last.boundingBox(), await page.getByTestId('counter-list').boundingBox()];
      expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);
      expect(await layoutProblems(page, { root: '.choose', minTarget: 32 })).toEqual([]);
      // The search finds one.
      await page.getByRole('searchbox').fill('gerai 25');
      await expect.poll(() => list.count()).toBe(1);
      await list.click();
      // The login names the counter by its label, and the site's word everywhere else.
      await expect.poll(() => page.getByTestId('counter-label').textContent()).toBe('Gerai 25');
      expect(await page.locator('.login').textContent()).not.toContain('#');
      await page.getByRole('button', { name: 'Ganti loket' }).waitFor();
      expect(await page.getByTestId('login-state').textContent()).toBe('Tutup');
      await page.fill('input[name=username]', officer(25));
      await page.fill('input[name=pin]', DEMO_PINS.officer.pin);
      await page.click('button[type=submit]');
      await page.locator('.desk .dot.live').waitFor();
      // The label fills in once the desk has loaded the counter list ('…' before).
      await expect.poll(() => page.getByTestId('desk-label').textContent()).toBe('Gerai 25');
      await page.getByRole('heading', { name: 'Antrean loket ini' }).waitFor();
      expect(await page.getByTestId('today-counter').textContent()).toMatch(/^Loket ini hari ini: /);
    } finally {
      await api('PUT', '/api/admin/settings', { counterWord: 'Gerai' }, adminSession);
    }
  });
});
