/**
 * The hall display, 1920x1080, readable from ten metres: the call being made now, large and
 * highlighted; the latest call at each gerai; waiting per agency; date and clock in the site's zone;
 * a running text; and, when the MPP has put media in the hub's media folder, a playlist of public
 * service spots. It speaks each call (see store.ts) and follows the hub by itself.
 */
import { useEffect, useState } from 'react';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import type { MediaItem } from '../../../shared/protocol.js';
import { inScope, useDisplay } from './store.js';
import './display.css';

export function DisplayApp() {
  const state = useDisplay((s) => s.state);
  const agencyIds = useDisplay((s) => s.agencyIds);
  const scope = useDisplay((s) => s.scope);
  const current = useDisplay((s) => s.current);
  const connection = useDisplay((s) => s.connection);
  const spoken = useDisplay((s) => s.spoken);
  const audioBlocked = useDisplay((s) => s.audioBlocked);
  const unblockAudio = useDisplay((s) => s.unblockAudio);
  const start = useDisplay((s) => s.start);
  useEffect(() => start(), [start]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const media = useDisplay((s) => s.media);
  if (!state) return <div className="display loading">Antre</div>;

  const calls = state.latestCalls.filter((c) => inScope(c.counterId, state, scope, agencyIds));
  // A display paired for a zone: the hub sends only that zone's calls and waiting. Otherwise a
  // display limited by its URL lists the agencies serving in its zone, or the agencies it names.
  const urlZone = state.zone ? null : scope.zone;
  const agencies = state.waitingPerAgency.filter((a) =>
    agencyIds ? agencyIds.has(a.agencyId) : urlZone ? state.counters.some((c) => c.agencyId === a.agencyId && c.zone === urlZone) : true,
  );
  const zoneName = state.zone ? [state.zone.name, state.zone.floor].filter(Boolean).join(', ') : scope.zone;
  const highlighted = current && current.highlightUntil > now;
  const local = localParts(now, state.site.timeZone);

  return (
    <div className="display">
      <header>
        <div className="site">
          {state.site.name}
          {zoneName && (
            <span className="zone" data-testid="display-zone">
              {' '}
              · {zoneName}
            </span>
          )}
        </div>
        <div className="clock">
          <span className="date">{formatIndonesianDate(local.date)}</span>
          <span className="time" data-testid="clock">
            {local.time.replace(':', '.')} {zoneAbbreviation(state.site.timeZone)}
          </span>
        </div>
      </header>
      <main className={media.length ? 'with-media' : ''}>
        <section className={`now ${highlighted ? 'highlight' : ''}`} data-testid="now-calling" aria-live="assertive">
          {current ? (
            <>
              <div className="label">Nomor antrean</div>
              <div className="number" data-testid="now-number">
                {current.call.ticket}
              </div>
              <div className="label">silakan menuju</div>
              <div className="counter" data-testid="now-counter">
                {current.call.counter}
              </div>
            </>
          ) : (
            <div className="label idle">Selamat datang</div>
          )}
        </section>
        {/* a new playlist (the admin added, reordered or deleted) starts again from its first item */}
        {media.length > 0 && <Media key={media.map((m) => m.file).join('/')} items={media} />}
        <section className="calls">
          <h2>Panggilan terakhir</h2>
          <ol data-testid="latest-calls">
            {calls.slice(0, 12).map((c) => (
              <li key={c.counterId} data-counter={c.counterId} className={current?.call.counterId === c.counterId && highlighted ? 'fresh' : ''}>
                <span className="ticket">{c.display}</span>
                <span className="where">{c.counterLabel}</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="waiting">
          <h2>Menunggu</h2>
          <ul data-testid="waiting">
            {agencies.map((a) => (
              <li key={a.agencyId}>
                <span>{a.shortName}</span>
                <b>{a.waiting}</b>
              </li>
            ))}
          </ul>
        </section>
      </main>
      <footer>
        {connection === 'down' && <span className="offline">Sedang menyambung ulang…</span>}
        <div className="marquee">
          <span>{state.settings.runningText}</span>
        </div>
      </footer>
      {audioBlocked && (
        <button className="unblock" onClick={unblockAudio}>
          Ketuk untuk mengaktifkan suara panggilan
        </button>
      )}
      <ol className="voice-log" data-testid="voice-log" hidden>
        {spoken.map((s) => (
          <li key={s.seq} data-seq={s.seq} data-done={s.done ? 'yes' : 'no'}>
            {s.clips.join(' ')}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The playlist of <data dir>/media: images for `imageSeconds`, videos to their end, muted. */
function Media({ items }: { items: MediaItem[] }) {
  const imageSeconds = useDisplay((s) => s.state?.settings.imageSeconds ?? 10);
  const [index, setIndex] = useState(0);
  const item = items.length ? items[index % items.length]! : null;
  useEffect(() => {
    if (!item || item.kind !== 'image') return;
    const timer = setTimeout(() => setIndex((i) => i + 1), imageSeconds * 1000);
    return () => clearTimeout(timer);
  }, [item, imageSeconds]);
  if (!item) return null;
  const src = `/media/${encodeURIComponent(item.file)}`;
  return (
    <section className="media">
      {item.kind === 'image' ? <img src={src} alt="" /> : <video src={src} autoPlay muted onEnded={() => setIndex((i) => i + 1)} onError={() => setIndex((i) => i + 1)} />}
    </section>
  );
}
