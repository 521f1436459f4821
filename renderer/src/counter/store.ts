/**
 * The counter screen's state: which counter this computer is (chosen once, kept in the browser),
 * the officer's session, the counter's view from the hub (fetched again when an event concerns
 * this counter or its services, ../api/liveStore.ts), and the result of the last action.
 *
 * Counter actions are never resent by themselves: "call next" sent twice would call two citizens.
 * While the stream is down the buttons are off; an action whose answer was lost is reported as
 * uncertain and the screen shows the hub's truth once it is back.
 *
 * Undo for "Selesai" and "Tidak hadir" (issue 20). Decision: the screen holds the action for
 * UNDO_MS before sending it, rather than the hub finishing at once and reverting on request. While
 * held, the hub still has the ticket called or served here, the card says "Selesai — Urungkan (5)"
 * and the rest of the screen acts as if the hands were empty. The held action is sent when the
 * window ends; before anything else the officer does (call next, call from the list, a break, log
 * out: the held action first, then that one, and nothing more when the hub refuses the first); and
 * on page hide or unload (fetch with keepalive, which outlives the page). Why not the hub: a
 * finish is an event that the hall displays, the survey tablet, the reports and the sync to the
 * central server all act on at once; taking one back would need a compensating event each of them
 * understands, and a finish would reach the survey tablet before it is final. Held on the screen,
 * nothing leaves it until it is final, and nothing anywhere else changes. The price: a page killed
 * within the window without a pagehide (power cut, crash) never sends it, and the ticket is still
 * held here when the officer comes back, which the screen then shows.
 */
import { create } from 'zustand';
import type { Catalogue, CounterActionResponse, CounterSummary, CounterView, Event, HealthResponse, LoginResponse, PrintReply, Ticket } from '../../../shared/protocol.js';
import { deviceCredentials } from '../api/device.js';
import { hubCall, HubRefusal, HubUnreachable, type Message } from '../api/hub.js';
import { followLive, type Live } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';
import { inSiteWord, said } from './strings.js';

export type Officer = LoginResponse['officer'];

const COUNTER_KEY = 'antre.counterId';
const SESSION_KEY = 'antre.counterSession';

/** How long a finish or a no-show can be taken back before it is sent. */
export const UNDO_MS = 5000;
/** How long a confirmation stays on screen. */
const TOAST_MS = 4000;
/** How soon a list that did not come is asked for again. */
const RETRY_MS = 2000;

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

export type Action = 'call-next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'pause' | 'resume' | 'call' | 'cancel';
export type Undoable = 'finish' | 'no-show';

/** A finish or no-show not sent yet: the officer can still take it back until `until` (this PC's clock). */
export interface Pending {
  action: Undoable;
  ticket: Ticket;
  until: number;
}

