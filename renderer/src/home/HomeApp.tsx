/**
 * The page at /: the site's name and a large link per role, so whoever sets up a TV or a counter
 * PC in a browser finds its screen. It asks the hub's /healthz only, which needs no pairing.
 */
import { useEffect, useState } from 'react';
import { formatIndonesianDate } from '../../../shared/businessDate.js';
import { fetchHealth, type Health } from '../api/health.js';
import { ROLES } from './roles.js';
import './home.css';

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

export function HomeApp() {
  const { health, error } = useHealth();
  return (
    <main className="role-pages">
      <h1>{health?.siteName ?? 'Antre'}</h1>
      {error && <p className="warn">Sedang menyambung ulang ke server antrean…</p>}
      <nav>
        {ROLES.map((r) => (
          <a key={r.path} href={r.path} className="role">
            <strong>{r.name}</strong>
            <span>{r.description}</span>
          </a>
        ))}
      </nav>
      {health?.businessDate && (
        <footer>
          {formatIndonesianDate(health.businessDate)} · Antre {health.version}
        </footer>
      )}
    </main>
  );
}
