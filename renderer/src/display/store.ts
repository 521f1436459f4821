/**
 * The hall display's state: what the hub says (latest call per counter, waiting per agency, the
 * display settings), kept current by the event stream (../api/liveStore.ts), and the voice that
 * says the calls. A call is on the screen the moment its event arrives, whatever the voice is
 * doing; the voice (../../../shared/announcer.ts) says it in its turn, several calls in one breath
 * when they wait, and drops the calls that no longer need saying (the ticket was started,
 * finished, sent elsewhere, or called again).
 *
 * A display paired for a zone gets only that zone from the hub (its state names the zone, and its
 * stream carries only that zone's events); its URL cannot widen it. A display paired for the whole
 * hall (or the demo's unpaired one) may still be narrowed through its URL:
 * /display?zone=Lantai%202 or /display?agencies=DUKCAPIL,POLRES.
 */
import { createElement } from 'react';
import { create } from 'zustand';
import { textWords, utteranceClips, utteranceText, utteranceWords, type SpokenForm } from '../../../shared/announcement.js';
import { Announcer, type Call, type DropReason, type Utterance, type WithdrawReason } from '../../../shared/announcer.js';
import type { Catalogue, DisplaySettings, DisplaySlide, DisplayState, Event, LatestCall, MediaItem } from '../../../shared/protocol.js';
import { hubCall } from '../api/hub.js';
import { followLive } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';
import { AudioBlocked, canSpeak, playClips, playUtterance, preloadClips, speakSentence, unlockAudio } from './voice.js';

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

/** One line of the voice log: an utterance (said or being said), or a call dropped before its turn. */
export type VoiceLogEntry =
  | { kind: 'said'; id: number; seqs: number[]; ticketIds: number[]; tickets: string[]; form: SpokenForm; clips: string[]; done: boolean; started: number; ended: number | null }
  | { kind: 'dropped'; id: number; seqs: number[]; ticketIds: number[]; tickets: string[]; reason: DropReason; at: number };

/** enough for a burst and what follows it; older lines go */
const VOICE_LOG_SIZE = 80;

