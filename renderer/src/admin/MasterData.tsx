/**
 * The master data tab: the agencies' order on the kiosk and their logos, a new service (prefix,
 * quota, minutes per citizen, days and hours), a new counter with the services it serves.
 * Nothing is deleted here: the hub keeps history's names.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ALWAYS_OPEN, everyDayHours, weekdayHours } from '../../../shared/openingHours.js';
import type { WeeklyHours } from '../../../shared/site.js';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

/** The weeks an MPP's services keep; the hub checks the times (open before close, HH:MM). */
const SERVICE_DAYS = ['weekdays', 'weekdays-sat', 'daily', 'always'] as const;
type ServiceDays = (typeof SERVICE_DAYS)[number];

function weeklyHours(days: ServiceDays, open: string, rawClose: string): WeeklyHours {
  // A closing time of 00:00 means until midnight, the only way a time field can say it.
  const close = rawClose === '00:00' ? '24:00' : rawClose;
  if (days === 'always') return ALWAYS_OPEN;
  if (days === 'daily') return everyDayHours(open, close);
  return weekdayHours(open, close, days === 'weekdays-sat' ? [open, close] : undefined);
}

export function MasterData() {
  const loadCatalogue = useAdmin((s) => s.loadCatalogue);
  useEffect(() => void loadCatalogue(), [loadCatalogue]);
  return (
    <section className="master">
      <Agencies />
      <ServiceForm />
      <CounterForm />
    </section>
  );
}

