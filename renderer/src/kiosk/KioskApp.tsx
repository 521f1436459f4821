/**
 * The kiosk: agency → service → "Ambil tiket" (three taps; an agency with one service skips its
 * service step, the priority question is a choice on the confirm screen), in large touch targets,
 * Bahasa Indonesia first. Everything it shows comes from the hub; nothing is shown as issued
 * before the hub answered.
 *
 * What stops it issuing takes the whole screen and says what to do: a printer out of paper (or
 * open, or offline), a hub that does not answer, a hub that does not know this kiosk (401). An
 * error while drawing a screen sends the citizen home with a short apology and is reported to the
 * hub (the admin's `screen_error` alarm). Each screen ignores touches for its first SETTLE_MS, so
 * the second tap of a double tap never acts on the screen the first one opened.
 */
import { Component, useCallback, useEffect, useRef, useState, type CSSProperties, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import { placeText } from '../../../shared/place.js';
import type { Catalogue } from '../../../shared/protocol.js';
import type { AntreBridge } from '../../../shared/ipc.js';
import { reportClientError } from '../api/clientErrors.js';
import { addStrings, i18n } from '../i18n.js';
import { CheckIn } from './CheckIn.js';
import { ComplaintForm } from './ComplaintForm.js';
import { Home } from './Home.js';
import { PriorityIcon, StateIcon } from './icons.js';
import { Services, unavailableText } from './Services.js';
import { Requirements, showsStandard } from './Requirements.js';
import { findAgency, findService, printerTrouble, useKiosk, type PrinterTrouble, type Step } from './store.js';
import { en, id } from './strings.js';
import { useIdle, useKioskLockdown } from './useKiosk.js';
import './kiosk.css';

declare global {
  interface Window {
    antre?: AntreBridge;
  }
}

type Service = Catalogue['agencies'][number]['services'][number];
type Lang = 'id' | 'en';

addStrings(id, en);

/** How long a new screen ignores touches: the second tap of a double tap (~150 ms later) falls here. */
export const SETTLE_MS = 400;
/** How long the hub may be away before the screen says so (a reconnect takes a second). */
const HUB_OUT_GRACE_MS = 4000;
/** The done screen's countdown: long enough to read the number and take the paper. */
const DONE_SECONDS = 15;
/** When the ticket did not print, the citizen must write the number down. */
const DONE_UNPRINTED_SECONDS = 30;
/** Errors within this window that make the kiosk give up going home and ask for staff. */
const CRASHES_BEFORE_BROKEN = 3;
const CRASH_WINDOW_MS = 30_000;
/** A kiosk that keeps failing reloads its page after this long. */
const BROKEN_RELOAD_MS = 60_000;

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Senin, 23 November 2026" or "Monday, 23 November 2026". */
function formatDate(date: string, lang: Lang): string {
  if (lang === 'id') return formatIndonesianDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d, 12)).getUTCDay();
  return `${WEEKDAYS_EN[weekday]}, ${d} ${MONTHS_EN[m - 1]} ${y}`;
}

const useLang = (): Lang => {
  const { i18n: current } = useTranslation();
  return current.language === 'en' ? 'en' : 'id';
};

/** The MPP's word for a desk, as a sentence uses it: "gerai" / "loket"; "counter" in English. */
function counterWord(c: Catalogue, lang: Lang): string {
  return lang === 'en' ? 'counter' : (c.counterWord ?? 'Gerai').toLowerCase();
}

/** True once `on` has held for `ms` without a break. */
function useHeld(on: boolean, ms: number): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    setHeld(false);
    if (!on) return;
    const timer = setTimeout(() => setHeld(true), ms);
    return () => clearTimeout(timer);
  }, [on, ms]);
  return on && held;
}

/**
 * True during the first `ms` of a screen (`key` names it): touches are ignored meanwhile
 * (`pointer-events: none` on the screen, in the same commit that shows it).
 */
