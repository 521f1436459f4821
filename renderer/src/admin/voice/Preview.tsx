/**
 * A whole call as the display says it: a counter, a sample ticket of one of its services, the full
 * or the short wording, a recall or not. The words are listed (a word without a clip marked: the
 * display skips it) and played with the display's own player, each clip asked of the hub again so
 * a recording just made is the one heard.
 */
import { useMemo, useState } from 'react';
import { utteranceClips, utteranceWords, type SpokenCall, type SpokenForm } from '../../../../shared/announcement.js';
import type { CounterAdmin, ServiceAdmin } from '../../../../shared/masterData.js';
import type { DisplaySettings } from '../../../../shared/settings.js';
import type { VoiceCoverage } from '../../../../shared/voiceClips.js';
import { playUtterance } from '../../display/voice.js';
import { useAdminT } from '../i18n.js';

interface Props {
  coverage: VoiceCoverage | null;
  display: DisplaySettings;
  counters: CounterAdmin[];
  services: ServiceAdmin[];
}

export function Preview({ coverage, display, counters, services }: Props) {
  const { t } = useAdminT();
  const [counterId, setCounterId] = useState<number | null>(null);
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [number, setNumber] = useState(12);
  const [short, setShort] = useState(false);
  const [recall, setRecall] = useState(false);
  const [playing, setPlaying] = useState(false);

  const counter = counters.find((c) => c.id === counterId) ?? counters[0] ?? null;
  // The counter's own services first: a sample ticket it would really call.
  const choices = useMemo(() => {
    const own = counter ? services.filter((s) => counter.serviceIds.includes(s.id)) : [];
    return own.length > 0 ? own : services;
  }, [counter, services]);
  const service = choices.find((s) => s.id === serviceId) ?? choices[0] ?? null;
  const ticket = service ? `${service.prefix}-${String(Math.min(9999, Math.max(1, number || 1))).padStart(3, '0')}` : null;

  const form: SpokenForm = short ? 'short' : 'full';
  const call: SpokenCall | null = counter && ticket ? { ticket, counter: counter.label, recall } : null;
  const words = call ? utteranceWords([call], form, display) : [];
  const clipOf = useMemo(() => new Map((coverage?.words ?? []).map((w) => [w.word, w.clip])), [coverage]);
  const skipped = words.filter((w) => clipOf.get(w) === 'missing').length;

  const play = async () => {
    if (!call) return;
    setPlaying(true);
    try {
      await playUtterance(utteranceClips([call], form, display), { fresh: true });
    } catch {
      // nothing to hear (the browser refused sound): the words are still listed
    } finally {
      setPlaying(false);
    }
  };

  return (
    <section aria-label={t('voice.preview.heading')}>
      <h2>{t('voice.preview.heading')}</h2>
      <p className="ops-explain">{t('voice.preview.explain')}</p>
      {counters.length === 0 ? (
        <p className="muted">{t('voice.preview.noCounters')}</p>
      ) : (
        <>
          <div className="row">
            <label>
              {t('voice.preview.counter')}
              <select value={counter?.id ?? ''} onChange={(e) => setCounterId(Number(e.target.value))}>
                {counters.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('voice.preview.service')}
              <select value={service?.id ?? ''} onChange={(e) => setServiceId(Number(e.target.value))}>
                {choices.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.prefix} · {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('voice.preview.number')}
              <input inputMode="numeric" size={5} maxLength={4} value={number} onChange={(e) => setNumber(Number(e.target.value.replace(/\D/g, '')) || 0)} />
            </label>
          </div>
          <div className="row">
            <label className="check">
              <input type="checkbox" checked={short} onChange={(e) => setShort(e.target.checked)} /> {t('voice.preview.short')}
            </label>
            <label className="check">
              <input type="checkbox" checked={recall} onChange={(e) => setRecall(e.target.checked)} /> {t('voice.preview.recall')}
            </label>
          </div>
          {ticket && counter && (
            <p className="voice-sample">
              <strong>{ticket}</strong> → {counter.label}
            </p>
          )}
          <h3 className="voice-said">{t('voice.preview.words')}</h3>
          <ol className="voice-chips" data-testid="preview-words">
            {words.map((w, i) => {
              const missing = clipOf.get(w) === 'missing';
              return (
                <li key={`${i}-${w}`} className={missing ? 'missing' : undefined} data-clip={clipOf.get(w) ?? 'unknown'} title={missing ? t('voice.preview.missingWord', { word: w }) : undefined}>
                  {w}
                </li>
              );
            })}
          </ol>
          {skipped > 0 && (
            <p className="state bad" data-testid="preview-skipped">
              {t('voice.preview.skipped', { count: skipped })}
            </p>
          )}
          <div className="row">
            <button className="primary" disabled={!call || playing} onClick={() => void play()}>
              ▶ {playing ? t('voice.preview.playing') : t('voice.preview.play')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
