/**
 * Officers: a searchable list with each one's role, agency and the other agencies whose counters
 * they may work at; add and edit in one form (cleared after a save), PIN reset, unlock,
 * deactivate and reactivate. An agency's supervisor sees and manages their agency's officers only
 * (the hub refuses the rest); what they may not change is not offered.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { OfficerList, type OfficerInfo } from '../../../../shared/admin.js';
import { OFFICER_ROLES, type OfficerRole } from '../../../../shared/domain.js';
import { Created, Ok, UnlockOfficerResponse } from '../../../../shared/protocol.js';
import { AskDialog } from '../AskDialog.js';
import { fetchCatalogue } from '../api.js';
import { useAdminT } from '../i18n.js';
import { useScope } from '../operations/scope.js';
import { useAdmin } from '../store.js';

export interface AgencyName {
  id: number;
  name: string;
  shortName: string;
}

interface Form {
  /** null: a new officer */
  id: number | null;
  name: string;
  username: string;
  pin: string;
  role: OfficerRole;
  agencyId: number | null;
  allowedAgencyIds: number[];
}

const EMPTY: Form = { id: null, name: '', username: '', pin: '', role: 'officer', agencyId: null, allowedAgencyIds: [] };

/** The officers and the agencies' names, for this tab's two parts. */
export function useStaffData() {
  const call = useAdmin((s) => s.call);
  const [officers, setOfficers] = useState<OfficerInfo[]>([]);
  const [agencies, setAgencies] = useState<AgencyName[]>([]);
  const reload = useCallback(async () => {
    const list = await call((api) => api.get('/api/admin/officers', OfficerList));
    if (list) setOfficers(list);
  }, [call]);
  useEffect(() => {
    void reload();
    void call(() => fetchCatalogue()).then((c) => c && setAgencies(c.agencies.map((a) => ({ id: a.id, name: a.name, shortName: a.shortName }))));
  }, [call, reload]);
  return { officers, agencies, reload };
}

