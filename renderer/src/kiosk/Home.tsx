/**
 * The kiosk's first screen: "Cari layanan" (a search by service, ./Search.tsx), the services most
 * taken ("Layanan populer", counted by the hub), and the agencies — each with the admin's logo or
 * the admin's short name as its big text, never a made-up badge — as many per page as the screen
 * holds (./gridFit.ts). A large MPP gets a filter by first letter of the full or the short name,
 * its letters grouped so the row always fits one line. A closed agency says when it opens.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalogue } from '../../../shared/protocol.js';
import { addStrings, i18n } from '../i18n.js';
import { GAP_EM, PAGER_MIN_PX, useBox, usePaged, type FitRule } from './gridFit.js';
import { en, id } from './homeStrings.js';
import { Search } from './Search.js';
import { popularServices, fold } from './serviceSearch.js';
import { Pager, ServiceTile, takeable } from './Services.js';
import { useKiosk } from './store.js';
import './home.css';

addStrings(id, en);

type Agency = Catalogue['agencies'][number];

/** From this many agencies on, the home screen offers the filter by first letter. */
const LETTERS_FROM = 30;
/** Agency tiles at least this wide (em), as tall as the tallest one's content. */
const AGENCY_TILES: FitRule = { minWidth: 9.5, minHeight: 3, maxHeight: 6, pagerInside: true };
/** "Layanan populer": at most this many, each tile at least this wide (em). */
const POPULAR_MAX = 6;
const POPULAR_MIN_WIDTH = 10;
/** The width of the letter filter's "Semua" button (home.css .letters .all). */
const ALL_EM = 4.4;

function SearchIcon() {
  return (
    <svg className="search-icon" viewBox="0 0 24 24" aria-hidden>
      <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.6" />
      <path d="M15 15 L21 21" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}

/** The first letter of a name, A–Z ('#' for a digit or anything else). */
function initial(name: string): string {
  const c = fold(name.trim())[0]?.toUpperCase() ?? '#';
  return c >= 'A' && c <= 'Z' ? c : '#';
}

/** The letters an agency is found under: its full name's and its short name's. */
function initials(a: Agency): Set<string> {
  return new Set([initial(a.name), initial(a.shortName)]);
}

/**
 * The letters present, in `slots` buttons at most: one letter each when they fit, else runs of
 * neighbouring letters ("B–D") of about equal size.
 */
export function letterGroups(letters: readonly string[], slots: number): string[][] {
  const sorted = [...new Set(letters)].sort();
  if (sorted.length <= slots) return sorted.map((l) => [l]);
  const size = Math.ceil(sorted.length / Math.max(1, slots));
  const groups: string[][] = [];
  for (let i = 0; i < sorted.length; i += size) groups.push(sorted.slice(i, i + size));
  return groups;
}

/** A short name with a word this long ("BPJamsostek", "Kemenkumham") is set smaller, not broken inside the word. */
const LONG_WORD = 10;
const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((w) => w.length));

/** The earliest "Buka …" of an agency none of whose services can be taken now. */
function agencyNextOpening(a: Agency): { id: string; en: string } | null {
  let best: { at: number; text: { id: string; en: string } } | null = null;
  for (const s of a.services) if (s.nextOpening && (!best || s.nextOpening.at < best.at)) best = s.nextOpening;
  return best?.text ?? null;
}

/**
 * What an agency tile says: the logo or the short name big, the full name, and when it is closed,
 * when it opens. (Whether a counter is open is each service's to say, on the next screen.)
 */
function AgencyBody({ agency: a }: { agency: Agency }) {
  const { t } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const open = a.services.some((s) => s.open);
  const next = open ? null : agencyNextOpening(a);
  return (
    <>
      {a.logoUrl && <img className="agency-logo" src={a.logoUrl} alt="" />}
      <span className={`name${longestWord(a.shortName) >= LONG_WORD ? ' long' : ''}`}>{a.shortName}</span>
      {a.name !== a.shortName && <span className="sub full-name">{a.name}</span>}
      {!open && (
        <span className="status">
          <span className="state closed">{t('kioskHome.closed')}</span>
          {next && <span className="sub next-opening">{next[lang]}</span>}
        </span>
      )}
    </>
  );
}

function agencyClass(catalogue: Catalogue, a: Agency): string {
  return `${a.logoUrl ? ' with-logo' : ''}${a.services.some((s) => takeable(catalogue, s)) ? '' : ' unavailable'}`;
}

function AgencyTile({ catalogue, agency: a, disabled }: { catalogue: Catalogue; agency: Agency; disabled: boolean }) {
  const go = useKiosk((s) => s.go);
  return (
    <button className={`tile agency${agencyClass(catalogue, a)}`} disabled={disabled} onClick={() => go({ name: 'agency', agencyId: a.id })} data-agency={a.id}>
      <AgencyBody agency={a} />
    </button>
  );
}

