/**
 * The morning burst with the citizens' phones watching: 1,000 tickets (40% for one busy service,
 * KTP at Dukcapil, the rest across the other agencies' services), every one of them with its phone
 * page's event stream open (`GET /api/phone/:token/stream`), against the same hub with none open.
 *
 * - The hub is `npm run serve`'s (electron/hub/serve.ts, the demo MPP) in a process of its own
 *   (phoneStreamsHub.ts, which reports its CPU time and RSS), listening on 127.0.0.1.
 * - The phones are a process of their own (phoneStreamsPhones.ts), one socket and one loopback
 *   address each (127.1.x.y): the hub counts them as visitors (only 127.0.0.1 and ::1 are "this
 *   machine", api/connectionGuard.ts), so its per-address and total stream limits and its
 *   connection caps apply as to real phones. The global per-address rate limit is raised
 *   (ANTRE_RATE_LIMIT_PER_MINUTE) for the benchmark's own kiosk and counter on 127.0.0.1 only.
 * - Each ticket's token is the one its paper carries: the QR payload of
 *   `GET /api/tickets/:id/print-data` (what a kiosk with its own printer prints).
 * - Measured from this process over HTTP: issuing a ticket for the busy service, and call-next at
 *   Gerai 1 (Dukcapil, officer petugas01) with its answer, then the called ticket's phone getting
 *   its `called` view; the hub's CPU time per call-next (from before the request to after the
 *   phone has its view) and its RSS. Baseline ("no streams"): the same with no stream open except,
 *   for each call, the called ticket's own (a phone must listen to receive its call). Three rounds
 *   per side, interleaved, after a warm-up.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { tempDir } from '../fixtures/tempDir.js';
import { summary, type Row } from './rows.js';

const PHONES = Number(process.env.BENCH_PHONES ?? 1000);
const ISSUES = Number(process.env.BENCH_PHONE_ISSUES ?? 100);
const CALLS = Number(process.env.BENCH_PHONE_CALLS ?? 60);
const ROUNDS = 3;

const now = () => performance.timeOrigin + performance.now();
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

interface Stats {
  cpuMs: number;
  rssMb: number;
}

async function startHub(): Promise<{ url: string; stats: () => Promise<Stats>; dispose: () => Promise<void> }> {
  const data = tempDir('antre-bench-phones-');
  const child = fork(fileURLToPath(new URL('./phoneStreamsHub.ts', import.meta.url)), [], {
    cwd: repo('.'),
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ANTRE_DATA_DIR: data.dir,
      ANTRE_PORT: '0',
      ANTRE_HTTPS_PORT: '0',
      ANTRE_HOST: '127.0.0.1',
      ANTRE_DEMO: '1',
      ANTRE_MDNS: '0',
      ANTRE_BACKUP_MINUTES: '0',
      ANTRE_PRINTER_POLL_MS: '0',
      ANTRE_RENDERER_DIR: data.dir, // no pages: the API only
      ANTRE_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const dispose = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    data.remove();
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the hub did not start: ${stderr}`)), 60_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^ANTRE_HUB_READY port=(\d+)$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`the hub exited with ${code}: ${stderr}`)));
    });
    const stats = () =>
      new Promise<Stats>((resolve) => {
        child.once('message', (m) => {
          const { cpu, rss } = m as { cpu: NodeJS.CpuUsage; rss: number };
          resolve({ cpuMs: (cpu.user + cpu.system) / 1000, rssMb: rss / 2 ** 20 });
        });
        child.send('stats');
      });
    return { url: `http://127.0.0.1:${port}`, stats, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** The phones' process: open and close streams, and the `called` views as they arrive. */
