/**
 * The kiosk: agency → service → (priority question) → confirm → ticket, in large touch targets,
 * Bahasa Indonesia first. Everything it shows comes from the hub; nothing is shown as issued
 * before the hub answered.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import { idTime, lastTicketTime } from '../../../shared/serviceCalendar.js';
import { placeText } from '../../../shared/place.js';
import type { Catalogue } from '../../../shared/protocol.js';
import type { AntreBridge } from '../../../shared/ipc.js';
import { addStrings, i18n } from '../i18n.js';
import { PriorityIcon } from './icons.js';
import { printerTrouble, useKiosk } from './store.js';
import { en, id } from './strings.js';
import { useIdle, useKioskLockdown } from './useKiosk.js';
import './kiosk.css';

declare global {
  interface Window {
    antre?: AntreBridge;
  }
}

type Agency = Catalogue['agencies'][number];
type Service = Agency['services'][number];

const AGENCIES_PER_PAGE = 15;
const SERVICES_PER_PAGE = 8;
/** From this many agencies on, the home screen offers an A–Z filter. */
const AZ_FROM = 30;

addStrings(id, en);

export function KioskApp() {
  const { t } = useTranslation();
  const catalogue = useKiosk((s) => s.catalogue);
  const connection = useKiosk((s) => s.connection);
  const printer = useKiosk((s) => s.printer);
  const step = useKiosk((s) => s.step);
  const reset = useKiosk((s) => s.reset);
  const start = useKiosk((s) => s.start);
  useEffect(() => start(), [start]);
  useKioskLockdown();
  useIdle((catalogue?.kiosk.idleSeconds ?? 30) * 1000, step.name !== 'home' && step.name !== 'issuing', reset);

  // In the Antre app, five taps on the logo within three seconds ask for the admin PIN that
  // leaves the locked kiosk; citizens never see it.
  const [taps, setTaps] = useState<number[]>([]);
  const [askPin, setAskPin] = useState(false);
  const adminTap = () => {
    if (!window.antre) return;
    const now = Date.now();
    const recent = [...taps.filter((t) => now - t < 3000), now];
    setTaps(recent);
    if (recent.length >= 5) {
      setTaps([]);
      setAskPin(true);
    }
  };
  const trouble = printerTrouble(printer);
  const blocked = trouble !== null && catalogue?.kiosk.printerTrouble !== 'screen';
  const down = connection === 'down';

  return (
    <div className="kiosk" data-step={step.name}>
      <header>
        <div className="brand">
          <div className="logo" aria-hidden onClick={adminTap}>
            MPP
          </div>
          <div>
            <div className="site">{catalogue?.site.name ?? 'Mal Pelayanan Publik'}</div>
            <div className="welcome">{t('kiosk.welcome')}</div>
          </div>
        </div>
        <Clock timeZone={catalogue?.site.timeZone ?? null} />
        <button className="lang" onClick={() => void i18n.changeLanguage(i18n.language === 'id' ? 'en' : 'id')}>
          {t('kiosk.language')}
        </button>
      </header>

      {down && step.name !== 'issuing' && (
        <div className="banner down" role="alert">
          <strong>{t('kiosk.reconnecting')}</strong> {t('kiosk.reconnectingHint')}
        </div>
      )}
      {trouble && (
        <div className={`banner ${blocked ? 'down' : 'warn'}`} role="alert" data-testid="printer-banner">
          <strong>{t(`printer.${trouble}`)}.</strong> {blocked ? t('kiosk.printerStop') : t('kiosk.printerScreen')}
        </div>
      )}

      {askPin && <AdminPin onClose={() => setAskPin(false)} />}
      <main>
        {!catalogue ? null : step.name === 'home' ? (
          <Home catalogue={catalogue} disabled={down || blocked} />
        ) : step.name === 'agency' ? (
          <Services agency={catalogue.agencies.find((a) => a.id === step.agencyId)!} disabled={down || blocked} />
        ) : step.name === 'priority' ? (
          <Priority catalogue={catalogue} serviceId={step.serviceId} />
        ) : step.name === 'confirm' ? (
          <Confirm catalogue={catalogue} serviceId={step.serviceId} priorityGroup={step.priorityGroup} disabled={down || blocked} />
        ) : step.name === 'issuing' ? (
          <Issuing phase={step.phase} retrying={step.retrying} />
        ) : step.name === 'done' ? (
          <Done />
        ) : (
          <Failed />
        )}
      </main>
    </div>
  );
}

