/**
 * Small pieces the master-data sections share: a labelled field with its error, the list's
 * controls (agency filter, search box, count), its scrolling table and row buttons, the form's
 * buttons and state.
 */
import { useState, type ReactNode } from 'react';
import { fieldErrors, type FieldMessage } from '../../../../shared/masterData.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { useMaster } from './masterStore.js';

/** A label around its control, and the field's problem (in the language shown) below it. */
export function Field({ label, error, children, className }: { label: string; error?: FieldMessage | undefined; children: ReactNode; className?: string }) {
  const { lang } = useAdminT();
  return (
    <label className={className}>
      {label}
      {children}
      {error ? <small className="field-error">{error[lang]}</small> : null}
    </label>
  );
}

export function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useAdminT();
  return (
    <label className="search">
      {t('master.search')}
      <input type="search" value={value} placeholder={t('master.searchHint')} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** Whether `text` holds every word of the query (case-insensitive). */
export function matches(query: string, ...fields: (string | null | undefined)[]): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = fields.filter(Boolean).join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** A number field's text to a number, null when empty; NaN (refused by the schema) when not a number. */
export function num(text: string): number | null {
  const t = text.trim().replace(',', '.');
  return t === '' ? null : Number(t);
}

/** "Nonaktifkan" or "Aktifkan" for a row. */
export function ActiveToggle({ active, name, onToggle }: { active: boolean; name: string; onToggle: (active: boolean) => void }) {
  const { t } = useAdminT();
  return active ? (
    <button type="button" onClick={() => onToggle(false)} aria-label={t('master.deactivateNamed', { name })}>
      {t('master.deactivate')}
    </button>
  ) : (
    <button type="button" onClick={() => onToggle(true)} aria-label={t('master.reactivateNamed', { name })}>
      {t('master.reactivate')}
    </button>
  );
}

/** The list's agency filter: every agency, or one. */
export function AgencyFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useAdminT();
  const agencies = useMaster((s) => s.agencies);
  return (
    <label>
      {t('master.filterAgency')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('master.allAgencies')}</option>
        {agencies.map((a) => (
          <option key={a.id} value={a.id}>
            {a.shortName}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Above a list: its filters (`children`), the search box and "showing N of M". */
export function ListControls({ query, onQuery, shown, total, children }: { query: string; onQuery: (v: string) => void; shown: number; total: number; children?: ReactNode }) {
  const { t } = useAdminT();
  return (
    <div className="controls">
      {children}
      <SearchBox value={query} onChange={onQuery} />
      <span className="count">{t('master.showing', { shown, total })}</span>
    </div>
  );
}

/** A table that scrolls by itself under a sticky header. */
export function ScrollTable({ label, head, children }: { label: string; head: ReactNode; children: ReactNode }) {
  return (
    <div className="scroll">
      <table aria-label={label}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row's last cell: "Ubah", then "Nonaktifkan" or "Aktifkan". */
export function RowActions({ name, active, onEdit, onToggle }: { name: string; active: boolean; onEdit: () => void; onToggle: (active: boolean) => void }) {
  const { t } = useAdminT();
  return (
    <td className="actions">
      <button type="button" onClick={onEdit} aria-label={t('master.editNamed', { name })}>
        {t('master.edit')}
      </button>
      <ActiveToggle active={active} name={name} onToggle={onToggle} />
    </td>
  );
}

/** The form's buttons: "Simpan" (or `addLabel` for a new one), and "Batal" while editing. */
export function FormButtons({ editing, addLabel, onCancel }: { editing: boolean; addLabel: string; onCancel: () => void }) {
  const { t } = useAdminT();
  return (
    <div className="buttons">
      <button className="primary" type="submit">
        {editing ? t('master.save') : addLabel}
      </button>
      {editing ? (
        <button type="button" onClick={onCancel}>
          {t('master.cancel')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A section's form state: the row being edited (null: a new one), its draft and the fields'
 * problems. `check` validates a body, showing the problems and the "fix the fields" notice.
 */
export function useMasterForm<Row, Draft>(empty: Draft) {
  const { t } = useAdminT();
  const notify = useAdmin((s) => s.notify);
  const [editing, setEditing] = useState<Row | null>(null);
  const [draft, setDraft] = useState<Draft>(empty);
  const [errors, setErrors] = useState<Record<string, FieldMessage>>({});
  const start = (row: Row, next: Draft) => {
    setEditing(row);
    setDraft(next);
    setErrors({});
  };
  const clear = (next: Draft = empty) => {
    setEditing(null);
    setDraft(next);
    setErrors({});
  };
  const check = (schema: Parameters<typeof fieldErrors>[0], body: unknown): boolean => {
    const problems = fieldErrors(schema, body);
    setErrors(problems);
    if (!Object.keys(problems).length) return true;
    notify('error', { id: t('master.fixFields', { lng: 'id' }), en: t('master.fixFields', { lng: 'en' }) });
    return false;
  };
  return { editing, draft, setDraft, errors, start, clear, check };
}
