/**
 * An in-page confirmation for what cannot be taken back lightly (revoking a device, closing the
 * day, cancelling a ticket), optionally asking for a reason; never the browser's confirm().
 */
import { useState } from 'react';
import { ModalForm } from '../ModalForm.js';

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
  const [value, setValue] = useState('');
  const submit = async () => (reason?.required && !value.trim() ? false : onConfirm(value.trim()));
  return (
    <ModalForm title={title} submit={confirm} onSubmit={submit} onClose={onClose} focusCancel={!reason}>
      <p className="ops-explain">{text}</p>
      {reason && (
        <label>
          {reason.label}
          <input value={value} maxLength={200} required={reason.required} onChange={(e) => setValue(e.target.value)} autoFocus />
        </label>
      )}
    </ModalForm>
  );
}
