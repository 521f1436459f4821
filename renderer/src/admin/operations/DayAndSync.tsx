/**
 * The business day (close it now, behind a confirmation; reopen today's after a mistaken close)
 * and the sync with the central server (backlog, last success and error, next attempt, "sync now").
 */
import { useCallback, useEffect, useState } from 'react';
import { AdminOverview, DayCloseResponse, DayReopenResponse, SyncKickResponse, SyncStatus } from '../../../../shared/admin.js';
import { adminApi } from '../api.js';
import { bilingual, useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { ConfirmDialog } from './ConfirmDialog.js';

/** The sync status moves by itself (backoff, a batch sent): read again while shown. */
const SYNC_REFRESH_MS = 10_000;

export function BusinessDay() {
  const { t, locale } = useAdminT();
  const session = useAdmin((s) => s.session);
  const call = useAdmin((s) => s.call);
  const [day, setDay] = useState<AdminOverview['day'] | null>(null);
  const [asking, setAsking] = useState<'close' | 'reopen' | null>(null);
  const load = useCallback(() => adminApi(session ?? '').get('/api/admin/overview', AdminOverview).then((o) => setDay(o.day), () => {}), [session]);
  useEffect(() => void load(), [load]);
  if (!day) return null;
  return (
    <section aria-label={t('operations.day.heading')}>
      <h2>{t('operations.day.heading')}</h2>
      <p>
        {t('operations.day.today', { date: new Date(`${day.date}T12:00:00`).toLocaleDateString(locale, { dateStyle: 'full' }) })} · <span data-testid="day-state">{day.closed ? t('operations.day.closed') : t('operations.day.open')}</span>
      </p>
      {day.closed ? <button onClick={() => setAsking('reopen')}>{t('operations.day.reopen')}</button> : <button onClick={() => setAsking('close')}>{t('operations.day.close')}</button>}
      {asking === 'close' && (
        <ConfirmDialog
          title={t('operations.day.closeTitle', { date: day.date })}
          text={t('operations.day.closeText')}
          confirm={t('operations.day.closeConfirm')}
          reason={{ label: t('operations.day.closeReason'), required: false }}
          onConfirm={async (reason) => {
            const r = await call((api) => api.send('POST', '/api/admin/day/close', reason ? { reason } : {}, DayCloseResponse));
            if (r) useAdmin.getState().notify('ok', bilingualCount('operations.day.closedNotice', r.closedTickets, r.date));
            await load();
            return r !== null;
          }}
          onClose={() => setAsking(null)}
        />
      )}
      {asking === 'reopen' && (
        <ConfirmDialog
          title={t('operations.day.reopenTitle', { date: day.date })}
          text={t('operations.day.reopenText')}
          confirm={t('operations.day.reopenConfirm')}
          reason={{ label: t('operations.day.reopenReason'), required: true }}
          onConfirm={async (reason) => {
            const r = await call((api) => api.send('POST', '/api/admin/day/reopen', { date: day.date, reason }, DayReopenResponse));
            if (r) useAdmin.getState().notify('ok', bilingualCount('overview.reopened', r.restoredTickets));
            await load();
            return r !== null;
          }}
          onClose={() => setAsking(null)}
        />
      )}
    </section>
  );
}

/** A notice with a count (plural forms) and a date. */
const bilingualCount = (key: string, count: number, date = '') => bilingual(key, { count, date });

export function Sync() {
  const { t, locale } = useAdminT();
  const session = useAdmin((s) => s.session);
  const call = useAdmin((s) => s.call);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const load = useCallback(() => adminApi(session ?? '').get('/api/admin/sync', SyncStatus).then(setStatus, () => {}), [session]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), SYNC_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const when = (at: number | null) => (at === null ? t('operations.sync.never') : new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' }));
  const now = async () => {
    if (await call((api) => api.send('POST', '/api/admin/sync/now', undefined, SyncKickResponse), 'operations.sync.kicked')) {
      // The attempt runs in the background; its outcome shows within a moment.
      setTimeout(() => void load(), 1500);
    }
  };
  return (
    <section aria-label={t('operations.sync.heading')}>
      <h2>{t('operations.sync.heading')}</h2>
      {status && !status.configured && <p data-testid="sync-state">{t('operations.sync.notConfigured')}</p>}
      {status?.configured && (
        <dl data-testid="sync-state">
          <dt>{t('operations.sync.server')}</dt>
          <dd>
            {status.url} · {status.site}
          </dd>
          <dt>{t('operations.sync.backlog')}</dt>
          <dd>{t('operations.sync.backlogValue', { count: status.backlog })}</dd>
          <dt>{t('operations.sync.lastSuccess')}</dt>
          <dd>{when(status.lastSuccessAt)}</dd>
          <dt>{t('operations.sync.lastError')}</dt>
          <dd className={status.lastError ? 'state bad' : ''}>{status.lastError ?? t('operations.sync.none')}</dd>
          {status.failures > 0 && (
            <>
              <dt>{t('operations.sync.failures')}</dt>
              <dd>{status.failures}</dd>
            </>
          )}
          <dt>{t('operations.sync.nextAttempt')}</dt>
          <dd>{status.nextAttemptAt === null ? '—' : when(status.nextAttemptAt)}</dd>
          {status.quarantined.length > 0 && (
            <>
              <dt>{t('operations.sync.quarantined')}</dt>
              <dd>{status.quarantined.reduce((n, q) => n + q.seqs.length, 0)}</dd>
            </>
          )}
        </dl>
      )}
      {status?.configured && <button onClick={() => void now()}>{t('operations.sync.now')}</button>}
    </section>
  );
}
