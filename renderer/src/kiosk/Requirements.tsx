/**
 * What the citizen must bring, shown on the confirm screen before "Ambil tiket": the service's
 * standar pelayanan as the admin wrote it (requirements as a checklist, its fee and how long it
 * takes). A citizen who sees a document is missing goes home for it now, not after an hour's wait;
 * "Kembali" below is the way back.
 */
import { useTranslation } from 'react-i18next';
import type { StandardSummary } from '../../../shared/serviceStandard.js';

/** Whether the service has anything of its standard to show (the confirm screen lays out around it). */
export const showsStandard = (standard: StandardSummary | null | undefined): standard is StandardSummary =>
  !!standard && (standard.requirements.length > 0 || !!standard.fee || !!standard.completionTime);

export function Requirements({ standard }: { standard: StandardSummary | null | undefined }) {
  const { t } = useTranslation();
  if (!showsStandard(standard)) return null;
  const { requirements, fee, completionTime } = standard;
  return (
    <section className="requirements" data-testid="requirements" aria-labelledby="requirements-title">
      {requirements.length > 0 && (
        <>
          <h2 id="requirements-title">{t('kiosk.bring')}</h2>
          {/* long lists go in two columns and scroll inside the box: the button stays where it is */}
          <ul className={requirements.length > 4 ? 'many' : ''}>
            {requirements.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {(fee || completionTime) && (
        <p className="terms">
          {fee && <span className="fee">{t('kiosk.fee', { fee })}</span>}
          {fee && completionTime && ' · '}
          {completionTime && <span className="completion">{t('kiosk.completion', { time: completionTime })}</span>}
        </p>
      )}
    </section>
  );
}
