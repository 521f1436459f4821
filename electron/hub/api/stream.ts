/**
 * The event stream over WebSocket. A client connects to /api/stream and says
 * `{"type":"hello","token":"…","since":<last seq it saw>,"seen":{"businessDate":…,"numbers":{"A":53}}}`;
 * the hub sends every event after `since`, then `{"type":"ready"}`, then live events. What the
 * client has seen goes to the history guard first: a client that has seen more than the hub
 * holds means the hub lost history, and numbering must move past it (../history.ts). Backlog and live events are joined in one
 * synchronous step (SQLite reads here are synchronous and events are published on the same
 * thread), so none is missed and none is sent twice.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { errorBody } from '../../../shared/errors.js';
import { StreamHello, type Event, type StreamServerMessage } from '../../../shared/protocol.js';
import type { Access, DeviceIdentity } from '../access.js';
import type { EventLog } from '../events.js';
import type { HistoryGuard } from '../history.js';
import { HubError } from '../hubError.js';

const HELLO_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
/** A client this far behind is too slow to keep up; it is dropped and resumes from its seq. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const BACKLOG_PAGE = 1000;

function send(socket: WebSocket, msg: StreamServerMessage): void {
  socket.send(JSON.stringify(msg));
}

/** A live event goes to every client as the same text: serialised once, not once per screen. */
const framed = new WeakMap<Event, string>();
function sendEvent(socket: WebSocket, e: Event): void {
  let text = framed.get(e);
  if (text === undefined) {
    text = JSON.stringify({ type: 'event', event: e } satisfies StreamServerMessage);
    framed.set(e, text);
  }
  socket.send(text);
}

function refuse(socket: WebSocket, err: unknown): void {
  const code = err instanceof HubError ? err.code : 'VALIDATION_FAILED';
  const body = errorBody(code);
  send(socket, { type: 'error', error: { code: body.error.code, message: body.error.message } });
  socket.close(4400 + (err instanceof HubError && err.status === 401 ? 1 : 0), code);
}

export interface StreamDeps {
  events: EventLog;
  /** records that a device was seen */
  access: Pick<Access, 'touch'>;
  /** hears what each client has seen, before the backlog is sent */
  history: Pick<HistoryGuard, 'reportSeen'>;
  /** who is on the other end: the hello's token, or the trusted local browser of demo mode */
  authenticate: (req: FastifyRequest, token: string | null) => DeviceIdentity;
}

export function registerStream(app: FastifyInstance, deps: StreamDeps): void {
  const { events, access } = deps;
  const clients = new Map<WebSocket, DeviceIdentity>();

  // A revoked device loses its live stream at once, not at its next reconnect.
  events.subscribe((e: Event) => {
    if (e.type !== 'device.revoked') return;
    for (const [socket, device] of clients) if (device.id === e.deviceId) socket.close(4401, 'DEVICE_REVOKED');
  });

  const heartbeat = setInterval(() => {
    for (const socket of clients.keys()) {
      const s = socket as WebSocket & { antreAlive?: boolean };
      if (s.antreAlive === false) {
        socket.terminate();
        continue;
      }
      s.antreAlive = false;
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    for (const socket of clients.keys()) socket.close(1001, 'hub stopping');
  });

  app.get('/api/stream', { websocket: true }, (socket: WebSocket, req: FastifyRequest) => {
    const timer = setTimeout(() => socket.close(4408, 'hello timeout'), HELLO_TIMEOUT_MS);
    let unsubscribe: (() => void) | null = null;
    (socket as WebSocket & { antreAlive?: boolean }).antreAlive = true;
    socket.on('pong', () => {
      (socket as WebSocket & { antreAlive?: boolean }).antreAlive = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      unsubscribe?.();
      clients.delete(socket);
    });
    socket.once('message', (raw) => {
      clearTimeout(timer);
      let hello: StreamHello;
      let device: DeviceIdentity;
      try {
        hello = StreamHello.parse(JSON.parse(String(raw)));
        device = deps.authenticate(req, hello.token ?? null);
      } catch (err) {
        refuse(socket, err);
        return;
      }
      clients.set(socket, device);
      // Before anything else: a kiosk that reconnects and issues at once must already get a
      // number past what it has seen. Cheap when the client has seen nothing new.
      deps.history.reportSeen({
        source: device.role,
        lastSeq: hello.since,
        ...(hello.seen ? { businessDate: hello.seen.businessDate, numbers: hello.seen.numbers } : {}),
      });
      // Backlog, then subscribe, with no await in between: nothing can slip through the gap.
      let seq = hello.since;
      for (;;) {
        const page = events.readSince(seq, BACKLOG_PAGE);
        for (const e of page) send(socket, { type: 'event', event: e });
        if (page.length < BACKLOG_PAGE) break;
        seq = page[page.length - 1]!.seq;
      }
      unsubscribe = events.subscribe((e) => {
        if (e.seq <= hello.since) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(4429, 'too slow');
          return;
        }
        sendEvent(socket, e);
      });
      send(socket, { type: 'ready', lastSeq: events.lastSeq() });
      if (device.id !== null) access.touch(device.id, null);
    });
  });
}
