/**
 * The settings tab (Pengaturan): the MPP itself, how kiosks and displays behave (how the displays
 * speak is the Suara tab's) and how priority tickets interleave, the officers and their PINs (the
 * backups are in the operations tab). Each
 * form keeps its own
 * draft; a save reloads the tab and the drafts start again from what the hub now holds.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { COUNTER_WORDS, type SiteSettings } from '../../../shared/settings.js';
import type { Site } from '../../../shared/site.js';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

const TIME_ZONES = [
  ['Asia/Jakarta', 'WIB (Asia/Jakarta)'],
  ['Asia/Pontianak', 'WIB (Asia/Pontianak)'],
  ['Asia/Makassar', 'WITA (Asia/Makassar)'],
  ['Asia/Jayapura', 'WIT (Asia/Jayapura)'],
] as const;

/** What a number field holds once typed: an empty or odd entry is 0, which the hub then refuses. */
const whole = (v: string) => Number(v) || 0;

export function Settings() {
  const { t } = useAdminT();
  const loadSettings = useAdmin((s) => s.loadSettings);
  const settings = useAdmin((s) => s.settings);
  const site = useAdmin((s) => s.catalogue?.site);
  const revision = useAdmin((s) => s.settingsRevision);
  useEffect(loadSettings, [loadSettings]);
  if (!settings || !site) return <p>{t('loading')}</p>;
  return (
    <section className="master">
      <SiteForm key={`site-${revision}`} initial={site} />
      <KioskDisplayForm key={`kiosk-${revision}`} initial={settings} />
    </section>
  );
}

