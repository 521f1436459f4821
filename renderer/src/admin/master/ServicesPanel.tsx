/**
 * Services (layanan): the list (every agency's, inactive too) filtered by agency and text, usable
 * with 350 of them; a form that adds one (with a preset week of hours) or edits the one chosen
 * (hours are the Calendar tab's), clearing after a save. A new name or prefix shows as pending
 * until the day the hub applies it. Each row opens its service's standar pelayanan in place of the
 * form (StandardEditor.tsx).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ALWAYS_OPEN, everyDayHours, weekdayHours } from '../../../../shared/openingHours.js';
import { NewService, ServicePatch, splitKeywords, type ServiceAdmin } from '../../../../shared/masterData.js';
import { Created } from '../../../../shared/protocol.js';
import { ServiceInfo, type WeeklyHours } from '../../../../shared/site.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { useMaster } from './masterStore.js';
import { AgencyFilter, Field, FormButtons, ListControls, RowActions, ScrollTable, matches, num, useMasterForm } from './parts.js';
import { StandardEditor } from './StandardEditor.js';
import { BookingSettings } from './BookingSettings.js';

/** The weeks an MPP's services keep; the Calendar tab edits them range by range afterwards. */
const SERVICE_DAYS = ['weekdays', 'weekdays-sat', 'daily', 'always'] as const;
type ServiceDays = (typeof SERVICE_DAYS)[number];

function weeklyHours(days: ServiceDays, open: string, rawClose: string): WeeklyHours {
  // A closing time of 00:00 means until midnight, the only way a time field can say it.
  const close = rawClose === '00:00' ? '24:00' : rawClose;
  if (days === 'always') return ALWAYS_OPEN;
  if (days === 'daily') return everyDayHours(open, close);
  return weekdayHours(open, close, days === 'weekdays-sat' ? [open, close] : undefined);
}

const EMPTY = {
  agencyId: '',
  code: '',
  name: '',
  prefix: '',
  dailyQuota: '',
  estimatedMinutes: '10',
  waitTargetMinutes: '',
  zoneId: '',
  issueOpensBeforeMinutes: '0',
  lastTicketBeforeMinutes: '0',
  followsSiteBreaks: true,
  /** as typed: comma-separated */
  keywords: '',
  days: 'weekdays' as ServiceDays,
  open: '08:00',
  close: '15:00',
};
type Draft = typeof EMPTY;

function draftOf(s: ServiceAdmin): Draft {
  return {
    ...EMPTY,
    agencyId: String(s.agencyId),
    code: s.code,
    name: s.pending?.name ?? s.name,
    prefix: s.pending?.prefix ?? s.prefix,
    dailyQuota: s.dailyQuota === null ? '' : String(s.dailyQuota),
    estimatedMinutes: String(s.estimatedMinutes),
    waitTargetMinutes: s.waitTargetMinutes === null ? '' : String(s.waitTargetMinutes),
    zoneId: s.zoneId === null ? '' : String(s.zoneId),
    issueOpensBeforeMinutes: String(s.issueOpensBeforeMinutes),
    lastTicketBeforeMinutes: String(s.lastTicketBeforeMinutes),
    followsSiteBreaks: s.followsSiteBreaks,
    keywords: s.keywords.join(', '),
  };
}

