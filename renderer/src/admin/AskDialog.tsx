/**
 * A small in-page dialog asking for one value (a device's new name, an officer's new PIN): what
 * the browser's prompt() did, but styled, translated, validated before sending, and showing the
 * hub's refusal without losing what was typed.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

interface Props {
  title: string;
  label: string;
  initial?: string;
  /** the input's type, pattern, inputMode, maxLength… */
  input?: InputHTMLAttributes<HTMLInputElement>;
  /** true when done; false keeps the dialog open with the store's error notice */
  onSubmit: (value: string) => Promise<boolean>;
  onClose: () => void;
}

export function AskDialog({ title, label, initial = '', input, onSubmit, onClose }: Props) {
  const { t, lang } = useAdminT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const notice = useAdmin((s) => s.notice);
  // Only a refusal that came while this dialog was open is about what was typed here.
  const [noticeAtOpen] = useState(notice);
  const error = notice !== noticeAtOpen && notice?.kind === 'error' ? notice.text[lang] : null;

  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v || busy) return;
    setBusy(true);
    const done = await onSubmit(v);
    setBusy(false);
    if (done) onClose();
  };

  return (
    <dialog
      ref={ref}
      className="ask"
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Esc: closed through React's state, not behind its back.
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>{title}</h2>
        <label>
          {label}
          <input {...input} value={value} onChange={(e) => setValue(e.target.value)} required autoFocus />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button className="primary" type="submit" disabled={busy}>
            {t('save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
