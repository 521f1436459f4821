/**
 * The Suara tab: which words the hall display says at this site and which recording says each
 * (missing ones first, with where they are used), the MPP's own recording of a word uploaded or
 * made with the microphone, a whole call previewed with the clips there are now, and how the
 * display speaks (wording, short form, chime). Clips are the whole MPP's: an agency supervisor is
 * told so instead (the hub refuses them anyway).
 */
import { useCallback, useEffect, useState } from 'react';
import { CounterAdminList, ServiceAdminList, type CounterAdmin, type ServiceAdmin } from '../../../../shared/masterData.js';
import { SiteSettings } from '../../../../shared/settings.js';
import { VoiceCoverage } from '../../../../shared/voiceClips.js';
import { useAdminT } from '../i18n.js';
import { useScope } from '../operations/scope.js';
import { useAdmin } from '../store.js';
import { Coverage } from './Coverage.js';
import { Preview } from './Preview.js';
import { VoiceSettingsForm } from './VoiceSettingsForm.js';
import '../operations/operations.css';
import './voice.css';
import './strings.js';

export function VoiceTab() {
  const { t } = useAdminT();
  const scope = useScope();
  if (!scope) return <p>{t('loading')}</p>;
  if (!scope.wholeMpp) return <p className="note">{t('voice.wholeMppOnly')}</p>;
  return <VoiceDesk />;
}

function VoiceDesk() {
  const call = useAdmin((s) => s.call);
  const [coverage, setCoverage] = useState<VoiceCoverage | null>(null);
  const [settings, setSettings] = useState<SiteSettings | null>(null);
  const [counters, setCounters] = useState<CounterAdmin[]>([]);
  const [services, setServices] = useState<ServiceAdmin[]>([]);

  const loadCoverage = useCallback(async () => {
    const c = await call((api) => api.get('/api/admin/voice', VoiceCoverage));
    if (c) setCoverage(c);
  }, [call]);
  useEffect(() => {
    void loadCoverage();
    void call((api) => api.get('/api/admin/settings', SiteSettings)).then((s) => s && setSettings(s));
    void call((api) => api.get('/api/admin/counters', CounterAdminList)).then((c) => c && setCounters(c.filter((x) => x.active)));
    void call((api) => api.get('/api/admin/services', ServiceAdminList)).then((s) => s && setServices(s.filter((x) => x.active)));
  }, [call, loadCoverage]);

  return (
    <div className="ops voice">
      <Coverage coverage={coverage} onChanged={loadCoverage} />
      {settings && <Preview coverage={coverage} display={settings.display} counters={counters} services={services} />}
      {settings && (
        <VoiceSettingsForm
          key={JSON.stringify(settings.display)}
          initial={settings.display}
          onSaved={(s) => {
            setSettings(s);
            // A new wording may say words that have no clip yet.
            void loadCoverage();
          }}
        />
      )}
    </div>
  );
}
