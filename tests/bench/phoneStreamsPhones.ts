/**
 * The citizens' phones of tests/bench/phoneStreams.ts, in a process of their own: each holds the
 * ticket page's event stream (`GET /api/phone/:token/stream`, Server-Sent Events) over its own
 * socket from its own loopback address (127.1.x.y: one phone, one address, as on the visitor Wi-Fi),
 * and tells the parent when a ticket's view turns to `called` (at: the wall clock in ms, with the
 * sub-ms precision of performance.now(), comparable across processes on one machine).
 *
 * Parent → here: { kind: 'open', tokens } (answered { kind: 'opened', failed } once every new
 * stream has had its first view), { kind: 'close' } (every stream; answered { kind: 'closed' }).
 * Here → parent: { kind: 'called', id, at }.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const base = new URL(process.argv[2]!);
const now = () => performance.timeOrigin + performance.now();
let opened = 0;
const live = new Set<http.ClientRequest>();

function address(n: number): string {
  // 250 phones per /24, never .0 or .255.
  return `127.1.${Math.floor(n / 250)}.${1 + (n % 250)}`;
}

function open(token: string): Promise<boolean> {
  const id = Number(token.split('.')[0]);
  return new Promise((resolve) => {
    let first = true;
    let state = '';
    let buffer = '';
    const req = http.get(
      { host: base.hostname, port: base.port, path: `/api/phone/${token}/stream`, localAddress: address(opened++), agent: false, headers: { accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          live.delete(req);
          resolve(false);
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (!data || data === 'data: {}') continue;
            const view = JSON.parse(data.slice(6)) as { state: string };
            if (view.state === 'called' && state !== 'called') process.send!({ kind: 'called', id, at: now() });
            state = view.state;
            if (first) {
              first = false;
              resolve(true);
            }
          }
        });
        res.on('error', () => {});
      },
    );
    req.on('error', () => {
      live.delete(req);
      if (first) resolve(false);
    });
    live.add(req);
  });
}

process.on('message', (m: { kind: 'open'; tokens: string[] } | { kind: 'close' }) => {
  if (m.kind === 'open') {
    // Phones arrive a few at a time, not in one SYN flood.
    void (async () => {
      let failed = 0;
      for (let i = 0; i < m.tokens.length; i += 50) {
        const ok = await Promise.all(m.tokens.slice(i, i + 50).map(open));
        failed += ok.filter((o) => !o).length;
      }
      process.send!({ kind: 'opened', failed });
    })();
  } else {
    for (const req of live) req.destroy();
    live.clear();
    process.send!({ kind: 'closed' });
  }
});
