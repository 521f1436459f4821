/**
 * The questionnaire of Permenpan RB 14/2017 on a touchscreen: one question per screen with its own
 * four answers as big buttons (a tap answers and moves on), then the respondent's profile (each
 * item optional, "Lewati" skips it all) and the saran. The short form is one question, one tap.
 */
import { useEffect, useState } from 'react';
import { IKM_ELEMENTS, IKM_QUESTIONS, IKM_SCALE, ikmElementNumber, type IkmElement } from '../../../shared/ikm.js';
import { PROFILE_ITEMS, PROFILE_OPTIONS, SUGGESTION_MAX, type SurveyProfile } from '../../../shared/survey.js';
import { TextKeyboard } from './keypad.js';
import { fill, STRINGS, type Lang } from './strings.js';

export type Score = 1 | 2 | 3 | 4;
export type Answers = Partial<Record<IkmElement, Score>>;

/** Taps on a screen younger than this are not taken: a double tap must not answer the next question too. */
const SETTLE_MS = 350;

/** Whether the screen keyed by `key` has been up long enough to take a tap. */
function useSettled(key: unknown): boolean {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    setSettled(false);
    const timer = setTimeout(() => setSettled(true), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return settled;
}

export function QuestionScreen({ lang, index, answers, onAnswer, onPrevious }: { lang: Lang; index: number; answers: Answers; onAnswer: (code: IkmElement, value: Score) => void; onPrevious: (() => void) | null }) {
  const s = STRINGS[lang];
  const element = IKM_ELEMENTS[index]!;
  const q = IKM_QUESTIONS[element.code];
  const settled = useSettled(index);
  return (
    <section className="question" data-testid="question" data-element={ikmElementNumber(element.code)}>
      <p className="progress">
        <span>{fill(s.question, { n: index + 1, total: IKM_ELEMENTS.length })}</span>
        <span className="bar" aria-hidden="true">
          <span style={{ width: `${((index + 1) / IKM_ELEMENTS.length) * 100}%` }} />
        </span>
      </p>
      <h2 id={`q-${element.code}`}>{q.question[lang]}</h2>
      <div className="answers" role="radiogroup" aria-labelledby={`q-${element.code}`}>
        {q.answers.map((a, i) => {
          const value = (i + 1) as Score;
          const on = answers[element.code] === value;
          return (
            <button key={value} type="button" role="radio" aria-checked={on} className={on ? 'on' : ''} disabled={!settled} onClick={() => onAnswer(element.code, value)}>
              <span className="mark" aria-hidden="true">
                {value}
              </span>
              {a[lang]}
            </button>
          );
        })}
      </div>
      <div className="actions">
        {onPrevious && (
          <button type="button" className="secondary" onClick={onPrevious}>
            ‹ {s.previous}
          </button>
        )}
      </div>
    </section>
  );
}

export function ProfileScreen({ lang, profile, onChange, onSkip, onNext, onPrevious }: { lang: Lang; profile: SurveyProfile; onChange: (p: SurveyProfile) => void; onSkip: () => void; onNext: () => void; onPrevious: () => void }) {
  const s = STRINGS[lang];
  return (
    <section className="profile" data-testid="profile">
      <h2>{s.profileTitle}</h2>
      <p className="hint">{s.profileHint}</p>
      {PROFILE_ITEMS.map((item) => (
        <div className="item" key={item}>
          <span className="label" id={`p-${item}`}>
            {s.profileOf[item]}
          </span>
          <div className="chips" role="radiogroup" aria-labelledby={`p-${item}`}>
            {PROFILE_OPTIONS[item].map((o) => {
              const on = profile[item] === o.code;
              return (
                <button
                  key={o.code}
                  type="button"
                  role="radio"
                  aria-checked={on}
                  className={on ? 'on' : ''}
                  // A second tap takes the choice back.
                  onClick={() => {
                    const next = { ...profile } as Record<string, string>;
                    if (on) delete next[item];
                    else next[item] = o.code;
                    onChange(next as SurveyProfile);
                  }}
                >
                  {o[lang]}
                </button>
              );
            })}
          </div>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="secondary" onClick={onPrevious}>
          ‹ {s.previous}
        </button>
        <button type="button" className="secondary" onClick={onSkip}>
          {s.skip}
        </button>
        <button type="button" className="primary" onClick={onNext}>
          {s.next} ›
        </button>
      </div>
    </section>
  );
}

export function SuggestionScreen({ lang, value, onChange, onSend, onPrevious, sending }: { lang: Lang; value: string; onChange: (v: string) => void; onSend: () => void; onPrevious: () => void; sending: boolean }) {
  const s = STRINGS[lang];
  return (
    <section className="suggestion" data-testid="suggestion">
      <h2 id="suggestion-title">{s.suggestionTitle}</h2>
      {/* inputMode none: the screen's own keyboard, not the tablet's, yet a real keyboard still types. */}
      <textarea
        aria-labelledby="suggestion-title"
        inputMode="none"
        rows={3}
        maxLength={SUGGESTION_MAX}
        value={value}
        onChange={(e) => onChange(e.target.value.slice(0, SUGGESTION_MAX))}
      />
      <p className="count">{fill(s.suggestionCount, { count: value.length, max: SUGGESTION_MAX })}</p>
      <TextKeyboard lang={lang} value={value} onChange={onChange} max={SUGGESTION_MAX} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onPrevious}>
          ‹ {s.previous}
        </button>
        <button type="button" className="primary" disabled={sending} onClick={onSend}>
          {sending ? s.sending : s.send}
        </button>
      </div>
    </section>
  );
}

/** The short form: one question, one tap sends it. */
export function ShortForm({ lang, onAnswer, sending }: { lang: Lang; onAnswer: (value: Score) => void; sending: boolean }) {
  const s = STRINGS[lang];
  const settled = useSettled('short');
  return (
    <section className="question short" data-testid="question">
      <h2 id="q-short">{s.shortQuestion}</h2>
      <div className="answers" role="radiogroup" aria-labelledby="q-short">
        {IKM_SCALE.map((a) => (
          <button key={a.value} type="button" role="radio" aria-checked={false} disabled={!settled || sending} onClick={() => onAnswer(a.value)}>
            <span className="mark" aria-hidden="true">
              {a.value}
            </span>
            {a[lang]}
          </button>
        ))}
      </div>
    </section>
  );
}
