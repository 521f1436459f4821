/**
 * How a screen stays current with the hub: fetch a snapshot, follow the event stream from the
 * snapshot's seq, apply each event, and fetch a fresh snapshot when the events are not enough.
 *
 *   const live = followLive({
 *     load: () => hubCall('GET', '/api/catalogue'),   // the snapshot (retried every 2 s until it comes)
 *     seqOf: (c) => c.lastSeq,                       // the seq the snapshot is current to
 *     reset: (c) => set({ catalogue: c }),           // a store action: take a fresh snapshot
 *     apply: (e) => …,                               // a store action: apply one newer event;
 *                                                    //   return 'resync' if it cannot be applied
 *     onConnection: (c) => set({ connection: c }),   // 'connecting' | 'live' | 'down'
 *   });
 *   live.resync();   // a fresh snapshot now (after a refusal, a login…); resolves once it is taken
 *   live.stop();     // on unmount
 *
 * A fresh snapshot is fetched:
 * - when `apply` returns 'resync' (after `resyncDelayMs`, once for a burst of such events);
 * - at once when the stream skips a seq, or when the hub's log is behind the screen (a hub
 *   restored from a backup), then the stream starts again from the new snapshot;
 * - at once after every reconnect (things that change with time alone, like opening hours,
 *   produce no event);
 * - at once when the hub answers the hello with 'resync' (it replays only a bounded window).
 * Events that arrive while a snapshot is on its way are kept and applied on top of it if they are
 * newer than it, so none is lost and none is applied twice. The state lives in the screen's
 * zustand store; this module only calls its actions.
 *
 * Every hello also says the highest ticket number per prefix seen in the ticket events of the
 * latest business date (kept across resyncs and reconnects, for as long as the page lives): the
 * hub compares them with what it holds and, if it lost history, numbers past them.
 */
import type { Event, StreamHello } from '../../../shared/protocol.js';
import { openStream, type Stream, type StreamState } from './stream.js';

export interface LiveOptions<S> {
  load(): Promise<S>;
  seqOf(snapshot: S): number;
  reset(snapshot: S): void;
  apply(e: Event): void | 'resync';
  /**
   * An event that arrived while a snapshot was on its way and that the snapshot already reflects:
   * not applied (the state has it), but a screen with side effects (the display speaking a call)
   * must still hear of it, or a call made during a resync would be shown and never said.
   */
  covered?(e: Event): void;
  onConnection(state: StreamState): void;
  /** the hub refused this screen's token on the stream (./stream.ts onRefused): unpaired or revoked */
  onRefused?(code: string): void;
  /** how long a 'resync' from `apply` waits for the rest of its burst; 300 ms unless said */
  resyncDelayMs?: number;
  /**
   * The hub sends this screen only some events (a display paired for a zone): a skipped seq was
   * for another screen, so the event is applied rather than answered with a snapshot.
   */
  sparse?: () => boolean;
}

export interface Live {
  resync(): Promise<void>;
  stop(): void;
}

const RETRY_MS = 2000;

type Seen = NonNullable<StreamHello['seen']>;

/** Takes a ticket event's number into what the screen has seen; a later date starts afresh. */
export function noteSeen(seen: Seen | null, e: Event): Seen | null {
  if (!e.type.startsWith('ticket.')) return seen;
  const { prefix, number } = e.data as { prefix?: string; number?: number };
  if (prefix === undefined || number === undefined) return seen;
  if (!seen || e.businessDate > seen.businessDate) return { businessDate: e.businessDate, numbers: { [prefix]: number } };
  if (e.businessDate === seen.businessDate && number > (seen.numbers[prefix] ?? 0)) seen.numbers[prefix] = number;
  return seen;
}

export function followLive<S>(opts: LiveOptions<S>): Live {
  const delayMs = opts.resyncDelayMs ?? 300;
  let stopped = false;
  let stream: Stream | null = null;
  /** the last seq the store reflects: its snapshot's, or the last event applied */
  let seq = 0;
  /** events received while a snapshot is being fetched; null when none is */
  let held: Event[] | null = null;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let reconnecting = false;
  /** the highest numbers seen, from every event received (applied, held or skipped alike) */
  let seen: Seen | null = null;

  const take = (snapshot: S) => {
    opts.reset(snapshot);
    seq = opts.seqOf(snapshot);
    const newer = held ?? [];
    held = null;
    for (const e of newer) {
      if (e.seq <= seq) opts.covered?.(e);
      else deliver(e);
    }
  };

  const deliver = (e: Event) => {
    if (held) {
      held.push(e);
      return;
    }
    if (e.seq <= seq) return;
    const gap = e.seq > seq + 1 && !opts.sparse?.();
    seq = e.seq;
    // What was skipped is in the next snapshot, and so is this event.
    if (gap) void resync();
    else if (opts.apply(e) === 'resync') later(delayMs);
  };

  const later = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void resync();
    }, ms);
  };

  const fetchOnce = async () => {
    held ??= [];
    try {
      const snapshot = await opts.load();
      if (!stopped) take(snapshot);
    } catch {
      // The hub did not answer: keep what we have, with the events since, and try again.
      const newer = held ?? [];
      held = null;
      for (const e of newer) deliver(e);
      later(RETRY_MS);
    }
  };

  /** One fetch at a time; a request during a fetch gets one more fetch after it. */
  const resync = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (!running) {
      running = fetchOnce().finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running.then(() => {
      queued = null;
      return resync();
    });
    return queued;
  };

  const follow = () => {
    stream = openStream({
      since: seq,
      onEvent: (e) => {
        seen = noteSeen(seen, e);
        deliver(e);
      },
      seen: () => seen ?? undefined,
      // The hub did not replay what this screen lacks: a snapshot now. Live events that come
      // while it is on its way are held and applied on top of it (fetchOnce, take).
      onResync: () => void resync(),
      ...(opts.onRefused ? { onRefused: opts.onRefused } : {}),
      onReady: (hubLastSeq) => {
        if (hubLastSeq < seq) void restart();
      },
      onState: (state) => {
        opts.onConnection(state);
        if (state === 'live' && reconnecting) void resync();
        if (state === 'down') reconnecting = true;
      },
    });
  };

  /** From scratch: a snapshot, then the stream from its seq. */
  const start = async () => {
    stream?.close();
    stream = null;
    reconnecting = false;
    for (;;) {
      try {
        const snapshot = await opts.load();
        if (stopped) return;
        held = null;
        take(snapshot);
        break;
      } catch {
        if (stopped) return;
        opts.onConnection('down');
        await new Promise((r) => setTimeout(r, RETRY_MS));
        if (stopped) return;
      }
    }
    follow();
  };

  const restart = async () => {
    seq = 0;
    await start();
  };

  void start();
  return {
    resync,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.close();
    },
  };
}
