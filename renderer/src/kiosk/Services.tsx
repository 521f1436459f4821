/** The second screen: an agency's services, each saying whether it is open, its queue and its hours. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idTime, lastTicketTime } from '../../../shared/serviceCalendar.js';
import { placeText } from '../../../shared/place.js';
import type { Catalogue } from '../../../shared/protocol.js';
import { i18n } from '../i18n.js';
import { Pager } from './Home.js';
import { useKiosk } from './store.js';

type Agency = Catalogue['agencies'][number];
type Service = Agency['services'][number];

const SERVICES_PER_PAGE = 8;

type T = (k: string, o?: Record<string, unknown>) => string;

function unavailableText(t: T, s: Service): string {
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
      return t('kiosk.closed');
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

export function Services({ agency, disabled }: { agency: Agency; disabled: boolean }) {
  const { t } = useTranslation();
  const chooseService = useKiosk((s) => s.chooseService);
  const reset = useKiosk((s) => s.reset);
  const [page, setPage] = useState(0);
  const pages = Math.ceil(agency.services.length / SERVICES_PER_PAGE);
  const visible = agency.services.slice(page * SERVICES_PER_PAGE, (page + 1) * SERVICES_PER_PAGE);
  return (
    <section className="services">
      <h1>
        {agency.name}
        <small>{t('kiosk.chooseService')}</small>
      </h1>
      <div className="grid services-grid">
        {visible.map((s) => {
          const lang = i18n.language === 'en' ? 'en' : 'id';
          return (
            <button key={s.id} className={`tile service ${s.open ? '' : 'unavailable'}`} disabled={disabled || !s.open} onClick={() => chooseService(s.id)} data-service={s.id}>
              <span className="name">{s.name}</span>
              {s.zone && <span className="sub place">{t('kiosk.place', { place: placeText(s.zone) })}</span>}
              {s.open ? (
                <>
                  <span className="state open">{t('kiosk.open')}</span>
                  <span className="sub">{s.waiting > 0 ? t('kiosk.waiting', { count: s.waiting }) : t('kiosk.waitingNone')}</span>
                  {s.waiting > 0 && <span className="sub">{t('kiosk.estimate', { minutes: s.estimatedWaitMinutes })}</span>}
                  {s.quotaLeft !== null && <span className="sub">{t('kiosk.quotaLeft', { count: s.quotaLeft })}</span>}
                  <span className="sub window">{windowText(t, s)}</span>
                </>
              ) : (
                <>
                  <span className="state closed">{unavailableText(t, s)}</span>
                  {s.closedWhy === 'pause' && s.closedReason && <span className="sub reason">{s.closedReason}</span>}
                  {s.nextOpening && <span className="sub next-opening">{s.nextOpening.text[lang]}</span>}
                  <span className="sub window">{windowText(t, s)}</span>
                </>
              )}
            </button>
          );
        })}
      </div>
      <Pager page={page} pages={pages} onPage={setPage} />
      <nav className="actions">
        <button className="secondary" onClick={reset}>
          ‹ {t('kiosk.back')}
        </button>
      </nav>
    </section>
  );
}

