/**
 * The Survei Kepuasan Masyarakat page, bound to the visit (the hub decides which ticket: survey.ts).
 *
 * - `/survey?counter=3`: a tablet facing the citizen at Gerai 3. It offers the ticket that counter
 *   finished last, while the hub still offers it (within the site's window, before the counter
 *   serves someone else). A newer finish replaces it until the citizen answers the first question;
 *   from then on the ticket is locked on this tablet until the answers are sent, "Batal" is
 *   pressed or nobody touches the screen for a minute (answers dropped, back to waiting, and that
 *   ticket is not offered here again).
 * - `/survey?kiosk=1`: opened from the kiosk's home. The citizen scans the QR code on the ticket
 *   (a USB scanner types it; a camera where the browser can read one) or types its number on the
 *   keypad; "Kembali", the end and a minute untouched go back to /kiosk.
 * - `/survey`: as at the kiosk, for a browser with nowhere to go back to.
 *
 * The full form is the nine questions of Permenpan RB 14/2017 (one per screen), the respondent's
 * profile (optional) and a saran; the short form (site setting) is one tap. Indonesian first, an
 * English toggle, and every citizen starts in Indonesian.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { IKM_ELEMENTS, type IkmElement } from '../../../shared/ikm.js';
import { SurveyAnswerResponse, SurveyLatestResponse, SurveyTicket, type SurveyProfile } from '../../../shared/survey.js';
import { hubCall, HubRefusal, type Message } from '../api/hub.js';
import { TicketKeypad } from './keypad.js';
import { ProfileScreen, QuestionScreen, ShortForm, SuggestionScreen, type Answers, type Score } from './questionnaire.js';
import { CameraScan, useScanner } from './scan.js';
import { fill, STRINGS, type Lang } from './strings.js';
import './survey.css';

/** How often a counter's tablet asks the hub what to offer. */
const POLL_MS = 2000;
/** A screen nobody touched for this long starts over. */
const IDLE_MS = 60_000;
const THANKS_MS = 5000;

type Mode = { kind: 'counter'; counterId: number } | { kind: 'kiosk'; home: string | null };

function modeOf(search: string): Mode {
  const p = new URLSearchParams(search);
  const counter = p.get('counter');
  if (counter && /^\d{1,9}$/.test(counter) && Number(counter) > 0) return { kind: 'counter', counterId: Number(counter) };
  return { kind: 'kiosk', home: p.get('kiosk') ? '/kiosk' : null };
}

type Phase = { name: 'question'; index: number } | { name: 'profile' } | { name: 'suggestion' };

interface Session {
  ticket: SurveyTicket;
  phase: Phase;
  answers: Answers;
  profile: SurveyProfile;
  suggestion: string;
}

const newSession = (ticket: SurveyTicket): Session => ({ ticket, phase: { name: 'question', index: 0 }, answers: {}, profile: {}, suggestion: '' });
/** Locked on this tablet: the citizen has answered something. */
const locked = (s: Session | null) => s !== null && Object.keys(s.answers).length > 0;
/** A text of strings.ts in both languages, so the toggle also turns a message already shown. */
const both = (pick: (s: (typeof STRINGS)['id']) => string, values: Record<string, string | number> = {}): Message => ({ id: fill(pick(STRINGS.id), values), en: fill(pick(STRINGS.en), values) });

