/**
 * The kiosk: agency → service → (priority question) → confirm → ticket, in large touch targets,
 * Bahasa Indonesia first. Everything it shows comes from the hub; nothing is shown as issued
 * before the hub answered.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import { placeText } from '../../../shared/place.js';
import type { Catalogue } from '../../../shared/protocol.js';
import type { AntreBridge } from '../../../shared/ipc.js';
import { addStrings, i18n } from '../i18n.js';
import { Home } from './Home.js';
import { PriorityIcon } from './icons.js';
import { Services } from './Services.js';
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
