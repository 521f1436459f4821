/**
 * The frame of the admin's in-page dialogs (what prompt() and confirm() did, styled and
 * translated): a modal <dialog> titled by its heading, a form with what it asks, and "Batal"
 * beside the primary button. The primary button is disabled while the submit runs; Esc closes the
 * dialog through React's state, not behind its back.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useAdminT } from './i18n.js';

interface Props {
  title: string;
  /** the primary button's text */
  submit: string;
  /** true when done: the dialog closes */
  onSubmit: () => Promise<boolean>;
  onClose: () => void;
  /** also disables the primary button (a run the caller tracks) */
  busy?: boolean;
  /** focus "Batal" when the dialog opens (nothing to type) */
  focusCancel?: boolean;
  children?: ReactNode;
}

export function ModalForm({ title, submit, onSubmit, onClose, busy = false, focusCancel = false, children }: Props) {
  const { t } = useAdminT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [running, setRunning] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (running) return;
    setRunning(true);
    const done = await onSubmit();
    setRunning(false);
    if (done) onClose();
  };
  return (
    <dialog
      ref={ref}
      className="ask"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(e) => void send(e)}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="actions">
          <button type="button" onClick={onClose} autoFocus={focusCancel}>
            {t('cancel')}
          </button>
          <button className="primary" type="submit" disabled={busy || running}>
            {submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
