/**
 * Agencies (instansi): the list with the inactive ones, their order on the kiosk and logos, and a
 * form that adds one or edits the one chosen, clearing after a save.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { AgencyPatch, NewAgency, type AgencyAdmin } from '../../../../shared/masterData.js';
import { Created, Ok } from '../../../../shared/protocol.js';
import { useAdminT } from '../i18n.js';
import { useMaster } from './masterStore.js';
import { Field, FormButtons, ListControls, RowActions, ScrollTable, matches, useMasterForm } from './parts.js';

const EMPTY = { code: '', name: '', shortName: '' };

export function AgenciesPanel() {
  const { t } = useAdminT();
  const agencies = useMaster((s) => s.agencies);
  const write = useMaster((s) => s.write);
  const [query, setQuery] = useState('');
  const { editing, draft, setDraft, errors, start, clear, check } = useMasterForm<AgencyAdmin, typeof EMPTY>(EMPTY);
  const shown = useMemo(() => agencies.filter((a) => matches(query, a.code, a.name, a.shortName)), [agencies, query]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = editing ? { name: draft.name.trim(), shortName: draft.shortName.trim() } : { code: draft.code.trim().toUpperCase(), name: draft.name.trim(), shortName: draft.shortName.trim() };
    if (!check(editing ? AgencyPatch : NewAgency, body)) return;
    const ok = editing
      ? await write('PUT', `/api/admin/agencies/${editing.id}`, body, Ok, 'master.saved', { name: body.name })
      : await write('POST', '/api/admin/agencies', body, Created, 'master.agencyAdded', { name: body.name });
    if (ok) clear();
  };
  /** Swaps an agency with its neighbour in the kiosk's order. */
  const move = async (i: number, step: -1 | 1) => {
    const a = agencies[i];
    const b = agencies[i + step];
    if (!a || !b) return;
    await write('PUT', `/api/admin/agencies/${a.id}`, { sortOrder: b.sortOrder === a.sortOrder ? i + step : b.sortOrder }, Ok, '');
    await write('PUT', `/api/admin/agencies/${b.id}`, { sortOrder: b.sortOrder === a.sortOrder ? i : a.sortOrder }, Ok, '');
  };
  const pickLogo = (a: AgencyAdmin, file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => void write('PUT', `/api/admin/agencies/${a.id}`, { logo: String(reader.result) }, Ok, 'master.logoSaved');
    reader.readAsDataURL(file);
  };
  const toggle = (a: AgencyAdmin, active: boolean) =>
    void write('PUT', `/api/admin/agencies/${a.id}`, { active }, Ok, active ? 'master.reactivated' : 'master.deactivated', { name: a.shortName });

  return (
    <div className="master-section">
      <div className="master-list">
        <ListControls query={query} onQuery={setQuery} shown={shown.length} total={agencies.length} />
        <ScrollTable
          label={t('master.agencies')}
          head={
            <>
              <th>{t('master.code')}</th>
              <th>{t('master.agencyName')}</th>
              <th>{t('master.order')}</th>
              <th>Logo</th>
              <th>{t('master.actions')}</th>
            </>
          }
        >
          {shown.map((a) => {
            const i = agencies.indexOf(a);
            return (
              <tr key={a.id} className={a.active ? '' : 'inactive'}>
                <td>{a.code}</td>
                <td>
                  {a.name} <small>({a.shortName})</small> {a.active ? null : <em>{t('master.inactive')}</em>}
                </td>
                <td className="order">
                  <button type="button" disabled={i === 0 || query !== ''} onClick={() => void move(i, -1)} aria-label={t('master.moveUp', { name: a.shortName })}>
                    ↑
                  </button>
                  <button type="button" disabled={i === agencies.length - 1 || query !== ''} onClick={() => void move(i, 1)} aria-label={t('master.moveDown', { name: a.shortName })}>
                    ↓
                  </button>
                </td>
                <td>
                  {a.logoUrl ? <img src={a.logoUrl} alt="" className="logo" /> : null}
                  <input type="file" accept="image/png,image/jpeg,image/webp" aria-label={t('master.logo', { name: a.shortName })} onChange={(e) => pickLogo(a, e.target.files?.[0])} />
                </td>
                <RowActions
                  name={a.shortName}
                  active={a.active}
                  onEdit={() => start(a, { code: a.code, name: a.name, shortName: a.shortName })}
                  onToggle={(v) => toggle(a, v)}
                />
              </tr>
            );
          })}
        </ScrollTable>
      </div>
      <form className="master-form" onSubmit={(e) => void submit(e)} aria-label={editing ? t('master.editAgency') : t('master.newAgency')}>
        <h2>{editing ? `${t('master.editAgency')}: ${editing.code}` : t('master.newAgency')}</h2>
        <Field label={t('master.code')} error={errors.code}>
          <input name="code" value={draft.code} disabled={editing !== null} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
        </Field>
        <Field label={t('master.agencyName')} error={errors.name}>
          <input name="name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </Field>
        <Field label={t('master.shortName')} error={errors.shortName}>
          <input name="shortName" value={draft.shortName} onChange={(e) => setDraft({ ...draft, shortName: e.target.value })} />
        </Field>
        <FormButtons editing={editing !== null} addLabel={t('master.addAgency')} onCancel={() => clear()} />
      </form>
    </div>
  );
}
