/**
 * The officer's desk: the state of the counter in one strong colour and word (Siap, Dipanggil,
 * Dilayani, Istirahat, Tutup) with the ticket in hand, large buttons each with a one-key shortcut
 * (officers keep a hand on the keyboard), the waiting list in the order "Panggil berikutnya" calls
 * it, and beside them the queues, the no-shows to call back and the day's figures.
 *
 * "Selesai" and "Tidak hadir" are held for a few seconds with "Urungkan" before they are sent
 * (store.ts says why on the screen rather than the hub); meanwhile the desk acts as if the hands
 * were empty, and whatever the officer does next sends the held action first.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaitingTicket } from '../../../shared/protocol.js';
import { CancelDialog, PauseDialog, TransferDialog } from './dialogs.js';
import { StatusLine } from './StatusLine.js';
import { useCounter, type Pending } from './store.js';
import { said } from './strings.js';
import { lang, useWord } from './word.js';

/** mm:ss, or h:mm:ss past an hour */
function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function averageText(seconds: number | null): string {
  return seconds === null ? '–' : duration(seconds * 1000);
}

type Mode = 'ready' | 'called' | 'serving' | 'paused' | 'closed' | 'pending';
type Dialog = 'transfer' | 'pause' | 'cancel' | null;

interface ButtonSpec {
  action: 'call-next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'cancel' | 'reprint' | 'pause' | 'resume';
  label: string;
  key: string;
  enabled: boolean;
  primary?: boolean;
}

/** The name of a service of this counter (or of any, from the catalogue) and of a priority group. */
function useNames() {
  const { i18n } = useTranslation();
  const view = useCounter((s) => s.view);
  const catalogue = useCounter((s) => s.catalogue);
  const l = lang(i18n.language);
  return {
    service: (id: number) => view?.services.find((s) => s.id === id)?.name ?? catalogue?.agencies.flatMap((a) => a.services).find((s) => s.id === id)?.name ?? '',
    group: (code: string | null) => (code === null ? null : (catalogue?.priorityGroups.find((g) => g.code === code)?.name[l] ?? code)),
  };
}

/** Re-renders every `ms` while `on`. */
function useTick(ms: number, on = true): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, on]);
  return now;
}

