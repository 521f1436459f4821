/**
 * The displays' media playlist: upload an image or a video (type and size checked here first, then
 * by the hub against the file's bytes), see them in playing order, move one up or down, delete one
 * (media are not history: the file goes).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AdminMediaItem, AdminMediaList, MEDIA_TYPES, type MediaType } from '../../../../shared/operations.js';
import { Ok } from '../../../../shared/protocol.js';
import { adminApi } from '../api.js';
import { bilingual, useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { ConfirmDialog } from './ConfirmDialog.js';

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The file's bytes as base64, without the data URL's head. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function Media() {
  const { t } = useAdminT();
  const session = useAdmin((s) => s.session);
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [list, setList] = useState<AdminMediaList | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const load = useCallback(() => adminApi(session ?? '').get('/api/admin/media', AdminMediaList).then(setList, () => {}), [session]);
  useEffect(() => void load(), [load]);

  const upload = async (files: FileList | null) => {
    for (const file of files ? [...files] : []) {
      const spec = MEDIA_TYPES[file.type as MediaType];
      if (!spec) {
        notify('error', bilingual('operations.media.wrongType', { name: file.name }));
        continue;
      }
      if (file.size > spec.maxBytes) {
        notify('error', bilingual('operations.media.tooLarge', { name: file.name }));
        continue;
      }
      setBusy(file.name);
      const data = await readBase64(file);
      const added = await call((api) => api.send('POST', '/api/admin/media', { name: file.name, type: file.type, data }, AdminMediaItem));
      if (added) notify('ok', bilingual('operations.media.added', { file: added.file }));
    }
    setBusy(null);
    if (input.current) input.current.value = '';
    await load();
  };

  const move = async (index: number, step: -1 | 1) => {
    if (!list) return;
    const files = list.items.map((m) => m.file);
    const [moved] = files.splice(index, 1);
    files.splice(index + step, 0, moved!);
    const r = await call((api) => api.send('PUT', '/api/admin/media/order', { files }, AdminMediaList), 'operations.media.ordered');
    if (r) setList(r);
  };

  const items = list?.items ?? [];
  return (
    <section aria-label={t('operations.media.heading')} className="ops-wide">
      <h2>{t('operations.media.heading')}</h2>
      <p className="ops-explain">{t('operations.media.explain')}</p>
      <div className="row">
        <label>
          {t('operations.media.file')}
          <input ref={input} type="file" accept={Object.keys(MEDIA_TYPES).join(',')} multiple disabled={busy !== null} onChange={(e) => void upload(e.target.files)} />
        </label>
        {busy && <span role="status">{t('operations.media.uploading', { name: busy })}</span>}
        {list && <span data-testid="media-total">{t('operations.media.total', { count: items.length, size: size(list.totalBytes) })}</span>}
      </div>
      {list && items.length === 0 && <p className="muted">{t('operations.media.none')}</p>}
      <ol className="media" data-testid="media-list">
        {items.map((m, i) => (
          <li key={m.file}>
            {m.kind === 'image' ? <img src={`/media/${encodeURIComponent(m.file)}`} alt="" /> : <video src={`/media/${encodeURIComponent(m.file)}`} muted preload="metadata" />}
            <span title={m.file}>
              {i + 1}. {m.file}
            </span>
            <span className="muted">{size(m.bytes)}</span>
            <span className="row">
              <button aria-label={t('operations.media.up', { file: m.file })} disabled={i === 0} onClick={() => void move(i, -1)}>
                ↑
              </button>
              <button aria-label={t('operations.media.down', { file: m.file })} disabled={i === items.length - 1} onClick={() => void move(i, 1)}>
                ↓
              </button>
              <button aria-label={t('operations.media.remove', { file: m.file })} onClick={() => setRemoving(m.file)}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      {removing && (
        <ConfirmDialog
          title={t('operations.media.removeTitle', { file: removing })}
          text={t('operations.media.removeText')}
          confirm={t('operations.media.removeConfirm')}
          onConfirm={async () => {
            const r = await call((api) => api.send('DELETE', `/api/admin/media/${encodeURIComponent(removing)}`, undefined, Ok), 'operations.media.removed', { file: removing });
            await load();
            return r !== null;
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