function Agencies() {
  const { t } = useAdminT();
  const agencies = useAdmin((s) => s.catalogue?.agencies);
  const moveAgency = useAdmin((s) => s.moveAgency);
  const setAgencyLogo = useAdmin((s) => s.setAgencyLogo);
  const pickLogo = (agencyId: number, file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => void setAgencyLogo(agencyId, String(reader.result));
    reader.readAsDataURL(file);
  };
  const count = agencies?.length ?? 0;
  return (
    <form aria-label={t('master.agencies')} onSubmit={(e) => e.preventDefault()}>
      <h2>{t('master.agenciesHeading')}</h2>
      <table>
        <tbody>
          {agencies?.map((a, i) => (
            <tr key={a.id}>
              <td>{a.logoUrl ? <img src={a.logoUrl} alt="" className="logo" /> : null}</td>
              <td>{a.shortName}</td>
              <td className="order">
                <button type="button" disabled={i === 0} onClick={() => void moveAgency(i, -1)} aria-label={t('master.moveUp', { name: a.shortName })}>
                  ↑
                </button>
                <button type="button" disabled={i === count - 1} onClick={() => void moveAgency(i, 1)} aria-label={t('master.moveDown', { name: a.shortName })}>
                  ↓
                </button>
              </td>
              <td>
                <input type="file" accept="image/png,image/jpeg,image/webp" aria-label={t('master.logo', { name: a.shortName })} onChange={(e) => pickLogo(a.id, e.target.files?.[0])} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </form>
  );
}

const NEW_SERVICE = { agencyId: '', code: '', name: '', prefix: '', dailyQuota: '', estimatedMinutes: '10', waitTargetMinutes: '', days: 'weekdays' as ServiceDays, open: '08:00', close: '15:00' };

function ServiceForm() {
  const { t } = useAdminT();
  const agencies = useAdmin((s) => s.catalogue?.agencies);
  const addService = useAdmin((s) => s.addService);
  // The draft stays after a save: services of one agency are often added one after another.
  const [svc, setSvc] = useState(NEW_SERVICE);
  const edit = (patch: Partial<typeof NEW_SERVICE>) => setSvc({ ...svc, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void addService({
      agencyId: Number(svc.agencyId),
      code: svc.code.trim().toUpperCase(),
      name: svc.name,
      prefix: svc.prefix.trim().toUpperCase(),
      dailyQuota: svc.dailyQuota ? Number(svc.dailyQuota) : null,
      estimatedMinutes: Number(svc.estimatedMinutes),
      waitTargetMinutes: svc.waitTargetMinutes ? Number(svc.waitTargetMinutes) : null,
      hours: weeklyHours(svc.days, svc.open, svc.close),
    });
  };
  return (
    <form onSubmit={submit} aria-label={t('master.newService')}>
      <h2>{t('master.newService')}</h2>
      <label>
        {t('master.agency')}
        <select name="agency" value={svc.agencyId} onChange={(e) => edit({ agencyId: e.target.value })}>
          <option value="">—</option>
          {agencies?.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('master.serviceName')} <input name="name" value={svc.name} onChange={(e) => edit({ name: e.target.value })} />
      </label>
      <label>
        {t('master.code')} <input name="code" value={svc.code} onChange={(e) => edit({ code: e.target.value })} />
      </label>
      <label>
        {t('master.prefix')} <input name="prefix" value={svc.prefix} onChange={(e) => edit({ prefix: e.target.value })} />
      </label>
      <label>
        {t('master.quota')} <input name="quota" inputMode="numeric" value={svc.dailyQuota} onChange={(e) => edit({ dailyQuota: e.target.value })} />
      </label>
      <label>
        {t('master.minutes')} <input name="minutes" inputMode="numeric" value={svc.estimatedMinutes} onChange={(e) => edit({ estimatedMinutes: e.target.value })} />
      </label>
      <label>
        {t('master.waitTarget')} <input name="target" inputMode="numeric" value={svc.waitTargetMinutes} onChange={(e) => edit({ waitTargetMinutes: e.target.value })} />
      </label>
      <label>
        {t('master.days')}
        <select name="days" value={svc.days} onChange={(e) => edit({ days: e.target.value as ServiceDays })}>
          {SERVICE_DAYS.map((d) => (
            <option key={d} value={d}>
              {t(`master.dayOptions.${d}`)}
            </option>
          ))}
        </select>
      </label>
      {svc.days !== 'always' && (
        <>
          <label>
            {t('master.open')} <input name="open" type="time" value={svc.open} onChange={(e) => edit({ open: e.target.value })} />
          </label>
          <label>
            {t('master.close')} <input name="close" type="time" value={svc.close} onChange={(e) => edit({ close: e.target.value })} />
          </label>
        </>
      )}
      <button className="primary" type="submit">
        {t('master.addService')}
      </button>
    </form>
  );
}

function CounterForm() {
  const { t } = useAdminT();
  const agencies = useAdmin((s) => s.catalogue?.agencies);
  const addCounter = useAdmin((s) => s.addCounter);
  const [ctr, setCtr] = useState({ label: '', zone: '', serviceIds: [] as number[] });
  const services = agencies?.flatMap((a) => a.services.map((s) => ({ ...s, agency: a.shortName }))) ?? [];
  // Click order is the counter's order of preference, so a click appends rather than sorts.
  const toggle = (id: number) => setCtr({ ...ctr, serviceIds: ctr.serviceIds.includes(id) ? ctr.serviceIds.filter((x) => x !== id) : [...ctr.serviceIds, id] });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void addCounter({ label: ctr.label, zone: ctr.zone, agencyId: null, serviceIds: ctr.serviceIds });
  };
  return (
    <form onSubmit={submit} aria-label={t('master.newCounter')}>
      <h2>{t('master.newCounter')}</h2>
      <label>
        {t('master.label')} <input name="label" value={ctr.label} onChange={(e) => setCtr({ ...ctr, label: e.target.value })} />
      </label>
      <label>
        {t('master.zone')} <input name="zone" value={ctr.zone} onChange={(e) => setCtr({ ...ctr, zone: e.target.value })} />
      </label>
      <fieldset>
        <legend>{t('master.counterServices')}</legend>
        {services.map((s) => (
          <label key={s.id} className="check">
            <input type="checkbox" checked={ctr.serviceIds.includes(s.id)} onChange={() => toggle(s.id)} />
            {s.prefix} {s.name} <small>({s.agency})</small>
          </label>
        ))}
      </fieldset>
      <button className="primary" type="submit">
        {t('master.addCounter')}
      </button>
    </form>
  );
}
