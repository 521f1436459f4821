/**
 * The hub's CPU time per ticket event with 4 kiosk pages connected against none. The hub runs as
 * `npm run serve` runs it, in a process of its own (servedHub.ts), and reports its own
 * `process.cpuUsage()`. Tickets are issued through the API from this process, one at a time, as
 * they come in a hall: after each, the kiosks get the event and react (whatever they fetch); the
 * next ticket waits until every kiosk page has received a stream frame since the issue and none has
 * had a request open or started for `settleMs`. The baseline issues the same tickets, at the same
 * pace, with no page open. The kiosks are headless Chromium pages of /kiosk, each in a context of
 * its own (four machines), trusted as the demo trusts this machine's browsers.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../fixtures/browser.js';
import { summary, type Row } from './rows.js';
import { startServedHub, type BenchHub } from './servedHub.js';

const KIOSKS = 4;
const WARMUP = 30;
const ROUNDS = 2;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A kiosk page and what it is doing on the network. */
interface Kiosk {
  context: BrowserContext;
  page: Page;
  frames: number;
  inFlight: number;
  lastActivity: number;
  /** the paths of the HTTP requests it made, with how many times */
  requests: Map<string, number>;
}

async function openKiosk(browser: Browser, url: string): Promise<Kiosk> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'id-ID' });
  const page = await context.newPage();
  const k: Kiosk = { context, page, frames: 0, inFlight: 0, lastActivity: performance.now(), requests: new Map() };
  const touch = () => (k.lastActivity = performance.now());
  page.on('websocket', (ws) =>
    ws.on('framereceived', () => {
      k.frames++;
      touch();
    }),
  );
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    k.requests.set(path, (k.requests.get(path) ?? 0) + 1);
    k.inFlight++;
    touch();
  });
  const done = () => {
    k.inFlight--;
    touch();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('pageerror', (e) => console.error(`  kiosk page error: ${e.message}`));
  await page.goto(`${url}/kiosk`);
  await page.locator('.tile.agency').first().waitFor();
  return k;
}

/** Every kiosk has had a frame since `before` and the network of all of them has been quiet for `quietMs`. */
async function settle(kiosks: Kiosk[], before: number[], quietMs: number): Promise<void> {
  if (kiosks.length === 0) return sleep(quietMs);
  const deadline = performance.now() + 30_000;
  for (;;) {
    const now = performance.now();
    if (kiosks.every((k, i) => k.frames > before[i]! && k.inFlight === 0 && now - k.lastActivity >= quietMs)) return;
    if (now > deadline) throw new Error(`the kiosks did not settle: ${kiosks.map((k, i) => `${k.frames - before[i]!} frames, ${k.inFlight} requests open`).join('; ')}`);
    await sleep(5);
  }
}

/** Until the hub has spent under 1 ms of CPU in half a second: its start (JIT, GC) is not counted. */
async function hubAtRest(hub: BenchHub): Promise<void> {
  const deadline = performance.now() + 20_000;
  let last = await hub.cpuMs();
  while (performance.now() < deadline) {
    await sleep(500);
    const now = await hub.cpuMs();
    if (now - last < 1) return;
    last = now;
  }
}

export async function kioskCpu(rows: Row[], rendererDir: string, tickets: number, settleMs: number): Promise<void> {
  // No printer status polling: the hub's own timers would add the same to both sides, as noise.
  const hub = await startServedHub(rendererDir, { ANTRE_PRINTER_POLL_MS: '0' });
  const browser = await launchChromium();
  try {
    const catalogue = (await (await fetch(`${hub.url}/api/catalogue`)).json()) as {
      agencies: { services: { id: number; unavailableReason: string | null; dailyQuota: number | null }[] }[];
    };
    // Open services without a daily quota, spread so that no queue grows long.
    const services = catalogue.agencies.flatMap((a) => a.services).filter((s) => s.unavailableReason === null && s.dailyQuota === null).map((s) => s.id);
    let n = 0;
    const issue = async () => {
      const res = await fetch(`${hub.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: services[n % services.length], requestId: `bench-cpu-${n++}-xxxx` }),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`issuing a ticket answered ${res.status}`);
    };
    /** The hub's CPU time of each ticket: from before its issue until the kiosks have settled. */
    const run = async (h: BenchHub, kiosks: Kiosk[], count: number): Promise<number[]> => {
      const one = async () => {
        const before = kiosks.map((k) => k.frames);
        await issue();
        await settle(kiosks, before, settleMs);
      };
      for (let i = 0; i < WARMUP; i++) await one();
      await hubAtRest(h);
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const cpu0 = await h.cpuMs();
        await one();
        out.push((await h.cpuMs()) - cpu0);
      }
      return out;
    };

    // The hub's code paths compiled (JIT) before anything is counted, back to back.
    for (let i = 0; i < 300; i++) await issue();
    const none: number[] = [];
    const four: number[] = [];
    const perRound = Math.ceil(tickets / ROUNDS);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (let r = 0; r < ROUNDS; r++) {
      const n0 = await run(hub, [], perRound);
      const kiosks = await Promise.all(Array.from({ length: KIOSKS }, () => openKiosk(browser, hub.url)));
      await settle(kiosks, kiosks.map(() => -1), settleMs);
      for (const k of kiosks) k.requests.clear();
      const k4 = await run(hub, kiosks, perRound);
      if (r === 0) {
        const asked = new Map<string, number>();
        for (const k of kiosks) for (const [path, n] of k.requests) asked.set(path, (asked.get(path) ?? 0) + n);
        const each = [...asked].map(([path, n]) => `${path} ${(n / KIOSKS / (perRound + WARMUP)).toFixed(2)}`).join(', ');
        console.log(`  requests per kiosk per ticket: ${each || 'none'}`);
      }
      for (const k of kiosks) await k.context.close();
      console.log(
        `  round ${r + 1}, ms per ticket: without kiosks p50 ${summary(n0).p50.toFixed(3)} mean ${mean(n0).toFixed(3)}; ` +
          `with ${KIOSKS} p50 ${summary(k4).p50.toFixed(3)} mean ${mean(k4).toFixed(3)}`,
      );
      none.push(...n0);
      four.push(...k4);
    }
    const name = `Hub CPU time per ticket event, ${KIOSKS} kiosk pages connected (issue + the kiosks' reactions)`;
    const baselineName = 'the same tickets with no kiosk connected';
    // The median is the row's figure: a garbage collection or a compilation on V8's threads now and
    // then adds 30-100 ms to one ticket, on either side; the mean, with them, is shown below it.
    rows.push({ name, measure: `p50 of ${none.length.toLocaleString('en')}`, value: summary(four).p50, baseline: summary(none).p50, baselineName, unit: 'ms', target: 1.3 });
    rows.push({ name, measure: 'mean', value: mean(four), baseline: mean(none), baselineName, unit: 'ms', target: null });
  } finally {
    await browser.close();
    await hub.dispose();
  }
}