export function Desk() {
  const { t } = useTranslation();
  const w = useWord();
  const names = useNames();
  const view = useCounter((s) => s.view);
  const officerName = useCounter((s) => s.session?.officer.name ?? '');
  const connection = useCounter((s) => s.connection);
  const busy = useCounter((s) => s.busy);
  const pending = useCounter((s) => s.pending);
  const act = useCounter((s) => s.act);
  const hold = useCounter((s) => s.hold);
  const undo = useCounter((s) => s.undo);
  const reprint = useCounter((s) => s.reprint);
  const logout = useCounter((s) => s.logout);
  const refuse = useCounter((s) => s.refuse);
  const [dialog, setDialog] = useState<Dialog>(null);
  useIdleLogout((view?.sessionIdleMinutes ?? 720) * 60_000, logout);

  const inHand = view?.currentTicket ?? null;
  // A held finish or no-show: the ticket is as good as gone.
  const held = pending ? null : inHand;
  const state = view?.counter.state ?? 'closed';
  const mode: Mode = pending ? 'pending' : inHand ? (inHand.status === 'serving' ? 'serving' : 'called') : state === 'paused' ? 'paused' : state === 'closed' ? 'closed' : 'ready';
  const live = connection === 'live' && !busy;
  const waiting = view?.waitingList ?? { total: 0, tickets: [] };
  const next = waiting.tickets[0] ?? null;
  const canCall = live && !held && state === 'open';

  const buttons: ButtonSpec[] = [
    { action: 'call-next', label: t('counter.callNext'), key: 'N', enabled: canCall && waiting.total > 0, primary: !held },
    { action: 'recall', label: t('counter.recall'), key: 'U', enabled: live && held?.status === 'called' },
    { action: 'start', label: t('counter.start'), key: 'M', enabled: live && held?.status === 'called' },
    { action: 'finish', label: t('counter.finish'), key: 'S', enabled: live && !!held, primary: !!held },
    { action: 'no-show', label: t('counter.noShow'), key: 'T', enabled: live && held?.status === 'called' },
    { action: 'transfer', label: t('counter.transfer'), key: 'A', enabled: live && !!held },
    { action: 'cancel', label: t('counter.cancelTicket'), key: 'B', enabled: live && !!held },
    { action: 'reprint', label: t('counter.reprint'), key: 'C', enabled: live && !!held },
    { action: 'pause', label: t('counter.pause'), key: 'I', enabled: live && !held && state === 'open' },
    { action: 'resume', label: t('counter.resume'), key: 'L', enabled: live && state === 'paused' },
  ];
  const press = (b: ButtonSpec) => {
    if (!b.enabled) {
      // Why nothing happens, in the words the hub would use, without sending anything.
      if (b.action === 'call-next' && connection === 'live' && !busy) {
        if (held) refuse(said.holding(held.display, held.status === 'serving'));
        else if (state === 'paused') refuse(said.onBreak(w.Word));
        else if (state === 'open' && waiting.total === 0) refuse(said.nothingWaiting(w.word));
      }
      return;
    }
    switch (b.action) {
      case 'transfer':
      case 'pause':
      case 'cancel':
        return setDialog(b.action);
      case 'finish':
      case 'no-show':
        return hold(b.action);
      case 'reprint':
        return void reprint();
      default:
        return void act(b.action);
    }
  };

  // One key per button, outside text fields and dialogs; Esc takes back a held finish or no-show.
  const latest = useRef({ buttons, press, dialog, pending, undo });
  latest.current = { buttons, press, dialog, pending, undo };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || latest.current.dialog) return;
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === 'Escape' && latest.current.pending) {
        e.preventDefault();
        latest.current.undo();
        return;
      }
      const b = latest.current.buttons.find((x) => x.key === e.key.toUpperCase());
      if (b) {
        e.preventDefault();
        latest.current.press(b);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const nextGroup = next ? names.group(next.priorityGroup) : null;
  const button = (action: ButtonSpec['action']) => buttons.find((b) => b.action === action)!;
  const grid = buttons.filter((b) => b.action !== 'call-next' && b.action !== 'resume');
  const callNext = button('call-next');

  return (
    <div className={`desk mode-${mode}`}>
      <header>
        <div className="where">
          <strong className="label" data-testid="desk-label">
            {view?.counter.label ?? '…'}
          </strong>
          <span className="zone">{view?.counter.zone}</span>
        </div>
        <StatusLine />
        <div className="who">
          <span className={`dot ${connection}`} aria-label={connection} />
          <span>{officerName}</span>
          <button className="link" onClick={() => void logout()}>
            {t('counter.logout')}
          </button>
        </div>
      </header>
      <main>
        <div className="work">
          <CurrentCard mode={mode} pending={pending} onResume={() => press(button('resume'))} resumeEnabled={button('resume').enabled} onUndo={undo} />
          <div className="buttons">
            <button
              className={`call-next${callNext.primary ? ' primary' : ''}`}
              disabled={!callNext.enabled}
              onClick={() => press(callNext)}
              data-action="call-next"
              title={t('counter.shortcut', { key: 'N' })}
            >
              <span className="title">
                {callNext.label} <kbd>N</kbd>
              </span>
              <span className="next" data-testid="next-on-button">
                {next ? [next.display, names.service(next.serviceId), nextGroup].filter(Boolean).join(' · ') : t('counter.callNextEmpty')}
              </span>
            </button>
            {grid.map((b) => (
              <button key={b.action} className={b.primary ? 'primary' : ''} disabled={!b.enabled} onClick={() => press(b)} data-action={b.action} title={t('counter.shortcut', { key: b.key })}>
                <span>{b.label}</span>
                <kbd>{b.key}</kbd>
              </button>
            ))}
          </div>
          <Beside canCall={canCall} />
        </div>
        <WaitingPanel tickets={waiting.tickets} total={waiting.total} canCall={canCall} onCall={(ticketId) => void act('call', { ticketId })} />
      </main>
      {dialog === 'transfer' && <TransferDialog onClose={() => setDialog(null)} />}
      {dialog === 'pause' && <PauseDialog onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog onClose={() => setDialog(null)} />}
    </div>
  );
}

