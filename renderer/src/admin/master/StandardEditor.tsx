/**
 * One service's standar pelayanan (UU 25/2009), beside the services list: the requirements as a
 * list of lines (added, removed, moved: the kiosk shows them in this order as "Pastikan Anda
 * membawa: …"), the procedure one step per line, the completion time, the fee with a "Gratis"
 * shortcut (most MPP services are free, and saying so is what citizens ask first), the product,
 * the legal basis and where to complain. Saving publishes it at once: the kiosk, the hub's /standar
 * page and, through sync, the central server's page.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ServiceAdmin } from '../../../../shared/masterData.js';
import { fieldErrors, type FieldMessage } from '../../../../shared/masterData.js';
import { EMPTY_STANDARD, REQUIREMENTS_MAX, ServiceStandard } from '../../../../shared/serviceStandard.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { Field } from './parts.js';

/** Requirements as typed: each line's text with a key that survives reordering. */
type Line = { key: number; text: string };
let nextKey = 1;
const lineOf = (text: string): Line => ({ key: nextKey++, text });

export function StandardEditor({ service, onClose }: { service: ServiceAdmin; onClose: () => void }) {
  const { t, lang } = useAdminT();
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [loaded, setLoaded] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [draft, setDraft] = useState<Omit<ServiceStandard, 'requirements'>>(EMPTY_STANDARD);
  const [errors, setErrors] = useState<Record<string, FieldMessage>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setLoaded(false);
    void call((api) => api.get(`/api/admin/services/${service.id}/standard`, ServiceStandard)).then((s) => {
      if (!live || !s) return;
      const { requirements, ...rest } = s;
      setLines(requirements.map(lineOf));
      setDraft(rest);
      setErrors({});
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [call, service.id]);

  const edit = (patch: Partial<typeof draft>) => setDraft({ ...draft, ...patch });
  const setLine = (key: number, text: string) => setLines(lines.map((l) => (l.key === key ? { ...l, text } : l)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...lines];
    const [line] = next.splice(i, 1);
    next.splice(i + by, 0, line!);
    setLines(next);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Empty lines are the ones added and not filled: left out rather than refused.
    const body: ServiceStandard = { ...draft, requirements: lines.map((l) => l.text.trim()).filter(Boolean) };
    const problems = fieldErrors(ServiceStandard, body);
    if (body.requirements.some((r) => r.includes('|'))) problems.requirements ??= { id: t('master.standard.noBar', { lng: 'id' }), en: t('master.standard.noBar', { lng: 'en' }) };
    setErrors(problems);
    if (Object.keys(problems).length) {
      notify('error', { id: t('master.fixFields', { lng: 'id' }), en: t('master.fixFields', { lng: 'en' }) });
      return;
    }
    setBusy(true);
    const saved = await call((api) => api.send('PUT', `/api/admin/services/${service.id}/standard`, body, ServiceStandard), 'master.standard.saved', { name: service.name });
    setBusy(false);
    if (saved) setLines(saved.requirements.map(lineOf));
  };

  return (
    <form className="master-form standard-editor" onSubmit={(e) => void submit(e)} aria-label={t('master.standard.heading')}>
      <h2>
        {t('master.standard.heading')}: {service.name}
      </h2>
      <p className="hint">{t('master.standard.help')}</p>
      {!loaded ? (
        <p>{t('master.standard.loading')}</p>
      ) : (
        <>
          <fieldset className="order-list requirements">
            <legend>{t('master.standard.requirements')}</legend>
            {lines.length ? (
              <ol>
                {lines.map((l, i) => (
                  <li key={l.key}>
                    <input
                      name={`requirement-${i + 1}`}
                      aria-label={t('master.standard.requirementN', { n: i + 1 })}
                      value={l.text}
                      maxLength={200}
                      onChange={(e) => setLine(l.key, e.target.value)}
                    />
                    <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('master.standard.up', { n: i + 1 })}>
                      ↑
                    </button>
                    <button type="button" disabled={i === lines.length - 1} onClick={() => move(i, 1)} aria-label={t('master.standard.down', { n: i + 1 })}>
                      ↓
                    </button>
                    <button type="button" onClick={() => setLines(lines.filter((x) => x.key !== l.key))} aria-label={t('master.standard.remove', { n: i + 1 })}>
                      ✕
                    </button>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="hint">{t('master.standard.noRequirements')}</p>
            )}
            <button type="button" disabled={lines.length >= REQUIREMENTS_MAX} onClick={() => setLines([...lines, lineOf('')])}>
              {t('master.standard.addRequirement')}
            </button>
            {errors.requirements ? <small className="field-error">{errors.requirements[lang]}</small> : null}
          </fieldset>
          <Field label={t('master.standard.procedure')} error={errors.procedure}>
            <textarea name="procedure" rows={4} value={draft.procedure} placeholder={t('master.standard.procedureHint')} onChange={(e) => edit({ procedure: e.target.value })} />
          </Field>
          <Field label={t('master.standard.completionTime')} error={errors.completionTime}>
            <input name="completionTime" value={draft.completionTime} placeholder={t('master.standard.completionTimeHint')} onChange={(e) => edit({ completionTime: e.target.value })} />
          </Field>
          <Field label={t('master.standard.fee')} error={errors.fee}>
            <span className="fee-row">
              <input name="fee" value={draft.fee} placeholder={t('master.standard.feeHint')} onChange={(e) => edit({ fee: e.target.value })} />
              <button type="button" onClick={() => edit({ fee: 'Gratis' })}>
                {t('master.standard.free')}
              </button>
            </span>
          </Field>
          <Field label={t('master.standard.product')} error={errors.product}>
            <input name="product" value={draft.product} onChange={(e) => edit({ product: e.target.value })} />
          </Field>
          <Field label={t('master.standard.legalBasis')} error={errors.legalBasis}>
            <textarea name="legalBasis" rows={2} value={draft.legalBasis} onChange={(e) => edit({ legalBasis: e.target.value })} />
          </Field>
          <Field label={t('master.standard.complaintContact')} error={errors.complaintContact}>
            <input name="complaintContact" value={draft.complaintContact} placeholder={t('master.standard.complaintHint')} onChange={(e) => edit({ complaintContact: e.target.value })} />
          </Field>
        </>
      )}
      <div className="buttons">
        <button className="primary" type="submit" disabled={!loaded || busy}>
          {t('master.standard.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('master.standard.close')}
        </button>
      </div>
    </form>
  );
}
