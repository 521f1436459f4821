/**
 * The hall display, readable from ten metres at any TV's size (1920x1080 down to the 960x540 many
 * TV browsers report): the latest calls large, side by side (`bigCalls`), each flashing while
 * fresh; the other counters' latest calls; waiting per agency; the site, the hub's clock and the
 * date; a running text; and, when the MPP has put media in the hub's media folder, a playlist of
 * public service spots. Everything shown comes from the store's `state`, so a reload or a TV
 * switched back on shows the same calls. Text shrinks to fit its box down to a floor of 5% of the
 * screen's height, never below: what does not fit then goes on pages that take turns.
 */
import { useEffect, useRef, useState } from 'react';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import { BigCalls } from './BigCalls.js';
import { CallList } from './CallList.js';
import { fitTogether, floorPx, useFit, vh } from './fitText.js';
import { Media } from './Media.js';
import { inScope, useDisplay, VoiceLog } from './store.js';
import { WaitingPanel } from './WaitingPanel.js';
import './display.css';

/** With a playlist on screen, the big area keeps room for at most this many calls (the rest go to the list). */
const BIG_CALLS_WITH_MEDIA = 2;

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
  const start = useDisplay((s) => s.start);
  useEffect(() => start(), [start]);
  useSecondTick();
  if (!state) return <div className="display loading">Antre</div>;

  const now = hubNow();
  const settings = state.settings;
  const calls = state.latestCalls.filter((c) => inScope(c.counterId, state, scope, agencyIds));
  const bigCount = Math.min(settings.bigCalls, media.length ? BIG_CALLS_WITH_MEDIA : settings.bigCalls);
  // A display paired for a zone: the hub sends only that zone's calls and waiting. Otherwise a
  // display limited by its URL lists the agencies serving in its zone, or the agencies it names.
  const urlZone = state.zone ? null : scope.zone;
  const agencies = state.waitingPerAgency.filter((a) =>
    agencyIds ? agencyIds.has(a.agencyId) : urlZone ? state.counters.some((c) => c.agencyId === a.agencyId && c.zone === urlZone) : true,
  );
  const zoneName = state.zone ? [state.zone.name, state.zone.floor].filter(Boolean).join(', ') : scope.zone;
  const local = localParts(now, state.site.timeZone);
  const highlightMs = settings.highlightSeconds * 1000;
  const periodMs = settings.waitingPageSeconds * 1000;

  return (
    <div className="display">
      <header>
        <Title site={state.site.name} zone={zoneName} />
        <div className="time" data-testid="clock">
          {local.time.replace(':', '.')} {zoneAbbreviation(state.site.timeZone)}
        </div>
      </header>
      <main className={media.length ? 'with-media' : ''}>
        <div className="top">
          <BigCalls calls={calls.slice(0, bigCount)} now={now} highlightMs={highlightMs} speaking={speaking} />
          {/* a new playlist (the admin added, reordered or deleted) starts again from its first item */}
          {media.length > 0 && <Media key={media.map((m) => m.file).join('/')} items={media} imageSeconds={settings.imageSeconds} />}
        </div>
        <CallList calls={calls.slice(bigCount)} now={now} highlightMs={highlightMs} periodMs={periodMs} />
        <WaitingPanel agencies={agencies} now={now} periodMs={periodMs} />
      </main>
      <footer>
        <div className="date">{formatIndonesianDate(local.date)}</div>
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
      <VoiceLog />
    </div>
  );
}

/** The site's name and the display's zone, as large as the header allows; on two lines rather than cut. */
function Title({ site, zone }: { site: string; zone: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useFit(ref, `${site}\u0001${zone ?? ''}`, () => {
    const el = ref.current;
    if (!el) return;
    el.classList.remove('wrap');
    if (!fitTogether([el], floorPx(), Math.max(floorPx(), vh(6))).fits) el.classList.add('wrap');
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
}

/** Renders once a second: the clock, the highlights that end, the pages that turn. */
function useSecondTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, []);
}