/** The counter's state in one word and colour, with the ticket in hand or what comes next. */
function CurrentCard({ mode, pending, onResume, resumeEnabled, onUndo }: { mode: Mode; pending: Pending | null; onResume: () => void; resumeEnabled: boolean; onUndo: () => void }) {
  const { t } = useTranslation();
  const w = useWord();
  const names = useNames();
  const { i18n } = useTranslation();
  const view = useCounter((s) => s.view);
  const last = useCounter((s) => s.last);
  const logout = useCounter((s) => s.logout);
  const skewMs = useCounter((s) => s.skewMs);
  const now = useTick(mode === 'pending' ? 250 : 1000);
  const ticket = mode === 'pending' ? pending!.ticket : (view?.currentTicket ?? null);
  // The booking of the ticket in hand (not of one still in its undo window: that is the next one's).
  const booking = mode !== 'pending' && ticket ? (view?.currentBooking ?? null) : null;
  const hubNow = now + skewMs;
  const next = view?.waitingList.tickets[0] ?? null;

  const word = {
    ready: t('counter.stateReady'),
    called: t('counter.stateCalled'),
    serving: t('counter.stateServing'),
    paused: t('counter.statePaused'),
    closed: t('counter.stateClosed'),
    pending: pending?.action === 'no-show' ? t('counter.stateNoShowing') : t('counter.stateFinishing'),
  }[mode];

  return (
    <section className={`card state-${mode}`} data-testid="current-ticket" data-state={mode} aria-live="polite">
      <div className="state-word" data-testid="state-word">
        {word}
      </div>
      {ticket && (mode === 'called' || mode === 'serving' || mode === 'pending') ? (
        <>
          <div className="ticket-line">
            <div className="number" data-testid="current-number">
              {ticket.display}
            </div>
            <div className="about">
              <div className="service">{names.service(ticket.serviceId)}</div>
              {ticket.priorityGroup && <div className="priority">{names.group(ticket.priorityGroup)}</div>}
              {booking && (
                <div className="booking" data-testid="current-booking">
                  Booking {booking.start}–{booking.end}
                </div>
              )}
            </div>
            {mode === 'pending' && (
              <div className="hold">
                <button className="undo" data-testid="undo" onClick={onUndo}>
                  <span>{t('counter.undo', { seconds: Math.max(0, Math.ceil((pending!.until - now) / 1000)) })}</span>
                  <kbd>Esc</kbd>
                </button>
                <span className="note">{t('counter.holdNote', { seconds: Math.max(0, Math.ceil((pending!.until - now) / 1000)) })}</span>
              </div>
            )}
          </div>
          {mode !== 'pending' && (
            <div className="times">
              {/* a booked ticket's arrival is shifted for its place in the queue (docs/BOOKING.md): its wait counts from check-in */}
              <span>{t('counter.waited', { time: duration((ticket.calledAt ?? hubNow) - (booking ? ticket.issuedAt : ticket.arrivedAt)) })}</span>
              {ticket.startedAt !== null && <span data-testid="service-time">{t('counter.serviceTime', { time: duration(hubNow - ticket.startedAt) })}</span>}
            </div>
          )}
        </>
      ) : mode === 'paused' ? (
        <div className="paused">
          <div className="reason" data-testid="pause-reason">
            {t('counter.pausedReason', { reason: view?.counter.pauseReason ?? '' })}
          </div>
          <button className="resume" data-action="resume" disabled={!resumeEnabled} onClick={onResume}>
            <span>{t('counter.resume')}</span>
            <kbd>L</kbd>
          </button>
          <span className="note">{t('counter.pausedHint')}</span>
        </div>
      ) : mode === 'closed' ? (
        <div className="paused">
          <div className="reason">{t('counter.closedHint', w)}</div>
          <button className="resume" onClick={() => void logout()}>
            {t('counter.loginAgain')}
          </button>
        </div>
      ) : (
        <>
          <div className="last" data-testid="last-action">
            {last ? last[lang(i18n.language)] : t('counter.readyNothingYet')}
          </div>
          <div className="next" data-testid="next-preview">
            {next
              ? next.priorityGroup
                ? t('counter.readyNextPriority', { number: next.display, service: names.service(next.serviceId), group: names.group(next.priorityGroup) })
                : t('counter.readyNext', { number: next.display, service: names.service(next.serviceId) })
              : t('counter.readyEmpty')}
          </div>
        </>
      )}
      {/* runs down over the undo window (counter.css: its duration is UNDO_MS) */}
      {mode === 'pending' && <div className="bar" />}
    </section>
  );
}

