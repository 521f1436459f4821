/**
 * 08:00 at a real MPP, in headless Chromium against the hub as `npm run serve` starts it: 14 gerai
 * press "Panggil" at once. Every call is on the hall display within a second of its counter's
 * answer (whatever the voice is doing), all 14 are said within 40 s (the issue's bound, read from
 * the display's voice log), a call whose ticket is transferred before its turn is dropped rather
 * than said, a Lantai 2 display says only Lantai 2's calls, and a reload shows the latest calls.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue, DisplayState } from '../../shared/protocol.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

/** What the voice log says: utterances (with their tickets and times) and the calls dropped. */
interface VoiceLine {
  tickets: string[];
  done: boolean;
  ended: number;
  dropped: string | null;
}

/** In the page: when each ticket's element was first visible on the screen (the page's clock, epoch ms). */
function watchTickets(): void {
  const seen: Record<string, number> = {};
  (window as unknown as { antreSeen: Record<string, number> }).antreSeen = seen;
  const look = () => {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-ticket]'))) {
      const ticket = el.getAttribute('data-ticket')!;
      if (seen[ticket] !== undefined) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
      if (inView && style.visibility !== 'hidden' && Number(style.opacity) > 0) seen[ticket] = Date.now();
    }
  };
  look();
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

describe.skipIf(skipScreens)('a burst of calls at the hall display', () => {
  let hub: ServedHub;
  let browser: Browser;
  const pages: Page[] = [];
  let n = 0;

  const json = async (method: string, path: string, body?: unknown, session?: string) => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { 'x-antre-session': session } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const answer = (await res.json()) as any;
    expect(res.status, `${method} ${path}: ${JSON.stringify(answer)}`).toBeLessThan(300);
    return answer;
  };

  async function openDisplay(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    pages.push(page);
    await page.goto(`${hub.url}/display${query}`);
    await page.getByTestId('clock').waitFor();
    await page.waitForFunction(() => document.querySelector('footer .offline') === null);
    return page;
  }
  const voiceLog = (page: Page): Promise<VoiceLine[]> =>
    page
      .getByTestId('voice-log')
      .locator('li')
      .evaluateAll((els) =>
        els.map((e) => ({
          tickets: (e.getAttribute('data-tickets') ?? '').split(','),
          done: e.getAttribute('data-done') === 'yes',
          ended: Number(e.getAttribute('data-ended')),
          dropped: e.getAttribute('data-dropped'),
        })),
      );
  const saidTickets = async (page: Page) => (await voiceLog(page)).filter((l) => !l.dropped && l.done).flatMap((l) => l.tickets);

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  }, 60_000);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('shows 14 calls made at once within a second each, says them all within 40 s, drops the one transferred, keeps Lantai 2 to its own', async () => {
    const state = (await json('GET', '/api/display/state')) as DisplayState;
    const catalogue = (await json('GET', '/api/catalogue')) as Catalogue;
    const serviceOf = (counterId: number) => catalogue.agencies.find((a) => a.id === state.counters.find((c) => c.id === counterId)!.agencyId)!.services.find((s) => s.open)!.id;
    const zoneOf = (counterId: number) => state.counters.find((c) => c.id === counterId)!.zone;
    // Gerai 1–14 (12 on Lantai 1, 13 and 14 on Lantai 2), and Gerai 17 whose call will be transferred.
    const burst = Array.from({ length: 14 }, (_, i) => i + 1);
    const late = 17;
    expect(burst.filter((c) => zoneOf(c) === 'Lantai 2')).toEqual([13, 14]);
    expect(zoneOf(late)).toBe('Lantai 1');
    const sessions = new Map<number, string>();
    for (const c of [...burst, late]) {
      await json('POST', '/api/tickets', { serviceId: serviceOf(c), requestId: `burst-e2e-${n++}` });
      sessions.set(c, (await json('POST', '/api/sessions', { username: `petugas${String(c).padStart(2, '0')}`, pin: '1234', counterId: c })).sessionToken);
    }

    const hall = await openDisplay();
    const upstairs = await openDisplay('?zone=Lantai%202');
    await hall.evaluate(watchTickets);

    // The 14 presses, at once.
    const start = Date.now();
    const calls = await Promise.all(
      burst.map(async (counterId) => {
        const r = await json('POST', `/api/counters/${counterId}/call-next`, {}, sessions.get(counterId));
        return { counterId, ticket: r.ticket.display as string, answeredAt: Date.now() };
      }),
    );
    // Then one more, transferred to another service by its officer while the voice is still busy with the burst.
    const moved = (await json('POST', `/api/counters/${late}/call-next`, {}, sessions.get(late))).ticket.display as string;
    const elsewhere = catalogue.agencies.flatMap((a) => a.services).find((s) => s.open && s.id !== serviceOf(late))!.id;
    await json('POST', `/api/counters/${late}/transfer`, { serviceId: elsewhere }, sessions.get(late));

    // On screen: each call within a second of its counter's answer (the page's clock, the same machine's).
    const tickets = calls.map((c) => c.ticket);
    await hall.waitForFunction((ts) => ts.every((t) => (window as unknown as { antreSeen: Record<string, number> }).antreSeen[t] !== undefined), tickets, { timeout: 10_000 });
    const seen = await hall.evaluate(() => (window as unknown as { antreSeen: Record<string, number> }).antreSeen);
    for (const c of calls) expect(seen[c.ticket]! - c.answeredAt, `${c.ticket} at Gerai ${c.counterId}`).toBeLessThanOrEqual(1_000);

    // Said: all 14, each once, the last word within 40 s of the presses (the voice log's hub times).
    await expect.poll(async () => [...(await saidTickets(hall))].sort(), { timeout: 60_000, interval: 500 }).toEqual([...tickets].sort());
    const log = await voiceLog(hall);
    const lastEnded = Math.max(...log.filter((l) => !l.dropped && l.tickets.some((t) => tickets.includes(t))).map((l) => l.ended));
    expect(lastEnded - start).toBeLessThanOrEqual(40_000);
    // In few breaths, not one chime per call.
    expect(log.filter((l) => !l.dropped && l.tickets.some((t) => tickets.includes(t))).length).toBeLessThanOrEqual(7);

    // The transferred ticket: dropped before its turn, never said.
    expect(log.filter((l) => l.dropped && l.tickets.includes(moved)).map((l) => l.dropped)).toEqual(['transferred']);
    expect(log.some((l) => !l.dropped && l.tickets.includes(moved))).toBe(false);

    // Lantai 2 says its own two calls, and nothing of Lantai 1's.
    const own = calls.filter((c) => zoneOf(c.counterId) === 'Lantai 2').map((c) => c.ticket);
    await expect.poll(async () => [...(await saidTickets(upstairs))].sort(), { timeout: 20_000 }).toEqual([...own].sort());
    const heardUpstairs = (await voiceLog(upstairs)).flatMap((l) => l.tickets);
    for (const c of [...calls.filter((x) => zoneOf(x.counterId) === 'Lantai 1').map((x) => x.ticket), moved]) expect(heardUpstairs).not.toContain(c);
  }, 120_000);

  it('after a reload shows the latest calls in the big area', async () => {
    const hall = pages[0]!;
    await hall.reload();
    await hall.getByTestId('clock').waitFor();
    const state = (await json('GET', '/api/display/state')) as DisplayState;
    const latest = state.latestCalls.slice(0, state.settings.bigCalls).map((c) => c.display);
    expect(latest).toHaveLength(state.settings.bigCalls);
    await expect.poll(() => hall.getByTestId('big-call').evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')))).toEqual(latest);
    // And nothing is said again: the calls were said before the reload.
    expect(await hall.getByTestId('voice-log').locator('li[data-form]').count()).toBe(0);
  });
});
