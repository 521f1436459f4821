/**
 * The hall display, readable from ten metres at any TV's size (1920x1080 down to the 960x540 many
 * TV browsers report): the latest calls large, side by side (`bigCalls`), each flashing while
 * fresh; the other counters' latest calls; waiting per agency; the site, the hub's clock and the
 * date; a running text; and, when the MPP has put media in the hub's media folder, a playlist of
 * public service spots, with (a site setting) a slide of the MPP's IKM and the standard of the
 * services of the agency just called (StandardSlide.tsx). Everything shown comes from the store's
 * `state`, so a reload or a TV switched back on shows the same calls. Text shrinks to fit its box down to a floor of 5% of the
 * screen's height, never below: what does not fit then goes on pages that take turns.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import type { DisplaySlide, DisplayState, LatestCall } from '../../../shared/protocol.js';
import { BigCalls } from './BigCalls.js';
import { CallList } from './CallList.js';
import { extentsOf, floorPx, overflows, rulerFor, useFit, vh } from './fitText.js';
import { Media, type SlideContent } from './Media.js';
import { inScope, useDisplay, VoiceLog } from './store.js';
import { WaitingPanel } from './WaitingPanel.js';
import './display.css';

/** With a playlist on screen, the big area keeps room for at most this many calls (the rest go to the list). */
const BIG_CALLS_WITH_MEDIA = 2;

/**
 * Renders when what is shown changes (the store, a highlight that ends), not with the clock:
 * the clock and the date tick on their own, and the panels turn their own pages, so a second
 * going by redraws (and fits) nothing else.
 */
export function DisplayApp() {
  const state = useDisplay((s) => s.state);
  const agencyIds = useDisplay((s) => s.agencyIds);
  const scope = useDisplay((s) => s.scope);
  const connection = useDisplay((s) => s.connection);
  const audioBlocked = useDisplay((s) => s.audioBlocked);
  const unblockAudio = useDisplay((s) => s.unblockAudio);
  const hubNow = useDisplay((s) => s.hubNow);
  const speaking = useDisplay((s) => s.speakingTicketIds);
  const media = useDisplay((s) => s.media);
  const slide = useDisplay((s) => s.slide);
  const start = useDisplay((s) => s.start);
  useEffect(() => start(), [start]);

  // What the panels show, kept the same (the same arrays) while their content is: a snapshot
  // that changes only the waiting counts does not redraw the calls.
  const allCalls = useMemo(() => (state ? state.latestCalls.filter((c) => inScope(c.counterId, state, scope, agencyIds)) : []), [state, scope, agencyIds]);
  const calls = useSame(allCalls, callsKey);
  const urlZone = state?.zone ? null : scope.zone;
  // A display paired for a zone: the hub sends only that zone's calls and waiting. Otherwise a
  // display limited by its URL lists the agencies serving in its zone, or the agencies it names.
  const allAgencies = useMemo(
    () =>
      state
        ? state.waitingPerAgency.filter((a) =>
            agencyIds ? agencyIds.has(a.agencyId) : urlZone ? state.counters.some((c) => c.agencyId === a.agencyId && c.zone === urlZone) : true,
          )
        : [],
    [state, agencyIds, urlZone],
  );
  const agencies = useSame(allAgencies, agenciesKey);
  const slideContent = useSlideContent(state?.settings.standardSlide ? slide : null, calls, state);
  const mediaArea = media.length > 0 || slideContent !== null;
  const bigCount = state ? Math.min(state.settings.bigCalls, mediaArea ? BIG_CALLS_WITH_MEDIA : state.settings.bigCalls) : 0;
  const big = useMemo(() => calls.slice(0, bigCount), [calls, bigCount]);
  const others = useMemo(() => calls.slice(bigCount), [calls, bigCount]);
  const highlightMs = (state?.settings.highlightSeconds ?? 0) * 1000;
  const fresh = useFresh(calls, highlightMs, hubNow);

  if (!state) return <div className="display loading">Antre</div>;

  const settings = state.settings;
  const zoneName = state.zone ? [state.zone.name, state.zone.floor].filter(Boolean).join(', ') : scope.zone;
  const periodMs = settings.waitingPageSeconds * 1000;

  return (
    <div className="display">
      <header>
        <Title site={state.site.name} zone={zoneName} />
        <Clock clock={hubNow} timeZone={state.site.timeZone} />
      </header>
      <main className={[mediaArea && 'with-media', slideContent && 'with-slide'].filter(Boolean).join(' ')}>
        <div className="top">
          <BigCalls calls={big} fresh={fresh} speaking={speaking} />
          {/* a new playlist (the admin added, reordered or deleted) starts again from its first item */}
          {mediaArea && <QuietMedia key={media.map((m) => m.file).join('/')} items={media} imageSeconds={settings.imageSeconds} slide={slideContent} />}
        </div>
        <CallList calls={others} fresh={fresh} clock={hubNow} periodMs={periodMs} />
        <WaitingPanel agencies={agencies} clock={hubNow} periodMs={periodMs} />
      </main>
      <footer>
        <Today clock={hubNow} timeZone={state.site.timeZone} />
        {connection === 'down' && <span className="offline">Sedang menyambung ulang…</span>}
        <div className="marquee">
          <span>{settings.runningText}</span>
        </div>
      </footer>
      {audioBlocked && (
        <button className="unblock" onClick={unblockAudio}>
          Ketuk untuk mengaktifkan suara panggilan
        </button>
      )}
      <QuietVoiceLog />
    </div>
  );
}

