/**
 * The admin screen: a live overview of the MPP, reports (table, arrivals per hour as a chart, CSV
 * and XLSX, printable), master data (agencies, services, counters) and devices (pairing codes,
 * revoke). Everything goes through the hub's admin API with a supervisor's or admin's session.
 */
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Catalogue, WeeklyHours } from '../../../shared/protocol.js';
import { ALWAYS_OPEN, everyDayHours, weekdayHours } from '../../../shared/openingHours.js';
import type { Report } from '../../../shared/reports.js';
import { hubCall, HubRefusal } from '../api/hub.js';
import { deviceCredentials } from '../api/device.js';
import './admin.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const SESSION_KEY = 'antre.adminSession';
type Tab = 'overview' | 'reports' | 'master' | 'settings' | 'devices';

function useSession(): [string | null, (s: string | null) => void] {
  const [session, setSession] = useState<string | null>(() => sessionStorage.getItem(SESSION_KEY));
  return [
    session,
    (s) => {
      if (s) sessionStorage.setItem(SESSION_KEY, s);
      else sessionStorage.removeItem(SESSION_KEY);
      setSession(s);
    },
  ];
}

const errorText = (err: unknown) => (err instanceof HubRefusal ? err.text.id : 'Server antrean tidak menjawab.');

export function AdminApp() {
  const [session, setSession] = useSession();
  const [tab, setTab] = useState<Tab>('overview');
  if (!session) return <Login onSession={setSession} />;
  const call = <T,>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
    hubCall<T>(method, path, body, { session }).catch((err: unknown) => {
      if (err instanceof HubRefusal && (err.code === 'SESSION_EXPIRED' || err.code === 'SESSION_REQUIRED')) setSession(null);
      throw err;
    });
  return (
    <div className="admin">
      <header>
        <strong>Antre · Admin</strong>
        <nav>
          {(
            [
              ['overview', 'Ringkasan'],
              ['reports', 'Laporan'],
              ['master', 'Data master'],
              ['settings', 'Pengaturan'],
              ['devices', 'Perangkat'],
            ] as const
          ).map(([t, label]) => (
            <button key={t} className={tab === t ? 'on' : ''} onClick={() => setTab(t)}>
              {label}
            </button>
          ))}
        </nav>
        <button className="link" onClick={() => setSession(null)}>
          Keluar
        </button>
      </header>
      <main>
        {tab === 'overview' && <Overview call={call} />}
        {tab === 'reports' && <Reports call={call} session={session} />}
        {tab === 'master' && <Master call={call} />}
        {tab === 'settings' && <Settings call={call} />}
        {tab === 'devices' && <Devices call={call} />}
      </main>
    </div>
  );
}

type Call = <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<T>;

function Login({ onSession }: { onSession: (s: string) => void }) {
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await hubCall<{ sessionToken: string; officer: { role: string } }>('POST', '/api/sessions', { username, pin });
      if (r.officer.role === 'officer') setError('Halaman ini untuk supervisor dan admin.');
      else onSession(r.sessionToken);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div className="admin">
      <form className="login" onSubmit={(e) => void submit(e)}>
        <h1>Admin Antre</h1>
        <label>
          Nama pengguna
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          PIN
          <input name="pin" type="password" value={pin} onChange={(e) => setPin(e.target.value)} />
        </label>
        {error && <p className="error">{error}</p>}
        <button className="primary" type="submit">
          Masuk
        </button>
      </form>
    </div>
  );
}

interface OverviewData {
  waitTargetMinutes: number;
  counters: { id: number; label: string; zone: string; state: string; pauseReason: string | null; officer: string | null; current: string | null }[];
  services: { id: number; name: string; prefix: string; waiting: number; longestWaitMinutes: number; overTarget: boolean }[];
  printers: { deviceId: number | null; deviceName: string; status: { state: string } | null }[];
  sync: { configured: boolean; backlog?: number; lastError?: string | null; lastSuccessAt?: number | null };
}

const STATE_NAMES: Record<string, string> = { open: 'Melayani', paused: 'Istirahat', closed: 'Tutup' };

