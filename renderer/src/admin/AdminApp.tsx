/**
 * The admin screen: a live overview of the MPP, reports (table, arrivals per hour as a chart, CSV
 * and XLSX, printable), master data (agencies, services, counters), settings (the MPP, kiosks and
 * displays, officers, holidays) and devices (pairing codes, revoke). Each tab is its own module;
 * they share ./store.ts, which makes every hub call through ./api.ts with a supervisor's or
 * admin's session.
 */
import { BookingsTab } from './bookings/BookingsTab.js';
import { CalendarTab } from './calendar/CalendarTab.js';
import { ComplaintsTab } from './complaints/ComplaintsTab.js';
import { ComplaintBadge } from './complaints/newCount.js';
import { Devices } from './Devices.js';
import { useAdminT, toggleLanguage } from './i18n.js';
import { Login } from './Login.js';
import { MasterData } from './MasterData.js';
import { Overview } from './Overview.js';
import { Reports } from './Reports.js';
import { OperationsTab } from './operations/OperationsTab.js';
import { Settings } from './Settings.js';
import { StaffTab } from './staff/StaffTab.js';
import { VoiceTab } from './voice/VoiceTab.js';
import { TABS, useAdmin, type Tab } from './store.js';
import './admin.css';

const SCREENS: Record<Tab, () => React.JSX.Element> = {
  overview: Overview,
  reports: Reports,
  master: MasterData,
  calendar: CalendarTab,
  staff: StaffTab,
  devices: Devices,
  operations: OperationsTab,
  voice: VoiceTab,
  settings: Settings,
  complaints: ComplaintsTab,
  bookings: BookingsTab,
};

export function AdminApp() {
  const signedIn = useAdmin((s) => s.session !== null);
  return <div className="admin">{signedIn ? <Desk /> : <Login />}</div>;
}

function Desk() {
  const { t } = useAdminT();
  const tab = useAdmin((s) => s.tab);
  const setTab = useAdmin((s) => s.setTab);
  const logout = useAdmin((s) => s.logout);
  const Screen = SCREENS[tab];
  return (
    <>
      <header>
        <strong>{t('title')}</strong>
        <nav>
          {TABS.map((name) => (
            <button key={name} className={tab === name ? 'on' : ''} aria-current={tab === name ? 'page' : undefined} onClick={() => setTab(name)}>
              {t(`tabs.${name}`)}
              {name === 'complaints' && <ComplaintBadge />}
            </button>
          ))}
        </nav>
        <button className="link" onClick={toggleLanguage}>
          {t('language')}
        </button>
        <button className="link" onClick={logout}>
          {t('logout')}
        </button>
      </header>
      <main>
        <NoticeLine />
        <Screen />
      </main>
    </>
  );
}

/** What the last action did, in the language shown now. */
function NoticeLine() {
  const { lang } = useAdminT();
  const notice = useAdmin((s) => s.notice);
  if (!notice) return null;
  return (
    <p className={notice.kind === 'ok' ? 'note' : 'note bad'} role="status">
      {notice.text[lang]}
    </p>
  );
}
