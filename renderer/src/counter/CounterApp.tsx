/**
 * The counter screen: an officer logs in at this computer's counter and calls, serves, skips and
 * transfers with large buttons, each with a one-key shortcut shown on it (officers keep a hand on
 * the keyboard). Beside it: the queues this counter serves, the no-shows to call back, the day's
 * figures. It follows the hub's event stream and resynchronises by itself after a drop.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterSummary } from '../../../shared/protocol.js';
import { hubCall } from '../api/hub.js';
import { addStrings, i18n, type Lang } from '../i18n.js';
import { useCounter } from './store.js';
import { en, id } from './strings.js';
import './counter.css';

addStrings(id, en);

const lang = (): Lang => (i18n.language === 'en' ? 'en' : 'id');

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

export function CounterApp() {
  const counterId = useCounter((s) => s.counterId);
  const hasSession = useCounter((s) => s.session !== null);
  const start = useCounter((s) => s.start);
  useEffect(() => start(), [start]);
  return <div className="counter-app">{counterId === null ? <ChooseCounter /> : !hasSession ? <Login /> : <Desk />}</div>;
}

function Messages() {
  const { t } = useTranslation();
  const message = useCounter((s) => s.message);
  const connection = useCounter((s) => s.connection);
  const dismiss = useCounter((s) => s.dismiss);
  return (
    <>
      {connection === 'down' && (
        <div className="msg refused" role="alert" data-testid="offline">
          {t('counter.offline')}
        </div>
      )}
      {message && (
        <div className={`msg ${message.kind}`} role="alert" data-testid="message" onClick={dismiss}>
          {message.text[lang()]}
        </div>
      )}
    </>
  );
}

function ChooseCounter() {
  const { t } = useTranslation();
  const catalogue = useCounter((s) => s.catalogue);
  const chooseCounter = useCounter((s) => s.chooseCounter);
  const [counters, setCounters] = useState<CounterSummary[]>([]);
  useEffect(() => {
    hubCall<CounterSummary[]>('GET', '/api/counters').then(setCounters, () => {});
  }, []);
  const agencyName = (id: number | null) => catalogue?.agencies.find((a) => a.id === id)?.shortName ?? '';
  return (
    <section className="choose">
      <h1>{t('counter.chooseCounter')}</h1>
      <div className="counter-list">
        {counters.map((c) => (
          <button key={c.id} onClick={() => chooseCounter(c.id)}>
            <strong>{c.label}</strong>
            <span>
              {agencyName(c.agencyId)} · {c.zone}
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}

function Login() {
  const { t } = useTranslation();
  const counterId = useCounter((s) => s.counterId);
  const login = useCounter((s) => s.login);
  const changeCounter = useCounter((s) => s.changeCounter);
  const busy = useCounter((s) => s.busy);
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [changing, setChanging] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Changing this computer's counter is a supervisor's decision: the store checks the credentials.
    if (changing) return changeCounter(username, pin);
    await login(username, pin);
    setPin('');
  };
  return (
    <section className="login">
      <form onSubmit={(e) => void submit(e)}>
        <h1>
          {t('counter.title')} <span data-testid="counter-id">#{counterId}</span>
        </h1>
        {changing && <p>{t('counter.changeNeedsSupervisor')}</p>}
        <label>
          {t('counter.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          {t('counter.pin')}
          <input name="pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy || !username || !pin}>
          {changing ? t('counter.supervisorLogin') : t('counter.login')}
        </button>
        <button type="button" className="link" onClick={() => setChanging(!changing)}>
          {changing ? t('counter.cancel') : t('counter.changeCounter')}
        </button>
        <Messages />
      </form>
    </section>
  );
}

interface ButtonSpec {
  action: 'call-next' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'pause' | 'resume';
  label: string;
  key: string;
  enabled: boolean;
  primary?: boolean;
}

function Desk() {
  const { t } = useTranslation();
  const view = useCounter((s) => s.view);
  const officerName = useCounter((s) => s.session?.officer.name ?? '');
  const connection = useCounter((s) => s.connection);
  const busy = useCounter((s) => s.busy);
  const act = useCounter((s) => s.act);
  const logout = useCounter((s) => s.logout);
  const refuse = useCounter((s) => s.refuse);
  const skewMs = useCounter((s) => s.skewMs);
  const catalogue = useCounter((s) => s.catalogue);
  const [dialog, setDialog] = useState<'transfer' | 'pause' | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useIdleLogout((view?.sessionIdleMinutes ?? 720) * 60_000, logout);

  const held = view?.currentTicket ?? null;
  const state = view?.counter.state ?? 'closed';
  const live = connection === 'live' && !busy;
  const buttons: ButtonSpec[] = [
    { action: 'call-next', label: t('counter.callNext'), key: 'N', enabled: live && !held && state === 'open', primary: true },
    { action: 'recall', label: t('counter.recall'), key: 'U', enabled: live && held?.status === 'called' },
    { action: 'start', label: t('counter.start'), key: 'M', enabled: live && held?.status === 'called' },
    { action: 'finish', label: t('counter.finish'), key: 'S', enabled: live && !!held, primary: !!held },
    { action: 'no-show', label: t('counter.noShow'), key: 'T', enabled: live && held?.status === 'called' },
    { action: 'transfer', label: t('counter.transfer'), key: 'A', enabled: live && !!held },
    { action: 'pause', label: t('counter.pause'), key: 'I', enabled: live && !held && state === 'open' },
    { action: 'resume', label: t('counter.resume'), key: 'L', enabled: live && state === 'paused' },
  ];
  const press = (b: ButtonSpec) => {
    if (!b.enabled) {
      // The same refusal the hub would give, without sending anything.
      if (b.action === 'call-next' && state === 'paused') refuse({ id: 'Loket sedang istirahat. Tekan "Lanjut" untuk memanggil lagi.', en: 'The counter is on a break. Press "Resume" to call again.' });
      return;
    }
    if (b.action === 'transfer' || b.action === 'pause') setDialog(b.action);
    else void act(b.action);
  };

  // One key per button, outside text fields and dialogs.
  const latest = useRef({ buttons, press, dialog });
  latest.current = { buttons, press, dialog };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || latest.current.dialog) return;
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const b = latest.current.buttons.find((x) => x.key === e.key.toUpperCase());
      if (b) {
        e.preventDefault();
        latest.current.press(b);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const hubNow = now + skewMs;
  const group = held?.priorityGroup ? catalogue?.priorityGroups.find((g) => g.code === held.priorityGroup) : undefined;
  const serviceName = (id: number) => catalogue?.agencies.flatMap((a) => a.services).find((s) => s.id === id)?.name ?? '';

  return (
    <div className="desk">
      <header>
        <div>
          <strong className="label">{view?.counter.label ?? '…'}</strong> <span className="zone">{view?.counter.zone}</span>
        </div>
        <div className="who">
          <span className={`dot ${connection}`} aria-label={connection} />
          {officerName}
          <button className="link" onClick={() => void logout()}>
            {t('counter.logout')}
          </button>
        </div>
      </header>
      <Messages />
      {state === 'paused' && <div className="msg info">{t('counter.pausedBecause', { reason: view?.counter.pauseReason ?? '' })}</div>}
      <main>
        <section className="current">
          {held ? (
            <div className={`ticket ${held.status}`} data-testid="current-ticket">
              <div className="status">{held.status === 'serving' ? t('counter.serving') : t('counter.called')}</div>
              <div className="number" data-testid="current-number">
                {held.display}
              </div>
              <div className="service">{serviceName(held.serviceId)}</div>
              {group && <div className="priority">{group.name[lang()]}</div>}
              <div className="times">
                <span>{t('counter.waited', { time: duration((held.calledAt ?? hubNow) - held.arrivedAt) })}</span>
                {held.startedAt !== null && <span data-testid="service-time">{t('counter.serviceTime', { time: duration(hubNow - held.startedAt) })}</span>}
              </div>
            </div>
          ) : (
            <div className="ticket empty" data-testid="current-ticket">
              {t('counter.noTicket')}
            </div>
          )}
          <div className="buttons">
            {buttons.map((b) => (
              <button key={b.action} className={b.primary ? 'primary' : ''} disabled={!b.enabled} onClick={() => press(b)} data-action={b.action} title={t('counter.shortcut', { key: b.key })}>
                <span>{b.label}</span>
                <kbd>{b.key}</kbd>
              </button>
            ))}
          </div>
        </section>
        <aside>
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
          <h2>{t('counter.skipped')}</h2>
          <ul className="skipped" data-testid="skipped">
            {view?.noShows.length ? (
              view.noShows.map((tk) => (
                <li key={tk.id}>
                  <b>{tk.display}</b> {serviceName(tk.serviceId)}
                  <button disabled={!live || !!held || state !== 'open'} onClick={() => void act('call', { ticketId: tk.id })}>
                    {t('counter.callBack')}
                  </button>
                </li>
              ))
            ) : (
              <li className="none">{t('counter.skippedNone')}</li>
            )}
          </ul>
          <h2>{t('counter.today')}</h2>
          <p data-testid="today-counter">{t('counter.servedCounter', { count: view?.today.served ?? 0, avg: averageText(view?.today.averageServiceSeconds ?? null) })}</p>
          {view?.officerToday && <p data-testid="today-officer">{t('counter.servedOfficer', { count: view.officerToday.served, avg: averageText(view.officerToday.averageServiceSeconds) })}</p>}
        </aside>
      </main>
      {dialog === 'transfer' && <TransferDialog onClose={() => setDialog(null)} />}
      {dialog === 'pause' && <PauseDialog onClose={() => setDialog(null)} />}
    </div>
  );
}

function TransferDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const catalogue = useCounter((s) => s.catalogue);
  const heldServiceId = useCounter((s) => s.view?.currentTicket?.serviceId);
  const act = useCounter((s) => s.act);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const options = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (catalogue?.agencies ?? [])
      .flatMap((a) => a.services.map((s) => ({ id: s.id, name: s.name, prefix: s.prefix, agency: a.shortName })))
      .filter((s) => s.id !== heldServiceId)
      .filter((s) => !q || `${s.name} ${s.agency} ${s.prefix}`.toLowerCase().includes(q));
  }, [catalogue, query, heldServiceId]);
  const choose = (id: number) => {
    onClose();
    void act('transfer', { serviceId: id });
  };
  return (
    <div className="dialog" role="dialog" aria-label={t('counter.transferTitle')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="panel">
        <h2>{t('counter.transferTitle')}</h2>
        <input
          autoFocus
          placeholder={t('counter.transferSearch')}
          value={query}
          onChange={(e) => (setQuery(e.target.value), setIndex(0))}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, options.length - 1));
            if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
            if (e.key === 'Enter' && options[index]) choose(options[index].id);
          }}
        />
        <ul className="options">
          {options.slice(0, 12).map((o, i) => (
            <li key={o.id}>
              <button className={i === index ? 'on' : ''} onClick={() => choose(o.id)}>
                <b>{o.prefix}</b> {o.name} <span>{o.agency}</span>
              </button>
            </li>
          ))}
        </ul>
        <button className="link" onClick={onClose}>
          {t('counter.cancel')} (Esc)
        </button>
      </div>
    </div>
  );
}

function PauseDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const act = useCounter((s) => s.act);
  const reasons = t('counter.pauseReasons').split('|');
  return (
    <div className="dialog" role="dialog" aria-label={t('counter.pauseTitle')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="panel">
        <h2>{t('counter.pauseTitle')}</h2>
        <div className="reasons">
          {reasons.map((r, i) => (
            <button
              key={r}
              autoFocus={i === 0}
              onClick={() => {
                onClose();
                void act('pause', { reason: r });
              }}
            >
              {i + 1}. {r}
            </button>
          ))}
        </div>
        <button className="link" onClick={onClose}>
          {t('counter.cancel')} (Esc)
        </button>
      </div>
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
