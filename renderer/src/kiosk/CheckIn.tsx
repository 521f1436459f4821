/**
 * "Punya booking? / Check-in" (issue 23, docs/BOOKING.md): the citizen scans the booking's QR code
 * (a USB scanner types `ANTRE-BOOKING:<site>:<code>` and Enter into the focused field, fast; or the
 * kiosk's camera reads it, ./CameraScan.tsx, and it is checked in at once) or types the
 * six-character code on the on-screen keyboard, then "Check-in". The hub answers with a
 * ticket (the done screen, as for any ticket, with what the placement means), or says why not.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readBookingCode } from '../../../shared/booking.js';
import { addStrings } from '../i18n.js';
import { en, id } from './checkInStrings.js';
import { CameraScan } from './CameraScan.js';
import { Keyboard } from './Keyboard.js';
import { useKiosk } from './store.js';
import './checkIn.css';

addStrings(id, en);

/** The QR's text is ~30 characters; anything longer is not a booking. */
const MAX_CODE = 60;

export function CheckIn({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const reset = useKiosk((s) => s.reset);
  const checkIn = useKiosk((s) => s.checkIn);
  const [text, setText] = useState('');
  const field = useRef<HTMLInputElement>(null);
  // The scanner types into whatever has focus: keep it on the field.
  useEffect(() => field.current?.focus(), []);
  const valid = readBookingCode(text) !== null;
  const submit = () => {
    if (!disabled && text.trim()) void checkIn(text);
  };
  return (
    <section className="checkin" data-testid="checkin">
      <h1>{t('kioskCheckIn.title')}</h1>
      <p className="checkin-hint">{t('kioskCheckIn.hint')}</p>
      <form
        className="checkin-bar"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input
          ref={field}
          className="checkin-field"
          data-testid="checkin-field"
          value={text}
          placeholder="K7M3QX"
          aria-label={t('kioskCheckIn.field')}
          // the on-screen keyboard types; the scanner (a USB keyboard) too
          inputMode="none"
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_CODE}
          onBlur={() => setTimeout(() => field.current?.focus(), 0)}
          onChange={(e) => setText(e.target.value.slice(0, MAX_CODE))}
        />
        <button type="button" className="secondary clear" onClick={() => setText('')} disabled={!text}>
          {t('kioskCheckIn.clear')}
        </button>
      </form>
      <CameraScan
        accept={(read) => readBookingCode(read) !== null}
        paused={disabled}
        onRead={(read) => {
          // What the camera read is shown in the field, as a scanner's typing would be.
          setText(read.slice(0, MAX_CODE));
          if (!disabled) void checkIn(read);
        }}
      />
      <Keyboard onType={(k) => setText((v) => (v + k.trim()).toUpperCase().slice(0, MAX_CODE))} onBackspace={() => setText((v) => v.slice(0, -1))} />
      <nav className="actions">
        <button className="secondary" onClick={() => reset()}>
          ‹ {t('kioskCheckIn.back')}
        </button>
        <button className="primary" data-testid="checkin-submit" onClick={submit} disabled={disabled || !valid}>
          {t('kioskCheckIn.submit')}
        </button>
      </nav>
    </section>
  );
}
