import { useEffect, useState } from 'react';
import { formatIndonesianDate } from '../../shared/businessDate.js';
import { fetchHealth, type Health } from '../api/health.js';
import { AdminApp } from './admin/AdminApp.js';
import { CounterApp } from './counter/CounterApp.js';
import { SurveyApp } from './survey/SurveyApp.js';
import { DisplayApp } from './display/DisplayApp.js';
import { KioskApp } from './kiosk/KioskApp.js';
import { SetupApp } from './setup/SetupApp.js';
import { ROLES } from './roles.js';

function useHealth(): { health: Health | null; error: boolean } {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    const ctl = new AbortController();
    fetchHealth(ctl.signal).then(setHealth, () => {
      if (!ctl.signal.aborted) setError(true);
    });
    return () => ctl.abort();
  }, []);
  return { health, error };
}

export function App() {
  const path = window.location.pathname;
  if (path === '/kiosk' || path.startsWith('/kiosk/')) return <KioskApp />;
  if (path === '/counter' || path.startsWith('/counter/')) return <CounterApp />;
  if (path === '/display' || path.startsWith('/display/')) return <DisplayApp />;
  if (path === '/setup') return <SetupApp />;
  if (path === '/admin' || path.startsWith('/admin/')) return <AdminApp />;
  if (path === '/survey' || path.startsWith('/survey/')) return <SurveyApp />;
  return <RolePages />;
}

function RolePages() {
  const { health, error } = useHealth();
  const role = ROLES.find((r) => window.location.pathname === r.path || window.location.pathname.startsWith(`${r.path}/`));
  return (
    <main className="role-pages">
      <h1>{health?.siteName ?? 'Antre'}</h1>
      {error && <p className="warn">Sedang menyambung ulang ke server antrean…</p>}
      {role ? (
        <section>
          <h2>{role.name}</h2>
          <p>{role.description}.</p>
          <p className="note">Tampilan ini hadir pada versi berikutnya.</p>
          <a href="/">← Kembali</a>
        </section>
      ) : (
        <nav>
          {ROLES.map((r) => (
            <a key={r.path} href={r.path} className="role">
              <strong>{r.name}</strong>
              <span>{r.description}</span>
            </a>
          ))}
        </nav>
      )}
      {health?.businessDate && (
        <footer>
          {formatIndonesianDate(health.businessDate)} · Antre {health.version}
        </footer>
      )}
    </main>
  );
}
