/**
 * The event stream over WebSocket. A client connects to /api/stream and says
 * `{"type":"hello","token":"…","since":<last seq it saw>,"seen":{"businessDate":…,"numbers":{"A":53}}}`;
 * the hub sends every event after `since`, then `{"type":"ready"}`, then live events. What the
 * client has seen goes to the history guard first: a client that has seen more than the hub
 * holds means the hub lost history, and numbering must move past it (../history.ts). Backlog and live events are joined in one
 * synchronous step (SQLite reads here are synchronous and events are published on the same
 * thread), so none is missed and none is sent twice.
 *
 * A display paired for a zone receives only the events of that zone (../zoneScope.ts): the seqs
 * between are not missing, they were for elsewhere (the display follows with `sparse`).
 *
 * Limits (StreamLimits): a `since` too far back gets `{"type":"resync","lastSeq":…}` instead of
 * the backlog (the client takes a snapshot); a client that keeps sending after its hello is closed
 * with 1008; a client that does not read its events is closed with 4429.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { errorBody, type ErrorCode } from '../../../shared/errors.js';
import { StreamHello, type Event, type StreamServerMessage } from '../../../shared/protocol.js';
import type { Access, DeviceIdentity } from '../access.js';
import type { EventLog } from '../events.js';
import type { HistoryGuard } from '../history.js';
import { HubError } from '../hubError.js';
import { forScreens } from '../screenEvents.js';
import { PLAIN_DISPLAY_DEVICE } from './transportPolicy.js';

const HELLO_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
/** A client this far behind is too slow to keep up; it is dropped and resumes from its seq. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const BACKLOG_PAGE = 1000;

export interface StreamLimits {
  /**
   * The most events a hello replays. Further back (or before the latest business date in the log)
   * the client gets 'resync' and takes a snapshot: one `since=0` on a year's database replayed
   * a million events and stalled the hub for 18 s.
   */
  maxReplay: number;
  /**
   * After the hello a client has nothing to say (its liveness is WebSocket ping/pong, which is not
   * a message). A few messages are forgiven (a hello sent twice); beyond this many in
   * `budgetWindowMs`, or `budgetBytes`, the socket is closed with 1008: ten paired sockets
   * flooding 1.7 GB in 8 s took kiosk latency from 4 to 252 ms.
   */
  budgetMessages: number;
  budgetBytes: number;
  budgetWindowMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxReplay: 5000, budgetMessages: 20, budgetBytes: 64 * 1024, budgetWindowMs: 60_000 };

/** WebSocket close code of a client that broke the message budget (RFC 6455: policy violation). */
export const POLICY_VIOLATION = 1008;

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

function refuseWith(socket: WebSocket, code: ErrorCode, closeCode: number): void {
  const body = errorBody(code);
  send(socket, { type: 'error', error: { code: body.error.code, message: body.error.message } });
  socket.close(closeCode, code);
}

function refuse(socket: WebSocket, err: unknown): void {
  const code = err instanceof HubError ? err.code : 'VALIDATION_FAILED';
  refuseWith(socket, code, 4400 + (err instanceof HubError && err.status === 401 ? 1 : 0));
}

export interface StreamDeps {
  events: EventLog;
  /** records that a device was seen; which zone an event is in (a display paired for a zone receives only its own) */
  access: Pick<Access, 'touch' | 'zones'>;
  /** hears what each client has seen, before the backlog is sent */
  history: Pick<HistoryGuard, 'reportSeen'>;
  /** who is on the other end: the hello's token, or the trusted local browser of demo mode */
  authenticate: (req: FastifyRequest, token: string | null) => DeviceIdentity;
  limits?: Partial<StreamLimits>;
  log?: (line: string) => void;
}

