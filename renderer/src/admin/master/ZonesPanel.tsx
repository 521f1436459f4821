/**
 * Zones (a floor, a wing): name, floor text, order; deactivate. A renamed zone's counters follow
 * on the hub. The form adds one or edits the one chosen and clears after a save.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { NewZone, ZonePatch, type ZoneInfo } from '../../../../shared/masterData.js';
import { Created, Ok } from '../../../../shared/protocol.js';
import { useAdminT } from '../i18n.js';
import { useMaster } from './masterStore.js';
import { Field, FormButtons, ListControls, RowActions, ScrollTable, matches, num, useMasterForm } from './parts.js';

const EMPTY = { name: '', floor: '', sortOrder: '' };

export function ZonesPanel() {
  const { t } = useAdminT();
  const zones = useMaster((s) => s.zones);
  const counters = useMaster((s) => s.counters);
  const write = useMaster((s) => s.write);
  const [query, setQuery] = useState('');
  const { editing, draft, setDraft, errors, start, clear, check } = useMasterForm<ZoneInfo, typeof EMPTY>(EMPTY);
  const shown = useMemo(() => zones.filter((z) => matches(query, z.name, z.floor)), [zones, query]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const order = num(draft.sortOrder);
    const body = { name: draft.name.trim(), floor: draft.floor.trim(), ...(order !== null ? { sortOrder: order } : {}) };
    if (!check(editing ? ZonePatch : NewZone, body)) return;
    const ok = editing
      ? await write('PUT', `/api/admin/zones/${editing.id}`, body, Ok, 'master.saved', { name: body.name })
      : await write('POST', '/api/admin/zones', body, Created, 'master.zoneAdded', { name: body.name });
    if (ok) clear();
  };

  return (
    <div className="master-section">
      <div className="master-list">
        <ListControls query={query} onQuery={setQuery} shown={shown.length} total={zones.length} />
        <ScrollTable
          label={t('master.sections.zones')}
          head={
            <>
              <th>{t('master.zoneName')}</th>
              <th>{t('master.floor')}</th>
              <th className="n">{t('master.order')}</th>
              <th className="n">{t('master.zoneCounters')}</th>
              <th>{t('master.actions')}</th>
            </>
          }
        >
          {shown.map((z) => (
            <tr key={z.id} className={z.active ? '' : 'inactive'}>
              <td>
                {z.name} {z.active ? null : <em>{t('master.inactive')}</em>}
              </td>
              <td>{z.floor}</td>
              <td className="n">{z.sortOrder}</td>
              <td className="n">{counters.filter((c) => c.zoneId === z.id && c.active).length}</td>
              <RowActions
                name={z.name}
                active={z.active}
                onEdit={() => start(z, { name: z.name, floor: z.floor, sortOrder: String(z.sortOrder) })}
                onToggle={(active) => void write('PUT', `/api/admin/zones/${z.id}`, { active }, Ok, active ? 'master.reactivated' : 'master.deactivated', { name: z.name })}
              />
            </tr>
          ))}
        </ScrollTable>
      </div>
      <form className="master-form" onSubmit={(e) => void submit(e)} aria-label={editing ? t('master.editZone') : t('master.newZone')}>
        <h2>{editing ? `${t('master.editZone')}: ${editing.name}` : t('master.newZone')}</h2>
        <Field label={t('master.zoneName')} error={errors.name}>
          <input name="zoneName" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </Field>
        <Field label={t('master.floor')} error={errors.floor}>
          <input name="floor" value={draft.floor} onChange={(e) => setDraft({ ...draft, floor: e.target.value })} />
        </Field>
        <Field label={t('master.order')} error={errors.sortOrder}>
          <input name="sortOrder" inputMode="numeric" value={draft.sortOrder} onChange={(e) => setDraft({ ...draft, sortOrder: e.target.value })} />
        </Field>
        <FormButtons editing={editing !== null} addLabel={t('master.addZone')} onCancel={() => clear()} />
      </form>
    </div>
  );
}