function Popular({ catalogue, disabled }: { catalogue: Catalogue; disabled: boolean }) {
  const { t } = useTranslation();
  const [ref, box] = useBox<HTMLDivElement>();
  const hits = useMemo(() => popularServices(catalogue).slice(0, POPULAR_MAX), [catalogue]);
  if (hits.length === 0) return null;
  const gap = GAP_EM * box.fontSize;
  const columns = Math.max(1, Math.floor((box.width + gap) / (POPULAR_MIN_WIDTH * box.fontSize + gap)));
  // A portrait screen has the height for a second row; a landscape one shows what one row holds.
  const rows = window.innerHeight > window.innerWidth ? 2 : 1;
  const shown = hits.slice(0, Math.min(hits.length, columns * rows));
  return (
    <div className="popular" data-testid="popular">
      <h2>{t('kioskHome.popular')}</h2>
      <div className="popular-tiles" ref={ref} style={{ gridTemplateColumns: `repeat(${Math.min(columns, Math.max(shown.length, 1))}, minmax(0, 1fr))` }}>
        {box.width > 0 && shown.map(({ agency, service }) => <ServiceTile key={service.id} catalogue={catalogue} agency={agency} service={service} disabled={disabled} compact />)}
      </div>
    </div>
  );
}

export function Home({ catalogue, disabled }: { catalogue: Catalogue; disabled: boolean }) {
  const { t } = useTranslation();
  const go = useKiosk((s) => s.go);
  const [searching, setSearching] = useState(false);
  const [letters, setLetters] = useState<string[] | null>(null);
  const withLetters = catalogue.agencies.length >= LETTERS_FROM;
  const shown = useMemo(
    () => (letters ? catalogue.agencies.filter((a) => [...initials(a)].some((l) => letters.includes(l))) : catalogue.agencies),
    [catalogue, letters],
  );
  const { ref, fit, page, pages, setPage, visible, gridStyle, measured, measureRef, measureStyle } = usePaged(shown, AGENCY_TILES);
  const groups = useMemo(() => {
    if (!withLetters || !measured) return [];
    const gap = GAP_EM * fit.fontSize;
    const button = Math.max(PAGER_MIN_PX, 2.4 * fit.fontSize);
    // "Semua" first, as wide as its word (home.css .letters .all), then the letters' buttons.
    const all = Math.max(PAGER_MIN_PX, ALL_EM * fit.fontSize) + gap;
    const slots = Math.max(1, Math.floor((fit.width - all + gap) / (button + gap)));
    return letterGroups(catalogue.agencies.flatMap((a) => [...initials(a)]), slots);
  }, [withLetters, measured, fit.width, fit.fontSize, catalogue]);

  if (searching) return <Search catalogue={catalogue} disabled={disabled} onClose={() => setSearching(false)} />;
  const pick = (g: string[] | null) => {
    setLetters(g);
    setPage(0);
  };
  const same = (g: string[]) => letters !== null && g.join() === letters.join();
  return (
    <section className="home">
      <div className="home-top">
        <h1>{t('kiosk.chooseAgency')}</h1>
        <button className="search-open" onClick={() => setSearching(true)} disabled={disabled} data-testid="search-open">
          <SearchIcon />
          <span className="label">
            {t('kioskHome.search')}
            <small>{t('kioskHome.searchExamples')}</small>
          </span>
        </button>
        {catalogue.kiosk.complaints && (
          <button className="secondary complaint-open" onClick={() => go({ name: 'complaint' })} disabled={disabled} data-testid="complaint-open">
            {t('kioskComplaint.open')}
          </button>
        )}
      </div>
      <Popular catalogue={catalogue} disabled={disabled} />
      {withLetters && groups.length > 0 && (
        <div className="letters" role="group" aria-label={t('kioskHome.letters')}>
          <button className={`all${letters === null ? ' on' : ''}`} onClick={() => pick(null)}>
            {t('kioskHome.all')}
          </button>
          {groups.map((g) => (
            <button key={g.join()} className={same(g) ? 'on' : ''} onClick={() => pick(g)}>
              {g.length === 1 ? g[0] : `${g[0]}–${g.at(-1)}`}
            </button>
          ))}
        </div>
      )}
      <div className="paged" ref={ref}>
        {measured && (
          <div className="grid agencies" style={gridStyle}>
            {visible.map((a) => (
              <AgencyTile key={a.id} catalogue={catalogue} agency={a} disabled={disabled} />
            ))}
          </div>
        )}
        <Pager page={page} pages={pages} onPage={setPage} />
        {measured && (
          // hidden copies of every tile for the rows' height (gridFit.ts useTallest)
          <div className="measure" ref={measureRef} style={measureStyle} aria-hidden inert>
            {shown.map((a) => (
              <div key={a.id} className={`tile copy agency-copy${agencyClass(catalogue, a)}`}>
                <AgencyBody agency={a} />
              </div>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
