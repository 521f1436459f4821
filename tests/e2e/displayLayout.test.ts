/**
 * The hall display with a real MPP's load, in headless Chromium against the hub as `npm run
 * serve` starts it: the real-size workbook (tests/fixtures/realMpp.ts: 30 agencies, 112 services,
 * 5 zones, 40 counters) with 4-character prefixes and two counters renamed longer (one to the
 * 40 characters the master data allows), imported by the hub's own import; a call at each of
 * the 40 counters (two of them numbered past 1000, a few called again), agencies with up to
 * four-digit waiting counts. At 1920x1080, 1280x720 and 960x540, read from the DOM's boxes:
 * no text overflows its box, no box leaves its container, no text is smaller than 5% of the
 * screen's height, and every call (its ticket and its whole counter name) and every agency is
 * on screen on some page of the rotation. A live call and its recall are shown at once, and a
 * reload shows the same big calls.
 *
 * Exempt from the checks, on purpose: the hidden voice log (data-testid="voice-log", for tests,
 * never shown) and, from the overflow check only, the running text of the footer (it scrolls
 * through its strip by design; its size is checked like the rest).
 *
 * Seeded before the hub starts (serveHub's `prepare`, the hub's own code on the data directory)
 * rather than over the API: forty officers' logins would meet the login rate limit, and a
 * thousand tickets over HTTP would only slow the file down. With ANTRE_SCREENSHOTS=1 it saves
 * docs/screenshots/display-hall-1920x1080.png and display-hall-1280x720.png for the README.
 */
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/hub/core.js';
import { MasterImport } from '../../electron/hub/masterImport.js';
import { businessDate } from '../../shared/businessDate.js';
import { MASTER_COLUMNS } from '../../shared/masterData.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { ManualClock } from '../fixtures/clock.js';
import { writeRealMpp } from '../fixtures/realMpp.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';
import { tempDir } from '../fixtures/tempDir.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 960, height: 540 },
] as const;
/** the floor, as a share of the screen's height */
const FLOOR = 0.05;
const PAGE_SECONDS = 8;
/** counters (workbook order, 0-based) whose call is made again */
const RECALLED = [4, 12, 33];
/** the second Dukcapil counter, under a longer name an MPP might give it */
const LONG_LABEL = { index: 30, label: 'Loket Dukcapil 2' };
/** a counter under the longest name the master data allows (40 characters): it wraps, uncut */
const LONGEST_LABEL = { index: 20, label: 'Loket Pelayanan Terpadu Satu Pintu No 21' };

/** "3B" → "W03B": four characters, W being the widest capital (the widest case, honestly). */
const fourCharacters = (prefix: string) => `W${prefix.slice(0, -1).padStart(2, '0')}${prefix.slice(-1)}`;

