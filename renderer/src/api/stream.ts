/**
 * The hub's event stream over one WebSocket, resumed from the last seq seen after every drop.
 * Reconnects by itself with a growing delay (1 s up to 10 s); `onState` says whether the screen is
 * live, catching up or cut off. Screens use it through ./liveStore.ts, which adds the snapshot
 * and the resync.
 */
import type { Event, StreamHello, StreamServerMessage } from '../../../shared/protocol.js';
import { deviceCredentials } from './device.js';

export type StreamState = 'connecting' | 'live' | 'down';

export interface StreamOptions {
  since: number;
  onEvent: (e: Event) => void;
  onState: (s: StreamState) => void;
  /** the hub's last seq when the backlog after `since` has been sent, just before 'live' */
  onReady?: (hubLastSeq: number) => void;
  /**
   * The hub will not replay from `since` (too far back: another day, or more events than it
   * replays): the screen must take a fresh snapshot. Live events after `hubLastSeq` follow.
   */
  onResync?: (hubLastSeq: number) => void;
  /**
   * The highest ticket number per prefix this screen has seen today, sent with every hello: a hub
   * that lost its recent history (a deleted file, a restored backup) numbers past them instead of
   * giving a number the hall already holds.
   */
  seen?: () => StreamHello['seen'];
  /**
   * The hub closed the stream because it does not know this screen's token (close code 4401:
   * never paired, or revoked; `code` is the hub's error code, e.g. DEVICE_REVOKED). The stream
   * keeps trying, as after any drop: a screen paired again is followed again.
   */
  onRefused?: (code: string) => void;
}

export interface Stream {
  close(): void;
}

/** The hub's WebSocket: same host as the page, or in the Antre app (app://) the hub's address. */
function streamUrl(): string {
  const hub = document.querySelector('meta[name="antre-hub"]')?.getAttribute('content');
  const base = location.protocol === 'app:' && hub ? new URL(hub) : location;
  return `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/api/stream`;
}

export function openStream(opts: StreamOptions): Stream {
  let since = opts.since;
  let ws: WebSocket | null = null;
  let closed = false;
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    if (closed) return;
    opts.onState('connecting');
    const socket = new WebSocket(streamUrl());
    ws = socket;
    socket.onopen = () => {
      const { token } = deviceCredentials();
      const seen = opts.seen?.();
      const hello: StreamHello = { type: 'hello', since, ...(token ? { token } : {}), ...(seen ? { seen } : {}) };
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (m) => {
      // Not parsed with the schema here: the display page, which old TV browsers load, stays
      // without zod. The hub checks what it sends against StreamServerMessage in its tests.
      const msg = JSON.parse(String(m.data)) as StreamServerMessage;
      if (msg.type === 'event') {
        since = Math.max(since, msg.event.seq);
        opts.onEvent(msg.event);
      } else if (msg.type === 'resync') {
        // A reconnect resumes from here: asking again for what the hub refused to replay would
        // only bring another resync.
        since = Math.max(since, msg.lastSeq);
        opts.onResync?.(msg.lastSeq);
      } else if (msg.type === 'ready') {
        delay = 1000;
        opts.onReady?.(msg.lastSeq);
        opts.onState('live');
      }
    };
    socket.onclose = (ev) => {
      if (ws !== socket) return;
      ws = null;
      if (closed) return;
      if (ev.code === 4401) opts.onRefused?.(ev.reason || 'UNAUTHENTICATED');
      opts.onState('down');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  connect();
  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}
