/**
 * A small in-page dialog asking for one value (a device's new name, an officer's new PIN): what
 * the browser's prompt() did, but styled, translated, validated before sending, and showing the
 * hub's refusal without losing what was typed.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { useAdminT } from './i18n.js';
import { ModalForm } from './ModalForm.js';
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
  const [value, setValue] = useState(initial);
  const notice = useAdmin((s) => s.notice);
  // Only a refusal that came while this dialog was open is about what was typed here.
  const [noticeAtOpen] = useState(notice);
  const error = notice !== noticeAtOpen && notice?.kind === 'error' ? notice.text[lang] : null;
  const submit = async () => (value.trim() ? onSubmit(value.trim()) : false);

  return (
    <ModalForm title={title} submit={t('save')} onSubmit={submit} onClose={onClose}>
      <label>
        {label}
        <input {...input} value={value} onChange={(e) => setValue(e.target.value)} required autoFocus />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </ModalForm>
  );
}