/** The voice log follows the store on its own: the screen's renders leave its eighty lines alone. */
const QuietVoiceLog = memo(VoiceLog);
const QuietMedia = memo(Media);

const callsKey = (calls: LatestCall[]) =>
  calls.map((c) => [c.counterId, c.ticketId, c.display, c.calledAt, c.recall, c.counterLabel, c.serviceName, c.agencyName].join('\u0001')).join('\u0002');
const agenciesKey = (agencies: DisplayState['waitingPerAgency']) => agencies.map((a) => `${a.agencyId}\u0001${a.shortName}\u0001${a.waiting}`).join('\u0002');

/**
 * What the slide would show now (null: nothing, and no slide): the IKM, and the standards of the
 * agency of the latest call this display shows, limited to the services its calls may be for (a
 * display paired for a zone: that zone's). The same object while that does not change, so the
 * playlist is not redrawn with every call.
 */
function useSlideContent(slide: DisplaySlide | null, calls: LatestCall[], state: DisplayState | null): SlideContent | null {
  const serviceId = calls[0]?.serviceId ?? null;
  // Every snapshot (a second after each ticket event) brings a new list of the same services.
  const servicesKey = state ? state.services.map((s) => `${s.id}:${s.agencyId}`).join(',') : null;
  return useMemo(() => {
    if (!slide || servicesKey === null) return null;
    const services = new Map(servicesKey.split(',').filter(Boolean).map((p) => p.split(':').map(Number) as [number, number]));
    const agencyId = serviceId === null ? null : (services.get(serviceId) ?? null);
    const standards = slide.standards.find((a) => a.agencyId === agencyId);
    const shown = standards ? standards.services.filter((s) => services.has(s.serviceId)) : [];
    const agency = standards && shown.length ? { ...standards, services: shown } : null;
    return slide.ikm || agency ? { ikm: slide.ikm, agency } : null;
  }, [slide, servicesKey, serviceId]);
}

/** `value`, or the one of an earlier render when both have the same `key`: memoised children then skip their render. */
function useSame<T>(value: T, key: (v: T) => string): T {
  const kept = useRef<{ key: string; value: T } | null>(null);
  const k = key(value);
  if (!kept.current || kept.current.key !== k) kept.current = { key: k, value };
  return kept.current.value;
}

/**
 * The counters whose call is still highlighted (the hub's clock), comma-separated; renders again
 * when the next highlight ends, and only then.
 */
function useFresh(calls: LatestCall[], highlightMs: number, clock: () => number): string {
  const [, setWake] = useState(0);
  const now = clock();
  const fresh = calls.filter((c) => now < c.calledAt + highlightMs);
  const nextEnd = fresh.length ? Math.min(...fresh.map((c) => c.calledAt + highlightMs)) : null;
  useEffect(() => {
    if (nextEnd === null) return;
    const timer = setTimeout(() => setWake((w) => w + 1), Math.max(0, nextEnd - clock()) + 20);
    return () => clearTimeout(timer);
  }, [nextEnd, clock]);
  return fresh.map((c) => c.counterId).join(',');
}

/** A text from the hub's clock, looked at every second, that renders again only when it changes. */
function useClockText(clock: () => number, text: (now: number) => string): string {
  const value = text(clock());
  const [, setSeen] = useState(value);
  const latest = useRef(text);
  latest.current = text;
  useEffect(() => {
    const timer = setInterval(() => setSeen(latest.current(clock())), 1000);
    return () => clearInterval(timer);
  }, [clock]);
  return value;
}

/** The hub's time, "08.05 WIB". */
const Clock = memo(function Clock({ clock, timeZone }: { clock: () => number; timeZone: string }) {
  const time = useClockText(clock, (now) => `${localParts(now, timeZone).time.replace(':', '.')} ${zoneAbbreviation(timeZone)}`);
  return (
    <div className="time" data-testid="clock">
      {time}
    </div>
  );
});

/** The site's date, "Senin, 2 Desember 2024". */
const Today = memo(function Today({ clock, timeZone }: { clock: () => number; timeZone: string }) {
  const date = useClockText(clock, (now) => formatIndonesianDate(localParts(now, timeZone).date));
  return <div className="date">{date}</div>;
});

/** The site's name and the display's zone, as large as the header allows; on two lines rather than cut. */
const Title = memo(function Title({ site, zone }: { site: string; zone: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useFit(ref, `${site}\u0001${zone ?? ''}`, function* () {
    const el = ref.current;
    if (!el) return;
    const samples = [{ key: `site\u0001${el.textContent ?? ''}`, el }];
    el.classList.remove('wrap');
    const ruler = rulerFor(el.parentElement ?? el, samples);
    yield;
    ruler?.read();
    const width = el.clientWidth;
    yield;
    ruler?.finish();
    const [text] = extentsOf(samples);
    const floor = floorPx();
    const fit = text!.w > 0 ? (width * 0.995) / text!.w : floor;
    let size = Math.max(floor, Math.min(Math.max(floor, vh(6)), fit));
    el.style.fontSize = `${size}px`;
    el.classList.toggle('wrap', fit < floor);
    if (fit < floor) return;
    // checked with the layout the screen needs anyway: a font's hinting may want a little less
    for (let round = 0; round < 2 && size > floor; round++) {
      yield;
      const over = overflows(el);
      yield;
      if (!over) return;
      size = Math.max(floor, size * 0.95);
      el.style.fontSize = `${size}px`;
    }
  });
  return (
    <div className="site" ref={ref}>
      {site}
      {zone && (
        <span className="zone" data-testid="display-zone">
          {' '}
          · {zone}
        </span>
      )}
    </div>
  );
});
