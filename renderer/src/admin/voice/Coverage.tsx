/**
 * Every word the display says here, missing ones first, each with where it is used and what can
 * be done: play the clip it has, upload a file, record it with the microphone, delete the MPP's
 * own recording (back to the built-in one, or to nothing).
 */
import { useMemo, useState } from 'react';
import { VOICE_CLIP_MAX_BYTES, VoiceWordInfo, type VoiceCoverage, type VoiceUse } from '../../../../shared/voiceClips.js';
import { playClips } from '../../display/voice.js';
import { bilingual, useAdminT } from '../i18n.js';
import { ConfirmDialog } from '../operations/ConfirmDialog.js';
import { useAdmin } from '../store.js';
import { clipTypeOf, uploadClip } from './clipUpload.js';
import { Recorder } from './Recorder.js';

type Filter = 'all' | 'missing' | 'custom' | 'builtin';
const FILTERS: Filter[] = ['all', 'missing', 'custom', 'builtin'];
/** Uses shown in a row; the rest in its tooltip. */
const SHOWN_USES = 3;

export function Coverage({ coverage, onChanged }: { coverage: VoiceCoverage | null; onChanged: () => Promise<void> }) {
  const { t } = useAdminT();
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [recording, setRecording] = useState<string | null>(null);
  const [removing, setRemoving] = useState<VoiceWordInfo | null>(null);
  const call = useAdmin((s) => s.call);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (coverage?.words ?? []).filter((w) => (filter === 'all' || w.clip === filter) && (!q || w.word.includes(q) || w.uses.some((u) => u.text.toLowerCase().includes(q))));
  }, [coverage, filter, query]);

  return (
    <section aria-label={t('voice.coverage.heading')} className="ops-wide">
      <h2>{t('voice.coverage.heading')}</h2>
      <p className="ops-explain">{t('voice.coverage.explain')}</p>
      {coverage && (
        <p className={coverage.missing > 0 ? 'voice-summary bad' : 'voice-summary good'} data-testid="voice-summary">
          {coverage.missing > 0 ? t('voice.coverage.missing', { count: coverage.missing }) : t('voice.coverage.allCovered')}
        </p>
      )}
      <div className="row">
        <label>
          {t('voice.coverage.show')}
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`voice.coverage.filters.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('voice.coverage.search')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      </div>
      {!coverage && <p>{t('loading')}</p>}
      {coverage && (
        <div className="scroll voice-words">
          <table>
            <thead>
              <tr>
                <th>{t('voice.coverage.word')}</th>
                <th>{t('voice.coverage.clip')}</th>
                <th>{t('voice.coverage.uses')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((w) => (
                <WordRow key={w.word} info={w} onRecord={() => setRecording(w.word)} onRemove={() => setRemoving(w)} onChanged={onChanged} />
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="muted">{t('voice.coverage.none')}</p>}
        </div>
      )}
      {recording && <Recorder word={recording} onClose={() => setRecording(null)} onSaved={onChanged} />}
      {removing && (
        <ConfirmDialog
          title={t('voice.coverage.removeTitle', { word: removing.word })}
          text={t(removing.builtin ? 'voice.coverage.removeToBuiltin' : 'voice.coverage.removeToNothing')}
          confirm={t('voice.coverage.removeConfirm')}
          onConfirm={async () => {
            const word = removing.word;
            const r = await call((api) => api.send('DELETE', `/api/admin/voice/${word}`, undefined, VoiceWordInfo), 'voice.coverage.removed', { word });
            await onChanged();
            return r !== null;
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}

function WordRow({ info, onRecord, onRemove, onChanged }: { info: VoiceWordInfo; onRecord: () => void; onRemove: () => void; onChanged: () => Promise<void> }) {
  const { t } = useAdminT();
  const { word } = info;
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const uses = info.uses.map((u) => describeUse(t, u));

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > VOICE_CLIP_MAX_BYTES) return notify('error', bilingual('voice.coverage.tooLarge', { name: file.name }));
    const type = await clipTypeOf(file);
    if (!type) return notify('error', bilingual('voice.coverage.wrongType', { name: file.name }));
    setBusy(true);
    const saved = await call((_api, session) => uploadClip(session, word, file, type), 'voice.coverage.saved', { word });
    setBusy(false);
    if (saved) await onChanged();
  };

  return (
    <tr data-testid="voice-word" data-word={word} data-clip={info.clip} className={info.clip === 'missing' ? 'missing' : undefined}>
      <td>
        <strong className="voice-word">{word}</strong>
      </td>
      <td>
        <span className={`state ${info.clip === 'missing' ? 'bad' : info.clip === 'custom' ? 'good' : ''}`}>{t(`voice.coverage.clips.${info.clip}`)}</span>
      </td>
      <td className="voice-uses" title={uses.join('\n')}>
        {uses.length === 0 ? <span className="muted">{t('voice.coverage.unused')}</span> : uses.slice(0, SHOWN_USES).join(' · ')}
        {uses.length > SHOWN_USES && <span className="muted"> {t('voice.coverage.more', { count: uses.length - SHOWN_USES })}</span>}
      </td>
      <td className="actions">
        <button aria-label={t('voice.coverage.playLabel', { word })} disabled={info.clip === 'missing'} onClick={() => void playClips([word]).catch(() => {})}>
          ▶ {t('voice.coverage.play')}
        </button>
        <label className={`file-button${busy ? ' busy' : ''}`}>
          <input type="file" aria-label={t('voice.coverage.uploadLabel', { word })} accept="audio/*,.wav,.mp3,.ogg,.webm" disabled={busy} onChange={(e) => void upload(e.target)} />
          {busy ? t('voice.coverage.uploading', { word }) : t('voice.coverage.upload')}
        </label>
        <button aria-label={t('voice.coverage.recordLabel', { word })} onClick={onRecord}>
          ● {t('voice.coverage.record')}
        </button>
        {info.custom && (
          <button aria-label={t('voice.coverage.removeLabel', { word })} onClick={onRemove}>
            ✕ {t('voice.coverage.remove')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** "Loket: Loket Dukcapil 2", "Bunyi pembuka: pendek", "angka nomor antrean". */
function describeUse(t: ReturnType<typeof useAdminT>['t'], u: VoiceUse): string {
  const kind = t(`voice.coverage.kinds.${u.kind}`);
  if (u.kind === 'chime') return `${kind}: ${t(`voice.settings.chimeOptions.${u.text}`)}`;
  if (u.kind === 'recall') return kind;
  return u.text ? `${kind}: ${u.text}` : kind;
}