/** Whether `since` is too far back to replay: the answer is a snapshot instead. */
function tooFarBack(events: EventLog, since: number, lastSeq: number, maxReplay: number): boolean {
  if (lastSeq - since > maxReplay) return true;
  if (since >= lastSeq) return false;
  // Two reads by primary key: the first event the client lacks and the newest one. A client that
  // lacks events of an earlier business date than the newest is a screen from another day.
  const first = events.readSince(since, 1)[0];
  const newest = events.readSince(lastSeq - 1, 1)[0];
  return first !== undefined && newest !== undefined && first.businessDate < newest.businessDate;
}

export function registerStream(app: FastifyInstance, deps: StreamDeps): void {
  const { events, access } = deps;
  const limits = { ...DEFAULT_STREAM_LIMITS, ...deps.limits };
  const log = deps.log ?? (() => {});
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

  /** Counts what a client sends after its hello; over the budget, the socket is closed. */
  const watchBudget = (socket: WebSocket, req: FastifyRequest, device: DeviceIdentity) => {
    let windowStart = performance.now();
    let messages = 0;
    let bytes = 0;
    const onMessage = (raw: Buffer | ArrayBuffer | Buffer[]) => {
      const now = performance.now();
      if (now - windowStart >= limits.budgetWindowMs) {
        windowStart = now;
        messages = 0;
        bytes = 0;
      }
      messages++;
      bytes += Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : raw instanceof ArrayBuffer ? raw.byteLength : raw.length;
      if (messages <= limits.budgetMessages && bytes <= limits.budgetBytes) return;
      socket.off('message', onMessage);
      log(`stream closed (${POLICY_VIOLATION}): device ${device.id ?? 'local'} (${device.role}) at ${req.socket.remoteAddress} sent ${messages} messages, ${bytes} bytes in under ${limits.budgetWindowMs / 1000} s`);
      refuseWith(socket, 'RATE_LIMITED', POLICY_VIOLATION);
      // A client that goes on sending after the close frame is not owed the closing handshake.
      setTimeout(() => socket.terminate(), 1000).unref();
    };
    socket.on('message', onMessage);
  };

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
      watchBudget(socket, req, device);
      // A display paired for a zone receives only that zone's calls and waiting (zoneScope.ts):
      // one map lookup per event. Every other client receives every event.
      const zoneId = device.role === 'display' ? (device.zoneId ?? null) : null;
      const wanted = zoneId === null ? () => true : (e: Event) => access.zones.sees(zoneId, e);
      // Before anything else: a kiosk that reconnects and issues at once must already get a
      // number past what it has seen. Cheap when the client has seen nothing new.
      // An anonymous plain-HTTP display (transportPolicy.ts) is anyone on the LAN: what it says it
      // has seen must not move the numbering or raise data_loss.
      if (device !== PLAIN_DISPLAY_DEVICE) {
        deps.history.reportSeen({
          source: device.role,
          lastSeq: hello.since,
          ...(hello.seen ? { businessDate: hello.seen.businessDate, numbers: hello.seen.numbers } : {}),
        });
      }
      // Backlog (or a resync), then subscribe, with no await in between: nothing can slip through the gap.
      const lastSeq = events.lastSeq();
      let from = hello.since;
      if (tooFarBack(events, hello.since, lastSeq, limits.maxReplay)) {
        send(socket, { type: 'resync', lastSeq });
        from = lastSeq;
      } else {
        let seq = hello.since;
        for (;;) {
          const page = events.readSince(seq, BACKLOG_PAGE);
          for (const e of page) if (wanted(e)) send(socket, { type: 'event', event: forScreens(e) });
          if (page.length < BACKLOG_PAGE) break;
          seq = page[page.length - 1]!.seq;
        }
      }
      unsubscribe = events.subscribe((e) => {
        if (e.seq <= from || !wanted(e)) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(4429, 'too slow');
          return;
        }
        sendEvent(socket, forScreens(e));
      });
      send(socket, { type: 'ready', lastSeq: events.lastSeq() });
      if (device.id !== null) access.touch(device.id, null);
    });
  });
}