interface CounterState {
  counterId: number | null;
  session: { token: string; officer: Officer } | null;
  view: CounterView | null;
  catalogue: Catalogue | null;
  /** every active counter (the chooser, and the login's label) */
  counters: CounterSummary[] | null;
  connection: StreamState;
  busy: boolean;
  /** the hub's refusal, or a note that an answer was lost */
  message: { kind: 'refused' | 'unsure' | 'info'; text: Message } | null;
  /** a short confirmation of the last action; goes by itself */
  toast: { text: Message; seq: number } | null;
  /** what became of the last ticket in hand ("A-012 selesai"), until the next call */
  last: Message | null;
  pending: Pending | null;
  /** the clock offset to the hub, so "waited 12:03" counts from the hub's time */
  skewMs: number;
  chooseCounter(id: number | null): void;
  loadCounters(): Promise<void>;
  /** changes this computer's counter, once a supervisor's credentials check out */
  changeCounter(username: string, pin: string): Promise<void>;
  login(username: string, pin: string): Promise<void>;
  logout(): Promise<void>;
  /** sends an action (after the pending one, if any) */
  act(action: Exclude<Action, Undoable>, body?: unknown): Promise<void>;
  /** finish or no-show, held for UNDO_MS before it is sent */
  hold(action: Undoable): void;
  undo(): void;
  reprint(): Promise<void>;
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

const HELD = new Set(['called', 'serving']);

export const useCounter = create<CounterState>((set, get) => {
  let live: Live | null = null;
  let sessionChecked = false;
  let pendingTimer: ReturnType<typeof setTimeout> | undefined;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let toastSeq = 0;
  let countersRetry: ReturnType<typeof setTimeout> | undefined;

  const word = () => get().catalogue?.counterWord ?? 'Gerai';

  const expired = () => {
    clearTimeout(pendingTimer);
    store(SESSION_KEY, null);
    set({ session: null, view: null, pending: null, last: null });
  };

  const toast = (text: Message) => {
    clearTimeout(toastTimer);
    set({ toast: { text, seq: ++toastSeq } });
    toastTimer = setTimeout(() => set({ toast: null }), TOAST_MS);
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
    if (e.type === 'master.changed' && !get().session) void get().loadCounters();
    const v = get().view;
    if (!v) return;
    // A settings change may be the priority policy: the waiting list's order follows it.
    const concerned =
      e.counterId === v.counter.id ||
      (e.serviceId !== null && v.services.some((s) => s.id === e.serviceId)) ||
      e.type === 'day.closed' ||
      e.type === 'day.reopened' ||
      e.type === 'master.changed' ||
      e.type === 'settings.changed';
    return concerned ? 'resync' : undefined;
  };

  const resync = () => live?.resync() ?? Promise.resolve();

  const serviceName = (serviceId: number) =>
    get().view?.services.find((s) => s.id === serviceId)?.name ?? get().catalogue?.agencies.flatMap((a) => a.services).find((s) => s.id === serviceId)?.name ?? '';

  /** What to say once the hub took an action about `t`, and what stays on the card. */
  const outcome = (action: Action, t: Ticket | null, body: unknown): { toast: Message | null; last?: Message | null } => {
    const n = t?.display ?? '';
    switch (action) {
      case 'call-next':
      case 'call':
        return { toast: said.called(n), last: null };
      case 'recall':
        return { toast: said.recalled(n) };
      case 'start':
        return { toast: said.started(n) };
      case 'finish':
        return { toast: said.finished(n), last: said.finished(n) };
      case 'no-show':
        return { toast: said.noShow(n), last: said.noShow(n) };
      case 'transfer': {
        const m = said.transferred(n, serviceName((body as { serviceId: number }).serviceId));
        return { toast: m, last: m };
      }
      case 'cancel':
        return { toast: said.cancelled(n), last: said.cancelled(n) };
      case 'pause':
        return { toast: said.paused((body as { reason: string }).reason) };
      case 'resume':
        return { toast: said.resumed(word()) };
    }
  };

  /** One action to the hub; true when it was done. The screen takes the answer at once, then the hub's full view. */
  const send = async (action: Action, body: unknown): Promise<boolean> => {
    const { counterId, session } = get();
    if (counterId === null || !session) return false;
    try {
      const r = await hubCall<CounterActionResponse>('POST', `/api/counters/${counterId}/${action}`, body ?? {}, { session: session.token });
      const o = outcome(action, r.ticket, body);
      const v = get().view;
      if (v) {
        const held = r.ticket && HELD.has(r.ticket.status) ? r.ticket : null;
        const pauseReason = action === 'pause' ? (body as { reason: string }).reason : r.counterState === 'paused' ? v.counter.pauseReason : null;
        set({ view: { ...v, currentTicket: held, counter: { ...v.counter, state: r.counterState, pauseReason } } });
      }
      if (o.last !== undefined) set({ last: o.last });
      if (o.toast) toast(o.toast);
      // The answer is enough to act on (the next key works at once); the rest of the view follows.
      void resync();
      return true;
    } catch (err) {
      if (err instanceof HubRefusal) {
        if (err.code === 'SESSION_EXPIRED') expired();
        set({ message: { kind: 'refused', text: inSiteWord(err.text, get().catalogue?.counterWord) } });
      } else if (err instanceof HubUnreachable) {
        set({ message: { kind: 'unsure', text: said.unsure } });
      } else throw err;
      void resync();
      return false;
    }
  };

  /** Sends the held finish or no-show now (true: nothing held, or it was done). */
  const sendPending = async (): Promise<boolean> => {
    const p = get().pending;
    if (!p) return true;
    clearTimeout(pendingTimer);
    set({ pending: null });
    // Still the ticket the hub holds here? (A supervisor may have cancelled it meanwhile.)
    if (get().view?.currentTicket?.id !== p.ticket.id) {
      await resync();
      return true;
    }
    return send(p.action, {});
  };

  /** The undo window is over: send, unless the screen is busy (then a moment later) or offline (then once back). */
  const windowOver = () => {
    const { pending, busy, connection } = get();
    if (!pending) return;
    if (busy) {
      pendingTimer = setTimeout(windowOver, 200);
      return;
    }
    if (connection !== 'live') return; // onConnection sends it once the stream is back
    set({ busy: true });
    void sendPending().finally(() => set({ busy: false }));
  };

  /** The page goes away with an action held: sent anyway, by a request that outlives the page. */
  const sendPendingOnLeave = () => {
    const { pending, counterId, session } = get();
    if (!pending || counterId === null || !session) return;
    clearTimeout(pendingTimer);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-antre-session': session.token };
    const { token } = deviceCredentials();
    if (token) headers.authorization = `Bearer ${token}`;
    void fetch(`/api/counters/${counterId}/${pending.action}`, { method: 'POST', headers, body: '{}', keepalive: true })
      .then(() => resync())
      .catch(() => {});
    const m = pending.action === 'finish' ? said.finished(pending.ticket.display) : said.noShow(pending.ticket.display);
    // Shown as sent (a page that comes back sees the hub's word with the next view).
    const v = get().view;
    set({ pending: null, last: m, ...(v ? { view: { ...v, currentTicket: null } } : {}) });
  };

  /** Can an action be sent now? Says why not when the connection is down. */
  const ready = (): boolean => {
    const { counterId, session, connection, busy } = get();
    if (counterId === null || !session || busy) return false;
    if (connection !== 'live') {
      set({ message: { kind: 'refused', text: said.notSent } });
      return false;
    }
    return true;
  };

  const savedCounter = Number(stored(COUNTER_KEY));
  const savedSession = stored(SESSION_KEY);

  return {
    counterId: Number.isInteger(savedCounter) && savedCounter > 0 ? savedCounter : null,
    session: savedSession ? (JSON.parse(savedSession) as CounterState['session']) : null,
    view: null,
    catalogue: null,
    counters: null,
    connection: 'connecting',
    busy: false,
    message: null,
    toast: null,
    last: null,
    pending: null,
    skewMs: 0,

    chooseCounter(id) {
      store(COUNTER_KEY, id === null ? null : String(id));
      set({ counterId: id, view: null, message: null });
    },

    async loadCounters() {
      clearTimeout(countersRetry);
      try {
        set({ counters: await hubCall<CounterSummary[]>('GET', '/api/counters') });
      } catch {
        // Shown as loading meanwhile; asked again in a moment while nobody is logged in.
        countersRetry = setTimeout(() => {
          if (!get().session) void get().loadCounters();
        }, RETRY_MS);
      }
    },

    async changeCounter(username, pin) {
      set({ message: null });
      try {
        const r = await hubCall<LoginResponse>('POST', '/api/sessions', { username, pin });
        await hubCall('DELETE', '/api/sessions/current', undefined, { session: r.sessionToken }).catch(() => {});
        if (r.officer.role === 'officer') set({ message: { kind: 'refused', text: said.needsSupervisor(word().toLowerCase()) } });
        else get().chooseCounter(null);
      } catch (err) {
        set({ message: { kind: 'refused', text: err instanceof HubRefusal ? inSiteWord(err.text, get().catalogue?.counterWord) : said.needsSupervisor(word().toLowerCase()) } });
      }
    },

    async login(username, pin) {
      const counterId = get().counterId;
      set({ busy: true, message: null });
      try {
        const r = await hubCall<LoginResponse>('POST', '/api/sessions', { username, pin, ...(counterId ? { counterId } : {}) });
        const session = { token: r.sessionToken, officer: r.officer };
        store(SESSION_KEY, JSON.stringify(session));
        set({ session, last: null });
        await resync();
      } catch (err) {
        set({ message: { kind: 'refused', text: err instanceof HubRefusal ? inSiteWord(err.text, get().catalogue?.counterWord) : said.noAnswer } });
      } finally {
        set({ busy: false });
      }
    },

    async logout() {
      // A held finish is the officer's last word at this counter: it goes first.
      if (get().pending) await sendPending();
      const session = get().session;
      if (session) await hubCall('DELETE', '/api/sessions/current', undefined, { session: session.token }).catch(() => {});
      expired();
    },

    async act(action, body) {
      if (!ready()) return;
      set({ busy: true, message: null });
      try {
        if (await sendPending()) await send(action, body);
      } finally {
        set({ busy: false });
      }
    },

    hold(action) {
      const { view, pending } = get();
      const t = view?.currentTicket;
      if (!t || pending || !ready()) return;
      clearTimeout(pendingTimer);
      set({ pending: { action, ticket: t, until: Date.now() + UNDO_MS }, message: null, toast: null });
      pendingTimer = setTimeout(windowOver, UNDO_MS);
    },

    undo() {
      const p = get().pending;
      if (!p) return;
      clearTimeout(pendingTimer);
      set({ pending: null });
      toast(said.undone(p.ticket.display, p.action));
    },

    async reprint() {
      const t = get().view?.currentTicket;
      const session = get().session;
      if (!t || !session || get().pending || !ready()) return;
      set({ busy: true, message: null });
      try {
        const r = await hubCall<PrintReply>('POST', `/api/tickets/${t.id}/reprint`, {}, { session: session.token });
        if (r.result.outcome === 'printed') toast(said.reprinted(t.display));
        else if (r.result.outcome === 'unconfirmed') set({ message: { kind: 'unsure', text: said.reprintUnsure(t.display) } });
        else set({ message: { kind: 'refused', text: said.reprintFailed(t.display) } });
      } catch (err) {
        if (err instanceof HubRefusal) {
          if (err.code === 'SESSION_EXPIRED') expired();
          set({ message: { kind: 'refused', text: inSiteWord(err.text, get().catalogue?.counterWord) } });
        } else if (err instanceof HubUnreachable) set({ message: { kind: 'unsure', text: said.unsure } });
        else throw err;
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
          if (connection !== 'live') return;
          // Back after a drop: the live store fetches the hub's state, whatever happened meanwhile.
          if (get().message?.kind === 'unsure') set({ message: { kind: 'info', text: said.reconnected } });
          // A finish whose window ended while offline goes now.
          const p = get().pending;
          if (p && p.until <= Date.now()) windowOver();
        },
        resyncDelayMs: 150,
      });
      live = mine;
      const onHide = () => {
        if (document.visibilityState === 'hidden') sendPendingOnLeave();
      };
      window.addEventListener('pagehide', sendPendingOnLeave);
      document.addEventListener('visibilitychange', onHide);
      return () => {
        window.removeEventListener('pagehide', sendPendingOnLeave);
        document.removeEventListener('visibilitychange', onHide);
        mine.stop();
        if (live === mine) live = null;
      };
    },
  };
});
