/**
 * How the displays say abbreviations (the site setting display.pronunciations): "SKCK → es ka ce
 * ka". Add, change or remove a row; each change is saved at once, with the rest of the display
 * settings as the hub holds them. "Dengarkan" plays the saying with the display's own voice.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { SiteSettings } from '../../../../shared/settings.js';
import { canSpeak, playClips, speakSentence } from '../../display/voice.js';
import { adminApi } from '../api.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';

const WORD = /^[A-Z0-9]{2,12}$/;
const SAID = /^[a-z ]{1,60}$/;

export function Pronunciations() {
  const { t } = useAdminT();
  const session = useAdmin((s) => s.session);
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [settings, setSettings] = useState<SiteSettings | null>(null);
  const [query, setQuery] = useState('');
  const [word, setWord] = useState('');
  const [said, setSaid] = useState('');
  const load = useCallback(() => adminApi(session ?? '').get('/api/admin/settings', SiteSettings).then(setSettings, () => {}), [session]);
  useEffect(() => void load(), [load]);

  const table = settings?.display.pronunciations ?? {};
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return Object.entries(table)
      .filter(([w, s]) => !q || w.toLowerCase().includes(q) || s.includes(q))
      .sort(([a], [b]) => a.localeCompare(b));
  }, [table, query]);

  /** Saves the whole table; the rest of the display settings stay as the hub has them. */
  const save = async (next: Record<string, string>): Promise<boolean> => {
    // Read again first: another tab (the settings form) may have changed the display settings.
    const current = await call((api) => api.get('/api/admin/settings', SiteSettings));
    if (!current) return false;
    const r = await call((api) => api.send('PUT', '/api/admin/settings', { display: { ...current.display, pronunciations: next } }, SiteSettings), 'operations.voice.saved');
    if (r) setSettings(r);
    return r !== null;
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const w = word.trim().toUpperCase();
    const s = said.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!WORD.test(w) || !SAID.test(s)) {
      notify('error', { id: t('operations.voice.bad', { lng: 'id' }), en: t('operations.voice.bad', { lng: 'en' }) });
      return;
    }
    if (await save({ ...table, [w]: s })) {
      setWord('');
      setSaid('');
    }
  };
  const listen = (text: string) => {
    if (settings?.display.voice === 'speech' && canSpeak()) void speakSentence(text);
    else void playClips(text.split(/\s+/).filter(Boolean)).catch(() => {});
  };

  return (
    <section aria-label={t('operations.voice.heading')}>
      <h2>{t('operations.voice.heading')}</h2>
      <p className="ops-explain">{t('operations.voice.explain')}</p>
      <form className="row" aria-label={t('operations.voice.add')} onSubmit={(e) => void add(e)}>
        <label>
          {t('operations.voice.word')}
          <input value={word} size={10} maxLength={12} required onChange={(e) => setWord(e.target.value.toUpperCase())} />
        </label>
        <label>
          {t('operations.voice.said')}
          <input value={said} maxLength={60} required onChange={(e) => setSaid(e.target.value.toLowerCase())} />
        </label>
        <button className="primary" type="submit">
          {t('operations.voice.add')}
        </button>
      </form>
      <label>
        {t('operations.voice.search')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>{t('operations.voice.word')}</th>
              <th>{t('operations.voice.said')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(([w, s]) => (
              <Row key={`${w}:${s}`} word={w} said={s} onListen={listen} onSave={(next) => save({ ...table, [w]: next })} onRemove={() => save(Object.fromEntries(Object.entries(table).filter(([k]) => k !== w)))} />
            ))}
          </tbody>
        </table>
        {settings && rows.length === 0 && <p className="muted">{t('operations.voice.none')}</p>}
      </div>
    </section>
  );
}

function Row({ word, said, onListen, onSave, onRemove }: { word: string; said: string; onListen: (text: string) => void; onSave: (said: string) => Promise<boolean>; onRemove: () => Promise<boolean> }) {
  const { t } = useAdminT();
  const [draft, setDraft] = useState(said);
  const changed = draft.trim() !== said;
  return (
    <tr data-testid="pronunciation">
      <td>
        <strong>{word}</strong>
      </td>
      <td>
        <input aria-label={`${t('operations.voice.said')} ${word}`} value={draft} maxLength={60} onChange={(e) => setDraft(e.target.value.toLowerCase())} />
      </td>
      <td className="actions">
        {changed && (
          <button className="primary" onClick={() => void onSave(draft.trim().replace(/\s+/g, ' '))}>
            {t('save')}
          </button>
        )}
        <button aria-label={t('operations.voice.listen', { word })} onClick={() => onListen(draft)}>
          ▶
        </button>
        <button aria-label={t('operations.voice.remove', { word })} onClick={() => void onRemove()}>
          ✕
        </button>
      </td>
    </tr>
  );
}