/** The real-size workbook, every agency open round the clock, with 4-character prefixes. */
async function workbook(dir: string): Promise<string> {
  const codes = (await writeRealMpp(join(dir, 'probe.xlsx'))).agencies.map((a) => a.code);
  const path = join(dir, 'mpp.xlsx');
  await writeRealMpp(path, { allDay: codes });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const prefix = MASTER_COLUMNS.Layanan.indexOf('Prefiks') + 1;
  const services = wb.getWorksheet('Layanan')!;
  services.eachRow((row, n) => {
    if (n > 1) row.getCell(prefix).value = fourCharacters(String(row.getCell(prefix).value));
  });
  // Dukcapil's first service without its daily quota: it gives more than a thousand tickets.
  services.getRow(2).getCell(MASTER_COLUMNS.Layanan.indexOf('Kuota harian') + 1).value = '';
  for (const { index, label } of [LONG_LABEL, LONGEST_LABEL]) wb.getWorksheet('Loket')!.getRow(index + 2).getCell(MASTER_COLUMNS.Loket.indexOf('Label') + 1).value = label;
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

/**
 * The MPP's morning so far, written by the hub's own code before it starts: the workbook
 * imported, tickets issued (1001 for Dukcapil's first service), then one call at each counter,
 * 20 s apart, ending a few minutes ago. Loket 1 and Loket Dukcapil 2 call tickets 1000 and 1001
 * by hand (as an officer picks a ticket from the waiting list).
 */
async function seed(dataDir: string, file: string): Promise<void> {
  // The morning must lie within today's business day in the site's zone: a run shortly after
  // midnight WIB seeded yesterday's day, which the hub closed at start (no calls on the display).
  // So it takes at most the time since midnight, its 20-second steps shortened to fit.
  const now = Date.now();
  const midnight = Date.parse(`${businessDate(now, 'Asia/Jakarta')}T00:00:00+07:00`);
  if (now - midnight < 60_000) await new Promise((r) => setTimeout(r, midnight + 60_000 - now));
  const span = Math.min(20 * 60_000, Date.now() - midnight - 30_000);
  const step = Math.min(20_000, Math.floor(span / 50));
  const start = Date.now() - span;
  const clock = new ManualClock(start);
  const core = openCore({ dataDir, clock, hubLog: { info: () => {}, warn: () => {}, error: () => {} } });
  try {
    core.master.setSite({ name: 'Mal Pelayanan Publik Kabupaten Banjarnegara', address: 'Jl. Dipayuda 1', timeZone: 'Asia/Jakarta', ticketHeader: '', ticketFooter: '' });
    await new MasterImport(core.master).apply({ xlsx: readFileSync(file).toString('base64') }, {});
    const db = core.db;
    const counters = db.prepare('SELECT id, label FROM counters ORDER BY id').all() as { id: number; label: string }[];
    const first = (counterId: number) => db.prepare('SELECT service_id FROM counter_services WHERE counter_id = ? ORDER BY rank LIMIT 1').pluck().get(counterId) as number;
    const agencyServices = db.prepare('SELECT MIN(id) FROM services GROUP BY agency_id ORDER BY agency_id').pluck().all() as number[];
    // One commit for the whole morning: the same operations, without a disk flush each.
    core.events.transaction(() => {
      let n = 0;
      const issue = (serviceId: number) => core.engine.issue({ serviceId, requestId: `seed-${n++}` }).ticket;
      // Waiting per agency, from none to a few dozen; Dukcapil's first service past a thousand.
      const dukcapil = first(counters[0]!.id);
      const big = Array.from({ length: 1001 }, () => issue(dukcapil));
      agencyServices.forEach((serviceId, i) => {
        for (let k = 0; k < (i * 13) % 41; k++) issue(serviceId);
      });
      for (const c of counters) issue(first(c.id));
      clock.advance(3 * step);

      const order = counters.map((_, i) => i).filter((i) => i !== 33 && i !== LONG_LABEL.index && i !== 39);
      // The last three (the big area): a recall, a four-digit number under a long name, and one more.
      order.push(33, LONG_LABEL.index, 39);
      for (const i of order) {
        const c = counters[i]!;
        core.engine.openCounter(c.id, {});
        if (i === 0) core.engine.callTicket(c.id, big[999]!.id, {});
        else if (i === LONG_LABEL.index) core.engine.callTicket(c.id, big[1000]!.id, {});
        else core.engine.callNext(c.id, {});
        if (RECALLED.includes(i)) core.engine.recall(c.id, {});
        clock.advance(step);
      }
    });
  } finally {
    core.close();
  }
}

/** What is wrong on the screen as shown now, read from the DOM's boxes. */
function audit(page: Page) {
  return page.evaluate((floorShare) => {
    const problems: string[] = [];
    const root = document.querySelector<HTMLElement>('.display')!;
    const floor = window.innerHeight * floorShare;
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const inside = (a: DOMRect, b: DOMRect) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
    const exemptFromOverflow = (el: Element) => el.closest('.marquee') !== null;
    const screen = new DOMRect(0, 0, window.innerWidth, window.innerHeight);
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
      if (el.closest('[data-testid="voice-log"]') || el.closest('svg') !== null && el.tagName.toLowerCase() !== 'svg' || !shown(el)) continue;
      const box = el.getBoundingClientRect();
      // Every box inside its container's box and on the screen.
      if (!exemptFromOverflow(el)) {
        if (!inside(box, screen)) problems.push(`off the screen: ${name(el)}`);
        const parent = el.parentElement;
        if (el !== root && parent && !inside(box, parent.getBoundingClientRect())) problems.push(`outside its container: ${name(el)} in ${name(parent)}`);
      }
      const text = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
      if (!text.length) continue;
      const style = getComputedStyle(el);
      if (parseFloat(style.fontSize) < floor - 0.01) problems.push(`below the floor (${style.fontSize} < ${floor}px): ${name(el)}`);
      if (exemptFromOverflow(el)) continue;
      // Its text inside its own box, and inside every box around it up to the screen.
      if (style.display !== 'inline' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
        problems.push(`overflows (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}): ${name(el)}`);
      }
      for (const node of text) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        for (let up: Element | null = el; up && up !== root.parentElement; up = up.parentElement) {
          if (!inside(r, up.getBoundingClientRect())) {
            problems.push(`text cut by ${name(up)}: "${node.textContent}"`);
            break;
          }
        }
      }
    }
    // What is readable now: calls (ticket, counter id, the counter's name as written) and agencies.
    const calls = Array.from(root.querySelectorAll('[data-ticket]'))
      .filter(shown)
      .map((el) => ({
        ticket: el.getAttribute('data-ticket')!,
        counterId: Number(el.getAttribute('data-counter')),
        number: (el.querySelector('[data-testid="now-number"], .ticket')?.textContent ?? '').trim(),
        // the lines the ticket number takes (one: a number is never broken)
        numberLines: (() => {
          const range = document.createRange();
          range.selectNodeContents(document.createTreeWalker(el.querySelector('[data-testid="now-number"], .ticket')!, NodeFilter.SHOW_TEXT).nextNode()!);
          return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
        })(),
        label: (el.querySelector('[data-testid="now-counter"], .where')?.textContent ?? '').trim(),
        big: el.getAttribute('data-testid') === 'big-call',
        recall: el.getAttribute('data-recall') === 'yes',
        recallWords: (el.textContent ?? '').includes('Panggilan ulang'),
      }));
    const agencies = Array.from(root.querySelectorAll('[data-testid="waiting"] [data-agency]')).filter(shown).map((el) => (el.textContent ?? '').trim());
    const pagers = Array.from(root.querySelectorAll('.pager')).map((el) => (el.textContent ?? '').trim());
    return { problems, calls, agencies, pagers };
  }, FLOOR);
}

