/**
 * The Antre app's first-run wizard (and, behind the admin PIN, its settings): which roles this
 * machine plays, where the hub is (heard on the LAN or typed), a pairing code per screen role,
 * which monitor the display and the kiosk use, the kiosk's ticket printer (PrinterSetup.tsx), and
 * the admin PIN. Only inside the Antre app: a browser has no `window.antre`.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { MACHINE_ROLES, type MachineRole, type Monitor } from '../../../shared/machine.js';
import type { PrinterConfig } from '../../../shared/printing.js';
import { PrinterSetup } from './PrinterSetup.js';
import './setup.css';

const ROLE_NAMES: Record<MachineRole, string> = {
  hub: 'Server antrean (hub)',
  kiosk: 'Kios tiket',
  counter: 'Loket petugas',
  display: 'Layar ruang tunggu',
};

export function SetupApp() {
  const bridge = window.antre;
  const [roles, setRoles] = useState<MachineRole[]>(['kiosk']);
  const [hubUrl, setHubUrl] = useState('');
  const [found, setFound] = useState<{ name: string; site: string; url: string; fingerprint?: string | null }[] | null>(null);
  /** the hub's certificate fingerprint as the admin screen shows it: pairing insists on it (empty: trust on first use) */
  const [fingerprint, setFingerprint] = useState('');
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [monitors, setMonitors] = useState<Monitor[]>([]);
  const [kioskMonitor, setKioskMonitor] = useState<number | null>(null);
  const [displayMonitor, setDisplayMonitor] = useState<number | null>(null);
  const [displayQuery, setDisplayQuery] = useState('');
  const [pin, setPin] = useState('');
  const [startAtLogin, setStartAtLogin] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** a machine already set up: the admin PIN first, then the form with its settings */
  const [locked, setLocked] = useState<boolean | null>(null);
  const [unlockPin, setUnlockPin] = useState('');
  /** the machine's own printer as main keeps it (saved apart, by PrinterSetup) */
  const [printer, setPrinter] = useState<PrinterConfig | null>(null);

  useEffect(() => {
    bridge?.monitors().then(setMonitors, () => {});
    bridge?.setupGet().then((current) => {
      setLocked(current !== null);
      if (current) {
        setRoles(current.roles);
        setHubUrl(current.hubUrl ?? '');
        setFingerprint(current.hubFingerprint ?? '');
        setKioskMonitor(current.kioskMonitor);
        setDisplayMonitor(current.displayMonitor);
        setDisplayQuery(current.displayQuery);
        setStartAtLogin(current.startAtLogin);
        setPrinter(current.printer ?? null);
      }
    }, () => setLocked(false));
  }, [bridge]);

  if (!bridge) {
    return (
      <main className="setup">
        <h1>Pengaturan perangkat</h1>
        <p>Pengaturan ini hanya tersedia di aplikasi Antre. / These settings are only available in the Antre app.</p>
      </main>
    );
  }
  if (locked) {
    const unlock = async (e: FormEvent) => {
      e.preventDefault();
      const r = await bridge.adminUnlock(unlockPin);
      setUnlockPin('');
      if (r === 'ok') setLocked(false);
      else setError(r === 'locked' ? 'Terlalu banyak percobaan. Tunggu satu menit.' : 'PIN salah.');
    };
    return (
      <main className="setup">
        <form onSubmit={(e) => void unlock(e)}>
          <h1>Pengaturan perangkat Antre</h1>
          <label>
            PIN admin perangkat
            <input type="password" inputMode="numeric" value={unlockPin} onChange={(e) => setUnlockPin(e.target.value)} autoFocus />
          </label>
          {error && <p className="error">{error}</p>}
          <button type="submit" className="primary">
            Buka pengaturan
          </button>
        </form>
      </main>
    );
  }
  const toggle = (r: MachineRole) => setRoles((rs) => (rs.includes(r) ? rs.filter((x) => x !== r) : [...rs, r]));
  const screenRoles = roles.filter((r): r is 'kiosk' | 'counter' | 'display' => r !== 'hub');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await bridge.setupSave({
      roles,
      hubUrl: roles.includes('hub') ? null : hubUrl.trim() || null,
      hubFingerprint: roles.includes('hub') ? null : fingerprint.trim() || null,
      pairingCodes: Object.fromEntries(screenRoles.map((role) => [role, (codes[role] ?? '').trim()])),
      kioskMonitor,
      displayMonitor,
      displayQuery,
      adminPin: pin,
      startAtLogin,
    });
    setBusy(false);
    if (!r.ok) setError(`${r.error.id} / ${r.error.en}`);
  };
  const monitorSelect = (value: number | null, set: (v: number | null) => void) => (
    <select value={value ?? ''} onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))}>
      <option value="">Otomatis</option>
      {monitors.map((m) => (
        <option key={m.id} value={m.id}>
          {m.label} {m.primary ? '(utama)' : ''} {m.touch ? '(layar sentuh)' : ''}
        </option>
      ))}
    </select>
  );
  return (
    <main className="setup">
      <form onSubmit={(e) => void submit(e)}>
        <h1>Pengaturan perangkat Antre</h1>
        <fieldset>
          <legend>Peran komputer ini</legend>
          {MACHINE_ROLES.map((r) => (
            <label key={r} className="check">
              <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} /> {ROLE_NAMES[r]}
            </label>
          ))}
        </fieldset>
        {!roles.includes('hub') && (
          <fieldset>
            <legend>Alamat server antrean</legend>
            <div className="row">
              <input placeholder="https://192.168.1.10:7843" value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} />
              <button type="button" onClick={() => bridge.discoverHubs().then(setFound, () => setFound([]))}>
                Cari di jaringan
              </button>
            </div>
            {found && found.length === 0 && <p className="note">Tidak ada server yang terdengar; ketik alamatnya.</p>}
            {found?.map((h) => (
              <button
                type="button"
                key={h.url}
                className="found"
                onClick={() => {
                  setHubUrl(h.url);
                  setFingerprint(h.fingerprint ?? '');
                }}
              >
                {h.site} — {h.url}
                {h.fingerprint && <small className="fingerprint">{h.fingerprint}</small>}
              </button>
            ))}
            <label>
              Sidik jari sertifikat server (bandingkan dengan yang tampil di layar admin, tab Perangkat) / the hub&apos;s
              certificate fingerprint (compare with the admin screen, Devices tab)
              <input className="fingerprint" placeholder="AB:CD:…" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} />
            </label>
          </fieldset>
        )}
        {screenRoles.length > 0 && (
          <fieldset>
            <legend>Kode pemasangan (dibuat admin di server)</legend>
            {screenRoles.map((r) => (
              <label key={r}>
                {ROLE_NAMES[r]}
                <input inputMode="numeric" pattern="\d{6}" value={codes[r] ?? ''} onChange={(e) => setCodes({ ...codes, [r]: e.target.value })} />
              </label>
            ))}
          </fieldset>
        )}
        {(roles.includes('kiosk') || roles.includes('display')) && (
          <fieldset>
            <legend>Layar</legend>
            {roles.includes('kiosk') && <label>Kios di layar {monitorSelect(kioskMonitor, setKioskMonitor)}</label>}
            {roles.includes('display') && (
              <>
                <label>Layar ruang tunggu di {monitorSelect(displayMonitor, setDisplayMonitor)}</label>
                <label>
                  Batasi ke zona (kosong: semua)
                  <input placeholder="zone=Lantai 2" value={displayQuery} onChange={(e) => setDisplayQuery(e.target.value)} />
                </label>
              </>
            )}
          </fieldset>
        )}
        {/* Shown once the set-up is read, so the current printer fills the form. */}
        {roles.includes('kiosk') && locked === false && <PrinterSetup bridge={bridge} saved={printer} />}
        <fieldset>
          <legend>Keamanan</legend>
          <label>
            PIN admin perangkat (6–12 angka): untuk keluar dari mode kios dan mengubah pengaturan ini
            <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={startAtLogin} onChange={(e) => setStartAtLogin(e.target.checked)} /> Jalankan Antre saat komputer menyala
          </label>
        </fieldset>
        {error && <p className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy || roles.length === 0 || !/^\d{6,12}$/.test(pin)}>
          Simpan dan mulai
        </button>
      </form>
    </main>
  );
}
