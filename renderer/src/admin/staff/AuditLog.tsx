/**
 * The audit log: every change by an admin or a supervisor, newest first, filtered by dates, by
 * who and by what it is about; downloaded as CSV (`;`, for Excel set to Indonesian) or XLSX.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { AUDIT_SUBJECTS, AuditList, describeChanges, type OfficerInfo } from '../../../../shared/admin.js';
import { useDownload } from '../Downloads.js';
import { useAdminT } from '../i18n.js';
import { today, useAdmin } from '../store.js';

interface Filter {
  from: string;
  to: string;
  officerId: string;
  subject: string;
}

const params = (f: Filter, format?: 'csv' | 'xlsx') =>
  new URLSearchParams({
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.officerId ? { officerId: f.officerId } : {}),
    ...(f.subject ? { subject: f.subject } : {}),
    ...(format ? { format, limit: '5000' } : {}),
  });

function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export function AuditLog({ officers }: { officers: OfficerInfo[] }) {
  const { t, locale } = useAdminT();
  const call = useAdmin((s) => s.call);
  // The last seven days up to now: "to" left open, so a PC whose date differs from the hub's misses nothing today.
  const [filter, setFilter] = useState<Filter>({ from: daysBefore(today(), 6), to: '', officerId: '', subject: '' });
  const [list, setList] = useState<AuditList | null>(null);

  const load = useCallback(
    async (f: Filter) => {
      const r = await call((api) => api.get(`/api/admin/audit?${params(f)}`, AuditList));
      if (r) setList(r);
    },
    [call],
  );
  // Once, when the tab opens; then on "Show".
  useEffect(() => void load(filter), [load]);

  const show = (e: FormEvent) => {
    e.preventDefault();
    void load(filter);
  };

  const save = useDownload();
  const download = (format: 'csv' | 'xlsx') => save(`/api/admin/audit?${params(filter, format)}`, `antre-audit-${filter.from || 'awal'}_${filter.to || 'kini'}.${format}`);

  const when = (ms: number) => new Date(ms).toLocaleString(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

  return (
    <section className="staff-audit" aria-label={t('staff.audit.heading')}>
      <h2>{t('staff.audit.heading')}</h2>
      <form className="controls" role="search" aria-label={t('staff.audit.heading')} onSubmit={show}>
        <label>
          {t('staff.audit.from')}
          <input type="date" value={filter.from} onChange={(e) => setFilter({ ...filter, from: e.target.value })} />
        </label>
        <label>
          {t('staff.audit.to')}
          <input type="date" value={filter.to} onChange={(e) => setFilter({ ...filter, to: e.target.value })} />
        </label>
        <label>
          {t('staff.audit.officer')}
          <select aria-label={t('staff.audit.officer')} value={filter.officerId} onChange={(e) => setFilter({ ...filter, officerId: e.target.value })}>
            <option value="">{t('staff.audit.anyone')}</option>
            {officers
              .filter((o) => o.role !== 'officer')
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('staff.audit.subject')}
          <select aria-label={t('staff.audit.subject')} value={filter.subject} onChange={(e) => setFilter({ ...filter, subject: e.target.value })}>
            <option value="">{t('staff.audit.anything')}</option>
            {AUDIT_SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {t(`staff.audit.subjects.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" type="submit">
          {t('staff.audit.show')}
        </button>
        <button type="button" onClick={() => void download('csv')}>
          {t('staff.audit.csv')}
        </button>
        <button type="button" onClick={() => void download('xlsx')}>
          {t('staff.audit.xlsx')}
        </button>
      </form>
      {list && (
        <div className="staff-list">
          <table data-testid="audit-log">
            <thead>
              <tr>
                <th>{t('staff.audit.when')}</th>
                <th>{t('staff.audit.who')}</th>
                <th>{t('staff.audit.action')}</th>
                <th>{t('staff.audit.what')}</th>
                <th>{t('staff.audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {list.entries.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at)}</td>
                  <td>{e.officer ?? (e.deviceId !== null ? t('staff.audit.device', { id: e.deviceId }) : '—')}</td>
                  <td>{e.action}</td>
                  <td>
                    {(AUDIT_SUBJECTS as readonly string[]).includes(e.subject) ? t(`staff.audit.subjects.${e.subject}`) : e.subject}
                    {e.subjectId !== null && ` #${e.subjectId}`}
                  </td>
                  <td className="changes">{describeChanges(e.before, e.after)}</td>
                </tr>
              ))}
              {list.entries.length === 0 && (
                <tr>
                  <td colSpan={5}>{t('staff.audit.empty')}</td>
                </tr>
              )}
            </tbody>
          </table>
          {list.more && <p className="note">{t('staff.audit.more', { count: list.entries.length })}</p>}
        </div>
      )}
    </section>
  );
}
