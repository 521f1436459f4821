/**
 * Counters (gerai/loket): the list with agency, zone, state and services in order; a form that adds
 * one or edits the one chosen: label, agency, zone and the services in order of preference (ticked
 * in order, then moved up or down). Deactivating is refused by the hub while the counter is open
 * or holds a ticket; its words say why.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { CounterPatch, NewCounter, type CounterAdmin } from '../../../../shared/masterData.js';
import { Created, Ok } from '../../../../shared/protocol.js';
import { useAdminT } from '../i18n.js';
import { useMaster } from './masterStore.js';
import { AgencyFilter, Field, FormButtons, ListControls, RowActions, ScrollTable, matches, useMasterForm } from './parts.js';

const EMPTY = { label: '', agencyId: '', zoneId: '', serviceIds: [] as number[] };
type Draft = typeof EMPTY;

export function CountersPanel() {
  const { t, lang } = useAdminT();
  const counters = useMaster((s) => s.counters);
  const services = useMaster((s) => s.services);
  const agencies = useMaster((s) => s.agencies);
  const zones = useMaster((s) => s.zones);
  const write = useMaster((s) => s.write);
  const [query, setQuery] = useState('');
  const [agencyFilter, setAgencyFilter] = useState('');
  const [serviceQuery, setServiceQuery] = useState('');
  const form = useMasterForm<CounterAdmin, Draft>(EMPTY);
  const { editing, draft, setDraft, errors, start, check } = form;
  const agencyById = useMemo(() => new Map(agencies.map((a) => [a.id, a])), [agencies]);
  const serviceById = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const shown = useMemo(
    () =>
      counters.filter(
        (c) =>
          (!agencyFilter || String(c.agencyId) === agencyFilter) &&
          matches(query, c.label, c.zone, c.agencyId === null ? '' : agencyById.get(c.agencyId)?.shortName, ...c.serviceIds.map((id) => serviceById.get(id)?.prefix)),
      ),
    [counters, agencyFilter, query, agencyById, serviceById],
  );
  // The services to tick: the counter's agency's (all when it has none), found by text.
  const choices = useMemo(
    () =>
      services.filter(
        (s) =>
          (s.active || draft.serviceIds.includes(s.id)) &&
          (!draft.agencyId || String(s.agencyId) === draft.agencyId || draft.serviceIds.includes(s.id)) &&
          matches(serviceQuery, s.prefix, s.name, s.code),
      ),
    [services, draft.agencyId, draft.serviceIds, serviceQuery],
  );
  const edit = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  // Tick order is the order of preference, so a tick appends rather than sorts.
  const toggle = (id: number) => edit({ serviceIds: draft.serviceIds.includes(id) ? draft.serviceIds.filter((x) => x !== id) : [...draft.serviceIds, id] });
  const move = (i: number, step: -1 | 1) => {
    const list = [...draft.serviceIds];
    const [x] = list.splice(i, 1);
    list.splice(i + step, 0, x!);
    edit({ serviceIds: list });
  };
  const clear = () => {
    form.clear();
    setServiceQuery('');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      label: draft.label.trim(),
      agencyId: draft.agencyId ? Number(draft.agencyId) : null,
      zoneId: draft.zoneId ? Number(draft.zoneId) : null,
      serviceIds: draft.serviceIds,
    };
    if (!check(editing ? CounterPatch : NewCounter, body)) return;
    const ok = editing
      ? await write('PUT', `/api/admin/counters/${editing.id}`, body, Ok, 'master.saved', { name: body.label })
      : await write('POST', '/api/admin/counters', body, Created, 'master.counterAdded', { label: body.label });
    if (ok) clear();
  };

  return (
    <div className="master-section">
      <div className="master-list">
        <ListControls query={query} onQuery={setQuery} shown={shown.length} total={counters.length}>
          <AgencyFilter value={agencyFilter} onChange={setAgencyFilter} />
        </ListControls>
        <ScrollTable
          label={t('master.sections.counters')}
          head={
            <>
              <th>{t('master.label')}</th>
              <th>{t('master.agency')}</th>
              <th>{t('master.counterZone')}</th>
              <th>{t('master.sections.services')}</th>
              <th>{t('master.status')}</th>
              <th>{t('master.actions')}</th>
            </>
          }
        >
          {shown.map((c) => (
            <tr key={c.id} className={c.active ? '' : 'inactive'}>
              <td>{c.label}</td>
              <td>{c.agencyId === null ? '' : agencyById.get(c.agencyId)?.shortName}</td>
              <td>{c.zone}</td>
              <td className="prefixes">{c.serviceIds.map((id) => serviceById.get(id)?.prefix).join(' › ')}</td>
              <td>
                {c.active ? t(`master.counterState.${c.state}`) : <em>{t('master.inactive')}</em>}
                {c.holdsTicket ? <small> · {t('master.holds')}</small> : null}
              </td>
              <RowActions
                name={c.label}
                active={c.active}
                onEdit={() => start(c, { label: c.label, agencyId: c.agencyId === null ? '' : String(c.agencyId), zoneId: c.zoneId === null ? '' : String(c.zoneId), serviceIds: c.serviceIds })}
                onToggle={(active) => void write('PUT', `/api/admin/counters/${c.id}`, { active }, Ok, active ? 'master.reactivated' : 'master.deactivated', { name: c.label })}
              />
            </tr>
          ))}
        </ScrollTable>
      </div>
      <form className="master-form" onSubmit={(e) => void submit(e)} aria-label={editing ? t('master.editCounter') : t('master.newCounter')}>
        <h2>{editing ? `${t('master.editCounter')}: ${editing.label}` : t('master.newCounter')}</h2>
        <Field label={t('master.label')} error={errors.label}>
          <input name="label" value={draft.label} onChange={(e) => edit({ label: e.target.value })} />
        </Field>
        <div className="pair">
          <Field label={t('master.counterAgency')} error={errors.agencyId}>
            <select name="agency" value={draft.agencyId} onChange={(e) => edit({ agencyId: e.target.value })}>
              <option value="">{t('master.noAgency')}</option>
              {agencies
                .filter((a) => a.active || String(a.id) === draft.agencyId)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.shortName}
                  </option>
                ))}
            </select>
          </Field>
          <Field label={t('master.counterZone')} error={errors.zoneId}>
            <select name="zone" value={draft.zoneId} onChange={(e) => edit({ zoneId: e.target.value })}>
              <option value="">{t('master.noZone')}</option>
              {zones
                .filter((z) => z.active || String(z.id) === draft.zoneId)
                .map((z) => (
                  <option key={z.id} value={z.id}>
                    {z.name}
                  </option>
                ))}
            </select>
          </Field>
        </div>
        {draft.serviceIds.length ? (
          <fieldset className="order-list">
            <legend>{t('master.serviceOrder')}</legend>
            <ol>
              {draft.serviceIds.map((id, i) => {
                const s = serviceById.get(id);
                const name = s ? `${s.prefix} ${s.name}` : String(id);
                return (
                  <li key={id}>
                    <span>{name}</span>
                    <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('master.moveServiceUp', { name })}>
                      ↑
                    </button>
                    <button type="button" disabled={i === draft.serviceIds.length - 1} onClick={() => move(i, 1)} aria-label={t('master.moveServiceDown', { name })}>
                      ↓
                    </button>
                    <button type="button" onClick={() => toggle(id)} aria-label={t('master.removeService', { name })}>
                      ×
                    </button>
                  </li>
                );
              })}
            </ol>
          </fieldset>
        ) : null}
        <fieldset className="choices">
          <legend>{t('master.counterServices')}</legend>
          <label className="search">
            {t('master.searchServices')}
            <input type="search" value={serviceQuery} onChange={(e) => setServiceQuery(e.target.value)} />
          </label>
          {errors.serviceIds ? <small className="field-error">{errors.serviceIds[lang]}</small> : null}
          {choices.map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" checked={draft.serviceIds.includes(s.id)} onChange={() => toggle(s.id)} />
              {s.prefix} {s.name} <small>({agencyById.get(s.agencyId)?.shortName})</small>
            </label>
          ))}
        </fieldset>
        <FormButtons editing={editing !== null} addLabel={t('master.addCounter')} onCancel={clear} />
      </form>
    </div>
  );
}