function Overview({ call }: { call: Call }) {
  const [data, setData] = useState<OverviewData | null>(null);
  useEffect(() => {
    const load = () => call<OverviewData>('GET', '/api/admin/overview').then(setData, () => {});
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
  if (!data) return <p>Memuat…</p>;
  const alerts = data.services.filter((s) => s.overTarget);
  return (
    <section className="overview">
      {alerts.length > 0 && (
        <div className="alert" role="alert">
          Waktu tunggu melewati target {data.waitTargetMinutes} menit: {alerts.map((s) => `${s.prefix} ${s.name} (${s.longestWaitMinutes} mnt)`).join(', ')}
        </div>
      )}
      <div className="cards">
        <div className="card">
          <h2>Loket</h2>
          <table>
            <tbody>
              {data.counters.map((c) => (
                <tr key={c.id} className={c.state}>
                  <td>{c.label}</td>
                  <td>{c.current ? `melayani ${c.current}` : (STATE_NAMES[c.state] ?? c.state)}</td>
                  <td>{c.officer ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Antrean menunggu</h2>
          <table data-testid="waiting-services">
            <tbody>
              {data.services.length === 0 && (
                <tr>
                  <td>Tidak ada yang menunggu</td>
                </tr>
              )}
              {data.services.map((s) => (
                <tr key={s.id} className={s.overTarget ? 'late' : ''}>
                  <td>
                    <b>{s.prefix}</b> {s.name}
                  </td>
                  <td className="n">{s.waiting}</td>
                  <td className="n">terlama {s.longestWaitMinutes} mnt</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Printer</h2>
          <ul>
            {data.printers.map((p) => (
              <li key={String(p.deviceId)}>
                {p.deviceName}: {p.status?.state ?? 'belum diketahui'}
              </li>
            ))}
          </ul>
          <h2>Sinkronisasi</h2>
          <p>
            {data.sync.configured
              ? `Antrean kirim: ${data.sync.backlog} peristiwa${data.sync.lastError ? ` · galat terakhir: ${data.sync.lastError}` : ''}`
              : 'Belum diatur'}
          </p>
        </div>
      </div>
    </section>
  );
}

type ReportData = Pick<Report, 'rows' | 'total' | 'arrivalsPerHour'>;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function Reports({ call, session }: { call: Call; session: string }) {
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [by, setBy] = useState('agency');
  const [data, setData] = useState<ReportData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const query = `from=${from}&to=${to}&by=${by}`;
  const load = () =>
    call<ReportData>('GET', `/api/admin/reports?${query}`).then(
      (d) => (setData(d), setError(null)),
      (err: unknown) => setError(errorText(err)),
    );
  useEffect(() => void load(), [from, to, by]);
  useEffect(() => {
    if (!canvas.current || !data) return;
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: data.arrivalsPerHour.map((_, h) => `${String(h).padStart(2, '0')}.00`), datasets: [{ label: 'Tiket diambil', data: data.arrivalsPerHour, backgroundColor: '#0b6e4f' }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
    return () => chart.current?.destroy();
  }, [data]);
  const download = async (format: 'csv' | 'xlsx') => {
    const { token } = deviceCredentials();
    const res = await fetch(`/api/admin/reports?${query}&format=${format}`, { headers: { 'x-antre-session': session, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `antre-${by}-${from}_${to}.${format}`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const n = (v: number | null) => (v === null ? '–' : v.toLocaleString('id-ID'));
  const rows = data ? [...data.rows, data.total] : [];
  return (
    <section className="reports">
      <div className="controls no-print">
        <label>
          Dari <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Sampai <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Per{' '}
          <select value={by} onChange={(e) => setBy(e.target.value)}>
            <option value="agency">instansi</option>
            <option value="service">layanan</option>
            <option value="counter">loket</option>
            <option value="officer">petugas</option>
          </select>
        </label>
        <button onClick={() => void download('csv')}>Unduh CSV</button>
        <button onClick={() => void download('xlsx')}>Unduh XLSX</button>
        <button onClick={() => window.print()}>Cetak</button>
      </div>
      {error && <p className="error">{error}</p>}
      <h2>
        Laporan {from}
        {to !== from ? ` – ${to}` : ''}
      </h2>
      <table className="report" data-testid="report">
        <thead>
          <tr>
            <th>Nama</th>
            <th>Diambil</th>
            <th>Dilayani</th>
            <th>Tidak hadir</th>
            <th>Batal</th>
            <th>Dialihkan</th>
            <th>Tunggu rata² / median / p90 (mnt)</th>
            <th>Layanan rata² / median / p90 (mnt)</th>
            <th>IKM</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.key}-${i}`} className={i === rows.length - 1 ? 'total' : ''}>
              <td>{r.name}</td>
              <td className="n">{r.issued}</td>
              <td className="n">{r.served}</td>
              <td className="n">{r.noShow}</td>
              <td className="n">{r.cancelled}</td>
              <td className="n">{r.transferred}</td>
              <td className="n">
                {n(r.wait.avg)} / {n(r.wait.median)} / {n(r.wait.p90)}
              </td>
              <td className="n">
                {n(r.service.avg)} / {n(r.service.median)} / {n(r.service.p90)}
              </td>
              <td className="n" data-testid={i === rows.length - 1 ? 'ikm-total' : undefined}>
                {r.ikm.converted === null ? '–' : `${n(r.ikm.converted)} (${r.ikm.grade}, ${r.ikm.respondents} responden)`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Kedatangan per jam</h2>
      <div className="chart">
        <canvas ref={canvas} aria-label="Tiket diambil per jam" role="img" />
      </div>
    </section>
  );
}

/** The weeks an MPP's services keep; the hub checks the times (open before close, HH:MM). */
const SERVICE_DAYS = [
  { value: 'weekdays', label: 'Senin–Jumat' },
  { value: 'weekdays-sat', label: 'Senin–Sabtu' },
  { value: 'daily', label: 'Setiap hari' },
  { value: 'always', label: 'Setiap hari, 24 jam' },
] as const;
type ServiceDays = (typeof SERVICE_DAYS)[number]['value'];

function weeklyHours(days: ServiceDays, open: string, rawClose: string): WeeklyHours {
  // A closing time of 00:00 means until midnight, the only way a time field can say it.
  const close = rawClose === '00:00' ? '24:00' : rawClose;
  if (days === 'always') return ALWAYS_OPEN;
  if (days === 'daily') return everyDayHours(open, close);
  return weekdayHours(open, close, days === 'weekdays-sat' ? [open, close] : undefined);
}

function Master({ call }: { call: Call }) {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = () => hubCall<Catalogue>('GET', '/api/catalogue').then(setCatalogue, () => {});
  useEffect(() => void load(), []);
  const [svc, setSvc] = useState({ agencyId: '', code: '', name: '', prefix: '', dailyQuota: '', estimatedMinutes: '10', waitTargetMinutes: '', days: 'weekdays' as ServiceDays, open: '08:00', close: '15:00' });
  const [ctr, setCtr] = useState({ label: '', zone: '', agencyId: '', serviceIds: [] as number[] });
  const addService = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('POST', '/api/admin/services', {
        agencyId: Number(svc.agencyId),
        code: svc.code.trim().toUpperCase(),
        name: svc.name,
        prefix: svc.prefix.trim().toUpperCase(),
        dailyQuota: svc.dailyQuota ? Number(svc.dailyQuota) : null,
        estimatedMinutes: Number(svc.estimatedMinutes),
        waitTargetMinutes: svc.waitTargetMinutes ? Number(svc.waitTargetMinutes) : null,
        hours: weeklyHours(svc.days, svc.open, svc.close),
      });
      setMessage(`Layanan ${svc.name} ditambahkan.`);
      void load();
    } catch (err) {
      setMessage(errorText(err));
    }
  };
  const addCounter = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('POST', '/api/admin/counters', { label: ctr.label, zone: ctr.zone, agencyId: ctr.agencyId ? Number(ctr.agencyId) : null, serviceIds: ctr.serviceIds });
      setMessage(`Loket ${ctr.label} ditambahkan.`);
    } catch (err) {
      setMessage(errorText(err));
    }
  };
  const allServices = catalogue?.agencies.flatMap((a) => a.services.map((s) => ({ ...s, agency: a.shortName }))) ?? [];
  const setLogo = (agencyId: number, file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () =>
      void call('PUT', `/api/admin/agencies/${agencyId}`, { logo: String(reader.result) }).then(
        () => (setMessage('Logo tersimpan.'), void load()),
        (err: unknown) => setMessage(errorText(err)),
      );
    reader.readAsDataURL(file);
  };
  /** Swaps an agency with its neighbour: both get their new place as their order. */
  const move = (index: number, step: -1 | 1) => {
    const list = catalogue?.agencies ?? [];
    const a = list[index];
    const b = list[index + step];
    if (!a || !b) return;
    void Promise.all([call('PUT', `/api/admin/agencies/${a.id}`, { sortOrder: index + step }), call('PUT', `/api/admin/agencies/${b.id}`, { sortOrder: index })]).then(
      () => void load(),
      (err: unknown) => setMessage(errorText(err)),
    );
  };
  return (
    <section className="master">
      {message && <p className="note" role="status">{message}</p>}
      <form aria-label="Instansi" onSubmit={(e) => e.preventDefault()}>
        <h2>Instansi (urutan di kios, logo)</h2>
        <table>
          <tbody>
            {catalogue?.agencies.map((a, i) => (
              <tr key={a.id}>
                <td>{a.logoUrl ? <img src={a.logoUrl} alt="" style={{ height: '1.6em' }} /> : null}</td>
                <td>{a.shortName}</td>
                <td>
                  <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Naikkan ${a.shortName}`}>↑</button>
                  <button type="button" disabled={i === (catalogue?.agencies.length ?? 0) - 1} onClick={() => move(i, 1)} aria-label={`Turunkan ${a.shortName}`}>↓</button>
                </td>
                <td>
                  <input type="file" accept="image/png,image/jpeg,image/webp" aria-label={`Logo ${a.shortName}`} onChange={(e) => setLogo(a.id, e.target.files?.[0])} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </form>
      <form onSubmit={(e) => void addService(e)} aria-label="Layanan baru">
        <h2>Layanan baru</h2>
        <label>
          Instansi
          <select name="agency" value={svc.agencyId} onChange={(e) => setSvc({ ...svc, agencyId: e.target.value })}>
            <option value="">—</option>
            {catalogue?.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Nama layanan <input name="name" value={svc.name} onChange={(e) => setSvc({ ...svc, name: e.target.value })} />
        </label>
        <label>
          Kode <input name="code" value={svc.code} onChange={(e) => setSvc({ ...svc, code: e.target.value })} />
        </label>
        <label>
          Prefiks nomor <input name="prefix" value={svc.prefix} onChange={(e) => setSvc({ ...svc, prefix: e.target.value })} />
        </label>
        <label>
          Kuota harian (kosong: tanpa batas) <input name="quota" inputMode="numeric" value={svc.dailyQuota} onChange={(e) => setSvc({ ...svc, dailyQuota: e.target.value })} />
        </label>
        <label>
          Menit per warga <input name="minutes" inputMode="numeric" value={svc.estimatedMinutes} onChange={(e) => setSvc({ ...svc, estimatedMinutes: e.target.value })} />
        </label>
        <label>
          Target waktu tunggu (menit; kosong: target MPP) <input name="target" inputMode="numeric" value={svc.waitTargetMinutes} onChange={(e) => setSvc({ ...svc, waitTargetMinutes: e.target.value })} />
        </label>
        <label>
          Hari layanan
          <select name="days" value={svc.days} onChange={(e) => setSvc({ ...svc, days: e.target.value as ServiceDays })}>
            {SERVICE_DAYS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        {svc.days !== 'always' && (
          <>
            <label>
              Jam buka <input name="open" type="time" value={svc.open} onChange={(e) => setSvc({ ...svc, open: e.target.value })} />
            </label>
            <label>
              Jam tutup <input name="close" type="time" value={svc.close} onChange={(e) => setSvc({ ...svc, close: e.target.value })} />
            </label>
          </>
        )}
        <button className="primary" type="submit">
          Tambah layanan
        </button>
      </form>
      <form onSubmit={(e) => void addCounter(e)} aria-label="Loket baru">
        <h2>Loket baru</h2>
        <label>
          Label <input name="label" value={ctr.label} onChange={(e) => setCtr({ ...ctr, label: e.target.value })} />
        </label>
        <label>
          Zona / lantai <input name="zone" value={ctr.zone} onChange={(e) => setCtr({ ...ctr, zone: e.target.value })} />
        </label>
        <fieldset>
          <legend>Layanan yang dilayani (urutan klik = urutan prioritas)</legend>
          {allServices.map((s) => (
            <label key={s.id} className="check">
              <input
                type="checkbox"
                checked={ctr.serviceIds.includes(s.id)}
                onChange={() => setCtr({ ...ctr, serviceIds: ctr.serviceIds.includes(s.id) ? ctr.serviceIds.filter((x) => x !== s.id) : [...ctr.serviceIds, s.id] })}
              />
              {s.prefix} {s.name} <small>({s.agency})</small>
            </label>
          ))}
        </fieldset>
        <button className="primary" type="submit">
          Tambah loket
        </button>
      </form>
    </section>
  );
}

function Devices({ call }: { call: Call }) {
  const [devices, setDevices] = useState<{ id: number; name: string; role: string; revokedAt: number | null; lastSeenAt: number | null }[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [role, setRole] = useState('kiosk');
  const load = () => call<typeof devices>('GET', '/api/admin/devices').then(setDevices, () => {});
  useEffect(() => void load(), []);
  return (
    <section className="devices">
      <div className="controls">
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="kiosk">Kios</option>
          <option value="display">Layar</option>
          <option value="admin">Admin</option>
        </select>
        <button onClick={() => void call<{ code: string }>('POST', '/api/admin/pairing-codes', { role, name: `${role} baru` }).then((r) => setCode(r.code))}>Buat kode pemasangan</button>
        {code && <strong data-testid="pairing-code">{code}</strong>}
      </div>
      <table>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{d.role}</td>
              <td>{d.revokedAt ? 'dicabut' : d.lastSeenAt ? `terakhir ${new Date(d.lastSeenAt).toLocaleString('id-ID')}` : ''}</td>
              <td>
                {!d.revokedAt && (
                  <>
                    <button onClick={() => { const name = prompt('Nama baru perangkat', d.name); if (name) void call('PUT', `/api/admin/devices/${d.id}`, { name }).then(load); }}>Ganti nama</button>{' '}
                    <button onClick={() => void call('POST', `/api/admin/devices/${d.id}/revoke`).then(load)}>Cabut</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function Settings({ call }: { call: Call }) {
  const [settings, setSettings] = useState<any>(null);
  const [site, setSite] = useState<any>(null);
  const [officers, setOfficers] = useState<{ id: number; name: string; username: string; role: string; active: number }[]>([]);
  const [closures, setClosures] = useState<{ id: number; date: string; serviceId: number | null; reason: string }[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [officer, setOfficer] = useState({ name: '', username: '', pin: '', role: 'officer' });
  const [closure, setClosure] = useState({ date: today(), serviceId: '', reason: '' });
  const load = () => {
    void call<any>('GET', '/api/admin/settings').then(setSettings, () => {});
    void hubCall<Catalogue>('GET', '/api/catalogue').then((c) => (setCatalogue(c), setSite(c.site)), () => {});
    void call<typeof officers>('GET', '/api/admin/officers').then(setOfficers, () => {});
    void call<typeof closures>('GET', '/api/admin/closures').then(setClosures, () => {});
  };
  useEffect(load, []);
  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage(`${what}: tersimpan.`);
      load();
    } catch (err) {
      setMessage(`${what}: ${errorText(err)}`);
    }
  };
  if (!settings || !site) return <p>Memuat…</p>;
  const kiosk = settings.kiosk;
  const display = settings.display;
  const policy = settings.priorityPolicy;
  const save = (patch: Record<string, unknown>) => act('Pengaturan', () => call('PUT', '/api/admin/settings', patch));
  return (
    <section className="master">
      {message && <p className="note" role="status">{message}</p>}
      <form aria-label="MPP" onSubmit={(e) => (e.preventDefault(), void act('MPP', () => call('PUT', '/api/admin/site', site)))}>
        <h2>MPP</h2>
        <label>Nama <input value={site.name} onChange={(e) => setSite({ ...site, name: e.target.value })} /></label>
        <label>Alamat <input value={site.address} onChange={(e) => setSite({ ...site, address: e.target.value })} /></label>
        <label>
          Zona waktu
          <select value={site.timeZone} onChange={(e) => setSite({ ...site, timeZone: e.target.value })}>
            <option value="Asia/Jakarta">WIB (Asia/Jakarta)</option>
            <option value="Asia/Pontianak">WIB (Asia/Pontianak)</option>
            <option value="Asia/Makassar">WITA (Asia/Makassar)</option>
            <option value="Asia/Jayapura">WIT (Asia/Jayapura)</option>
          </select>
        </label>
        <label>Kepala tiket <input value={site.ticketHeader} onChange={(e) => setSite({ ...site, ticketHeader: e.target.value })} /></label>
        <label>Kaki tiket <input value={site.ticketFooter} onChange={(e) => setSite({ ...site, ticketFooter: e.target.value })} /></label>
        <button className="primary" type="submit">Simpan</button>
      </form>
      <form aria-label="Kios dan layar" onSubmit={(e) => (e.preventDefault(), void save({ kiosk, display, surveyForm: settings.surveyForm, printFailurePolicy: settings.printFailurePolicy, waitTargetMinutes: settings.waitTargetMinutes, priorityPolicy: policy }))}>
        <h2>Kios, layar, prioritas</h2>
        <label className="check"><input type="checkbox" checked={kiosk.askPriority} onChange={(e) => setSettings({ ...settings, kiosk: { ...kiosk, askPriority: e.target.checked } })} /> Tanyakan kelompok prioritas di kios</label>
        <label>Kembali ke beranda setelah (detik) <input inputMode="numeric" value={kiosk.idleSeconds} onChange={(e) => setSettings({ ...settings, kiosk: { ...kiosk, idleSeconds: Number(e.target.value) || 0 } })} /></label>
        <label>
          Jika printer bermasalah
          <select value={kiosk.printerTrouble} onChange={(e) => setSettings({ ...settings, kiosk: { ...kiosk, printerTrouble: e.target.value } })}>
            <option value="stop">hentikan pengambilan tiket</option>
            <option value="screen">tetap ambil, nomor di layar</option>
          </select>
        </label>
        <label>
          Tiket gagal cetak
          <select value={settings.printFailurePolicy} onChange={(e) => setSettings({ ...settings, printFailurePolicy: e.target.value })}>
            <option value="keep">tetap di antrean</option>
            <option value="void">dibatalkan</option>
          </select>
        </label>
        <label>Teks berjalan <input value={display.runningText} onChange={(e) => setSettings({ ...settings, display: { ...display, runningText: e.target.value } })} /></label>
        <label>Kalimat panggilan <input value={display.wording} onChange={(e) => setSettings({ ...settings, display: { ...display, wording: e.target.value } })} /></label>
        <label>
          Suara
          <select value={display.voice} onChange={(e) => setSettings({ ...settings, display: { ...display, voice: e.target.value } })}>
            <option value="clips">rekaman (luring)</option>
            <option value="speech">suara peramban (id-ID)</option>
            <option value="off">tanpa suara</option>
          </select>
        </label>
        <label>
          Survei
          <select value={settings.surveyForm} onChange={(e) => setSettings({ ...settings, surveyForm: e.target.value })}>
            <option value="full">lengkap (9 unsur)</option>
            <option value="short">satu ketukan</option>
          </select>
        </label>
        <label>Target waktu tunggu (menit) <input inputMode="numeric" value={settings.waitTargetMinutes} onChange={(e) => setSettings({ ...settings, waitTargetMinutes: Number(e.target.value) || 0 })} /></label>
        <label>Prioritas : reguler <span><input inputMode="numeric" size={2} value={policy.priorityRun} onChange={(e) => setSettings({ ...settings, priorityPolicy: { ...policy, priorityRun: Number(e.target.value) || 0 } })} /> : <input inputMode="numeric" size={2} value={policy.regularRun} onChange={(e) => setSettings({ ...settings, priorityPolicy: { ...policy, regularRun: Number(e.target.value) || 0 } })} /></span></label>
        <label>Tunggu maksimum reguler (menit) <input inputMode="numeric" value={policy.maxWaitMinutes} onChange={(e) => setSettings({ ...settings, priorityPolicy: { ...policy, maxWaitMinutes: Number(e.target.value) || 0 } })} /></label>
        <button className="primary" type="submit">Simpan</button>
      </form>
      <form aria-label="Petugas" onSubmit={(e) => (e.preventDefault(), void act('Petugas', () => call('POST', '/api/admin/officers', officer)))}>
        <h2>Petugas</h2>
        <table>
          <tbody>
            {officers.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.username}</td>
                <td>{o.role}</td>
                <td>
                  {o.active ? (
                    <>
                      <button type="button" onClick={() => { const pin = prompt(`PIN baru untuk ${o.username}`); if (pin) void act('PIN', () => call('POST', `/api/admin/officers/${o.id}/pin`, { pin })); }}>Atur ulang PIN</button>{' '}
                      <button type="button" onClick={() => void act('Petugas', () => call('POST', `/api/admin/officers/${o.id}/deactivate`))}>Nonaktifkan</button>
                    </>
                  ) : 'nonaktif'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <label>Nama <input value={officer.name} onChange={(e) => setOfficer({ ...officer, name: e.target.value })} /></label>
        <label>Nama pengguna <input value={officer.username} onChange={(e) => setOfficer({ ...officer, username: e.target.value })} /></label>
        <label>PIN <input type="password" value={officer.pin} onChange={(e) => setOfficer({ ...officer, pin: e.target.value })} /></label>
        <label>
          Peran
          <select value={officer.role} onChange={(e) => setOfficer({ ...officer, role: e.target.value })}>
            <option value="officer">petugas</option>
            <option value="supervisor">supervisor</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button className="primary" type="submit">Tambah petugas</button>
      </form>
      <form aria-label="Libur dan penutupan" onSubmit={(e) => (e.preventDefault(), void act('Penutupan', () => call('POST', '/api/admin/closures', { date: closure.date, serviceId: closure.serviceId ? Number(closure.serviceId) : null, reason: closure.reason })))}>
        <h2>Libur dan penutupan</h2>
        <ul>
          {closures.map((c) => (
            <li key={c.id}>
              {c.date}: {c.serviceId === null ? 'seluruh MPP' : catalogue?.agencies.flatMap((a) => a.services).find((s) => s.id === c.serviceId)?.name} — {c.reason}
            </li>
          ))}
        </ul>
        <label>Tanggal <input type="date" value={closure.date} onChange={(e) => setClosure({ ...closure, date: e.target.value })} /></label>
        <label>
          Layanan
          <select value={closure.serviceId} onChange={(e) => setClosure({ ...closure, serviceId: e.target.value })}>
            <option value="">seluruh MPP</option>
            {catalogue?.agencies.flatMap((a) => a.services).map((s) => (
              <option key={s.id} value={s.id}>{s.prefix} {s.name}</option>
            ))}
          </select>
        </label>
        <label>Alasan <input value={closure.reason} onChange={(e) => setClosure({ ...closure, reason: e.target.value })} /></label>
        <button className="primary" type="submit">Tutup pada tanggal itu</button>
      </form>
    </section>
  );
}