function startPhones(hubUrl: string) {
  const child: ChildProcess = fork(fileURLToPath(new URL('./phoneStreamsPhones.ts', import.meta.url)), [hubUrl], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const called = new Map<number, number>();
  const waiters = new Map<number, (at: number) => void>();
  let reply: ((m: { kind: string; failed?: number }) => void) | null = null;
  child.on('message', (m: { kind: string; id?: number; at?: number; failed?: number }) => {
    if (m.kind === 'called') {
      const w = waiters.get(m.id!);
      if (w) {
        waiters.delete(m.id!);
        w(m.at!);
      } else called.set(m.id!, m.at!);
    } else reply?.(m);
  });
  const ask = (m: unknown) =>
    new Promise<{ kind: string; failed?: number }>((resolve) => {
      reply = resolve;
      child.send(m as object);
    });
  return {
    async open(tokens: string[]): Promise<void> {
      const r = await ask({ kind: 'open', tokens });
      if (r.failed) throw new Error(`${r.failed} of ${tokens.length} streams were refused`);
    },
    async close(): Promise<void> {
      await ask({ kind: 'close' });
    },
    /** when the phone of ticket `id` had its `called` view */
    calledAt(id: number): Promise<number> {
      const at = called.get(id);
      if (at !== undefined) {
        called.delete(id);
        return Promise.resolve(at);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`ticket ${id}'s phone never had its call`)), 30_000);
        waiters.set(id, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      });
    },
    dispose() {
      child.kill('SIGKILL');
    },
  };
}

