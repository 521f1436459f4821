/**
 * The counter screen: this computer's counter is chosen once (a searchable list of every counter),
 * then an officer logs in and works at the desk (Desk.tsx). It follows the hub's event stream and
 * resynchronises by itself after a drop.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../i18n.js';
import { Desk } from './Desk.js';
import { StatusLine } from './StatusLine.js';
import { useCounter } from './store.js';
import { en, id } from './strings.js';
import { useWord } from './word.js';
import './counter.css';

addStrings(id, en);

export function CounterApp() {
  const counterId = useCounter((s) => s.counterId);
  const hasSession = useCounter((s) => s.session !== null);
  const start = useCounter((s) => s.start);
  useEffect(() => start(), [start]);
  return <div className="counter-app">{counterId === null ? <ChooseCounter /> : !hasSession ? <Login /> : <Desk />}</div>;
}

/** Lower case, accents and runs of spaces folded, so "gerai  25" finds "Gerai 25". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

function ChooseCounter() {
  const { t } = useTranslation();
  const w = useWord();
  const catalogue = useCounter((s) => s.catalogue);
  const counters = useCounter((s) => s.counters);
  const loadCounters = useCounter((s) => s.loadCounters);
  const chooseCounter = useCounter((s) => s.chooseCounter);
  const [query, setQuery] = useState('');
  useEffect(() => void loadCounters(), [loadCounters]);
  const agencyName = (agencyId: number | null) => catalogue?.agencies.find((a) => a.id === agencyId)?.shortName ?? '';
  const q = fold(query);
  const shown = (counters ?? []).filter((c) => !q || fold(`${c.label} ${agencyName(c.agencyId)} ${c.zone}`).includes(q));
  return (
    <section className="choose">
      <h1>{t('counter.chooseCounter', w)}</h1>
      <input
        type="search"
        name="counter-search"
        aria-label={t('counter.searchCounter', w)}
        placeholder={t('counter.searchCounter', w)}
        value={query}
        autoFocus
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && shown.length === 1 && chooseCounter(shown[0]!.id)}
      />
      <p className="count" data-testid="counter-count">
        {t('counter.counterCount', { ...w, count: shown.length })}
      </p>
      <div className="counter-list" data-testid="counter-list">
        {shown.map((c) => (
          <button key={c.id} onClick={() => chooseCounter(c.id)}>
            <strong>{c.label}</strong>
            <span>{[agencyName(c.agencyId), c.zone].filter(Boolean).join(' · ')}</span>
          </button>
        ))}
        {counters && shown.length === 0 && <p className="none">{t('counter.noCounterFound', w)}</p>}
      </div>
    </section>
  );
}

/** The counter's state as the login shows it, in the desk's words and colours. */
const STATE_WORD = { open: 'counter.stateReady', paused: 'counter.statePaused', closed: 'counter.stateClosed' } as const;
const STATE_MODE = { open: 'ready', paused: 'paused', closed: 'closed' } as const;

function Login() {
  const { t } = useTranslation();
  const w = useWord();
  const counterId = useCounter((s) => s.counterId);
  const counter = useCounter((s) => s.counters?.find((c) => c.id === s.counterId));
  const catalogue = useCounter((s) => s.catalogue);
  const loadCounters = useCounter((s) => s.loadCounters);
  const login = useCounter((s) => s.login);
  const changeCounter = useCounter((s) => s.changeCounter);
  const busy = useCounter((s) => s.busy);
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [changing, setChanging] = useState(false);
  useEffect(() => void loadCounters(), [loadCounters, counterId]);
  const agency = catalogue?.agencies.find((a) => a.id === counter?.agencyId)?.shortName;
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
        {/* the counter's own label, as on the hall display: never an internal id */}
        <div className="title">
          <h1 data-testid="counter-label">{counter?.label ?? '…'}</h1>
          {counter && (
            <span className={`state-badge state-${STATE_MODE[counter.state]}`} data-testid="login-state">
              {t(STATE_WORD[counter.state])}
            </span>
          )}
        </div>
        <p className="where">{[agency, counter?.zone].filter(Boolean).join(' · ')}</p>
        <p>{changing ? t('counter.changeNeedsSupervisor', w) : t('counter.loginPrompt', w)}</p>
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
          {changing ? t('counter.cancel') : t('counter.changeCounter', w)}
        </button>
        <StatusLine />
      </form>
    </section>
  );
}
