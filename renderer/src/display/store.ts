/**
 * The hall display's state: what the hub says (latest call per counter, waiting per agency, the
 * display settings), the call being announced now, and the announcement queue fed by the event
 * stream (../api/liveStore.ts). A display paired for a zone gets only that zone from the hub (its
 * state names the zone, and its stream carries only that zone's events); its URL cannot widen it.
 * A display paired for the whole hall (or the demo's unpaired one) may still be narrowed through
 * its URL: /display?zone=Lantai%202 or /display?agencies=DUKCAPIL,POLRES.
 */
import { create } from 'zustand';
import { announcementWords } from '../../../shared/announcement.js';
import { Announcer, type Call } from '../../../shared/announcer.js';
import type { Catalogue, DisplaySettings, DisplayState, Event, MediaItem } from '../../../shared/protocol.js';
import { hubCall } from '../api/hub.js';
import { followLive } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';
import { AudioBlocked, canSpeak, playClips, speakSentence } from './voice.js';

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

/** Whether this display shows and speaks the calls of a counter. */
export function inScope(counterId: number, state: DisplayState | null, scope: Scope, agencyIds: ReadonlySet<number> | null): boolean {
  const c = state?.counters.find((x) => x.id === counterId);
  // Paired for a zone: the hub lists that zone's counters only, and its zone wins over the URL's.
  const zoned = Boolean(state?.zone);
  if (!c) return !zoned && scope.zone === null && agencyIds === null;
  if (!zoned && scope.zone !== null && c.zone !== scope.zone) return false;
  if (agencyIds !== null && (c.agencyId === null || !agencyIds.has(c.agencyId))) return false;
  return true;
}

interface Store {
  state: DisplayState | null;
  /** the media playlist, read at start, after every reconnect and when the admin changes it */
  media: MediaItem[];
  /** the agencies of ?agencies=…, once the catalogue has said which ids they are */
  agencyIds: ReadonlySet<number> | null;
  connection: StreamState;
  /** the call being announced (or the last one), and until when it is highlighted */
  current: { call: Call; highlightUntil: number } | null;
  /** the latest announcements in the order they are spoken, newest last, with their clips */
  spoken: { seq: number; clips: string[]; done: boolean }[];
  audioBlocked: boolean;
  scope: Scope;
  unblockAudio(): void;
  /** follows the hub until the returned function is called */
  start(): () => void;
}

const LAST_SPOKEN_KEY = 'antre.display.lastSpokenSeq';

function lastSpokenSeq(): number {
  try {
    const n = Number(localStorage.getItem(LAST_SPOKEN_KEY));
    return Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
}

export const useDisplay = create<Store>((set, get) => {
  let skew = 0;
  const hubNow = () => Date.now() + skew;
  let announcer: Announcer | null = null;
  /** the latest playlist request: an older answer arriving after it is dropped */
  let mediaAsk = 0;

  const loadMedia = () => {
    const ask = ++mediaAsk;
    hubCall<MediaItem[]>('GET', '/api/display/media').then(
      (media) => {
        if (ask === mediaAsk) set({ media });
      },
      () => {},
    );
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

  const load = async (): Promise<DisplayState> => {
    const state = await hubCall<DisplayState>('GET', '/api/display/state');
    // Before the first call is followed: which agencies ?agencies=… means.
    const codes = get().scope.agencyCodes;
    if (codes && get().agencyIds === null) {
      const catalogue = await hubCall<Catalogue>('GET', '/api/catalogue').catch(() => null);
      set({ agencyIds: new Set((catalogue?.agencies ?? []).filter((a) => codes.includes(a.code.toUpperCase())).map((a) => a.id)) });
    }
    return state;
  };

  const reset = (state: DisplayState) => {
    skew = state.now - Date.now();
    set({ state });
    announcer ??= new Announcer({
      speak,
      now: hubNow,
      maxAgeMs: state.settings.speakMaxAgeSeconds * 1000,
      lastSeq: Math.min(lastSpokenSeq(), state.lastSeq),
    });
  };

  const callOf = (e: Extract<Event, { type: 'ticket.called' | 'ticket.recalled' }>, state: DisplayState): Call | null => {
    const counterId = e.counterId;
    if (counterId === null) return null;
    const { scope, agencyIds } = get();
    if (!inScope(counterId, state, scope, agencyIds)) return null;
    const label = e.data.counterLabel || (state.counters.find((c) => c.id === counterId)?.label ?? '');
    return { seq: e.seq, at: e.at, ticket: e.data.display, counter: label, counterId, recall: e.type === 'ticket.recalled' };
  };

  const announce = (call: Call, settings: DisplayState['settings']) => {
    // Too old to speak (a display back after a long drop): shown, with its highlight, not spoken.
    if (announcer?.offer(call)) set({ spoken: [...get().spoken.slice(-19), { seq: call.seq, clips: clipsOf(call, settings), done: false }] });
    else set({ current: { call, highlightUntil: 0 } });
  };

  const showCall = (e: Extract<Event, { type: 'ticket.called' | 'ticket.recalled' }>, state: DisplayState) => {
    const call = callOf(e, state);
    if (!call) return;
    const { counterId, counter: label, ticket: display } = call;
    const others = state.latestCalls.filter((c) => c.counterId !== counterId);
    const counter = state.counters.find((c) => c.id === counterId);
    set({
      state: {
        ...state,
        latestCalls: [{ counterId, counterLabel: label, zone: counter?.zone ?? '', ticketId: e.ticketId ?? 0, display, serviceId: e.serviceId ?? 0, calledAt: e.at }, ...others],
      },
    });
    announce(call, state.settings);
  };

  /** A call the snapshot already shows (it came during a resync): said all the same. */
  const covered = (e: Event) => {
    const state = get().state;
    if (!state || (e.type !== 'ticket.called' && e.type !== 'ticket.recalled')) return;
    const call = callOf(e, state);
    if (call) announce(call, state.settings);
  };

  const apply = (e: Event): void | 'resync' => {
    // The admin added, reordered or deleted media: the playlist, nothing else, is read again.
    if (e.type === 'master.changed' && e.data.kind === 'media') return loadMedia();
    const state = get().state;
    if (state && (e.type === 'ticket.called' || e.type === 'ticket.recalled')) showCall(e, state);
    // The waiting per agency: the display does not know which agency a service belongs to.
    if (e.type.startsWith('ticket.') || e.type === 'day.closed' || e.type === 'day.reopened' || e.type === 'settings.changed' || e.type === 'master.changed') return 'resync';
  };

  return {
    state: null,
    media: [],
    agencyIds: null,
    connection: 'connecting',
    current: null,
    spoken: [],
    audioBlocked: false,
    scope: scopeFromUrl(typeof location === 'undefined' ? '' : location.search),

    unblockAudio() {
      set({ audioBlocked: false });
      void playClips(['chime']).catch(() => {});
    },

    start() {
      const live = followLive<DisplayState>({
        load,
        seqOf: (s) => s.lastSeq,
        reset,
        apply,
        covered,
        onConnection: (connection) => {
          // Connected, first or again: a change made while the stream was down sent no event here.
          if (connection === 'live' && get().connection !== 'live') loadMedia();
          set({ connection });
        },
        resyncDelayMs: 400,
        // Paired for a zone, the hub skips the other zones' events: a gap is not a loss.
        sparse: () => Boolean(get().state?.zone),
      });
      return () => live.stop();
    },
  };
});
