/** Small pieces the master-data sections share: a labelled field with its error, the search box, filters. */
import type { ReactNode } from 'react';
import type { FieldMessage } from '../../../../shared/masterData.js';
import { useAdminT } from '../i18n.js';

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
