/**
 * Limits every client of the LAN API, before any byte is parsed. The hub shares its network with
 * the public visitor Wi-Fi: one laptop holding 24,000 idle sockets used up the hub's file
 * descriptors and every kiosk got "socket hang up". So:
 * - timeouts (Node's http server): an idle socket, a request line or headers that trickle in, a
 *   body that never ends and an idle keep-alive connection are all closed;
 * - caps, counted on the server's 'connection' event and enforced at once (the socket is
 *   destroyed before Node parses anything): per source address, and a global one whose last part
 *   is kept for addresses that presented a valid device token recently (kiosks, counters and
 *   displays still connect while a visitor holds every unreserved slot).
 * WebSocket streams are not cut by the timeouts: `ws` clears the socket's idle timeout on upgrade,
 * Node stops the header and request clocks once a request is complete, and the stream has its
 * own ping/pong liveness (stream.ts).
 */
import type { Server as NetServer, Socket } from 'node:net';

export interface ConnectionLimits {
  /** open connections, all addresses together */
  maxConnections: number;
  /** of `maxConnections`, how many only addresses of paired devices may use */
  reservedForPaired: number;
  /** open connections from one address (a counter PC with the app and a browser needs a handful) */
  perAddress: number;
  /** how long an address counts as paired after it last presented a valid device token */
  pairedForMs: number;
  /** the whole request line and headers must arrive within this (slow-header attacks) */
  headersTimeoutMs: number;
  /** the whole request, body included, must arrive within this */
  requestTimeoutMs: number;
  /** a socket with no traffic either way for this long is closed */
  idleTimeoutMs: number;
  /** an idle keep-alive connection between two requests is closed after this */
  keepAliveTimeoutMs: number;
  /** how often Node looks for requests past their header or request timeout */
  checkIntervalMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 2000,
  reservedForPaired: 500,
  perAddress: 64,
  pairedForMs: 24 * 60 * 60_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  // Long enough for the slowest answer the hub computes (a year's report), short enough that an
  // abandoned socket is soon given back.
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 10_000,
  checkIntervalMs: 1_000,
};

export function connectionLimits(partial?: Partial<ConnectionLimits>): ConnectionLimits {
  const l = { ...DEFAULT_CONNECTION_LIMITS, ...partial };
  // Node refuses a header timeout longer than the request timeout.
  if (l.headersTimeoutMs > l.requestTimeoutMs) l.requestTimeoutMs = l.headersTimeoutMs;
  return l;
}

/**
 * The options of Node's http (or https) server that only its constructor takes: Fastify's `http`
 * option, or the options of an https listener.
 */
export function nodeServerOptions(l: ConnectionLimits): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return { headersTimeout: l.headersTimeoutMs, requestTimeout: l.requestTimeoutMs, connectionsCheckingInterval: l.checkIntervalMs };
}

/** Fastify's own options for the same timeouts (it sets them on the server it creates). */
export function fastifyTimeoutOptions(l: ConnectionLimits): { connectionTimeout: number; keepAliveTimeout: number; requestTimeout: number } {
  return { connectionTimeout: l.idleTimeoutMs, keepAliveTimeout: l.keepAliveTimeoutMs, requestTimeout: l.requestTimeoutMs };
}

/** IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d; one address, one count. */
function addressOf(socket: Socket): string {
  const a = socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** The hub machine itself (the Electron shell's windows, the demo's browser) is never a visitor. */
function isLoopbackHost(address: string): boolean {
  return address === '127.0.0.1' || address === '::1';
}

/** Paired addresses remembered at most; the oldest is forgotten first. */
const PAIRED_KEPT = 4096;
const LOG_EVERY_MS = 60_000;

const guardOfSocket = new WeakMap<Socket, ConnectionGuard>();
/** a connection's deadline for its first request's headers, until they have come */
const firstRequestDeadline = new WeakMap<Socket, ReturnType<typeof setTimeout>>();

/**
 * Called where a device token was accepted (route.ts `authenticate`): the address it came from
 * may use the reserved connections for a day.
 */
export function notePairedSocket(socket: Socket | undefined): void {
  if (!socket) return;
  guardOfSocket.get(socket)?.notePaired(addressOf(socket));
}

export interface GuardStats {
  open: number;
  refusedPerAddress: number;
  refusedGlobal: number;
}

export class ConnectionGuard {
  private readonly open = new Map<string, number>();
  private total = 0;
  /** address → when (monotonic ms) it last presented a valid device token */
  private readonly paired = new Map<string, number>();
  private refusedPerAddress = 0;
  private refusedGlobal = 0;
  private lastLog = -Infinity;
  private refusedSinceLog = 0;

  constructor(
    readonly limits: ConnectionLimits,
    private readonly log: (line: string) => void = () => {},
    // Monotonic: a PC clock set back or forward must not make an address paired or unpaired.
    private readonly now: () => number = () => performance.now(),
  ) {}

  notePaired(address: string): void {
    this.paired.delete(address);
    this.paired.set(address, this.now());
    if (this.paired.size > PAIRED_KEPT) this.paired.delete(this.paired.keys().next().value!);
  }

  isPaired(address: string): boolean {
    if (isLoopbackHost(address)) return true;
    const at = this.paired.get(address);
    return at !== undefined && this.now() - at <= this.limits.pairedForMs;
  }

  stats(): GuardStats {
    return { open: this.total, refusedPerAddress: this.refusedPerAddress, refusedGlobal: this.refusedGlobal };
  }

  /**
   * Counts and caps every connection the server accepts, and gives each one `headersTimeoutMs` to
   * complete its first request's headers. Node's own header timeout only starts with the first
   * byte, and its idle timeout did not close a socket that never sent one (measured on Node 20:
   * an idle socket outlived `connectionTimeout` once a header timeout was set), so a connection
   * that says nothing is closed here.
   */
  attach(server: NetServer): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
    const answered = (req: { socket: Socket }) => {
      const t = firstRequestDeadline.get(req.socket);
      if (t) clearTimeout(t);
      firstRequestDeadline.delete(req.socket);
    };
    server.on('request', answered);
    server.on('upgrade', answered);
  }

  private admit(socket: Socket): void {
    const address = addressOf(socket);
    const mine = this.open.get(address) ?? 0;
    let refused: 'address' | 'global' | null = null;
    if (mine >= this.limits.perAddress) refused = 'address';
    else if (this.total >= this.limits.maxConnections) refused = 'global';
    else if (this.total >= this.limits.maxConnections - this.limits.reservedForPaired && !this.isPaired(address)) refused = 'global';
    if (refused) {
      if (refused === 'address') this.refusedPerAddress++;
      else this.refusedGlobal++;
      this.noteRefused(address, refused);
      // At once and without an answer: an answer is work and bytes spent on the attacker.
      socket.destroy();
      return;
    }
    this.open.set(address, mine + 1);
    this.total++;
    guardOfSocket.set(socket, this);
    const deadline = setTimeout(() => socket.destroy(), this.limits.headersTimeoutMs);
    deadline.unref();
    firstRequestDeadline.set(socket, deadline);
    socket.once('close', () => {
      clearTimeout(deadline);
      this.total--;
      const n = (this.open.get(address) ?? 1) - 1;
      if (n <= 0) this.open.delete(address);
      else this.open.set(address, n);
    });
  }

  /** One line a minute at most: a flood of refusals must not become a flood of log lines. */
  private noteRefused(address: string, why: 'address' | 'global'): void {
    this.refusedSinceLog++;
    const now = this.now();
    if (now - this.lastLog < LOG_EVERY_MS) return;
    this.lastLog = now;
    const cap = why === 'address' ? `${this.limits.perAddress} per address` : `${this.limits.maxConnections} in all (${this.limits.reservedForPaired} kept for paired devices)`;
    this.log(`connections refused: ${this.refusedSinceLog} in the last minute, latest from ${address} (cap ${cap}, ${this.total} open)`);
    this.refusedSinceLog = 0;
  }
}
