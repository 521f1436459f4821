/**
 * The master data tab: agencies, services, counters and zones (searchable lists with the inactive
 * ones, forms to add and edit that clear after a save, deactivate and reactivate) and the import
 * and export of all of them as one workbook. Each section is its own module in ./master/; they
 * share the lists in ./master/masterStore.ts. Nothing is deleted here: the hub keeps history's names.
 */
import { useEffect } from 'react';
import { useAdminT } from './i18n.js';
import { AgenciesPanel } from './master/AgenciesPanel.js';
import { CountersPanel } from './master/CountersPanel.js';
import { ImportPanel } from './master/ImportPanel.js';
import { SECTIONS, useMaster, type Section } from './master/masterStore.js';
import { ServicesPanel } from './master/ServicesPanel.js';
import { ZonesPanel } from './master/ZonesPanel.js';
import './master/strings.js';
import './master/master.css';

const PANELS: Record<Section, () => React.JSX.Element> = {
  agencies: AgenciesPanel,
  services: ServicesPanel,
  counters: CountersPanel,
  zones: ZonesPanel,
  import: ImportPanel,
};

export function MasterData() {
  const { t } = useAdminT();
  const section = useMaster((s) => s.section);
  const setSection = useMaster((s) => s.setSection);
  const load = useMaster((s) => s.load);
  useEffect(() => void load(), [load]);
  const Panel = PANELS[section];
  return (
    <section className="master">
      <div role="tablist" aria-label={t('master.sectionsLabel')} className="master-tabs">
        {SECTIONS.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={section === s} className={section === s ? 'on' : ''} onClick={() => setSection(s)}>
            {t(`master.sections.${s}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={t(`master.sections.${section}`)}>
        <Panel />
      </div>
    </section>
  );
}
