/**
 * The counter screen's state: which counter this computer is (chosen once, kept in the browser),
 * the officer's session, the counter's view from the hub (fetched again when an event concerns
 * this counter or its services, ../api/liveStore.ts), and the result of the last action.
 *
 * Counter actions are never resent by themselves: "call next" sent twice would call two citizens.
 * While the stream is down the buttons are off; an action whose answer was lost is reported as
 * uncertain and the screen shows the hub's truth once it is back.
 */
import { create } from 'zustand';
import type { Catalogue, CounterView, Event, HealthResponse, LoginResponse } from '../../../shared/protocol.js';
import { hubCall, HubRefusal, HubUnreachable, type Message } from '../api/hub.js';
import { followLive, type Live } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';

export type Officer = LoginResponse['officer'];

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

const NO_ANSWER: Message = { id: 'Server antrean tidak menjawab.', en: 'The queue server does not answer.' };
const NEEDS_SUPERVISOR: Message = { id: 'Mengganti loket memerlukan supervisor.', en: 'Changing the counter needs a supervisor.' };

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
  /** changes this computer's counter, once a supervisor's credentials check out */
  changeCounter(username: string, pin: string): Promise<void>;
  login(username: string, pin: string): Promise<void>;
  logout(): Promise<void>;
  act(action: Action, body?: unknown): Promise<void>;
  /** says no without asking the hub, with the words the hub would use */
  refuse(text: Message): void;
  dismiss(): void;
  /** follows the hub until the returned function is called */
  start(): () => void;
}

interface Snapshot {
  view: CounterView | null;
  lastSeq: number;
}

export const useCounter = create<CounterState>((set, get) => {
  let live: Live | null = null;
  let sessionChecked = false;

  const expired = () => {
    store(SESSION_KEY, null);
    set({ session: null, view: null });
  };

  const loadCatalogue = async () => {
    try {
      set({ catalogue: await hubCall<Catalogue>('GET', '/api/catalogue') });
    } catch {
      // the connection state says it; names come with the next catalogue
    }
  };

  /** The counter's view while an officer is logged in; otherwise just where the stream stands. */
  const load = async (): Promise<Snapshot> => {
    const saved = get().session;
    if (!sessionChecked && saved) {
      // A session kept from before a reload may have ended meanwhile (idle time, a new login here).
      await hubCall('GET', '/api/sessions/current', undefined, { session: saved.token }).catch((err: unknown) => {
        if (!(err instanceof HubRefusal)) throw err;
        expired();
      });
    }
    sessionChecked = true;
    const { counterId, session } = get();
    if (counterId !== null && session) {
      try {
        const view = await hubCall<CounterView>('GET', `/api/counters/${counterId}/state`, undefined, { session: session.token });
        return { view, lastSeq: view.lastSeq };
      } catch (err) {
        if (!(err instanceof HubRefusal)) throw err;
        if (err.code === 'SESSION_EXPIRED' || err.code === 'SESSION_REQUIRED') expired();
      }
    }
    const health = await hubCall<HealthResponse>('GET', '/healthz');
    return { view: null, lastSeq: health.lastSeq };
  };

  const apply = (e: Event): void | 'resync' => {
    if (e.type === 'master.changed' || e.type === 'settings.changed') void loadCatalogue();
    const v = get().view;
    if (!v) return;
    const concerned = e.counterId === v.counter.id || (e.serviceId !== null && v.services.some((s) => s.id === e.serviceId)) || e.type === 'day.closed' || e.type === 'day.reopened' || e.type === 'master.changed';
    return concerned ? 'resync' : undefined;
  };

  const resync = () => live?.resync() ?? Promise.resolve();

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

    async changeCounter(username, pin) {
      set({ message: null });
      try {
        const r = await hubCall<LoginResponse>('POST', '/api/sessions', { username, pin });
        await hubCall('DELETE', '/api/sessions/current', undefined, { session: r.sessionToken }).catch(() => {});
        if (r.officer.role === 'officer') set({ message: { kind: 'refused', text: NEEDS_SUPERVISOR } });
        else get().chooseCounter(null);
      } catch (err) {
        set({ message: { kind: 'refused', text: err instanceof HubRefusal ? err.text : NEEDS_SUPERVISOR } });
      }
    },

    async login(username, pin) {
      const counterId = get().counterId;
      set({ busy: true, message: null });
      try {
        const r = await hubCall<LoginResponse>('POST', '/api/sessions', { username, pin, ...(counterId ? { counterId } : {}) });
        const session = { token: r.sessionToken, officer: r.officer };
        store(SESSION_KEY, JSON.stringify(session));
        set({ session });
        await resync();
      } catch (err) {
        set({ message: { kind: 'refused', text: err instanceof HubRefusal ? err.text : NO_ANSWER } });
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
        await resync();
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

    refuse: (text) => set({ message: { kind: 'refused', text } }),
    dismiss: () => set({ message: null }),

    start() {
      void loadCatalogue();
      const mine = followLive<Snapshot>({
        load,
        seqOf: (s) => s.lastSeq,
        reset: (s) => {
          set(s.view ? { view: s.view, skewMs: s.view.now - Date.now() } : { view: null });
          if (!get().catalogue) void loadCatalogue();
        },
        apply,
        onConnection: (connection) => {
          set({ connection });
          // Back after a drop: the live store fetches the hub's state, whatever happened meanwhile.
          if (connection === 'live' && get().message?.kind === 'unsure') {
            set({ message: { kind: 'info', text: { id: 'Tersambung kembali; tampilan sudah diperbarui.', en: 'Reconnected; the screen is up to date.' } } });
          }
        },
        resyncDelayMs: 150,
      });
      live = mine;
      return () => {
        mine.stop();
        if (live === mine) live = null;
      };
    },
  };
});