export function Officers({ officers, agencies, reload }: ReturnType<typeof useStaffData>) {
  const { t, locale } = useAdminT();
  const call = useAdmin((s) => s.call);
  const scope = useScope();
  const [query, setQuery] = useState('');
  const [form, setForm] = useState<Form>(EMPTY);
  const [pinFor, setPinFor] = useState<OfficerInfo | null>(null);
  const agencyName = useMemo(() => new Map(agencies.map((a) => [a.id, a.shortName])), [agencies]);
  const ownAgency = scope && !scope.wholeMpp ? scope.agencyId : null;
  // A new officer of an agency's supervisor is in that agency.
  useEffect(() => {
    if (ownAgency !== null && form.id === null && form.agencyId === null) setForm((f) => ({ ...f, agencyId: ownAgency }));
  }, [ownAgency, form.id, form.agencyId]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return officers;
    return officers.filter((o) => [o.name, o.username, o.agencyId === null ? '' : (agencyName.get(o.agencyId) ?? '')].some((s) => s.toLowerCase().includes(q)));
  }, [officers, query, agencyName]);

  const roles = OFFICER_ROLES.filter((r) => r !== 'admin' || scope?.role === 'admin');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done =
      form.id === null
        ? await call(
            (api) =>
              api.send(
                'POST',
                '/api/admin/officers',
                { name: form.name, username: form.username.trim().toLowerCase(), pin: form.pin, role: form.role, agencyId: form.agencyId, ...(ownAgency === null ? { allowedAgencyIds: form.allowedAgencyIds } : {}) },
                Created,
              ),
            'staff.saved',
          )
        : await call(
            (api) =>
              api.send(
                'PUT',
                `/api/admin/officers/${form.id}`,
                { name: form.name, role: form.role, agencyId: form.agencyId, ...(ownAgency === null ? { allowedAgencyIds: form.allowedAgencyIds } : {}) },
                Ok,
              ),
            'staff.saved',
          );
    if (done) {
      setForm({ ...EMPTY, agencyId: ownAgency });
      await reload();
    }
  };

  const act = async (o: OfficerInfo, path: 'deactivate' | 'reactivate') => {
    if (await call((api) => api.send('POST', `/api/admin/officers/${o.id}/${path}`, undefined, Ok), `staff.${path}d`)) await reload();
  };
  const unlock = async (o: OfficerInfo) => {
    if (await call((api) => api.send('POST', `/api/admin/officers/${o.id}/unlock`, undefined, UnlockOfficerResponse), 'staff.unlocked')) await reload();
  };
  const edit = (o: OfficerInfo) => setForm({ id: o.id, name: o.name, username: o.username, pin: '', role: o.role, agencyId: o.agencyId, allowedAgencyIds: o.allowedAgencyIds });
  const time = (ms: number) => new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });

  return (
    <section className="staff-officers" aria-label={t('staff.officers')}>
      <h2>{t('staff.officers')}</h2>
      {ownAgency !== null && <p className="note">{t('staff.scopeNote', { agency: agencyName.get(ownAgency) ?? '' })}</p>}
      <label>
        {t('staff.search')}
        <input type="search" placeholder={t('staff.searchHint')} value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <div className="staff-list">
        <table>
          <thead>
            <tr>
              <th>{t('staff.name')}</th>
              <th>{t('staff.username')}</th>
              <th>{t('staff.role')}</th>
              <th>{t('staff.agency')}</th>
              <th>{t('staff.otherAgencies')}</th>
              <th>{t('staff.status')}</th>
              <th>{t('staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={o.id} className={o.active ? '' : 'closed'}>
                <td>{o.name}</td>
                <td>{o.username}</td>
                <td>{t(`staff.roles.${o.role}`)}</td>
                <td>{o.agencyId === null ? 'MPP' : (agencyName.get(o.agencyId) ?? `#${o.agencyId}`)}</td>
                <td>{o.allowedAgencyIds.map((a) => agencyName.get(a) ?? `#${a}`).join(', ')}</td>
                <td>
                  {o.active ? t('staff.active') : t('staff.inactive')}
                  {o.lockedUntil !== null && <> · {t('staff.lockedUntil', { time: time(o.lockedUntil) })}</>}
                </td>
                <td className="actions">
                  <button type="button" onClick={() => edit(o)}>
                    {t('staff.edit')}
                  </button>
                  {o.active ? (
                    <>
                      <button type="button" onClick={() => setPinFor(o)}>
                        {t('staff.resetPin')}
                      </button>
                      {o.lockedUntil !== null && scope?.role === 'admin' && (
                        <button type="button" onClick={() => void unlock(o)}>
                          {t('staff.unlock')}
                        </button>
                      )}
                      <button type="button" onClick={() => void act(o, 'deactivate')}>
                        {t('staff.deactivate')}
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => void act(o, 'reactivate')}>
                      {t('staff.reactivate')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={7}>{t('staff.none')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <form className="staff-form" aria-label={form.id === null ? t('staff.add') : t('staff.editing', { username: form.username })} onSubmit={(e) => void submit(e)}>
        <h2>{form.id === null ? t('staff.add') : t('staff.editing', { username: form.username })}</h2>
        <div className="row">
          <label>
            {t('staff.name')}
            <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          {form.id === null && (
            <>
              <label>
                {t('staff.username')}
                <input required pattern="[a-z0-9._\-]{3,30}" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
              </label>
              <label>
                {t('staff.pin')}
                <input
                  required
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  pattern="\d{4,12}"
                  title={t('staff.pinHint')}
                  value={form.pin}
                  onChange={(e) => setForm({ ...form, pin: e.target.value })}
                />
              </label>
            </>
          )}
          <label>
            {t('staff.role')}
            <select aria-label={t('staff.role')} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as OfficerRole })}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`staff.roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('staff.agency')}
            <select
              aria-label={t('staff.agency')}
              value={form.agencyId ?? ''}
              disabled={ownAgency !== null}
              onChange={(e) => setForm({ ...form, agencyId: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('staff.noAgency')}</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          {ownAgency === null && (
            <label title={t('staff.otherAgenciesHint')}>
              {t('staff.otherAgencies')}
              <select
                aria-label={t('staff.otherAgencies')}
                multiple
                size={4}
                value={form.allowedAgencyIds.map(String)}
                onChange={(e) => setForm({ ...form, allowedAgencyIds: [...e.target.selectedOptions].map((o) => Number(o.value)) })}
              >
                {agencies
                  .filter((a) => a.id !== form.agencyId)
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
        </div>
        <div className="row">
          <button className="primary" type="submit">
            {form.id === null ? t('staff.add') : t('staff.save')}
          </button>
          {form.id !== null && (
            <button type="button" onClick={() => setForm({ ...EMPTY, agencyId: ownAgency })}>
              {t('staff.cancel')}
            </button>
          )}
        </div>
      </form>

      {pinFor && (
        <AskDialog
          title={t('staff.newPinFor', { username: pinFor.username })}
          label={t('staff.pin')}
          input={{ name: 'pin', type: 'password', inputMode: 'numeric', autoComplete: 'new-password', pattern: '\\d{4,12}', title: t('staff.pinHint') }}
          onSubmit={async (pin) => (await call((api) => api.send('POST', `/api/admin/officers/${pinFor.id}/pin`, { pin }, Ok), 'staff.pinSaved')) !== null}
          onClose={() => setPinFor(null)}
        />
      )}
    </section>
  );
}