describe.skipIf(skipScreens)('the hall display with a real MPP', () => {
  const tmp = tempDir('antre-display-layout-');
  let hub: ServedHub;
  let browser: Browser;
  const pages = new Map<number, Page>();
  let expected: { latestCalls: any[]; waitingPerAgency: any[] };

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
  const bigArea = (page: Page) =>
    page.getByTestId('big-call').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-ticket')}@${e.getAttribute('data-counter')}${e.getAttribute('data-recall') === 'yes' ? ' (ulang)' : ''}`));

  beforeAll(async () => {
    const file = await workbook(tmp.dir);
    hub = await serveHub({ ANTRE_DEMO_SEED: '0' }, (dataDir) => seed(dataDir, file));
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    expected = await json('GET', '/api/display/state');
  }, 90_000);
  afterAll(async () => {
    for (const p of pages.values()) await p.close();
    await browser?.close();
    await hub?.dispose();
    tmp.remove();
  });

  it('has the hall the test means: 40 calls, 4-character prefixes, 4-digit numbers, recalls, 30 agencies', () => {
    const calls = expected.latestCalls;
    expect(calls).toHaveLength(40);
    expect(expected.waitingPerAgency).toHaveLength(30);
    expect(calls.every((c) => /^W\d\d[A-D]-\d{3,4}$/.test(c.display))).toBe(true);
    expect(calls.filter((c) => /-\d{4}$/.test(c.display)).map((c) => c.counterLabel).sort()).toEqual(['Loket 1', LONG_LABEL.label]);
    expect(calls.filter((c) => c.recall)).toHaveLength(RECALLED.length);
    expect(calls.map((c) => c.counterLabel)).toContain(LONGEST_LABEL.label);
    expect(LONGEST_LABEL.label).toHaveLength(40);
    expect(Math.max(...expected.waitingPerAgency.map((a) => a.waiting))).toBeGreaterThanOrEqual(1000);
  });

  for (const size of SIZES) {
    // The smallest is opened at the largest and then resized (a TV browser that reports its
    // size late): what it shows must follow.
    const resized = size === SIZES[SIZES.length - 1];
    it(`at ${size.width}x${size.height}${resized ? ' (resized from 1920x1080)' : ''}: nothing cut or overflowing, nothing below the floor, every call and agency on some page`, async () => {
      const page = await browser.newPage({ viewport: resized ? SIZES[0] : size });
      pages.set(size.width, page);
      // The page's own clock, moved by hand: the pages turn without the test waiting for them.
      await page.clock.install();
      await page.goto(`${hub.url}/display`);
      await page.getByTestId('clock').waitFor();
      await expect.poll(() => page.getByTestId('big-call').count()).toBe(3);
      if (resized) {
        await expect.poll(async () => (await audit(page)).problems).toEqual([]);
        await page.setViewportSize(size);
        await expect.poll(async () => (await audit(page)).problems, { timeout: 5_000 }).toEqual([]);
      }

      type Seen = Awaited<ReturnType<typeof audit>>['calls'][number];
      const seenCalls = new Map<string, Seen>();
      const seenAgencies = new Set<string>();
      // Each turn moves every paged panel on by one page: as many turns as the longest has pages.
      for (let turn = 0; ; turn++) {
        const now = await audit(page);
        expect(now.problems, `${size.width}x${size.height}, turn ${turn}`).toEqual([]);
        for (const c of now.calls) seenCalls.set(`${c.ticket}@${c.counterId}`, c);
        for (const a of now.agencies) seenAgencies.add(a);
        const counts = now.pagers.map((p) => Number(p.split('/')[1]));
        if (turn === 0) expect(now.pagers, 'the calls and the waiting are both on pages, each starting at the first').toEqual([`1/${counts[0]}`, `1/${counts[1]}`]);
        if (turn + 1 >= Math.max(...counts)) break;
        await page.clock.fastForward(PAGE_SECONDS * 1000);
        await expect.poll(async () => (await audit(page)).pagers.join()).not.toBe(now.pagers.join());
      }
      // The page's clock back to the hub's: what follows (a live call's highlight) is on time.
      await page.clock.setSystemTime(Date.now());

      // Every call readable somewhere: its ticket and its whole counter name, recalls marked.
      for (const c of expected.latestCalls) {
        const shown = seenCalls.get(`${c.display}@${c.counterId}`);
        expect(shown, `${c.display} at ${c.counterLabel}`).toBeDefined();
        expect(shown!.number).toBe(c.display);
        expect(shown!.numberLines, c.display).toBe(1);
        expect(shown!.label).toBe(c.counterLabel);
      }
      expect(seenCalls.size).toBe(40);
      // The big area: the latest three, a recall among them with the words said.
      const big = [...seenCalls.values()].filter((c) => c.big);
      expect(big).toHaveLength(3);
      expect(big.filter((c) => c.recall && c.recallWords)).toHaveLength(1);
      expect([...seenAgencies].sort()).toEqual(expected.waitingPerAgency.map((a) => `${a.shortName}${a.waiting}`).sort());
    });
  }

  it('shows a live call and its recall at once, and the same big calls after a reload', async () => {
    const pin = /admin pertama \/ first admin: username admin, PIN (\d+)/.exec(hub.output())![1]!;
    const counter = expected.latestCalls.find((c) => c.counterLabel === 'Loket 2');
    const session = (await json('POST', '/api/sessions', { username: 'admin', pin, counterId: counter.counterId })).sessionToken;
    await json('POST', `/api/counters/${counter.counterId}/finish`, {}, session);
    const called = (await json('POST', `/api/counters/${counter.counterId}/call-next`, {}, session)).ticket.display as string;
    await json('POST', `/api/counters/${counter.counterId}/recall`, {}, session);

    const page = pages.get(1920)!;
    const first = page.getByTestId('big-call').first();
    await expect.poll(() => first.getAttribute('data-ticket')).toBe(called);
    await expect.poll(() => first.getAttribute('data-recall')).toBe('yes');
    expect(await first.textContent()).toContain('Panggilan ulang');
    await expect.poll(() => first.getAttribute('data-fresh')).toBe('yes');
    const before = await bigArea(page);
    expect(before).toHaveLength(3);
    expect((await audit(page)).problems).toEqual([]);
    if (SCREENSHOTS) {
      await page.screenshot({ path: join(SCREENSHOTS, 'display-hall-1920x1080.png') });
      const smaller = pages.get(1280)!;
      await expect.poll(() => smaller.getByTestId('big-call').first().getAttribute('data-ticket')).toBe(called);
      await smaller.screenshot({ path: join(SCREENSHOTS, 'display-hall-1280x720.png') });
    }

    await page.reload();
    await page.getByTestId('clock').waitFor();
    await expect.poll(() => bigArea(page)).toEqual(before);
    expect(await page.getByText('Selamat datang', { exact: true }).count()).toBe(0);
  });
});
