/**
 * The hall display's state: what the hub says (latest call per counter, waiting per agency, the
 * display settings), the call being announced now, and the announcement queue fed by the event
 * stream. A display may be limited to a zone (floor, hall) or to some agencies through its URL:
 * /display?zone=Lantai%202 or /display?agencies=DUKCAPIL,POLRES.
 */
import { create } from 'zustand';
import { announcementWords } from '../../../shared/announcement.js';
import { Announcer, type Call } from '../../../shared/announcer.js';
import type { Catalogue, DisplaySettings, Event, Site } from '../../../shared/protocol.js';
import { hubCall } from '../api/hub.js';
import { openStream, type StreamState } from '../api/stream.js';
import { AudioBlocked, canSpeak, playClips, speakSentence } from './voice.js';

export interface DisplayState {
  site: Site;
  businessDate: string;
  settings: DisplaySettings;
  counters: { id: number; label: string; zone: string; agencyId: number | null }[];
  now: number;
  latestCalls: { counterId: number; counterLabel: string; zone: string; ticketId: number; display: string; serviceId: number; calledAt: number }[];
  waitingPerAgency: { agencyId: number; name: string; shortName: string; waiting: number }[];
  lastSeq: number;
}

export interface Scope {
  zone: string | null;
  agencyCodes: string[] | null;
}

export function scopeFromUrl(search: string): Scope {
  const p = new URLSearchParams(search);
  const zone = p.get('zone');
  const agencies = p.get('agencies');
  return { zone: zone && zone.trim() ? zone.trim() : null, agencyCodes: agencies ? agencies.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : null };
}

interface Store {
  state: DisplayState | null;
  agencyIds: Set<number> | null;
  connection: StreamState;
  /** the call being announced (or the last one), and until when it is highlighted */
  current: { call: Call; highlightUntil: number } | null;
  /** the latest announcements in the order they are spoken, newest last, with their clips */
  spoken: { seq: number; clips: string[]; done: boolean }[];
  audioBlocked: boolean;
  scope: Scope;
  inScope(counterId: number): boolean;
  unblockAudio(): void;
  start(): () => void;
}

const LAST_SPOKEN_KEY = 'antre.display.lastSpokenSeq';

export const useDisplay = create<Store>((set, get) => {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let skew = 0;
  const hubNow = () => Date.now() + skew;

  const refresh = async () => {
    try {
      const state = await hubCall<DisplayState>('GET', '/api/display/state');
      skew = state.now - Date.now();
      set({ state });
    } catch {
      // the connection state says it
    }
  };
  const scheduleRefresh = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void refresh();
    }, 400);
  };

  const clipsOf = (call: Call, settings: DisplaySettings) => ['chime', ...announcementWords({ ticket: call.ticket, counter: call.counter }, settings.wording, settings.pronunciations)];

  const speak = async (call: Call) => {
    const state = get().state;
    if (!state) return;
    const settings = state.settings;
    set({ current: { call, highlightUntil: hubNow() + settings.highlightSeconds * 1000 } });
    if (settings.voice === 'off') return;
    const clips = clipsOf(call, settings);
    try {
      if (settings.voice === 'speech' && canSpeak()) {
        await playClips(['chime']);
        await speakSentence(settings.wording.replace('{nomor}', call.ticket.replace('-', ' ')).replace('{loket}', call.counter));
      } else await playClips(clips);
    } catch (err) {
      if (err instanceof AudioBlocked) set({ audioBlocked: true });
    }
    set({ spoken: get().spoken.map((s) => (s.seq === call.seq ? { ...s, done: true } : s)) });
    try {
      localStorage.setItem(LAST_SPOKEN_KEY, String(call.seq));
    } catch {
      // nothing to keep it in
    }
  };

  let announcer: Announcer | null = null;

  const onEvent = (e: Event) => {
    const state = get().state;
    if ((e.type === 'ticket.called' || e.type === 'ticket.recalled') && e.counterId !== null && state) {
      if (!get().inScope(e.counterId)) return;
      const label = String(e.data.counterLabel ?? state.counters.find((c) => c.id === e.counterId)?.label ?? '');
      const display = String(e.data.display);
      const call: Call = { seq: e.seq, at: e.at, ticket: display, counter: label, counterId: e.counterId, recall: e.type === 'ticket.recalled' };
      const others = state.latestCalls.filter((c) => c.counterId !== e.counterId);
      const counter = state.counters.find((c) => c.id === e.counterId);
      set({
        state: {
          ...state,
          latestCalls: [{ counterId: e.counterId, counterLabel: label, zone: counter?.zone ?? '', ticketId: e.ticketId ?? 0, display, serviceId: e.serviceId ?? 0, calledAt: e.at }, ...others],
        },
      });
      // Too old to speak (a display back after a long drop): shown, with its highlight, not spoken.
      if (announcer?.offer(call)) set({ spoken: [...get().spoken.slice(-19), { seq: call.seq, clips: clipsOf(call, state.settings), done: false }] });
      else set({ current: { call, highlightUntil: 0 } });
    }
    if (e.type.startsWith('ticket.') || e.type === 'day.closed' || e.type === 'settings.changed' || e.type === 'master.changed') scheduleRefresh();
  };

  return {
    state: null,
    agencyIds: null,
    connection: 'connecting',
    current: null,
    spoken: [],
    audioBlocked: false,
    scope: scopeFromUrl(typeof location === 'undefined' ? '' : location.search),

    inScope(counterId) {
      const { state, scope, agencyIds } = get();
      const c = state?.counters.find((x) => x.id === counterId);
      if (!c) return scope.zone === null && agencyIds === null;
      if (scope.zone !== null && c.zone !== scope.zone) return false;
      if (agencyIds !== null && (c.agencyId === null || !agencyIds.has(c.agencyId))) return false;
      return true;
    },

    unblockAudio() {
      set({ audioBlocked: false });
      void playClips(['chime']).catch(() => {});
    },

    start() {
      let stream: ReturnType<typeof openStream> | null = null;
      let stopped = false;
      void (async () => {
        while (!stopped && !get().state) {
          await refresh();
          if (!get().state) {
            set({ connection: 'down' });
            await new Promise((r) => setTimeout(r, 2000));
          }
        }
        if (stopped) return;
        const codes = get().scope.agencyCodes;
        if (codes) {
          const catalogue = await hubCall<Catalogue>('GET', '/api/catalogue').catch(() => null);
          set({ agencyIds: new Set((catalogue?.agencies ?? []).filter((a) => codes.includes(a.code.toUpperCase())).map((a) => a.id)) });
        }
        const state = get().state!;
        const stored = Number((() => { try { return localStorage.getItem(LAST_SPOKEN_KEY); } catch { return null; } })());
        announcer = new Announcer({
          speak,
          now: hubNow,
          maxAgeMs: state.settings.speakMaxAgeSeconds * 1000,
          lastSeq: Number.isFinite(stored) ? Math.min(stored, state.lastSeq) : 0,
        });
        stream = openStream({
          since: state.lastSeq,
          onEvent,
          onState: (connection) => {
            set({ connection });
            if (connection === 'live') void refresh();
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
