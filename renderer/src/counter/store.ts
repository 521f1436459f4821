/**
 * The counter screen's state: which counter this computer is (chosen once, kept in the browser),
 * the officer's session, the counter's view from the hub (refreshed from the event stream), and
 * the result of the last action.
 *
 * Counter actions are never resent by themselves: "call next" sent twice would call two citizens.
 * While the stream is down the buttons are off; an action whose answer was lost is reported as
 * uncertain and the screen shows the hub's truth once it is back.
 */
import { create } from 'zustand';
import type { Catalogue, Event, Ticket } from '../../../shared/protocol.js';
import { hubCall, HubRefusal, HubUnreachable, type Message } from '../api/hub.js';
import { openStream, type StreamState } from '../api/stream.js';

export interface CounterView {
  counter: { id: number; label: string; zone: string; state: 'closed' | 'open' | 'paused'; pauseReason: string | null; officer: { id: number; name: string } | null };
  currentTicket: Ticket | null;
  services: { id: number; name: string; prefix: string; rank: number; waiting: number; longestWaitMinutes: number }[];
  noShows: Ticket[];
  today: { served: number; averageServiceSeconds: number | null };
  officerToday: { served: number; averageServiceSeconds: number | null } | null;
  sessionIdleMinutes: number;
  now: number;
  lastSeq: number;
}

export interface Officer {
  id: number;
  name: string;
  role: 'officer' | 'supervisor' | 'admin';
}

const COUNTER_KEY = 'antre.counterId';
const SESSION_KEY = 'antre.counterSession';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts as long as the page
  }
}

type Action = 'call-next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'pause' | 'resume' | 'call';

interface CounterState {
  counterId: number | null;
  session: { token: string; officer: Officer } | null;
  view: CounterView | null;
  catalogue: Catalogue | null;
  connection: StreamState;
  busy: boolean;
  /** the hub's refusal, or a note that an answer was lost */
  message: { kind: 'refused' | 'unsure' | 'info'; text: Message } | null;
  /** the clock offset to the hub, so "waited 12:03" counts from the hub's time */
  skewMs: number;
  chooseCounter(id: number | null): void;
  login(username: string, pin: string): Promise<void>;
  logout(): Promise<void>;
  act(action: Action, body?: unknown): Promise<void>;
  dismiss(): void;
  start(): () => void;
}

export const useCounter = create<CounterState>((set, get) => {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const expired = () => {
    store(SESSION_KEY, null);
    set({ session: null, view: null });
  };

  const refresh = async () => {
    const { counterId, session } = get();
    if (counterId === null || !session) return;
    try {
      const view = await hubCall<CounterView>('GET', `/api/counters/${counterId}/state`, undefined, { session: session.token });
      set({ view, skewMs: view.now - Date.now() });
    } catch (err) {
      if (err instanceof HubRefusal && (err.code === 'SESSION_EXPIRED' || err.code === 'SESSION_REQUIRED')) expired();
    }
  };
  const scheduleRefresh = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void refresh();
    }, 150);
  };
  const relevant = (e: Event) => {
    const v = get().view;
    if (!v) return true;
    return e.counterId === v.counter.id || (e.serviceId !== null && v.services.some((s) => s.id === e.serviceId)) || e.type === 'day.closed';
  };

  const savedCounter = Number(stored(COUNTER_KEY));
  const savedSession = stored(SESSION_KEY);

  return {
    counterId: Number.isInteger(savedCounter) && savedCounter > 0 ? savedCounter : null,
    session: savedSession ? (JSON.parse(savedSession) as CounterState['session']) : null,
    view: null,
    catalogue: null,
    connection: 'connecting',
    busy: false,
    message: null,
    skewMs: 0,

    chooseCounter(id) {
      store(COUNTER_KEY, id === null ? null : String(id));
      set({ counterId: id, view: null });
    },

    async login(username, pin) {
      const counterId = get().counterId;
      set({ busy: true, message: null });
      try {
        const r = await hubCall<{ sessionToken: string; officer: Officer }>('POST', '/api/sessions', { username, pin, ...(counterId ? { counterId } : {}) });
        const session = { token: r.sessionToken, officer: r.officer };
        store(SESSION_KEY, JSON.stringify(session));
        set({ session });
        await refresh();
      } catch (err) {
        set({ message: { kind: 'refused', text: err instanceof HubRefusal ? err.text : { id: 'Server antrean tidak menjawab.', en: 'The queue server does not answer.' } } });
      } finally {
        set({ busy: false });
      }
    },

    async logout() {
      const session = get().session;
      if (session) await hubCall('DELETE', '/api/sessions/current', undefined, { session: session.token }).catch(() => {});
      expired();
    },

    async act(action, body) {
      const { counterId, session, connection, busy } = get();
      if (counterId === null || !session || busy) return;
      if (connection !== 'live') {
        set({ message: { kind: 'refused', text: { id: 'Koneksi ke server antrean terputus; tindakan tidak dikirim.', en: 'No connection to the queue server; nothing was sent.' } } });
        return;
      }
      set({ busy: true, message: null });
      try {
        await hubCall('POST', `/api/counters/${counterId}/${action}`, body ?? {}, { session: session.token });
        await refresh();
      } catch (err) {
        if (err instanceof HubRefusal) {
          if (err.code === 'SESSION_EXPIRED') expired();
          set({ message: { kind: 'refused', text: err.text } });
        } else if (err instanceof HubUnreachable) {
          set({ message: { kind: 'unsure', text: { id: 'Koneksi terputus saat tindakan dikirim. Tampilan diperbarui setelah tersambung; periksa sebelum menekan lagi.', en: 'The connection dropped while the action was sent. The screen refreshes once connected; check before pressing again.' } } });
        }
      } finally {
        set({ busy: false });
      }
    },

    dismiss: () => set({ message: null }),

    start() {
      let stream: ReturnType<typeof openStream> | null = null;
      let stopped = false;
      void (async () => {
        let since: number | null = null;
        while (!stopped && since === null) {
          try {
            const catalogue = await hubCall<Catalogue>('GET', '/api/catalogue');
            set({ catalogue });
            since = catalogue.lastSeq;
          } catch {
            set({ connection: 'down' });
            await new Promise((r) => setTimeout(r, 2000));
          }
        }
        if (stopped || since === null) return;
        // A session kept from before a reload may have ended meanwhile (idle time, a new login here).
        const saved = get().session;
        if (saved) await hubCall('GET', '/api/sessions/current', undefined, { session: saved.token }).catch((err: unknown) => err instanceof HubRefusal && expired());
        await refresh();
        stream = openStream({
          since,
          onEvent: (e) => {
            if (relevant(e)) scheduleRefresh();
          },
          onState: (connection) => {
            set({ connection });
            // Back after a drop: the hub's state, whatever happened meanwhile.
            if (connection === 'live') {
              void refresh();
              if (get().message?.kind === 'unsure') set({ message: { kind: 'info', text: { id: 'Tersambung kembali; tampilan sudah diperbarui.', en: 'Reconnected; the screen is up to date.' } } });
            }
          },
        });
      })();
      return () => {
        stopped = true;
        stream?.close();
      };
    },
  };
});
