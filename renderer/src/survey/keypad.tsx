/**
 * On-screen keys for a touchscreen with no keyboard: the ticket-number keypad (A–Z and the digits,
 * every spelling is fine: the hub reads "a 001" as A-001) and a small text keyboard for the saran.
 * Every key is a real button, at least 64 CSS px each way (the kiosk's touch rule).
 */
import { useState } from 'react';
import type { Lang } from './strings.js';
import { STRINGS } from './strings.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '0'];

/** The ticket number's keys: letters, digits, "-", delete. */
export function TicketKeypad({ lang, value, onChange, max = 12 }: { lang: Lang; value: string; onChange: (v: string) => void; max?: number }) {
  const s = STRINGS[lang];
  const type = (ch: string) => value.length < max && onChange(value + ch);
  return (
    <div className="keypad" data-testid="keypad">
      <div className="letters">
        {LETTERS.map((ch) => (
          <button key={ch} type="button" onClick={() => type(ch)}>
            {ch}
          </button>
        ))}
      </div>
      <div className="digits">
        {DIGITS.map((ch) => (
          <button key={ch} type="button" onClick={() => type(ch)}>
            {ch}
          </button>
        ))}
        <button type="button" className="erase" aria-label={s.erase} onClick={() => onChange(value.slice(0, -1))}>
          ⌫
        </button>
      </div>
    </div>
  );
}

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** A small keyboard for the saran: letters, digits, a shift for capitals, punctuation, space, delete. */
export function TextKeyboard({ lang, value, onChange, max }: { lang: Lang; value: string; onChange: (v: string) => void; max: number }) {
  const s = STRINGS[lang].keyboard;
  const [shift, setShift] = useState(false);
  // A sentence starts with a capital, as a phone's keyboard does it.
  const capital = shift || value.length === 0 || /[.!?]\s$/.test(value);
  const type = (ch: string) => {
    if (value.length >= max) return;
    onChange(value + ch);
    setShift(false);
  };
  return (
    <div className="keyboard" data-testid="keyboard">
      {ROWS.map((row, i) => (
        <div className="row" key={row}>
          {i === 3 && (
            <button type="button" className={`wide${shift ? ' on' : ''}`} aria-pressed={shift} aria-label={s.shift} onClick={() => setShift(!shift)}>
              ⇧
            </button>
          )}
          {row.split('').map((ch) => {
            const out = capital ? ch.toUpperCase() : ch;
            return (
              <button type="button" key={ch} onClick={() => type(out)}>
                {out}
              </button>
            );
          })}
          {i === 3 && (
            <button type="button" className="wide" aria-label={s.erase} onClick={() => onChange(value.slice(0, -1))}>
              ⌫
            </button>
          )}
        </div>
      ))}
      <div className="row">
        {[',', '.', '?', '!', '-'].map((ch) => (
          <button type="button" key={ch} onClick={() => type(ch)}>
            {ch}
          </button>
        ))}
        <button type="button" className="space" onClick={() => type(' ')}>
          {s.space}
        </button>
      </div>
    </div>
  );
}
