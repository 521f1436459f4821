/**
 * How the hall display speaks (part of the site setting `display`): the voice, the full and the
 * short wording, when the short one is used, how many calls one breath holds, the chime, and how
 * old a call may be and still be said. The rest of the display settings (what the screen shows,
 * the pronunciations) is other tabs' to edit: it is read again from the hub just before saving
 * and sent back as it is.
 */
import { useState, type FormEvent } from 'react';
import { SiteSettings, type DisplaySettings } from '../../../../shared/settings.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';

type VoiceFields = Pick<DisplaySettings, 'voice' | 'wording' | 'shortWording' | 'shortFormBacklog' | 'callsPerBreath' | 'chime' | 'speakMaxAgeSeconds'>;

/** An empty or odd entry is 0, which the hub then refuses with its range. */
const whole = (v: string) => Number(v) || 0;

export function VoiceSettingsForm({ initial, onSaved }: { initial: DisplaySettings; onSaved: (settings: SiteSettings) => void }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const [draft, setDraft] = useState<VoiceFields>({
    voice: initial.voice,
    wording: initial.wording,
    shortWording: initial.shortWording,
    shortFormBacklog: initial.shortFormBacklog,
    callsPerBreath: initial.callsPerBreath,
    chime: initial.chime,
    speakMaxAgeSeconds: initial.speakMaxAgeSeconds,
  });
  const edit = (patch: Partial<VoiceFields>) => setDraft({ ...draft, ...patch });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const current = await call((api) => api.settings());
    if (!current) return;
    const saved = await call((api) => api.saveSettings({ display: { ...current.display, ...draft } }), 'voice.settings.saved');
    if (saved) onSaved(saved);
  };

  return (
    <form aria-label={t('voice.settings.heading')} className="voice-settings" onSubmit={(e) => void submit(e)}>
      <h2>{t('voice.settings.heading')}</h2>
      <label>
        {t('voice.settings.voice')}
        <select value={draft.voice} onChange={(e) => edit({ voice: e.target.value as VoiceFields['voice'] })}>
          {(['clips', 'speech', 'off'] as const).map((v) => (
            <option key={v} value={v}>
              {t(`voice.settings.voiceOptions.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('voice.settings.wording')}
        <input value={draft.wording} maxLength={200} onChange={(e) => edit({ wording: e.target.value })} />
        <small>{t('voice.settings.wordingHint')}</small>
      </label>
      <label>
        {t('voice.settings.shortWording')}
        <input value={draft.shortWording} maxLength={120} onChange={(e) => edit({ shortWording: e.target.value })} />
      </label>
      <label>
        {t('voice.settings.shortFormBacklog')}
        <input inputMode="numeric" value={draft.shortFormBacklog} onChange={(e) => edit({ shortFormBacklog: whole(e.target.value) })} />
      </label>
      <label>
        {t('voice.settings.callsPerBreath')}
        <input inputMode="numeric" value={draft.callsPerBreath} onChange={(e) => edit({ callsPerBreath: whole(e.target.value) })} />
      </label>
      <label>
        {t('voice.settings.chime')}
        <select value={draft.chime} onChange={(e) => edit({ chime: e.target.value as VoiceFields['chime'] })}>
          {(['short', 'long', 'off'] as const).map((c) => (
            <option key={c} value={c}>
              {t(`voice.settings.chimeOptions.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('voice.settings.speakMaxAge')}
        <input inputMode="numeric" value={draft.speakMaxAgeSeconds} onChange={(e) => edit({ speakMaxAgeSeconds: whole(e.target.value) })} />
      </label>
      <button className="primary" type="submit">
        {t('save')}
      </button>
    </form>
  );
}
