/**
 * The backups section of the operations tab: the backups the hub keeps (newest content first), their
 * sizes and total, "back up now", and "Pulihkan" behind a confirmation that says what a restore
 * does. The restore is staged by the hub, which restarts to apply it (electron/hub/restore.ts), so
 * this section then only says so; the page reconnects when the hub is back.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BackupEntry, BackupList } from '../../../shared/admin.js';
import { HubRefusal, type Message } from '../api/hub.js';
import { adminApi } from './api.js';
import { bilingual, useAdminT } from './i18n.js';
import { ModalForm } from './ModalForm.js';
import { useAdmin } from './store.js';

function size(bytes: number): string {
  if (bytes === 0) return '0 KB';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function Backups() {
  const { t, lang, locale } = useAdminT();
  const session = useAdmin((s) => s.session);
  const [list, setList] = useState<BackupList | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: Message } | null>(null);
  const [asking, setAsking] = useState<BackupEntry | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (err: unknown) => setNote({ ok: false, text: err instanceof HubRefusal ? err.text : bilingual('unreachable') });
  const load = useCallback(async () => {
    try {
      setList(await adminApi(session ?? '').backups());
    } catch (err) {
      fail(err);
    }
  }, [session]);
  useEffect(() => void load(), [load]);

  const backupNow = async () => {
    setBusy(true);
    try {
      const made = await adminApi(session ?? '').backupNow();
      setNote({ ok: true, text: bilingual('backups.made', { file: made.file }) });
      await load();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (b: BackupEntry) => {
    setBusy(true);
    try {
      const staged = await adminApi(session ?? '').restoreBackup(b.file);
      setNote({ ok: true, text: bilingual('backups.staged', { file: staged.file }) });
      setList((l) => (l ? { ...l, pendingRestore: staged.file } : l));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  const pending = list?.pendingRestore ?? null;
  return (
    <section aria-label={t('backups.heading')} className="backups">
      <h2>{t('backups.heading')}</h2>
      <p>{t('backups.explain')}</p>
      {note && (
        <p className={note.ok ? 'note' : 'note bad'} role="status">
          {note.text[lang]}
        </p>
      )}
      {pending && <p role="status">{t('backups.pending', { file: pending })}</p>}
      <div className="controls">
        <button onClick={() => void backupNow()} disabled={busy || pending !== null}>
          {t('backups.backupNow')}
        </button>
        {list && <span data-testid="backups-total">{t('backups.total', { count: list.backups.length, size: size(list.totalBytes) })}</span>}
      </div>
      {list && list.backups.length === 0 && <p>{t('backups.none')}</p>}
      {list && list.backups.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('backups.businessDate')}</th>
              <th>{t('backups.lastSeq')}</th>
              <th>{t('backups.madeAt')}</th>
              <th>{t('backups.size')}</th>
              <th>{t('backups.file')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.backups.map((b) => (
              <tr key={b.file} data-testid="backup-row">
                <td>{b.businessDate}</td>
                <td>{b.lastSeq}</td>
                <td>{new Date(b.madeAt).toLocaleString(locale)}</td>
                <td>{size(b.bytes)}</td>
                <td>
                  <code>{b.file}</code>
                </td>
                <td>
                  <button onClick={() => setAsking(b)} disabled={busy || pending !== null}>
                    {t('backups.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asking && <ConfirmRestore backup={asking} busy={busy} onConfirm={() => void restore(asking)} onClose={() => setAsking(null)} />}
    </section>
  );
}

function ConfirmRestore({ backup, busy, onConfirm, onClose }: { backup: BackupEntry; busy: boolean; onConfirm: () => void; onClose: () => void }) {
  const { t } = useAdminT();
  const submit = async () => {
    onConfirm();
    return false; // the restore closes it when it ends
  };
  return (
    <ModalForm title={t('backups.confirmTitle')} submit={t('backups.confirm')} onSubmit={submit} onClose={onClose} busy={busy} focusCancel>
      <p>{t('backups.confirmText', { date: backup.businessDate, seq: backup.lastSeq })}</p>
    </ModalForm>
  );
}