function useSettling(key: string, ms: number): boolean {
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    if (settled === key) return;
    const timer = setTimeout(() => setSettled(key), ms);
    return () => clearTimeout(timer);
  }, [key, settled, ms]);
  return settled !== key;
}

/** Which screen a step shows: a change of it settles; a change within it (a print's answer) does not. */
function stepKey(step: Step): string {
  switch (step.name) {
    case 'agency':
      return `agency:${step.agencyId}`;
    case 'confirm':
      return `confirm:${step.serviceId}`;
    case 'issuing':
      return `issuing:${step.stuck ? 'stuck' : 'wait'}`;
    case 'done':
      return `done:${step.issued.ticket.id}`;
    default:
      return step.name;
  }
}

type View = 'screen' | 'not-paired' | 'connecting' | 'hub-out' | 'printer' | 'broken';

export function KioskApp() {
  const { t } = useTranslation();
  const lang = useLang();
  const catalogue = useKiosk((s) => s.catalogue);
  const connection = useKiosk((s) => s.connection);
  const printer = useKiosk((s) => s.printer);
  const unpaired = useKiosk((s) => s.unpaired);
  const step = useKiosk((s) => s.step);
  const citizen = useKiosk((s) => s.citizen);
  const notice = useKiosk((s) => s.notice);
  const booking = useKiosk((s) => s.booking);
  const reset = useKiosk((s) => s.reset);
  const start = useKiosk((s) => s.start);
  useEffect(() => start(), [start]);
  useKioskLockdown();

  // The next citizen starts fresh: after the idle time on any screen but the ticket's own (which
  // counts down by itself) and a ticket on its way (but one the hub does not answer for: nobody
  // may be left to tap "Batal"), also on the home screen when the language or anything on it was
  // touched.
  const waiting = step.name === 'done' || (step.name === 'issuing' && !step.stuck);
  useIdle((catalogue?.kiosk.idleSeconds ?? 30) * 1000, !waiting, (touched) => {
    if (touched || useKiosk.getState().step.name !== 'home' || i18n.language !== 'id') reset();
  });

  // Errors outside React's rendering (an event handler, a promise): reported, nothing else.
  useEffect(() => {
    const onError = (e: ErrorEvent) => reportClientError('kiosk', e.error ?? e.message, `window:${useKiosk.getState().step.name}`);
    const onRejection = (e: PromiseRejectionEvent) => reportClientError('kiosk', e.reason, `promise:${useKiosk.getState().step.name}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    };
  }, []);

  // A screen that fails to draw: reported, and the citizen sent home with an apology. One that
  // fails again and again (home itself) asks for staff instead, and reloads the page later.
  const crashes = useRef<number[]>([]);
  const [broken, setBroken] = useState(false);
  const onCrash = useCallback(
    (err: unknown, where: string) => {
      reportClientError('kiosk', err, where);
      const now = Date.now();
      crashes.current = [...crashes.current.filter((at) => now - at < CRASH_WINDOW_MS), now];
      if (crashes.current.length >= CRASHES_BEFORE_BROKEN) setBroken(true);
      else reset({ id: id.kiosk.crashed, en: en.kiosk.crashed });
    },
    [reset],
  );
  useEffect(() => {
    if (!broken) return;
    const timer = setTimeout(() => location.reload(), BROKEN_RELOAD_MS);
    return () => clearTimeout(timer);
  }, [broken]);

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
  const down = connection !== 'live';
  const hubOut = useHeld(down, HUB_OUT_GRACE_MS);
  // Before the tap the kiosk can still say no; from the tap on, the citizen's ticket has the screen.
  const choosing = step.name === 'home' || step.name === 'agency' || step.name === 'confirm';
  const view: View = broken
    ? 'broken'
    : unpaired && step.name !== 'done'
      ? 'not-paired'
      : !catalogue
        ? hubOut
          ? 'hub-out'
          : 'connecting'
        : hubOut && (choosing || step.name === 'failed')
          ? 'hub-out'
          : blocked && choosing
            ? 'printer'
            : 'screen';
  const settling = useSettling(`${citizen}:${view}:${stepKey(step)}`, SETTLE_MS);

  let screen: ReactNode;
  if (view === 'broken') screen = <StateScreen kind="broken" title={t('kiosk.brokenTitle')} what={t('kiosk.brokenWhat')} />;
  else if (view === 'not-paired')
    screen = (
      <StateScreen
        kind="not-paired"
        title={t(unpaired!.code === 'DEVICE_REVOKED' ? 'kiosk.revokedTitle' : 'kiosk.notPairedTitle')}
        what={t('kiosk.notPairedWhat')}
        staff={t('kiosk.notPairedStaff')}
        code={t('kiosk.hubCode', { code: unpaired!.code })}
      />
    );
  else if (view === 'hub-out') screen = <StateScreen kind="hub-out" title={t('kiosk.hubOutTitle')} what={t('kiosk.hubOutWhat')} staff={t('kiosk.hubOutStaff')} />;
  else if (view === 'connecting') screen = <Connecting />;
  else if (view === 'printer') screen = <PrinterStop trouble={trouble} />;
  else screen = <StepScreen catalogue={catalogue!} step={step} disabled={connection === 'down' || blocked} />;

  return (
    <div className="kiosk" data-step={step.name} data-view={view} lang={lang}>
      <header>
        <div className="brand">
          <div className="logo" aria-hidden onClick={adminTap}>
            <span>MPP</span>
          </div>
          <div className="names">
            <div className="site">{catalogue?.site.name ?? 'Mal Pelayanan Publik'}</div>
            <div className="welcome">{t('kiosk.welcome')}</div>
          </div>
        </div>
        <Clock timeZone={catalogue?.site.timeZone ?? null} lang={lang} />
        {/* The survey page (kiosk mode) comes back to /kiosk by itself. */}
        {view === 'screen' && step.name === 'home' && (
          <button className="survey-link" onClick={() => location.assign('/survey?kiosk=1')}>
            {t('kiosk.survey')}
          </button>
        )}
        {/* In the header, so the home screen's agency tiles keep all their room (issue 23). */}
        {view === 'screen' && step.name === 'home' && (
          <button className="checkin-open" onClick={() => useKiosk.getState().go({ name: 'checkin' })} data-testid="checkin-open">
            {t('kioskCheckIn.open')}
          </button>
        )}
        <button className="lang" onClick={() => void i18n.changeLanguage(lang === 'id' ? 'en' : 'id')}>
          {t('kiosk.language')}
        </button>
      </header>

      {view === 'screen' && choosing && trouble && !blocked && (
        <div className="banner warn" role="alert" data-testid="printer-banner">
          <strong>{t(`printer.${trouble}`)}.</strong> {t('kiosk.printerScreen')}
        </div>
      )}

      {view === 'screen' && choosing && booking && (
        // A booking the hub has not received: said before the service choice, never silently.
        <div className="banner info booking-message" role="status" data-testid="booking-message">
          {booking.message[lang]}
        </div>
      )}

      {askPin && <AdminPin onClose={() => setAskPin(false)} />}
      <main className={settling ? 'settling' : undefined}>
        <ScreenBoundary key={broken ? 'broken' : citizen} onError={(err) => onCrash(err, `render:${step.name}`)}>
          {screen}
        </ScreenBoundary>
      </main>
      {notice && view === 'screen' && (
        <div className="notice" role="status" data-testid="kiosk-notice">
          {notice[lang]}
        </div>
      )}
    </div>
  );
}

/** Catches an error while drawing a screen; the kiosk then starts over (a new key remounts it). */
class ScreenBoundary extends Component<{ onError: (err: unknown) => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(err: unknown, info: ErrorInfo): void {
    if (err instanceof Error && info.componentStack) err.stack = `${err.stack ?? ''}\n-- component stack:${info.componentStack}`;
    this.props.onError(err);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

function StepScreen({ catalogue, step, disabled }: { catalogue: Catalogue; step: Step; disabled: boolean }) {
  switch (step.name) {
    case 'home':
      return <Home catalogue={catalogue} disabled={disabled} />;
    case 'agency': {
      // Gone from the catalogue: the store has already sent the citizen home.
      const agency = findAgency(catalogue, step.agencyId);
      return agency ? <Services agency={agency} disabled={disabled} /> : null;
    }
    case 'confirm':
      return <Confirm catalogue={catalogue} step={step} disabled={disabled} />;
    case 'issuing':
      return <Issuing step={step} />;
    case 'done':
      return <Done catalogue={catalogue} step={step} />;
    case 'failed':
      return <Failed step={step} />;
    case 'complaint':
      return <ComplaintForm catalogue={catalogue} />;
    case 'checkin':
      return <CheckIn disabled={disabled} />;
  }
}

/** The date and time in the site's zone, in the chosen language ("Senin, 23 November 2026", "09.05 WIB"). */
function Clock({ timeZone, lang }: { timeZone: string | null; lang: Lang }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  if (!timeZone) return null;
  const p = localParts(now, timeZone);
  return (
    <div className="clock">
      <div className="time">
        {lang === 'id' ? p.time.replace(':', '.') : p.time} {zoneAbbreviation(timeZone)}
      </div>
      <div className="date">{formatDate(p.date, lang)}</div>
    </div>
  );
}

/** Open counters serving it, when the hub says (an older hub does not). */
function countersOpen(s: Service): number | null {
  const n = (s as { countersOpen?: unknown }).countersOpen;
  return typeof n === 'number' ? n : null;
}

function Confirm({ catalogue, step, disabled }: { catalogue: Catalogue; step: Extract<Step, { name: 'confirm' }>; disabled: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const takeTicket = useKiosk((s) => s.takeTicket);
  const choosePriority = useKiosk((s) => s.choosePriority);
  const go = useKiosk((s) => s.go);
  const found = findService(catalogue, step.serviceId);
  // Gone from the catalogue: the store has already sent the citizen home.
  if (!found) return null;
  const { agency, service } = found;
  const asks = catalogue.kiosk.askPriority && catalogue.priorityGroups.length > 0;
  const group = catalogue.priorityGroups.find((g) => g.code === step.priorityGroup);
  const noCounter = service.open && countersOpen(service) === 0;
  const refused = noCounter && catalogue.kiosk.withoutOpenCounter === 'refuse';
  const counter = counterWord(catalogue, lang);
  return (
    <section className={`confirm ${asks ? 'asks' : ''} ${showsStandard(service.standard) ? 'with-standard' : ''}`}>
      <h1>{t('kiosk.confirmTitle')}</h1>
      <div className="card">
        <div className="agency-name">{agency.name}</div>
        <div className="service-name">{service.name}</div>
        {service.zone && (
          <div className="place" data-testid="confirm-place">
            {t('kiosk.place', { place: placeText(service.zone) })}
          </div>
        )}
        {!service.open ? (
          <div className="closed-now" data-testid="confirm-closed">
            <span className="state closed">{unavailableText(t, service)}</span>
            {service.nextOpening && <span className="next-opening"> {service.nextOpening.text[lang]}</span>}
          </div>
        ) : noCounter ? (
          <div className="no-counter" data-testid="no-counter">
            {t('kiosk.noCounterOpen', { counter })}
            {refused && <span className="refused"> {t('kiosk.noCounterRefused', { counter })}</span>}
          </div>
        ) : (
          <div className="sub">{service.waiting > 0 ? `${t('kiosk.waiting', { count: service.waiting })} · ${t('kiosk.estimate', { minutes: service.estimatedWaitMinutes })}` : t('kiosk.waitingNone')}</div>
        )}
      </div>
      <Requirements standard={service.standard} />
      {asks && (
        <div className="priority" role="group" aria-labelledby="priority-question">
          <h2 id="priority-question">
            {t('kiosk.priorityQuestion')}
            <small>{t('kiosk.priorityHint')}</small>
          </h2>
          <div className="priority-grid" data-count={catalogue.priorityGroups.length}>
            {catalogue.priorityGroups.map((g) => {
              const on = g.code === step.priorityGroup;
              return (
                <button key={g.code} className={`tile group ${on ? 'on' : ''}`} aria-pressed={on} onClick={() => choosePriority(on ? null : g.code)}>
                  <PriorityIcon code={g.code} />
                  <span className="name">{g.name[lang]}</span>
                </button>
              );
            })}
          </div>
        </div>
      )}
      <nav className="actions take-row">
        <button className="secondary back" onClick={() => go(step.back)}>
          ‹ {t('kiosk.back')}
        </button>
        <button className="primary big take" disabled={disabled || !service.open || refused} onClick={() => void takeTicket()}>
          {t('kiosk.take')}
          {group && <small className="take-priority">{t('kiosk.priorityLabel', { group: group.name[lang] })}</small>}
        </button>
      </nav>
    </section>
  );
}

function Issuing({ step }: { step: Extract<Step, { name: 'issuing' }> }) {
  const { t } = useTranslation();
  const reset = useKiosk((s) => s.reset);
  const retry = useKiosk((s) => s.retry);
  if (step.stuck)
    return (
      <section className="issuing stuck" role="alert">
        <h1>{t('kiosk.slowTitle')}</h1>
        <p className="reason">{t('kiosk.slowHint')}</p>
        <nav className="actions">
          <button className="secondary" onClick={() => reset()}>
            {t('kiosk.cancel')}
          </button>
          <button className="primary" onClick={() => void retry()}>
            {t('kiosk.tryAgain')}
          </button>
        </nav>
      </section>
    );
  return (
    <section className="issuing" aria-live="polite">
      <div className="spinner" aria-hidden />
      <h1>{step.phase === 'issue' ? t('kiosk.issuing') : t('kiosk.printing')}</h1>
      {step.retrying && (
        <p className="banner down">
          <strong>{t('kiosk.reconnecting')}</strong> {step.phase === 'issue' ? t('kiosk.stillTrying') : ''}
        </p>
      )}
    </section>
  );
}

/** Seconds left of `total`, counted from the first render; calls `onZero` once at zero. */
function useCountdown(total: number, onZero: () => void): number {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  const zero = useRef(onZero);
  zero.current = onZero;
  const left = Math.max(0, Math.ceil(total - (now - started) / 1000));
  useEffect(() => {
    if (left <= 0) {
      zero.current();
      return;
    }
    const timer = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(timer);
  }, [left, now]);
  return left;
}

function Done({ catalogue, step }: { catalogue: Catalogue; step: Extract<Step, { name: 'done' }> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const reset = useKiosk((s) => s.reset);
  const { issued, print } = step;
  const printed = print === 'printed';
  const onPaper = printed || print === 'pending';
  const idle = catalogue.kiosk.idleSeconds;
  const left = useCountdown(onPaper ? Math.min(DONE_SECONDS, idle) : Math.max(Math.min(DONE_UNPRINTED_SECONDS, 2 * idle), DONE_SECONDS), () => reset());
  const group = catalogue.priorityGroups.find((g) => g.code === issued.ticket.priorityGroup);
  const service = findService(catalogue, issued.ticket.serviceId)?.service ?? null;
  const noCounter = service !== null && countersOpen(service) === 0;
  const display = issued.ticket.display;
  return (
    <section className={`done ${printed ? 'printed' : 'no-paper'}`} aria-live="assertive">
      <div className="ticket-side">
        <h1>{printed ? t('kiosk.takeTicket') : t('kiosk.yourNumber')}</h1>
        <div className="number-box">
          <div className="number" data-testid="ticket-number" style={{ '--chars': display.length } as CSSProperties}>
            {display}
          </div>
        </div>
        <div className="service-name">
          {issued.agencyName} · {issued.serviceName}
        </div>
        {group && <div className="priority-tag">{t('kiosk.priorityLabel', { group: group.name[lang] })}</div>}
      </div>
      <div className="next-side">
        {service?.zone && (
          <div className="go-to" data-testid="done-place">
            {t('kiosk.goTo', { place: placeText(service.zone) })}
          </div>
        )}
        <div className="watch" data-testid="done-watch">
          {t('kiosk.watchScreen')}
        </div>
        {step.checkIn && (
          <p className="banner info" data-testid="checkin-message">
            {step.checkIn[lang]}
          </p>
        )}
        <div className="ahead">{issued.peopleAhead === 0 ? t('kiosk.peopleAheadNone') : t('kiosk.peopleAhead', { count: issued.peopleAhead })}</div>
        {noCounter ? (
          <div className="sub">{t('kiosk.noCounterOpen', { counter: counterWord(catalogue, lang) })}</div>
        ) : (
          issued.peopleAhead > 0 && <div className="sub">{t('kiosk.estimate', { minutes: issued.estimatedWaitMinutes })}</div>
        )}
        {print === 'pending' ? (
          <p className="banner info" data-testid="print-pending">
            {t('kiosk.printingNow')}
          </p>
        ) : print === 'failed' || print === 'none' ? (
          <p className="banner warn">
            <strong>{t('kiosk.noteNumber')}</strong>
          </p>
        ) : print === 'unconfirmed' ? (
          <p className="banner warn">{t('kiosk.printUnconfirmed')}</p>
        ) : null}
        {catalogue.kiosk.surveyInvitation && (
          <div className="survey-invite" data-testid="survey-invite">
            {t('kiosk.surveyInvite')}
          </div>
        )}
        <nav className="actions">
          <span className="countdown" data-testid="done-countdown">
            {t('kiosk.countdown', { count: left })}
          </span>
          <button className="primary" onClick={() => reset()}>
            {t('kiosk.done')}
          </button>
        </nav>
      </div>
    </section>
  );
}

function Failed({ step }: { step: Extract<Step, { name: 'failed' }> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const reset = useKiosk((s) => s.reset);
  const retry = useKiosk((s) => s.retry);
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
        <button className="secondary" onClick={() => reset()}>
          {t('kiosk.home')}
        </button>
        {step.retry && (
          <button className="primary" onClick={() => void retry()}>
            {t('kiosk.tryAgain')}
          </button>
        )}
      </nav>
    </section>
  );
}

function Connecting() {
  const { t } = useTranslation();
  return (
    <section className="issuing connecting" aria-live="polite">
      <div className="spinner" aria-hidden />
      <h1>{t('kiosk.connecting')}</h1>
    </section>
  );
}

const PRINTER_WORDS: Record<Exclude<PrinterTrouble, null>, { title: string; staff: string }> = {
  paper_end: { title: 'kiosk.paperOutTitle', staff: 'kiosk.paperOutStaff' },
  cover_open: { title: 'kiosk.coverOpenTitle', staff: 'kiosk.coverOpenStaff' },
  offline: { title: 'kiosk.printerOfflineTitle', staff: 'kiosk.printerOfflineStaff' },
  error: { title: 'kiosk.printerErrorTitle', staff: 'kiosk.printerErrorStaff' },
};

function PrinterStop({ trouble }: { trouble: PrinterTrouble }) {
  const { t } = useTranslation();
  const words = PRINTER_WORDS[trouble ?? 'error'];
  return <StateScreen kind={trouble ?? 'error'} title={t(words.title)} what={t('kiosk.printerWhat')} staff={t(words.staff)} />;
}

/** A state that stops the kiosk, over the whole screen: what happened, what the citizen does, what staff do. */
function StateScreen({ kind, title, what, staff, code }: { kind: string; title: string; what: string; staff?: string; code?: string }) {
  return (
    <section className={`state-screen ${kind}`} role="alert" data-testid="kiosk-state" data-state={kind}>
      <StateIcon kind={kind} />
      <h1>{title}</h1>
      <p className="what">{what}</p>
      {staff && <p className="staff">{staff}</p>}
      {code && <p className="code">{code}</p>}
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
