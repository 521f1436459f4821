/**
 * The second screen: an agency's services, each saying whether it can be taken now, the people
 * waiting and the estimate, where it is served and its hours; a closed one says when it opens,
 * one no open counter serves says so (and cannot be taken when the site refuses those tickets).
 * Tiles per page follow the screen (./gridFit.ts); "Kembali" and the pager share the bottom row.
 * ServiceTile is also the tile of the search's results and of "Layanan populer".
 */
import { useMemo, type CSSProperties, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { idTime, lastTicketTime } from '../../../shared/serviceCalendar.js';
import { placeText } from '../../../shared/place.js';
import type { Catalogue } from '../../../shared/protocol.js';
import { i18n } from '../i18n.js';
import { usePaged, type FitRule } from './gridFit.js';
import { useKiosk } from './store.js';

type Agency = Catalogue['agencies'][number];
type Service = Agency['services'][number];

type T = (k: string, o?: Record<string, unknown>) => string;

/** Services screen: tiles at least this wide (em), as tall as the tallest one's content. */
const SERVICE_TILES: FitRule = { minWidth: 11, minHeight: 3, maxHeight: 9, pagerInside: false };

/** Why a service gives no ticket now, as its tile and the confirm screen say it. */
export function unavailableText(t: T, s: Service): string {
  if (s.unavailableReason === 'SERVICE_CLOSED') {
    // the admin's own words for a closure; a pause or a break says what it is, with its reason below
    if (s.closedWhy === 'closure' && s.closedReason) return s.closedReason;
    if (s.closedWhy === 'pause') return t('kiosk.paused');
    if (s.closedWhy === 'break') return s.closedReason ?? t('kiosk.onBreak');
    if (s.closedWhy === 'lastTicket') return t('kiosk.lastTicketPassed');
  }
  switch (s.unavailableReason) {
    case 'QUOTA_EXHAUSTED':
      return t('kiosk.full');
    case 'SERVICE_INACTIVE':
      return t('kiosk.inactive');
    case 'DAY_CLOSED':
      return t('kiosk.dayClosed');
    default:
      return t('kioskHome.closed');
  }
}

/** "Layanan 08.00–15.00 · tiket terakhir 14.30", times written as each language writes them. */
function windowText(t: T, s: Service): string {
  const time = (hm: string) => (i18n.language === 'en' ? hm : idTime(hm));
  const hours = s.hoursToday.map((h) => `${time(h.open)}–${time(h.close)}`).join(', ');
  if (!hours) return t('kiosk.closedToday');
  const last = lastTicketTime(s.hoursToday, s.issuingToday);
  return last ? t('kiosk.hoursLast', { hours, last: time(last) }) : t('kiosk.hours', { hours });
}

export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button disabled={page === 0} onClick={() => onPage(page - 1)} aria-label={t('kiosk.previous')}>
        ‹ <span className="word">{t('kiosk.previous')}</span>
      </button>
      <span className="where">{t('kiosk.page', { page: page + 1, pages })}</span>
      <button disabled={page >= pages - 1} onClick={() => onPage(page + 1)} aria-label={t('kiosk.next')}>
        <span className="word">{t('kiosk.next')}</span> ›
      </button>
    </div>
  );
}

/** The site's word for a desk, lower case inside a sentence ("gerai", "loket"). */
export function counterWord(catalogue: Catalogue): string {
  return catalogue.counterWord.toLowerCase();
}

/** Whether a citizen can take the service now: open, and served by an open counter unless the site issues before they open. */
export function takeable(catalogue: Catalogue, s: Service): boolean {
  return s.open && !(s.countersOpen === 0 && catalogue.kiosk.withoutOpenCounter === 'refuse');
}

/**
 * What a service tile says. `compact` (search results, "Layanan populer"): its name, its agency's
 * short name and its state; the services screen adds the people waiting and the estimate, where
 * it is served, the quota left and its hours.
 */