/** The tickets waiting for this counter, in the order "Panggil berikutnya" calls them. */
function WaitingPanel({ tickets, total, canCall, onCall }: { tickets: WaitingTicket[]; total: number; canCall: boolean; onCall: (ticketId: number) => void }) {
  const { t } = useTranslation();
  const w = useWord();
  const names = useNames();
  return (
    <section className="waiting" aria-label={t('counter.waitingTitle', w)}>
      <div className="head">
        <h2>{t('counter.waitingTitle', w)}</h2>
        <span className="total" data-testid="waiting-total">
          {t('counter.waitingTotal', { count: total })}
        </span>
      </div>
      <ol className="waiting-list" data-testid="waiting-list">
        {tickets.map((tk, i) => {
          const group = names.group(tk.priorityGroup);
          return (
            <li key={tk.id} data-ticket={tk.display} data-priority={tk.priorityGroup ?? ''} className={`${i === 0 ? 'next ' : ''}${tk.priorityGroup ? 'priority' : ''}`}>
              <span className="pos">{i + 1}</span>
              <b className="num">{tk.display}</b>
              <span className="about">
                <span className="svc">{names.service(tk.serviceId)}</span>
                {group && <span className="group">{group}</span>}
                {tk.overdue && <span className="overdue">{t('counter.waitingOverdue')}</span>}
                {/* a booked ticket (issue 23): called from its slot on, ahead of walk-ins not yet overdue */}
                {tk.bookingSlot && (
                  <span className="booked" data-testid="booked-mark">
                    Booking {tk.bookingSlot.start}–{tk.bookingSlot.end}
                  </span>
                )}
                {i === 0 && !(tk.dueAt && tk.dueAt > Date.now()) && <span className="mark">{t('counter.waitingNext')}</span>}
              </span>
              <span className="mins">{t('counter.minutes', { minutes: tk.waitedMinutes })}</span>
              <button disabled={!canCall} onClick={() => onCall(tk.id)}>
                {t('counter.call')}
              </button>
            </li>
          );
        })}
        {total === 0 && <li className="none">{t('counter.waitingNone')}</li>}
      </ol>
      {total > tickets.length && <p className="more">{t('counter.waitingShown', { shown: tickets.length, total })}</p>}
    </section>
  );
}

/** The queues per service, the no-shows to call back, the day's figures. */
function Beside({ canCall }: { canCall: boolean }) {
  const { t } = useTranslation();
  const w = useWord();
  const names = useNames();
  const view = useCounter((s) => s.view);
  const act = useCounter((s) => s.act);
  return (
    <div className="beside">
      <section className="panel">
        <h2>{t('counter.waitingPerService')}</h2>
        <table className="queues">
          <tbody>
            {view?.services.map((s) => (
              <tr key={s.id} data-service={s.id}>
                <td>
                  <b>{s.prefix}</b> {s.name}
                </td>
                <td className="n">{t('counter.waitingCount', { count: s.waiting })}</td>
                <td className="n">{s.waiting > 0 ? t('counter.longest', { minutes: s.longestWaitMinutes }) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="today" data-testid="today-counter">
          {t('counter.servedCounter', { ...w, count: view?.today.served ?? 0, avg: averageText(view?.today.averageServiceSeconds ?? null) })}
        </p>
        {view?.officerToday && (
          <p className="today" data-testid="today-officer">
            {t('counter.servedOfficer', { count: view.officerToday.served, avg: averageText(view.officerToday.averageServiceSeconds) })}
          </p>
        )}
      </section>
      <section className="panel">
        <h2>{t('counter.skipped')}</h2>
        <ul className="skipped" data-testid="skipped">
          {view?.noShows.length ? (
            view.noShows.map((tk) => (
              <li key={tk.id}>
                <b>{tk.display}</b> <span>{names.service(tk.serviceId)}</span>
                <button disabled={!canCall} onClick={() => void act('call', { ticketId: tk.id })}>
                  {t('counter.callBack')}
                </button>
              </li>
            ))
          ) : (
            <li className="none">{t('counter.skippedNone')}</li>
          )}
        </ul>
      </section>
    </div>
  );
}

/** Logs the officer out after `ms` without a key or a click at this computer. */
function useIdleLogout(ms: number, logout: () => Promise<void>): void {
  const cb = useRef(logout);
  cb.current = logout;
  useEffect(() => {
    let timer = setTimeout(() => void cb.current(), ms);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void cb.current(), ms);
    };
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [ms]);
}
