/**
 * The overview tab: every counter, who waits where and for how long (with alerts), printers, sync.
 * Kept current by the hub's event stream while it is shown (the store's watchOverview).
 */
import { useEffect, useState } from 'react';
import { PRINTER_STATE_LABELS } from '../../../shared/printing.js';
import { AskDialog } from './AskDialog.js';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

// A fresh [] per selection would make zustand see a change on every render.
const NONE: never[] = [];

export function Overview() {
  const { t, lang } = useAdminT();
  const data = useAdmin((s) => s.overview);
  const offline = useAdmin((s) => s.overviewConnection === 'down');
  const watchOverview = useAdmin((s) => s.watchOverview);
  const acknowledgeAlarm = useAdmin((s) => s.acknowledgeAlarm);
  const reopenDay = useAdmin((s) => s.reopenDay);
  const [reopening, setReopening] = useState(false);
  useEffect(watchOverview, [watchOverview]);
  if (!data) return <p>{t('loading')}</p>;
  const late = data.services.filter((s) => s.overTarget);
  return (
    <section className="overview">
      {offline && <p className="note bad">{t('overview.offline')}</p>}
      {data.alarms.map((a) => (
        // One red banner per alarm, in the chosen language, with the way out (shared/health.ts).
        <div key={a.kind} className="alert" role="alert" data-testid={`alarm-${a.kind}`}>
          <p>{a[lang]}</p>
          <button onClick={() => void acknowledgeAlarm(a.kind)}>{t('overview.acknowledge')}</button>
        </div>
      ))}
      {data.day.closed && (
        <div className="alert" role="status" data-testid="day-closed">
          <p>{t('overview.dayClosed', { date: data.day.date })}</p>
          <button onClick={() => setReopening(true)}>{t('overview.reopen')}</button>
        </div>
      )}
      {reopening && (
        <AskDialog
          title={t('overview.reopenTitle', { date: data.day.date })}
          label={t('overview.reopenReason')}
          input={{ name: 'reason', maxLength: 200 }}
          onSubmit={reopenDay}
          onClose={() => setReopening(false)}
        />
      )}
      {late.length > 0 && (
        <div className="alert" role="alert">
          {t('overview.alert', {
            minutes: data.waitTargetMinutes,
            services: late.map((s) => t('overview.alertService', { prefix: s.prefix, name: s.name, minutes: s.longestWaitMinutes })).join(', '),
          })}
        </div>
      )}
      <div className="cards">
        <Counters />
        <Waiting />
        <Machines />
      </div>
    </section>
  );
}

function Counters() {
  const { t } = useAdminT();
  const counters = useAdmin((s) => s.overview?.counters ?? NONE);
  return (
    <div className="card">
      <h2>{t('overview.counters')}</h2>
      <table>
        <tbody>
          {counters.map((c) => (
            <tr key={c.id} className={c.state}>
              <td>{c.label}</td>
              <td>{c.current ? t('overview.servingTicket', { ticket: c.current }) : t(`overview.state.${c.state}`)}</td>
              <td>{c.officer ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Waiting() {
  const { t } = useAdminT();
  const services = useAdmin((s) => s.overview?.services ?? NONE);
  return (
    <div className="card">
      <h2>{t('overview.waiting')}</h2>
      <table data-testid="waiting-services">
        <tbody>
          {services.length === 0 && (
            <tr>
              <td>{t('overview.nobodyWaiting')}</td>
            </tr>
          )}
          {services.map((s) => (
            <tr key={s.id} className={s.overTarget ? 'late' : ''}>
              <td>
                <b>{s.prefix}</b> {s.name}
              </td>
              <td className="n">{s.waiting}</td>
              <td className="n">{t('overview.longest', { minutes: s.longestWaitMinutes })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Machines() {
  const { t, lang, locale } = useAdminT();
  const printers = useAdmin((s) => s.overview?.printers ?? NONE);
  const sync = useAdmin((s) => s.overview?.sync);
  const storage = useAdmin((s) => s.overview?.storage);
  return (
    <div className="card">
      <h2>{t('overview.printers')}</h2>
      <ul>
        {printers.map((p) => (
          <li key={String(p.deviceId)}>
            {p.deviceName}: {p.status ? PRINTER_STATE_LABELS[p.status.state][lang] : t('overview.printerUnknown')}
          </li>
        ))}
      </ul>
      <h2>{t('overview.sync')}</h2>
      <p>
        {sync?.configured
          ? t('overview.syncBacklog', { count: sync.backlog }) + (sync.lastError ? t('overview.syncLastError', { error: sync.lastError }) : '')
          : t('overview.syncNotConfigured')}
      </p>
      {storage && storage.totalBytes > 0 && (
        <>
          <h2>{t('overview.storage')}</h2>
          <p data-testid="disk-free">{t('overview.diskFree', { gb: gigabytes(storage.freeBytes, locale) })}</p>
        </>
      )}
    </div>
  );
}

/** "12,3" in Indonesian, "12.3" in English. */
function gigabytes(bytes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1024 ** 3);
}
