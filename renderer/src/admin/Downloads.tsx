/**
 * Files the admin downloads from the hub (reports, the audit log, the master data): fetched with
 * the session and the device's token, a refusal read as hubCall reads one and shown in the notice
 * line, then saved under the name given.
 */
import { deviceCredentials } from '../api/device.js';
import { HubRefusal, HubUnreachable, type Message } from '../api/hub.js';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

export type FileFormat = 'csv' | 'xlsx' | 'pdf';

/** A file as the hub sends it; a refusal thrown as hubCall throws one. */
async function fetchFile(path: string, session: string): Promise<Blob> {
  const { token } = deviceCredentials();
  const res = await fetch(path, { headers: { 'x-antre-session': session, ...(token ? { authorization: `Bearer ${token}` } : {}) } }).catch(() => null);
  if (!res) throw new HubUnreachable(`GET ${path}: no answer`);
  if (res.ok) return res.blob();
  const err = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: Message } } | null)?.error;
  if (err?.code && err.message) throw new HubRefusal(res.status, err.code, err.message);
  throw new HubUnreachable(`GET ${path}: ${res.status}`);
}

/** `download(path, name)`: fetches `path` through the admin store's call and saves it as `name`. */
export function useDownload() {
  const call = useAdmin((s) => s.call);
  return async (path: string, name: string) => {
    const blob = await call((_api, session) => fetchFile(path, session));
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  };
}

/** A report's buttons: one per format (`path` already has a query), then "Cetak". */
export function Downloads({ path, name, formats }: { path: string; name: string; formats: FileFormat[] }) {
  const { t } = useAdminT();
  const download = useDownload();
  return (
    <>
      {formats.map((f) => (
        <button key={f} onClick={() => void download(`${path}&format=${f}`, `${name}.${f}`)}>
          {t(`reports.download.${f}`)}
        </button>
      ))}
      <button onClick={() => window.print()}>{t('reports.print')}</button>
    </>
  );
}