export async function phoneStreams(rows: Row[]): Promise<void> {
  const hub = await startHub();
  let phones: ReturnType<typeof startPhones> | null = null;
  try {
    let session = '';
    const api = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
      const headers: Record<string, string> = session ? { 'x-antre-session': session } : {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${hub.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const json = (await res.json()) as T;
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    };
    type Svc = { id: number; name: string; open: boolean; dailyQuota: number | null };
    const catalogue = await api<{ agencies: { code: string; services: Svc[] }[] }>('GET', '/api/catalogue');
    const dukcapil = catalogue.agencies.find((a) => a.code === 'DUKCAPIL')!;
    const busy = dukcapil.services.find((s) => s.name === 'KTP Elektronik')!.id;
    // The rest of the hall: every other agency's open services without a quota (Dukcapil's other
    // services stay empty, so Gerai 1's next call is always the oldest KTP ticket).
    const others = catalogue.agencies.filter((a) => a !== dukcapil).flatMap((a) => a.services.filter((s) => s.open && s.dailyQuota === null).map((s) => s.id));

    console.log(`  issuing ${PHONES} tickets (${Math.round(PHONES * 0.4)} for KTP, the rest over ${others.length} services) and reading their QR payloads…`);
    let request = 0;
    const issue = async (serviceId: number) => (await api<{ ticket: { id: number } }>('POST', '/api/tickets', { serviceId, requestId: `bench-phones-${request++}` })).ticket.id;
    const tokens = new Map<number, string>();
    const busyQueue: number[] = [];
    for (let i = 0; i < PHONES; i++) {
      const serviceId = i % 5 < 2 ? busy : others[i % others.length]!;
      const id = await issue(serviceId);
      if (serviceId === busy) busyQueue.push(id);
      const print = await api<{ qrPayload: string | null }>('GET', `/api/tickets/${id}/print-data`);
      if (!print.qrPayload) throw new Error(`ticket ${id} has no QR on its paper`);
      tokens.set(id, new URL(print.qrPayload).pathname.split('/').at(-1)!);
    }

    session = (await api<{ sessionToken: string }>('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 })).sessionToken;
    phones = startPhones(hub.url);
    const p = phones;

    const timeIssues = async (n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await issue(busy);
        out.push(performance.now() - t0);
      }
      return out;
    };
    const timeCalls = async (n: number, ownStream: boolean) => {
      const answer: number[] = [];
      const phone: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < n; i++) {
        const expected = busyQueue.shift()!;
        if (ownStream) await p.open([tokens.get(expected)!]);
        const before = await hub.stats();
        const t0 = now();
        const called = await api<{ ticket: { id: number } | null }>('POST', '/api/counters/1/call-next', {});
        answer.push(now() - t0);
        if (called.ticket?.id !== expected) throw new Error(`Gerai 1 called ${called.ticket?.id}, not ticket ${expected}`);
        phone.push((await p.calledAt(expected)) - t0);
        cpu.push((await hub.stats()).cpuMs - before.cpuMs);
        if (ownStream) await p.close();
        await api('POST', '/api/counters/1/finish', {});
      }
      return { answer, phone, cpu };
    };

    console.log('  warming up…');
    await timeIssues(50);
    await timeCalls(10, true);

    const sides = { none: { issue: [] as number[], answer: [] as number[], phone: [] as number[], cpu: [] as number[], rss: [] as number[] }, streams: { issue: [] as number[], answer: [] as number[], phone: [] as number[], cpu: [] as number[], rss: [] as number[] } };
    const settle = () => new Promise((r) => setTimeout(r, 1000));
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of ['none', 'streams'] as const) {
        const s = sides[side];
        if (side === 'streams') {
          const t0 = performance.now();
          await p.open([...tokens.values()]);
          console.log(`  round ${round + 1}: ${tokens.size} streams open (${Math.round(performance.now() - t0)} ms)`);
        } else console.log(`  round ${round + 1}: no streams`);
        await settle();
        s.rss.push((await hub.stats()).rssMb);
        s.issue.push(...(await timeIssues(ISSUES)));
        const c = await timeCalls(CALLS, side === 'none');
        s.answer.push(...c.answer);
        s.phone.push(...c.phone);
        s.cpu.push(...c.cpu);
        if (side === 'streams') await p.close();
      }
    }

    const n = sides.none;
    const w = sides.streams;
    const median = (xs: number[]) => summary(xs).p50;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`  hub CPU per call-next: median ${median(w.cpu).toFixed(2)} ms (mean ${mean(w.cpu).toFixed(2)}) with the streams, ${median(n.cpu).toFixed(2)} ms (mean ${mean(n.cpu).toFixed(2)}) without`);
    console.log(`  hub RSS: ${w.rss.map((r) => r.toFixed(1)).join(', ')} MB with the streams, ${n.rss.map((r) => r.toFixed(1)).join(', ')} MB without`);
    const name = (what: string) => `${what}, ${PHONES.toLocaleString('en')} phones' streams open (40% on the busy service)`;
    const base = 'the same, no stream open';
    const baseCall = 'the same, only the called ticket’s stream open';
    for (const m of ['p50', 'p99'] as const) {
      rows.push({ name: name('Issue a ticket for the busy service over HTTP'), measure: m, value: summary(w.issue)[m], baseline: summary(n.issue)[m], baselineName: base, unit: 'ms', target: 1.5 });
    }
    for (const m of ['p50', 'p99'] as const) {
      rows.push({ name: name('Call next at a counter of the busy service, HTTP answer'), measure: m, value: summary(w.answer)[m], baseline: summary(n.answer)[m], baselineName: baseCall, unit: 'ms', target: 1.5 });
    }
    for (const m of ['p50', 'p99'] as const) {
      rows.push({ name: name('Call next → the called ticket’s phone has its `called` view'), measure: m, value: summary(w.phone)[m], baseline: summary(n.phone)[m], baselineName: baseCall, unit: 'ms', target: null });
    }
    rows.push({ name: name('Hub CPU time per call-next (until the called phone has its view)'), measure: 'median', value: median(w.cpu), baseline: median(n.cpu), baselineName: baseCall, unit: 'ms', target: null });
    rows.push({ name: name('Hub RSS'), measure: `after opening, mean of ${ROUNDS}`, value: mean(w.rss), baseline: mean(n.rss), baselineName: base, unit: 'MB', target: null });
  } finally {
    phones?.dispose();
    await hub.dispose();
  }
}