/** The date and time in the site's zone, in Indonesian ("Senin, 23 November 2026 · 09.05 WIB"). */
function Clock({ timeZone }: { timeZone: string | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  if (!timeZone) return null;
  const p = localParts(now, timeZone);
  return (
    <div className="clock">
      {formatIndonesianDate(p.date)} · {p.time.replace(':', '.')} {zoneAbbreviation(timeZone)}
    </div>
  );
}

function serviceOf(catalogue: Catalogue, serviceId: number): { agency: Agency; service: Service } {
  for (const agency of catalogue.agencies) {
    const service = agency.services.find((s) => s.id === serviceId);
    if (service) return { agency, service };
  }
  throw new Error(`service ${serviceId} is not in the catalogue`);
}

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ {t('kiosk.previous')}
      </button>
      <span>{t('kiosk.page', { page: page + 1, pages })}</span>
      <button disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        {t('kiosk.next')} ›
      </button>
    </div>
  );
}

function Home({ catalogue, disabled }: { catalogue: Catalogue; disabled: boolean }) {
  const { t } = useTranslation();
  const go = useKiosk((s) => s.go);
  const [letter, setLetter] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const letters = useMemo(() => [...new Set(catalogue.agencies.map((a) => a.shortName[0]!.toUpperCase()))].sort(), [catalogue]);
  const shown = catalogue.agencies.filter((a) => !letter || a.shortName.toUpperCase().startsWith(letter));
  const pages = Math.ceil(shown.length / AGENCIES_PER_PAGE);
  const visible = shown.slice(page * AGENCIES_PER_PAGE, (page + 1) * AGENCIES_PER_PAGE);
  return (
    <section className="home">
      <h1>{t('kiosk.chooseAgency')}</h1>
      {catalogue.agencies.length >= AZ_FROM && (
        <div className="az" aria-label={t('kiosk.search')}>
          <button className={letter === null ? 'on' : ''} onClick={() => (setLetter(null), setPage(0))}>
            {t('kiosk.all')}
          </button>
          {letters.map((l) => (
            <button key={l} className={letter === l ? 'on' : ''} onClick={() => (setLetter(l), setPage(0))}>
              {l}
            </button>
          ))}
        </div>
      )}
      <div className="grid agencies">
        {visible.map((a) => {
          const open = a.services.some((s) => s.open);
          return (
            <button key={a.id} className="tile agency" disabled={disabled} onClick={() => go({ name: 'agency', agencyId: a.id })}>
              {a.logoUrl ? (
                <img className="agency-logo" src={a.logoUrl} alt="" />
              ) : (
                <span className="badge" aria-hidden>
                  {a.shortName.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase()}
                </span>
              )}
              <span className="name">{a.shortName}</span>
              <span className="sub">{a.name !== a.shortName ? a.name : ''}</span>
              {!open && <span className="state closed">{t('kiosk.closed')}</span>}
            </button>
          );
        })}
      </div>
      <Pager page={page} pages={pages} onPage={setPage} />
    </section>
  );
}

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