/** A QR code's three corner squares: what to look for on the ticket. */
function QrIcon() {
  return (
    <svg className="qr" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M2 2h8v8H2zM4 4v4h4V4zM14 2h8v8h-8zM16 4v4h4V4zM2 14h8v8H2zM4 16v4h4v-4zM14 14h3v3h-3zM19 14h3v3h-3zM14 19h3v3h-3zM17 17h2v2h-2zM19 19h3v3h-3z" fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}

export function SurveyApp() {
  const [mode] = useState(() => modeOf(location.search));
  const [lang, setLang] = useState<Lang>('id');
  const [session, setSession] = useState<Session | null>(null);
  const [thanks, setThanks] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [number, setNumber] = useState('');
  const [busy, setBusy] = useState(false);
  /** tickets this tablet will not offer again: cancelled, left untouched, or refused when sent */
  const dismissed = useRef(new Set<number>());
  const s = STRINGS[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  /** Back to the start for the next citizen; at the kiosk, `leave` goes back to the kiosk's home. */
  const reset = useCallback(
    (opts: { dismiss?: boolean; leave?: boolean; keepMessage?: boolean } = {}) => {
      setSession((cur) => {
        if (cur && opts.dismiss) dismissed.current.add(cur.ticket.ticketId);
        return null;
      });
      setThanks(false);
      setNumber('');
      setBusy(false);
      if (!opts.keepMessage) setMessage(null);
      setLang('id');
      if (opts.leave && mode.kind === 'kiosk' && mode.home) location.assign(mode.home);
    },
    [mode],
  );

  // At a counter: what the hub offers, until the citizen answers the first question.
  useEffect(() => {
    if (mode.kind !== 'counter') return;
    let stopped = false;
    const load = async () => {
      try {
        const r = await hubCall('GET', `/api/survey/latest?counterId=${mode.counterId}`, undefined, { response: SurveyLatestResponse });
        if (stopped) return;
        const offered = r.ticket && r.ticket.eligible && !dismissed.current.has(r.ticket.ticketId) ? r.ticket : null;
        setSession((cur) => {
          if (locked(cur)) return cur;
          if (!offered) return null;
          // The same ticket: keep the screen, take the fresh grant.
          if (cur && cur.ticket.ticketId === offered.ticketId) return { ...cur, ticket: offered };
          return newSession(offered);
        });
      } catch {
        // The hub is away: the screen keeps what it shows and asks again.
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [mode]);

  // A minute untouched: answers dropped, back to the start (a new ticket offered starts the minute again).
  const offeredId = session?.ticket.ticketId ?? null;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reset({ dismiss: true, leave: true }), IDLE_MS);
    };
    arm();
    window.addEventListener('pointerdown', arm, true);
    window.addEventListener('keydown', arm, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', arm, true);
      window.removeEventListener('keydown', arm, true);
    };
  }, [offeredId, reset]);

  // A new ticket on screen: an old message is not about it.
  useEffect(() => {
    if (offeredId !== null) setMessage(null);
  }, [offeredId]);

  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(() => reset({ leave: true }), THANKS_MS);
    return () => clearTimeout(timer);
  }, [thanks, reset]);

  const lookup = async (query: string, typed: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const t = await hubCall('GET', `/api/survey/ticket?${query}`, undefined, { response: SurveyTicket });
      if (!t.eligible) setMessage(both((x) => x.refusal[t.reason ?? 'not_finished'], { number: t.display }));
      else {
        setNumber('');
        setSession(newSession(t));
      }
    } catch (err) {
      if (err instanceof HubRefusal) setMessage(typed && err.code === 'TICKET_NOT_FOUND' ? both((x) => x.notFound) : err.text);
      else setMessage(both((x) => x.hubDown));
    } finally {
      setBusy(false);
    }
  };

  useScanner(mode.kind === 'kiosk' && session === null && !thanks, (code) => void lookup(`code=${encodeURIComponent(code)}`, false));

  const send = async (body: Record<string, unknown>) => {
    if (!session) return;
    setBusy(true);
    try {
      await hubCall('POST', '/api/survey', { ticketId: session.ticket.ticketId, grant: session.ticket.grant, ...body }, { response: SurveyAnswerResponse });
      setSession(null);
      setMessage(null);
      setThanks(true);
    } catch (err) {
      if (err instanceof HubRefusal) {
        // Rated already, no longer eligible, or the session ran out: this ticket is done here.
        reset({ dismiss: true, keepMessage: true });
        setMessage(err.text);
      } else setMessage(both((x) => x.hubDown));
    } finally {
      setBusy(false);
    }
  };

  const sendFull = () => {
    if (!session) return;
    const suggestion = session.suggestion.trim();
    void send({ form: 'full', answers: session.answers, profile: session.profile, ...(suggestion ? { suggestion } : {}) });
  };

  const update = (change: (cur: Session) => Session) => setSession((cur) => (cur ? change(cur) : cur));
  const answer = (code: IkmElement, value: Score) =>
    update((cur) => {
      const next = IKM_ELEMENTS.findIndex((e) => e.code === code) + 1;
      return { ...cur, answers: { ...cur.answers, [code]: value }, phase: next < IKM_ELEMENTS.length ? { name: 'question', index: next } : { name: 'profile' } };
    });

  let body: ReactNode;
  if (thanks) {
    body = (
      <section className="thanks" role="status">
        <p className="big">{s.thanks}</p>
        <p>{s.thanksHint}</p>
      </section>
    );
  } else if (session && session.ticket.form === 'short') {
    body = <ShortForm lang={lang} sending={busy} onAnswer={(value) => void send({ form: 'short', value })} />;
  } else if (session) {
    const { phase } = session;
    if (phase.name === 'question') {
      body = (
        <QuestionScreen
          lang={lang}
          index={phase.index}
          answers={session.answers}
          onAnswer={answer}
          onPrevious={phase.index > 0 ? () => update((cur) => ({ ...cur, phase: { name: 'question', index: phase.index - 1 } })) : null}
        />
      );
    } else if (phase.name === 'profile') {
      body = (
        <ProfileScreen
          lang={lang}
          profile={session.profile}
          onChange={(profile) => update((cur) => ({ ...cur, profile }))}
          onSkip={() => update((cur) => ({ ...cur, profile: {}, phase: { name: 'suggestion' } }))}
          onNext={() => update((cur) => ({ ...cur, phase: { name: 'suggestion' } }))}
          onPrevious={() => update((cur) => ({ ...cur, phase: { name: 'question', index: IKM_ELEMENTS.length - 1 } }))}
        />
      );
    } else {
      body = (
        <SuggestionScreen
          lang={lang}
          value={session.suggestion}
          sending={busy}
          onChange={(suggestion) => update((cur) => ({ ...cur, suggestion }))}
          onSend={sendFull}
          onPrevious={() => update((cur) => ({ ...cur, phase: { name: 'profile' } }))}
        />
      );
    }
  } else if (mode.kind === 'counter') {
    body = (
      <section className="waiting" data-testid="waiting">
        <p className="big">{s.waiting}</p>
        <p>{s.waitingHint}</p>
      </section>
    );
  } else {
    body = (
      <section className="find" data-testid="find">
        <h2>{s.findTitle}</h2>
        <p className="scan">
          <QrIcon />
          {s.scanHint}
        </p>
        <CameraScan lang={lang} onCode={(code) => void lookup(`code=${encodeURIComponent(code)}`, false)} />
        <p>{s.typeHint}</p>
        <output className="number" aria-label={s.numberLabel} data-testid="typed-number">
          {number || <span className="placeholder">{s.numberPlaceholder}</span>}
        </output>
        <TicketKeypad lang={lang} value={number} onChange={setNumber} />
        <button type="button" className="primary start" disabled={busy || number.trim() === ''} onClick={() => void lookup(`number=${encodeURIComponent(number)}`, true)}>
          {busy ? s.searching : s.start}
        </button>
      </section>
    );
  }

  return (
    <main className={`survey ${mode.kind}`}>
      <header>
        <h1>{s.title}</h1>
        {session && !thanks && (
          <p className="which" data-testid="survey-ticket">
            <b>{fill(s.ticket, { number: session.ticket.display })}</b> · {session.ticket.serviceName}
          </p>
        )}
        <div className="tools">
          <button type="button" className="secondary" aria-label={s.languageLabel} onClick={() => setLang(lang === 'id' ? 'en' : 'id')}>
            {s.language}
          </button>
          {session && !thanks && (
            <button type="button" className="secondary" onClick={() => reset({ dismiss: mode.kind === 'counter' })}>
              {s.cancel}
            </button>
          )}
          {!session && !thanks && mode.kind === 'kiosk' && mode.home && (
            <button type="button" className="secondary" onClick={() => reset({ leave: true })}>
              ‹ {s.back}
            </button>
          )}
        </div>
      </header>
      {message && (
        <p className="message" role="alert">
          {message[lang]}
        </p>
      )}
      {body}
    </main>
  );
}