function ServiceBody({ catalogue, agency, service: s, compact }: { catalogue: Catalogue; agency: Agency; service: Service; compact: boolean }) {
  const { t } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const noCounter = s.open && s.countersOpen === 0;
  const waiting = s.waiting > 0 ? t('kioskHome.waiting', { count: s.waiting }) : t('kioskHome.waitingNone');
  // No estimate while no counter serves it: nobody knows when the first call comes.
  const estimate = s.waiting > 0 && !noCounter ? ` · ${t('kioskHome.estimate', { minutes: s.estimatedWaitMinutes })}` : '';
  return (
    <>
      <span className="name">{s.name}</span>
      {compact && <span className="sub agency-of">{agency.shortName}</span>}
      <span className="status">
        {!s.open ? (
          <span className="state closed">{unavailableText(t, s)}</span>
        ) : noCounter ? (
          <span className="state waiting-counter">{t('kioskHome.noCounterOpen', { word: counterWord(catalogue) })}</span>
        ) : (
          <span className="state open">{t('kioskHome.open')}</span>
        )}
        {s.open && !compact && (
          <span className="sub waiting">
            {waiting}
            {estimate}
          </span>
        )}
      </span>
      {!s.open && s.closedWhy === 'pause' && s.closedReason && <span className="sub reason">{s.closedReason}</span>}
      {!s.open && s.nextOpening && <span className="sub next-opening">{s.nextOpening.text[lang]}</span>}
      {!compact && s.zone && <span className="sub place">{t('kiosk.place', { place: placeText(s.zone) })}</span>}
      {!compact && s.open && s.quotaLeft !== null && <span className="sub quota">{t('kiosk.quotaLeft', { count: s.quotaLeft })}</span>}
      {!compact && <span className="sub window">{windowText(t, s)}</span>}
    </>
  );
}

function serviceClass(catalogue: Catalogue, s: Service, compact: boolean): string {
  return `${takeable(catalogue, s) ? '' : ' unavailable'}${s.open && s.countersOpen === 0 ? ' no-counter' : ''}${compact ? ' compact' : ''}`;
}

/** One service as a tile that leads to the confirm step. */
export function ServiceTile({ catalogue, agency, service: s, disabled, compact = false }: { catalogue: Catalogue; agency: Agency; service: Service; disabled: boolean; compact?: boolean }) {
  const chooseService = useKiosk((st) => st.chooseService);
  return (
    <button className={`tile service${serviceClass(catalogue, s, compact)}`} disabled={disabled || !takeable(catalogue, s)} onClick={() => chooseService(s.id)} data-service={s.id}>
      <ServiceBody catalogue={catalogue} agency={agency} service={s} compact={compact} />
    </button>
  );
}

/**
 * Hidden copies of service tiles at the tile width, for the rows' height (gridFit.ts useTallest):
 * not buttons, and not `.service`, so nothing but the measure sees them.
 */
export function ServiceCopies({ catalogue, items, compact, measureRef, style }: { catalogue: Catalogue; items: readonly { agency: Agency; service: Service }[]; compact: boolean; measureRef: Ref<HTMLDivElement>; style: CSSProperties }) {
  return (
    <div className="measure" ref={measureRef} style={style} aria-hidden inert>
      {items.map(({ agency, service }) => (
        <div key={service.id} className={`tile copy service-copy${serviceClass(catalogue, service, compact)}`}>
          <ServiceBody catalogue={catalogue} agency={agency} service={service} compact={compact} />
        </div>
      ))}
    </div>
  );
}

export function Services({ agency, disabled }: { agency: Agency; disabled: boolean }) {
  const { t } = useTranslation();
  const catalogue = useKiosk((s) => s.catalogue)!;
  const go = useKiosk((s) => s.go);
  const { ref, page, pages, setPage, visible, gridStyle, measured, measureRef, measureStyle } = usePaged(agency.services, SERVICE_TILES);
  const items = useMemo(() => agency.services.map((service) => ({ agency, service })), [agency]);
  return (
    <section className="services">
      <h1>
        {agency.name}
        <small>{t('kiosk.chooseService')}</small>
      </h1>
      <div className="paged" ref={ref}>
        {measured && (
          <div className="grid services-grid" style={gridStyle}>
            {visible.map((s) => (
              <ServiceTile key={s.id} catalogue={catalogue} agency={agency} service={s} disabled={disabled} />
            ))}
          </div>
        )}
        {measured && <ServiceCopies catalogue={catalogue} items={items} compact={false} measureRef={measureRef} style={measureStyle} />}
      </div>
      <nav className="actions bottom">
        <button className="secondary" onClick={() => go({ name: 'home' })}>
          ‹ {t('kiosk.back')}
        </button>
        <Pager page={page} pages={pages} onPage={setPage} />
      </nav>
    </section>
  );
}