function Services({ agency, disabled }: { agency: Agency; disabled: boolean }) {
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

function Priority({ catalogue, serviceId }: { catalogue: Catalogue; serviceId: number }) {
  const { t } = useTranslation();
  const go = useKiosk((s) => s.go);
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const { agency } = serviceOf(catalogue, serviceId);
  return (
    <section className="priority">
      <h1>
        {t('kiosk.priorityQuestion')}
        <small>{t('kiosk.priorityHint')}</small>
      </h1>
      <div className="grid priority-grid">
        {catalogue.priorityGroups.map((g) => (
          <button key={g.code} className="tile group" onClick={() => go({ name: 'confirm', serviceId, priorityGroup: g.code })}>
            <PriorityIcon code={g.code} />
            <span className="name">{g.name[lang]}</span>
          </button>
        ))}
      </div>
      <nav className="actions">
        <button className="secondary" onClick={() => go({ name: 'agency', agencyId: agency.id })}>
          ‹ {t('kiosk.back')}
        </button>
        <button className="primary" onClick={() => go({ name: 'confirm', serviceId, priorityGroup: null })}>
          {t('kiosk.priorityNo')}
        </button>
      </nav>
    </section>
  );
}

function Confirm({ catalogue, serviceId, priorityGroup, disabled }: { catalogue: Catalogue; serviceId: number; priorityGroup: string | null; disabled: boolean }) {
  const { t } = useTranslation();
  const takeTicket = useKiosk((s) => s.takeTicket);
  const go = useKiosk((s) => s.go);
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const { agency, service } = serviceOf(catalogue, serviceId);
  const group = catalogue.priorityGroups.find((g) => g.code === priorityGroup);
  return (
    <section className="confirm">
      <h1>{t('kiosk.confirmTitle')}</h1>
      <div className="card">
        <div className="agency-name">{agency.name}</div>
        <div className="service-name">{service.name}</div>
        {service.zone && (
          <div className="place" data-testid="confirm-place">
            {t('kiosk.place', { place: placeText(service.zone) })}
          </div>
        )}
        {group && <div className="priority-tag">{t('kiosk.priorityLabel', { group: group.name[lang] })}</div>}
        <div className="sub">{service.waiting > 0 ? `${t('kiosk.waiting', { count: service.waiting })} · ${t('kiosk.estimate', { minutes: service.estimatedWaitMinutes })}` : t('kiosk.waitingNone')}</div>
      </div>
      <nav className="actions">
        <button className="secondary" onClick={() => go({ name: 'agency', agencyId: agency.id })}>
          ‹ {t('kiosk.back')}
        </button>
        <button className="primary big" disabled={disabled || !service.open} onClick={() => void takeTicket()}>
          {t('kiosk.take')}
        </button>
      </nav>
    </section>
  );
}

function Issuing({ phase, retrying }: { phase: 'issue' | 'print'; retrying: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="issuing" aria-live="polite">
      <div className="spinner" aria-hidden />
      <h1>{phase === 'issue' ? t('kiosk.issuing') : t('kiosk.printing')}</h1>
      {retrying && (
        <p className="banner down">
          <strong>{t('kiosk.reconnecting')}</strong> {phase === 'issue' ? t('kiosk.stillTrying') : ''}
        </p>
      )}
    </section>
  );
}

function Done() {
  const { t } = useTranslation();
  const step = useKiosk((s) => s.step);
  const reset = useKiosk((s) => s.reset);
  const catalogue = useKiosk((s) => s.catalogue);
  if (step.name !== 'done') return null;
  const { issued, print } = step;
  const group = catalogue?.priorityGroups.find((g) => g.code === issued.ticket.priorityGroup);
  const printed = print === 'printed';
  const zone = catalogue?.agencies.flatMap((a) => a.services).find((s) => s.id === issued.ticket.serviceId)?.zone ?? null;
  return (
    <section className={`done ${printed ? '' : 'no-paper'}`} aria-live="assertive">
      <h1>{printed ? t('kiosk.takeTicket') : t('kiosk.yourNumber')}</h1>
      <div className="number" data-testid="ticket-number">
        {issued.ticket.display}
      </div>
      <div className="service-name">
        {issued.agencyName} · {issued.serviceName}
      </div>
      {group && <div className="priority-tag">{t('kiosk.priorityLabel', { group: group.name[i18n.language === 'en' ? 'en' : 'id'] })}</div>}
      {zone && (
        <div className="go-to" data-testid="done-place">
          {t('kiosk.goTo', { place: placeText(zone) })}
        </div>
      )}
      <div className="ahead">{issued.peopleAhead === 0 ? t('kiosk.peopleAheadNone') : t('kiosk.peopleAhead', { count: issued.peopleAhead })}</div>
      {issued.peopleAhead > 0 && <div className="sub">{t('kiosk.estimate', { minutes: issued.estimatedWaitMinutes })}</div>}
      {print === 'failed' || print === 'none' ? (
        <p className="banner warn">
          <strong>{t('kiosk.noteNumber')}</strong> {t('kiosk.staffNotified')}
        </p>
      ) : print === 'unconfirmed' ? (
        <p className="banner warn">{t('kiosk.printUnconfirmed')}</p>
      ) : null}
      <nav className="actions">
        <button className="primary" onClick={reset}>
          {t('kiosk.done')}
        </button>
      </nav>
    </section>
  );
}

function Failed() {
  const { t } = useTranslation();
  const step = useKiosk((s) => s.step);
  const reset = useKiosk((s) => s.reset);
  if (step.name !== 'failed') return null;
  const lang = i18n.language === 'en' ? 'en' : 'id';
  return (
    <section className="failed" role="alert">
      <h1>{t('kiosk.failedTitle')}</h1>
      <p className="reason">{step.message[lang]}</p>
      {step.closedReason && <p className="reason closed-reason">{step.closedReason}</p>}
      {step.nextOpening && (
        <p className="next-opening" data-testid="failed-next-opening">
          {step.nextOpening[lang]}
        </p>
      )}
      <nav className="actions">
        <button className="primary" onClick={reset}>
          {t('kiosk.home')}
        </button>
      </nav>
    </section>
  );
}

function AdminPin({ onClose }: { onClose: () => void }) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async () => {
    const r = await window.antre!.adminUnlock(pin);
    setPin('');
    if (r === 'ok') onClose();
    else setMessage(r === 'locked' ? 'Terlalu banyak percobaan. Tunggu satu menit.' : 'PIN salah.');
  };
  return (
    <div className="pin-dialog" role="dialog" aria-label="PIN admin">
      <div className="panel">
        <div className="pin-value">{'•'.repeat(pin.length) || 'PIN admin'}</div>
        <div className="pin-pad">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'].map((k) => (
            <button key={k} onClick={() => (k === 'OK' ? void submit() : k === '⌫' ? setPin(pin.slice(0, -1)) : setPin((pin + k).slice(0, 12)))}>
              {k}
            </button>
          ))}
        </div>
        {message && <p className="banner down">{message}</p>}
        <button className="secondary" onClick={onClose}>
          Batal
        </button>
      </div>
    </div>
  );
}
