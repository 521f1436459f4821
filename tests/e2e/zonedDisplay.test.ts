/**
 * A display paired for Lantai 2, in headless Chromium against the hub as `npm run serve` starts
 * it: its zone comes from the hub (the page's URL names none), it shows and speaks Lantai 2's call
 * and never Lantai 1's, while a whole-hall display beside it shows both.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utteranceWords } from '../../shared/announcement.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

describe.skipIf(skipScreens)('a display paired for a zone', () => {
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

  /** What the hub's database says of the demo's floors (read-only, beside the running hub). */
  function floors() {
    const db = new Database(join(hub.dataDir, 'antre.sqlite3'), { readonly: true });
    try {
      const zone = db.prepare(`SELECT id FROM zones WHERE name = 'Lantai 2'`).pluck().get() as number;
      const counter = (zoneName: string) =>
        db
          .prepare(
            `SELECT c.id, c.label, (SELECT service_id FROM counter_services WHERE counter_id = c.id ORDER BY rank LIMIT 1) AS serviceId
             FROM counters c JOIN zones z ON z.id = c.zone_id WHERE z.name = ? ORDER BY c.id LIMIT 1`,
          )
          .get(zoneName) as { id: number; label: string; serviceId: number };
      return { zone, below: counter('Lantai 1'), above: counter('Lantai 2') };
    } finally {
      db.close();
    }
  }

  async function issue(c: { serviceId: number }): Promise<void> {
    await json('POST', '/api/tickets', { serviceId: c.serviceId, requestId: `zoned-e2e-${n++}` });
  }
  const sessions = new Map<number, string>();
  /** The officer logs in at the counter once (petugasNN works at Gerai NN, in the demo). */
  async function open(c: { id: number; label: string }): Promise<string> {
    if (!sessions.has(c.id)) {
      sessions.set(c.id, (await json('POST', '/api/sessions', { username: `petugas${c.label.replace('Gerai ', '').padStart(2, '0')}`, pin: '1234', counterId: c.id })).sessionToken);
    }
    return sessions.get(c.id)!;
  }
  const held = new Set<number>();
  /** A call at the counter; the ticket stays called (a finished one is no longer said), the counter's previous one finished first. */
  async function callAt(c: { id: number; label: string; serviceId: number }, issued = false): Promise<string> {
    if (!issued) await issue(c);
    const session = await open(c);
    if (held.has(c.id)) await json('POST', `/api/counters/${c.id}/finish`, {}, session);
    const r = await json('POST', `/api/counters/${c.id}/call-next`, {}, session);
    held.add(c.id);
    return r.ticket.display as string;
  }
  /** What the display said (its utterances, not the calls it dropped). */
  const said = (page: Page) => page.getByTestId('voice-log').locator('li[data-form]').allTextContents();

  async function openDisplay(device?: { token: string; deviceId: number }): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    pages.push(page);
    if (device) {
      await page.addInitScript((d) => {
        localStorage.setItem('antre.deviceToken', d.token);
        localStorage.setItem('antre.deviceId', String(d.deviceId));
      }, device);
    }
    await page.goto(`${hub.url}/display`);
    await page.getByTestId('clock').waitFor();
    await page.waitForFunction(() => document.querySelector('footer .offline') === null);
    return page;
  }

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  }, 60_000);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('shows and speaks Lantai 2’s call only, its zone named by the hub; the whole hall shows both', async () => {
    const { zone, below, above } = floors();
    const supervisor = (await json('POST', '/api/sessions', { username: 'supervisor', pin: '135790' })).sessionToken;
    const code = await json('POST', '/api/admin/pairing-codes', { role: 'display', name: 'Layar Lantai 2', zoneId: zone }, supervisor);
    const paired = await json('POST', '/api/pair', { code: code.code });
    expect(paired.zoneId).toBe(zone);

    const upstairs = await openDisplay({ token: paired.token, deviceId: paired.deviceId });
    const hall = await openDisplay();
    expect(await upstairs.getByTestId('display-zone').textContent()).toContain('Lantai 2');

    // Lantai 2's ticket, then Lantai 1's call, then Lantai 2's: the Lantai 2 display's stream
    // skips the seqs of Lantai 1, and the call that follows the skip must still be said.
    await open(above);
    await issue(above);
    const first = await callAt(below);
    const second = await callAt(above, true);
    await upstairs.getByTestId('now-number').getByText(second, { exact: true }).waitFor();
    // Each call once on the display, in the big area or the list of the others.
    await hall.locator(`[data-ticket="${first}"]`).waitFor();
    await hall.locator(`[data-ticket="${second}"]`).waitFor();
    const settings = (await json('GET', '/api/display/state')).settings;
    const words = utteranceWords([{ ticket: second, counter: above.label }], 'full', settings).join(' ');
    await expect.poll(() => said(upstairs)).toEqual([words]);

    // Another Lantai 1 call: the hall shows it, Lantai 2 keeps its own.
    const third = await callAt(below);
    await hall.getByTestId('now-number').getByText(third, { exact: true }).waitFor();
    expect(await upstairs.getByTestId('now-number').textContent()).toContain(second);
    const shown = await upstairs.locator('[data-ticket]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')));
    expect(shown).toContain(second);
    expect(shown).not.toContain(first);
    expect(shown).not.toContain(third);
    expect(await said(upstairs)).toEqual([words]);
  });
});
