/**
 * The hall, in a process of its own (as the screens are machines of their own): 10 displays and
 * 64 more stream clients connected to the hub, one counter calling. Run by callToDisplays in
 * run.ts through fork(); it sends back the samples.
 *
 *   call      POST call-next → every display has the `ticket.called` event
 *   answer    POST call-next → the counter has the HTTP answer (same requests as `call`)
 *   echo      one raw `ws` echo round trip to a bare WebSocketServer in the hub's process
 *   bare      POST to a bare Fastify route in the hub's process (one durable INSERT, then the
 *             same kind of event text broadcast with raw `ws` to its own 74 clients) → every one
 *             of its 10 "displays" has it; one such request after each real call, so that a
 *             noisy moment hits both
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface HallTask {
  hubUrl: string;
  echoUrl: string;
  /** the bare Fastify + `ws` server: POST `${bareUrl}/call`, WebSocket on `${bareUrl}` */
  bareUrl: string;
  session: string;
  since: number;
  rounds: number;
  warmup: number;
}

export interface HallResult {
  call: number[];
  answer: number[];
  echo: number[];
  bare: number[];
}

interface Display {
  nextCall: () => Promise<void>;
  close: () => void;
}

/** A stream client; a display resolves `nextCall()` at the next `ticket.called` event. */
function connect(hubUrl: string, since: number): Promise<Display> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(hubUrl.replace('http', 'ws') + '/api/stream');
    let waiter: (() => void) | null = null;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', since })));
    ws.on('error', reject);
    ws.on('message', (m) => {
      const text = String(m);
      if (text.startsWith('{"type":"ready"')) resolve({ nextCall: () => new Promise<void>((r) => (waiter = r)), close: () => ws.close() });
      // A display would parse every event; the test for the one it waits for is enough here.
      else if (waiter && text.includes('"type":"ticket.called"')) {
        waiter();
        waiter = null;
      }
    });
  });
}

/** A client of the bare server; a display resolves `next()` at its next message. */
function connectBare(url: string): Promise<{ next: () => Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws'));
    let waiter: (() => void) | null = null;
    ws.on('open', () => resolve({ next: () => new Promise<void>((r) => (waiter = r)), close: () => ws.close() }));
    ws.on('error', reject);
    ws.on('message', (m) => {
      // The same test of the text as a display of the hub's stream above.
      if (waiter && String(m).includes('"type":"ticket.called"')) {
        waiter();
        waiter = null;
      }
    });
  });
}

async function run(task: HallTask): Promise<HallResult> {
  const displays = await Promise.all(Array.from({ length: 10 }, () => connect(task.hubUrl, task.since)));
  const others = await Promise.all(Array.from({ length: 64 }, () => connect(task.hubUrl, task.since)));
  const bareDisplays = await Promise.all(Array.from({ length: 10 }, () => connectBare(task.bareUrl)));
  const bareOthers = await Promise.all(Array.from({ length: 64 }, () => connectBare(task.bareUrl)));
  const post = async (path: string, body: unknown, base = task.hubUrl) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-antre-session': task.session }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`${path} answered ${res.status}`);
  };
  const result: HallResult = { call: [], answer: [], echo: [], bare: [] };
  for (let i = 0; i < task.rounds + task.warmup; i++) {
    await post('/api/tickets', { serviceId: 1, requestId: `ws-bench-${i}-xxxx` });
    const heard = Promise.all(displays.map((d) => d.nextCall()));
    const t0 = performance.now();
    await post('/api/counters/1/call-next', {});
    const answered = performance.now() - t0;
    await heard;
    const all = performance.now() - t0;
    if (i >= task.warmup) {
      result.answer.push(answered);
      result.call.push(all);
    }
    await post('/api/counters/1/finish', {});

    const bareHeard = Promise.all(bareDisplays.map((d) => d.next()));
    const b0 = performance.now();
    await post('/call', { counterId: 1 }, task.bareUrl);
    await bareHeard;
    if (i >= task.warmup) result.bare.push(performance.now() - b0);
  }
  const echo = new WebSocket(task.echoUrl);
  await new Promise((r) => echo.on('open', r));
  for (let i = 0; i < task.rounds + task.warmup; i++) {
    const t0 = performance.now();
    await new Promise<void>((r) => {
      echo.once('message', () => r());
      echo.send(`ping ${i}`);
    });
    if (i >= task.warmup) result.echo.push(performance.now() - t0);
  }
  echo.close();
  for (const c of [...displays, ...others, ...bareDisplays, ...bareOthers]) c.close();
  return result;
}

process.once('message', (task: HallTask) => {
  run(task).then(
    (r) => process.send!(r, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