interface Store {
  state: DisplayState | null;
  /** the media playlist, read at start, after every reconnect and when the admin changes it */
  media: MediaItem[];
  /**
   * what the IKM and service-standard slide shows (settings.standardSlide), read while the
   * setting is on: at start, after every reconnect, every SLIDE_REFRESH_MS and when a standard is published
   */
  slide: DisplaySlide | null;
  /** the agencies of ?agencies=…, once the catalogue has said which ids they are */
  agencyIds: ReadonlySet<number> | null;
  connection: StreamState;
  /** the hub's clock (ms), as this display reckons it: what "fresh for highlightSeconds" is measured on */
  hubNow: () => number;
  /** the tickets being said right now (the screen may mark them) */
  speakingTicketIds: number[];
  /** what the voice said and dropped, oldest first (the hidden voice log; see VoiceLog) */
  voiceLog: VoiceLogEntry[];
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

/** The ticket events after which a call is no longer worth saying. */
const WITHDRAWN_BY: Partial<Record<Event['type'], WithdrawReason>> = {
  'ticket.started': 'started',
  'ticket.finished': 'finished',
  'ticket.no_show': 'no_show',
  'ticket.transferred': 'transferred',
  'ticket.cancelled': 'cancelled',
  'ticket.closed': 'closed',
};

const rulesOf = (s: DisplaySettings) => ({ maxAgeMs: s.speakMaxAgeSeconds * 1000, callsPerBreath: s.callsPerBreath, shortFormBacklog: s.shortFormBacklog });

/** the IKM moves slowly (a few answers an hour): read again every few minutes; a new standard comes as an event */
const SLIDE_REFRESH_MS = 3 * 60_000;

/** a safety net for the next frame: a hidden tab gets none, and its calls must still be said */
const FRAME_FALLBACK_MS = 100;

export const useDisplay = create<Store>((set, get) => {
  let skew = 0;
  const hubNow = () => Date.now() + skew;
  let announcer: Announcer | null = null;
  let logId = 0;
  /**
   * The calls shown since the last frame, not yet in the store: 14 counters pressing "Panggil" at
   * once make 14 events within a few milliseconds, and each render of the hall (its text fitted
   * to its boxes) costs a TV browser tens of milliseconds; drawn one by one, the last call would
   * wait for the 13 renders before it. They are drawn together, once per frame.
   */
  let draft: DisplayState | null = null;
  let frame: { raf: number | null; timer: ReturnType<typeof setTimeout> } | null = null;
  const shown = () => draft ?? get().state;
  const commit = () => {
    if (frame) {
      if (frame.raf !== null) cancelAnimationFrame(frame.raf);
      clearTimeout(frame.timer);
      frame = null;
    }
    if (draft) set({ state: draft });
    draft = null;
  };
  const stage = (state: DisplayState) => {
    draft = state;
    frame ??= { raf: typeof requestAnimationFrame === 'undefined' ? null : requestAnimationFrame(commit), timer: setTimeout(commit, FRAME_FALLBACK_MS) };
  };
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

  /** the latest slide request, as for the playlist */
  let slideAsk = 0;
  /** Reads the slide when the site wants it; the setting off, nothing is asked (and the slide is not shown). */
  const loadSlide = () => {
    if (!get().state?.settings.standardSlide) return;
    const ask = ++slideAsk;
    hubCall<DisplaySlide>('GET', '/api/display/slide').then(
      (slide) => {
        if (ask === slideAsk) set({ slide });
      },
      // kept as it was: the next refresh tries again
      () => {},
    );
  };

  const log = (entry: VoiceLogEntry) => set({ voiceLog: [...get().voiceLog.slice(1 - VOICE_LOG_SIZE), entry] });

  const speak = async (u: Utterance) => {
    const settings = get().state?.settings;
    if (!settings) return;
    const calls = u.calls.map((c) => ({ ticket: c.ticket, counter: c.counter, recall: c.recall }));
    const clips = utteranceWords(calls, u.form, settings);
    const id = ++logId;
    const seqs = u.calls.map((c) => c.seq);
    log({ kind: 'said', id, seqs, ticketIds: u.calls.map((c) => c.ticketId), tickets: u.calls.map((c) => c.ticket), form: u.form, clips, done: false, started: hubNow(), ended: null });
    set({ speakingTicketIds: u.calls.map((c) => c.ticketId) });
    try {
      const said = utteranceClips(calls, u.form, settings);
      if (settings.voice === 'speech' && canSpeak()) {
        await playUtterance({ chime: said.chime, calls: [] });
        await speakSentence(utteranceText(calls, u.form, settings));
      } else if (settings.voice === 'clips') await playUtterance(said);
    } catch (err) {
      if (err instanceof AudioBlocked) set({ audioBlocked: true });
    }
    set({
      voiceLog: get().voiceLog.map((e) => (e.id === id && e.kind === 'said' ? { ...e, done: true, ended: hubNow() } : e)),
      speakingTicketIds: [],
    });
    try {
      localStorage.setItem(LAST_SPOKEN_KEY, String(Math.max(...seqs)));
    } catch {
      // nothing to keep it in
    }
  };

  const dropped = (call: Call, reason: DropReason) =>
    log({ kind: 'dropped', id: ++logId, seqs: [call.seq], ticketIds: [call.ticketId], tickets: [call.ticket], reason, at: hubNow() });

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
    // The snapshot has every call staged so far (or newer ones): nothing staged is drawn over it.
    draft = null;
    commit();
    const slideWanted = state.settings.standardSlide && !get().state?.settings.standardSlide;
    set({ state });
    // The setting just turned on (or the first snapshot has it on): the slide is read at once.
    if (slideWanted) loadSlide();
    if (announcer) announcer.configure(rulesOf(state.settings));
    else {
      announcer = new Announcer({
        ...rulesOf(state.settings),
        speak,
        now: hubNow,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        lastSeq: Math.min(lastSpokenSeq(), state.lastSeq),
        onDropped: dropped,
      });
      // The chime and the words of the wordings, before the first call: its clips then play at once.
      const s = state.settings;
      const fixed = (wording: string) => textWords(wording.replace(/\{[a-z]+\}/g, ' '), s.pronunciations);
      if (s.voice === 'clips') preloadClips([...new Set([...utteranceWords([], 'full', s), ...fixed(s.wording), ...fixed(s.shortWording)])]);
    }
  };

  const callOf = (e: Extract<Event, { type: 'ticket.called' | 'ticket.recalled' }>, state: DisplayState): Call | null => {
    const counterId = e.counterId;
    if (counterId === null || e.ticketId === null) return null;
    const { scope, agencyIds } = get();
    if (!inScope(counterId, state, scope, agencyIds)) return null;
    const label = e.data.counterLabel || (state.counters.find((c) => c.id === counterId)?.label ?? '');
    return { seq: e.seq, at: e.at, ticketId: e.ticketId, ticket: e.data.display, counter: label, counterId, recall: e.data.callCount > 1 };
  };

  const showCall = (e: Extract<Event, { type: 'ticket.called' | 'ticket.recalled' }>, state: DisplayState) => {
    const call = callOf(e, state);
    if (!call) return;
    const service = state.services.find((s) => s.id === e.serviceId);
    const latest: LatestCall = {
      counterId: call.counterId,
      counterLabel: call.counter,
      zone: state.counters.find((c) => c.id === call.counterId)?.zone ?? '',
      ticketId: call.ticketId,
      display: call.ticket,
      serviceId: e.serviceId ?? 0,
      serviceName: service?.name ?? '',
      agencyName: service?.agencyName ?? null,
      calledAt: e.at,
      recall: call.recall,
    };
    stage({ ...state, latestCalls: [latest, ...state.latestCalls.filter((c) => c.counterId !== call.counterId)] });
    announcer?.offer(call);
  };

  /** A call, or the end of one, that the snapshot already shows (it came during a resync): heard all the same. */
  const covered = (e: Event) => {
    const state = shown();
    if (!state) return;
    if (e.type === 'ticket.called' || e.type === 'ticket.recalled') {
      const call = callOf(e, state);
      if (call) announcer?.offer(call);
    }
    const reason = WITHDRAWN_BY[e.type];
    if (reason && e.ticketId !== null) announcer?.withdraw(e.ticketId, reason);
  };

  const apply = (e: Event): void | 'resync' => {
    // The admin added, reordered or deleted media: the playlist, nothing else, is read again.
    if (e.type === 'master.changed' && e.data.kind === 'media') return loadMedia();
    // A service's standard changed: the slide shows the new one at its next turn.
    if (e.type === 'standard.published') return loadSlide();
    const state = shown();
    if (state && (e.type === 'ticket.called' || e.type === 'ticket.recalled')) showCall(e, state);
    const reason = WITHDRAWN_BY[e.type];
    if (reason && e.ticketId !== null) announcer?.withdraw(e.ticketId, reason);
    // A service renamed, ended or moved to another agency: the slide names it as the kiosk does.
    if (e.type === 'master.changed') loadSlide();
    // The waiting per agency: the display does not know which agency a service belongs to.
    if (e.type.startsWith('ticket.') || e.type === 'day.closed' || e.type === 'day.reopened' || e.type === 'settings.changed' || e.type === 'master.changed') return 'resync';
  };

  return {
    state: null,
    media: [],
    slide: null,
    agencyIds: null,
    connection: 'connecting',
    hubNow,
    speakingTicketIds: [],
    voiceLog: [],
    audioBlocked: false,
    scope: scopeFromUrl(typeof location === 'undefined' ? '' : location.search),

    unblockAudio() {
      set({ audioBlocked: false });
      void unlockAudio().then(() => playClips(['chime'])).catch(() => {});
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
          if (connection === 'live' && get().connection !== 'live') {
            loadMedia();
            loadSlide();
          }
          set({ connection });
        },
        // The waiting counts a ticket event changes come with the next snapshot: a second after
        // the first event, so that a burst of calls is drawn before the whole hall is redrawn.
        resyncDelayMs: 1000,
        // Paired for a zone, the hub skips the other zones' events: a gap is not a loss.
        sparse: () => Boolean(get().state?.zone),
      });
      const slideTimer = setInterval(loadSlide, SLIDE_REFRESH_MS);
      return () => {
        clearInterval(slideTimer);
        live.stop();
      };
    },
  };
});

/**
 * The hidden voice log, for tests and for whoever looks into a display that "did not say" a call:
 * one `li` per utterance, data-seqs / data-tickets (comma lists), data-form (full|short),
 * data-done (yes|no), data-started / data-ended (hub ms), its clips as text; and one `li` per call
 * dropped before its turn, data-dropped = the reason (old, superseded, started, finished, no_show,
 * transferred, cancelled, closed).
 */
export function VoiceLog() {
  const entries = useDisplay((s) => s.voiceLog);
  return createElement(
    'ol',
    { className: 'voice-log', 'data-testid': 'voice-log', hidden: true },
    entries.map((e) =>
      e.kind === 'said'
        ? createElement(
            'li',
            {
              key: e.id,
              'data-seqs': e.seqs.join(','),
              'data-tickets': e.tickets.join(','),
              'data-form': e.form,
              'data-done': e.done ? 'yes' : 'no',
              'data-started': e.started,
              'data-ended': e.ended ?? '',
            },
            e.clips.join(' '),
          )
        : createElement('li', { key: e.id, 'data-seqs': e.seqs.join(','), 'data-tickets': e.tickets.join(','), 'data-dropped': e.reason, 'data-at': e.at }, e.tickets.join(' ')),
    ),
  );
}
