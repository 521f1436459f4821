/**
 * An in-page confirmation for what cannot be taken back lightly (revoking a device, closing the
 * day, cancelling a ticket), optionally asking for a reason; never the browser's confirm().
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAdminT } from '../i18n.js';

interface Props {
  title: string;
  text: string;
  confirm: string;
  /** asks for a reason (required when `reasonRequired`) */
  reason?: { label: string; required: boolean };
  /** true when done: the dialog closes */
  onConfirm: (reason: string) => Promise<boolean>;
  onClose: () => void;
}

export function ConfirmDialog({ title, text, confirm, reason, onConfirm, onClose }: Props) {
  const { t } = useAdminT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || (reason?.required && !value.trim())) return;
    setBusy(true);
    const done = await onConfirm(value.trim());
    setBusy(false);
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
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>{title}</h2>
        <p className="ops-explain">{text}</p>
        {reason && (
          <label>
            {reason.label}
            <input value={value} maxLength={200} required={reason.required} onChange={(e) => setValue(e.target.value)} autoFocus />
          </label>
        )}
        <div className="actions">
          <button type="button" onClick={onClose} autoFocus={!reason}>
            {t('cancel')}
          </button>
          <button className="primary" type="submit" disabled={busy}>
            {confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