export function ServicesPanel() {
  const { t, lang } = useAdminT();
  const services = useMaster((s) => s.services);
  const agencies = useMaster((s) => s.agencies);
  const zones = useMaster((s) => s.zones);
  const write = useMaster((s) => s.write);
  const notify = useAdmin((s) => s.notify);
  const [query, setQuery] = useState('');
  const [agencyFilter, setAgencyFilter] = useState('');
  /** the service whose standard is open beside the list, in place of the form */
  const [standardOf, setStandardOf] = useState<ServiceAdmin | null>(null);
  /** the service whose online booking settings are open there instead (issue 23) */
  const [bookingOf, setBookingOf] = useState<ServiceAdmin | null>(null);
  const form = useMasterForm<ServiceAdmin, Draft>(EMPTY);
  const { editing, draft, setDraft, errors, start, check } = form;
  const agencyById = useMemo(() => new Map(agencies.map((a) => [a.id, a])), [agencies]);
  const zoneById = useMemo(() => new Map(zones.map((z) => [z.id, z])), [zones]);
  const shown = useMemo(
    () =>
      services.filter(
        (s) =>
          (!agencyFilter || String(s.agencyId) === agencyFilter) &&
          matches(query, s.code, s.name, s.prefix, s.pending?.name, s.pending?.prefix, agencyById.get(s.agencyId)?.shortName, s.keywords.join(' ')),
      ),
    [services, agencyFilter, query, agencyById],
  );
  const edit = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  // The next one is often the same agency's.
  const clear = () => form.clear({ ...EMPTY, agencyId: draft.agencyId });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const common = {
      agencyId: Number(draft.agencyId) || 0,
      name: draft.name.trim(),
      prefix: draft.prefix.trim().toUpperCase(),
      dailyQuota: num(draft.dailyQuota),
      estimatedMinutes: num(draft.estimatedMinutes) ?? NaN,
      waitTargetMinutes: num(draft.waitTargetMinutes),
      zoneId: draft.zoneId ? Number(draft.zoneId) : null,
      issueOpensBeforeMinutes: num(draft.issueOpensBeforeMinutes) ?? 0,
      lastTicketBeforeMinutes: num(draft.lastTicketBeforeMinutes) ?? 0,
      followsSiteBreaks: draft.followsSiteBreaks,
      keywords: splitKeywords(draft.keywords),
    };
    const body = editing ? common : { ...common, code: draft.code.trim().toUpperCase(), hours: weeklyHours(draft.days, draft.open, draft.close) };
    if (!check(editing ? ServicePatch : NewService, body)) return;
    if (!editing) {
      if (await write('POST', '/api/admin/services', body, Created, 'master.serviceAdded', { name: body.name })) clear();
      return;
    }
    const saved = await write('PUT', `/api/admin/services/${editing.id}`, body, ServiceInfo, 'master.saved', { name: body.name });
    if (!saved) return;
    if (saved.pending) notify('ok', { id: t('master.savedPending', { lng: 'id', name: body.name, date: saved.pending.from }), en: t('master.savedPending', { lng: 'en', name: body.name, date: saved.pending.from }) });
    clear();
  };

  const toggle = (s: ServiceAdmin, active: boolean) =>
    void write('PUT', `/api/admin/services/${s.id}`, { active }, ServiceInfo, active ? 'master.reactivated' : 'master.deactivated', { name: s.name });

  return (
    <div className="master-section">
      <div className="master-list">
        <ListControls query={query} onQuery={setQuery} shown={shown.length} total={services.length}>
          <AgencyFilter value={agencyFilter} onChange={setAgencyFilter} />
        </ListControls>
        <ScrollTable
          label={t('master.sections.services')}
          head={
            <>
              <th>{t('master.prefix')}</th>
              <th>{t('master.serviceName')}</th>
              <th>{t('master.agency')}</th>
              <th>{t('master.zone')}</th>
              <th className="n">{t('master.quotaShort')}</th>
              <th className="n">{t('master.minutesShort')}</th>
              <th>{t('master.actions')}</th>
            </>
          }
        >
          {shown.map((s) => (
            <tr key={s.id} className={s.active ? '' : 'inactive'}>
              <td>
                <strong>{s.prefix}</strong>
              </td>
              <td>
                {s.name} <small>{s.code}</small> {s.active ? null : <em>{t('master.inactive')}</em>}
                {s.keywords.length ? <div className="keywords">{s.keywords.join(', ')}</div> : null}
                <button
                  type="button"
                  className="link standard-open"
                  onClick={() => {
                    setBookingOf(null);
                    setStandardOf(s);
                  }}
                  aria-label={t('master.standard.openNamed', { name: s.name })}
                >
                  {t('master.standard.open')}
                </button>
                <button
                  type="button"
                  className="link standard-open booking-open"
                  onClick={() => {
                    setStandardOf(null);
                    setBookingOf(s);
                  }}
                  aria-label={t('master.booking.openNamed', { name: s.name })}
                >
                  {t('master.booking.open')}
                </button>
                {s.pending ? (
                  <div className="pending">
                    {t('master.pendingFrom', {
                      date: s.pending.from,
                      what: [s.pending.name !== s.name ? s.pending.name : null, s.pending.prefix !== s.prefix ? s.pending.prefix : null].filter(Boolean).join(' · '),
                    })}
                  </div>
                ) : null}
              </td>
              <td>{agencyById.get(s.agencyId)?.shortName}</td>
              <td>{s.zoneId === null ? '' : zoneById.get(s.zoneId)?.name}</td>
              <td className="n">{s.dailyQuota ?? '∞'}</td>
              <td className="n">{s.estimatedMinutes.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID')}</td>
              <RowActions
                name={s.name}
                active={s.active}
                onEdit={() => {
                  setStandardOf(null);
                  setBookingOf(null);
                  start(s, draftOf(s));
                }}
                onToggle={(v) => toggle(s, v)}
              />
            </tr>
          ))}
        </ScrollTable>
      </div>
      {standardOf ? (
        <StandardEditor key={standardOf.id} service={standardOf} onClose={() => setStandardOf(null)} />
      ) : bookingOf ? (
        <BookingSettings key={bookingOf.id} service={bookingOf} onClose={() => setBookingOf(null)} />
      ) : (
        <form className="master-form" onSubmit={(e) => void submit(e)} aria-label={editing ? t('master.editService') : t('master.newService')}>
          <h2>{editing ? `${t('master.editService')}: ${editing.code}` : t('master.newService')}</h2>
          <Field label={t('master.agency')} error={errors.agencyId}>
            <select name="agency" value={draft.agencyId} onChange={(e) => edit({ agencyId: e.target.value })}>
              <option value="">—</option>
              {agencies
                .filter((a) => a.active || String(a.id) === draft.agencyId)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
          </Field>
          <Field label={t('master.serviceName')} error={errors.name}>
            <input name="name" value={draft.name} onChange={(e) => edit({ name: e.target.value })} />
          </Field>
          <div className="pair">
            <Field label={t('master.code')} error={errors.code}>
              <input name="code" value={draft.code} disabled={editing !== null} onChange={(e) => edit({ code: e.target.value })} />
            </Field>
            <Field label={t('master.prefix')} error={errors.prefix}>
              <input name="prefix" value={draft.prefix} onChange={(e) => edit({ prefix: e.target.value })} />
            </Field>
          </div>
          {editing ? <p className="hint">{t('master.pendingNote')}</p> : null}
          <Field label={t('master.zone')} error={errors.zoneId}>
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
          <div className="pair">
            <Field label={t('master.quota')} error={errors.dailyQuota}>
              <input name="quota" inputMode="numeric" value={draft.dailyQuota} onChange={(e) => edit({ dailyQuota: e.target.value })} />
            </Field>
            <Field label={t('master.minutes')} error={errors.estimatedMinutes}>
              <input name="minutes" inputMode="decimal" value={draft.estimatedMinutes} onChange={(e) => edit({ estimatedMinutes: e.target.value })} />
            </Field>
          </div>
          <Field label={t('master.waitTarget')} error={errors.waitTargetMinutes}>
            <input name="target" inputMode="numeric" value={draft.waitTargetMinutes} onChange={(e) => edit({ waitTargetMinutes: e.target.value })} />
          </Field>
          <div className="pair">
            <Field label={t('master.issueBefore')} error={errors.issueOpensBeforeMinutes}>
              <input name="issueBefore" inputMode="numeric" value={draft.issueOpensBeforeMinutes} onChange={(e) => edit({ issueOpensBeforeMinutes: e.target.value })} />
            </Field>
            <Field label={t('master.lastTicket')} error={errors.lastTicketBeforeMinutes}>
              <input name="lastTicket" inputMode="numeric" value={draft.lastTicketBeforeMinutes} onChange={(e) => edit({ lastTicketBeforeMinutes: e.target.value })} />
            </Field>
          </div>
          <Field label={t('master.keywords')} error={errors.keywords}>
            <input name="keywords" value={draft.keywords} placeholder={t('master.keywordsHint')} onChange={(e) => edit({ keywords: e.target.value })} />
          </Field>
          <label className="check">
            <input type="checkbox" name="followsBreaks" checked={draft.followsSiteBreaks} onChange={(e) => edit({ followsSiteBreaks: e.target.checked })} />
            {t('master.followsBreaks')}
          </label>
          {editing ? (
            <p className="hint">{t('master.hoursElsewhere')}</p>
          ) : (
            <>
              <Field label={t('master.days')} error={errors.hours}>
                <select name="days" value={draft.days} onChange={(e) => edit({ days: e.target.value as ServiceDays })}>
                  {SERVICE_DAYS.map((d) => (
                    <option key={d} value={d}>
                      {t(`master.dayOptions.${d}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {draft.days !== 'always' && (
                <div className="pair">
                  <Field label={t('master.open')}>
                    <input name="open" type="time" value={draft.open} onChange={(e) => edit({ open: e.target.value })} />
                  </Field>
                  <Field label={t('master.close')}>
                    <input name="close" type="time" value={draft.close} onChange={(e) => edit({ close: e.target.value })} />
                  </Field>
                </div>
              )}
            </>
          )}
          <FormButtons editing={editing !== null} addLabel={t('master.addService')} onCancel={clear} />
        </form>
      )}
    </div>
  );
}