function SiteForm({ initial }: { initial: Site }) {
  const { t } = useAdminT();
  const saveSite = useAdmin((s) => s.saveSite);
  const [site, setSite] = useState(initial);
  const edit = (patch: Partial<Site>) => setSite({ ...site, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void saveSite(site);
  };
  return (
    <form aria-label={t('settings.site')} onSubmit={submit}>
      <h2>{t('settings.site')}</h2>
      <label>
        {t('settings.name')} <input value={site.name} onChange={(e) => edit({ name: e.target.value })} />
      </label>
      <label>
        {t('settings.address')} <input value={site.address} onChange={(e) => edit({ address: e.target.value })} />
      </label>
      <label>
        {t('settings.timeZone')}
        <select value={site.timeZone} onChange={(e) => edit({ timeZone: e.target.value })}>
          {TIME_ZONES.map(([zone, label]) => (
            <option key={zone} value={zone}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.ticketHeader')} <input value={site.ticketHeader} onChange={(e) => edit({ ticketHeader: e.target.value })} />
      </label>
      <label>
        {t('settings.ticketFooter')} <input value={site.ticketFooter} onChange={(e) => edit({ ticketFooter: e.target.value })} />
      </label>
      <button className="primary" type="submit">
        {t('save')}
      </button>
    </form>
  );
}

function KioskDisplayForm({ initial }: { initial: SiteSettings }) {
  const { t } = useAdminT();
  const saveSettings = useAdmin((s) => s.saveSettings);
  const call = useAdmin((s) => s.call);
  const [draft, setDraft] = useState(initial);
  const { kiosk, display, priorityPolicy: policy } = draft;
  const setKiosk = (patch: Partial<SiteSettings['kiosk']>) => setDraft({ ...draft, kiosk: { ...kiosk, ...patch } });
  const setDisplay = (patch: Partial<SiteSettings['display']>) => setDraft({ ...draft, display: { ...display, ...patch } });
  const setPolicy = (patch: Partial<SiteSettings['priorityPolicy']>) => setDraft({ ...draft, priorityPolicy: { ...policy, ...patch } });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Only what this form shows: the other settings are not this form's to overwrite. The voice
    // (Suara tab) and the pronunciations (Operasional) share `display`: taken as the hub has them now.
    const current = await call((api) => api.settings());
    if (!current) return;
    const shown = {
      runningText: display.runningText,
      bigCalls: display.bigCalls,
      highlightSeconds: display.highlightSeconds,
      waitingPageSeconds: display.waitingPageSeconds,
      standardSlide: display.standardSlide,
    };
    await saveSettings({
      kiosk,
      display: { ...current.display, ...shown },
      surveyForm: draft.surveyForm,
      surveyWindowMinutes: draft.surveyWindowMinutes,
      counterWord: draft.counterWord,
      // '' in the field: the hub's own LAN address
      publicBaseUrl: draft.publicBaseUrl?.trim() ? draft.publicBaseUrl.trim().replace(/\/+$/, '') : null,
      printFailurePolicy: draft.printFailurePolicy,
      waitTargetMinutes: draft.waitTargetMinutes,
      priorityPolicy: policy,
    });
  };
  return (
    <form aria-label={t('settings.kioskDisplay')} onSubmit={(e) => void submit(e)}>
      <h2>{t('settings.kioskDisplayHeading')}</h2>
      <label className="check">
        <input type="checkbox" checked={kiosk.askPriority} onChange={(e) => setKiosk({ askPriority: e.target.checked })} /> {t('settings.askPriority')}
      </label>
      <label>
        {t('settings.idleSeconds')} <input inputMode="numeric" value={kiosk.idleSeconds} onChange={(e) => setKiosk({ idleSeconds: whole(e.target.value) })} />
      </label>
      <label>
        {t('settings.printerTrouble')}
        <select value={kiosk.printerTrouble} onChange={(e) => setKiosk({ printerTrouble: e.target.value as SiteSettings['kiosk']['printerTrouble'] })}>
          <option value="stop">{t('settings.printerTroubleOptions.stop')}</option>
          <option value="screen">{t('settings.printerTroubleOptions.screen')}</option>
        </select>
      </label>
      <label>
        {t('settings.withoutOpenCounter')}
        <select value={kiosk.withoutOpenCounter} onChange={(e) => setKiosk({ withoutOpenCounter: e.target.value as SiteSettings['kiosk']['withoutOpenCounter'] })}>
          <option value="issue">{t('settings.withoutOpenCounterOptions.issue')}</option>
          <option value="refuse">{t('settings.withoutOpenCounterOptions.refuse')}</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={kiosk.surveyInvitation} onChange={(e) => setKiosk({ surveyInvitation: e.target.checked })} /> {t('settings.surveyInvitation')}
      </label>
      <label className="check">
        <input type="checkbox" checked={kiosk.printRequirements} onChange={(e) => setKiosk({ printRequirements: e.target.checked })} /> {t('settings.printRequirements')}
      </label>
      <label className="check">
        <input type="checkbox" checked={kiosk.complaints} onChange={(e) => setKiosk({ complaints: e.target.checked })} /> {t('settings.kioskComplaints')}
      </label>
      <label>
        {t('settings.publicBaseUrl')}{' '}
        <input value={draft.publicBaseUrl ?? ''} placeholder="http://192.168.1.10:7800" onChange={(e) => setDraft({ ...draft, publicBaseUrl: e.target.value })} />
      </label>
      <p className="muted">{t('settings.publicBaseUrlHint')}</p>
      <label>
        {t('settings.counterWord')}
        <select value={draft.counterWord} onChange={(e) => setDraft({ ...draft, counterWord: e.target.value as SiteSettings['counterWord'] })}>
          {COUNTER_WORDS.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.printFailure')}
        <select value={draft.printFailurePolicy} onChange={(e) => setDraft({ ...draft, printFailurePolicy: e.target.value as SiteSettings['printFailurePolicy'] })}>
          <option value="keep">{t('settings.printFailureOptions.keep')}</option>
          <option value="void">{t('settings.printFailureOptions.void')}</option>
        </select>
      </label>
      <label>
        {t('settings.runningText')} <input value={display.runningText} onChange={(e) => setDisplay({ runningText: e.target.value })} />
      </label>
      <label>
        {t('settings.bigCalls')} <input inputMode="numeric" value={display.bigCalls} onChange={(e) => setDisplay({ bigCalls: whole(e.target.value) })} />
      </label>
      <label>
        {t('settings.highlightSeconds')} <input inputMode="numeric" value={display.highlightSeconds} onChange={(e) => setDisplay({ highlightSeconds: whole(e.target.value) })} />
      </label>
      <label>
        {t('settings.waitingPageSeconds')} <input inputMode="numeric" value={display.waitingPageSeconds} onChange={(e) => setDisplay({ waitingPageSeconds: whole(e.target.value) })} />
      </label>
      <label className="check">
        <input type="checkbox" checked={display.standardSlide} onChange={(e) => setDisplay({ standardSlide: e.target.checked })} /> {t('settings.standardSlide')}
      </label>
      <p className="muted">{t('settings.voiceInItsTab')}</p>
      <label>
        {t('settings.survey')}
        <select value={draft.surveyForm} onChange={(e) => setDraft({ ...draft, surveyForm: e.target.value as SiteSettings['surveyForm'] })}>
          <option value="full">{t('settings.surveyOptions.full')}</option>
          <option value="short">{t('settings.surveyOptions.short')}</option>
        </select>
      </label>
      <label>
        {t('settings.surveyWindowMinutes')} <input inputMode="numeric" value={draft.surveyWindowMinutes} onChange={(e) => setDraft({ ...draft, surveyWindowMinutes: whole(e.target.value) })} />
      </label>
      <label>
        {t('settings.waitTarget')} <input inputMode="numeric" value={draft.waitTargetMinutes} onChange={(e) => setDraft({ ...draft, waitTargetMinutes: whole(e.target.value) })} />
      </label>
      <div className="field">
        <span>{t('settings.ratio')}</span>
        <span>
          <input aria-label={t('settings.priorityRun')} inputMode="numeric" size={2} value={policy.priorityRun} onChange={(e) => setPolicy({ priorityRun: whole(e.target.value) })} /> :{' '}
          <input aria-label={t('settings.regularRun')} inputMode="numeric" size={2} value={policy.regularRun} onChange={(e) => setPolicy({ regularRun: whole(e.target.value) })} />
        </span>
      </div>
      <label>
        {t('settings.maxWait')} <input inputMode="numeric" value={policy.maxWaitMinutes} onChange={(e) => setPolicy({ maxWaitMinutes: whole(e.target.value) })} />
      </label>
      <button className="primary" type="submit">
        {t('save')}
      </button>
    </form>
  );
}

