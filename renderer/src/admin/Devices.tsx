/**
 * The devices tab (Perangkat & printer): a pairing code for a kiosk, a counter PC at its counter, a
 * display for its zone or an admin PC, shown large with its expiry and the hub's certificate
 * fingerprint; the paired devices with their role, counter or zone and last activity, to rename or
 * revoke; and each kiosk's printer (./operations/Printers.tsx). Kiosks, displays, admin PCs and
 * printers belong to the whole MPP: an agency supervisor pairs, renames and revokes only the counter
 * PCs of their agency's counters (the hub lists only those to them).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { z } from 'zod';
import type { DeviceInfo } from '../../../shared/admin.js';
import { CounterList } from '../../../shared/views.js';
import { AskDialog } from './AskDialog.js';
import { adminApi } from './api.js';
import { useAdminT } from './i18n.js';
import { ConfirmDialog } from './operations/ConfirmDialog.js';
import { Printers } from './operations/Printers.js';
import { useScope } from './operations/scope.js';
import { useAdmin } from './store.js';
import './operations/operations.css';

const ROLES = ['kiosk', 'counter', 'display', 'admin'] as const;
type Role = (typeof ROLES)[number];

/** GET /api/admin/zones, read loosely (the zones' own tab owns their schema). */
const ZoneList = z.array(z.object({ id: z.number().int(), name: z.string(), floor: z.string().optional().default(''), active: z.union([z.boolean(), z.number()]).optional() }));
type Zone = z.infer<typeof ZoneList>[number];
type Counter = z.infer<typeof CounterList>[number];

/** Counters and zones, for the pairing form and the list's "counter / zone" column. */
function usePlaces(): { counters: Counter[]; zones: Zone[] } {
  const session = useAdmin((s) => s.session);
  const [counters, setCounters] = useState<Counter[]>([]);
  const [zones, setZones] = useState<Zone[]>([]);
  useEffect(() => {
    const api = adminApi(session ?? '');
    // Quiet loads: a list that cannot be read leaves its field empty, not an error line.
    api.get('/api/counters', CounterList).then(setCounters, () => {});
    api.get('/api/admin/zones', ZoneList).then(setZones, () => {});
  }, [session]);
  return { counters, zones };
}

export function Devices() {
  const { t } = useAdminT();
  const scope = useScope();
  const devices = useAdmin((s) => s.devices);
  const loadDevices = useAdmin((s) => s.loadDevices);
  const places = usePlaces();
  useEffect(() => void loadDevices(), [loadDevices]);
  const wholeMpp = scope?.wholeMpp ?? true;
  return (
    <div className="ops">
      {!wholeMpp && <p className="note ops-wide">{t('devices.wholeMppOnly')}</p>}
      <PairingForm
        roles={wholeMpp ? ROLES : ['counter']}
        counters={wholeMpp ? places.counters : places.counters.filter((c) => c.agencyId === scope?.agencyId)}
        zones={places.zones}
        onPaired={() => void loadDevices()}
      />
      <DeviceList devices={devices} {...places} />
      {wholeMpp && <Printers />}
    </div>
  );
}

function PairingForm({ roles, counters, zones, onPaired }: { roles: readonly Role[]; counters: Counter[]; zones: Zone[]; onPaired: () => void }) {
  const { t } = useAdminT();
  const createPairingCode = useAdmin((s) => s.createPairingCode);
  const code = useAdmin((s) => s.pairingCode);
  const [chosen, setRole] = useState<Role>(roles[0]!);
  const role = roles.includes(chosen) ? chosen : roles[0]!;
  const [name, setName] = useState('');
  const [counterId, setCounterId] = useState('');
  const [zoneId, setZoneId] = useState('');
  const defaultName = t('devices.newName', { role: t(`devices.roles.${role}`) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const counter = counters.find((c) => String(c.id) === counterId);
    const zone = zones.find((z) => String(z.id) === zoneId);
    // A counter PC is named after its counter unless a name was typed.
    const deviceName = name.trim() || (role === 'counter' && counter ? `PC ${counter.label}` : role === 'display' && zone ? `${t('devices.roles.display')} ${zone.name}` : defaultName);
    const done = await createPairingCode({
      role,
      name: deviceName.slice(0, 60),
      ...(role === 'counter' && counterId ? { counterId: Number(counterId) } : {}),
      ...(role === 'display' && zoneId ? { zoneId: Number(zoneId) } : {}),
    });
    if (done) {
      setName('');
      setCounterId('');
      onPaired();
    }
  };
  return (
    <section aria-label={t('devices.pairHeading')}>
      <h2>{t('devices.pairHeading')}</h2>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <label>
          {t('devices.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`devices.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {role === 'counter' && (
          <label>
            {t('devices.counter')}
            <select value={counterId} onChange={(e) => setCounterId(e.target.value)} required>
              <option value="">{t('devices.chooseCounter')}</option>
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                  {c.zone ? ` · ${c.zone}` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {role === 'display' && (
          <label>
            {t('devices.zone')}
            <select value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
              <option value="">{t('devices.wholeHall')}</option>
              {zones
                .filter((z) => z.active !== false && z.active !== 0)
                .map((z) => (
                  <option key={z.id} value={z.id}>
                    {z.name}
                    {z.floor ? ` (${z.floor})` : ''}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label>
          {t('devices.deviceName')}
          <input value={name} maxLength={60} placeholder={defaultName} onChange={(e) => setName(e.target.value)} />
        </label>
        <button className="primary" type="submit">
          {t('devices.createCode')}
        </button>
      </form>
      {code && <PairingCode />}
    </section>
  );
}

/** The code, large, with the time it stops working and the fingerprint to compare. */
function PairingCode() {
  const { t, locale } = useAdminT();
  const code = useAdmin((s) => s.pairingCode);
  const fingerprint = useAdmin((s) => s.pairingFingerprint);
  const expiresAt = useAdmin((s) => s.pairingExpiresAt);
  const name = useAdmin((s) => s.pairingName);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const expired = expiresAt !== null && expiresAt <= now;
  return (
    <div className="code" aria-live="polite">
      <span>{t('devices.codeFor', { name })}</span>
      <strong data-testid="pairing-code" className={expired ? 'muted' : ''}>
        {code}
      </strong>
      {expiresAt !== null && (
        <span data-testid="pairing-expiry">
          {expired
            ? t('devices.expired')
            : t('devices.expires', { time: new Date(expiresAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }), minutes: Math.max(1, Math.ceil((expiresAt - now) / 60_000)) })}
        </span>
      )}
      <span className="ops-explain">{t('devices.codeHelp')}</span>
      {fingerprint && (
        <span className="fingerprint" data-testid="hub-fingerprint" title={t('devices.fingerprintHelp')}>
          {t('devices.fingerprint')}: <code>{fingerprint}</code>
        </span>
      )}
    </div>
  );
}

function DeviceList({ devices, counters, zones }: { devices: DeviceInfo[]; counters: Counter[]; zones: Zone[] }) {
  const { t, locale } = useAdminT();
  const scope = useScope();
  const renameDevice = useAdmin((s) => s.renameDevice);
  const revokeDevice = useAdmin((s) => s.revokeDevice);
  const [query, setQuery] = useState('');
  const [renaming, setRenaming] = useState<DeviceInfo | null>(null);
  const [revoking, setRevoking] = useState<DeviceInfo | null>(null);
  const where = (d: DeviceInfo) => {
    if (d.counterId !== null) return counters.find((c) => c.id === d.counterId)?.label ?? `#${d.counterId}`;
    if (d.role === 'display') {
      const zoneId = (d as DeviceInfo & { zoneId?: number | null }).zoneId ?? null;
      return zoneId === null ? t('devices.wholeHall') : (zones.find((z) => z.id === zoneId)?.name ?? `#${zoneId}`);
    }
    return '';
  };
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    // Working devices first, the revoked ones after them, each by name.
    return devices
      .filter((d) => !q || `${d.name} ${t(`devices.roles.${d.role}`)} ${where(d)}`.toLowerCase().includes(q))
      .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || a.name.localeCompare(b.name, 'id'));
  }, [devices, query, counters, zones, t]);
  // An agency supervisor is listed only the counter PCs they manage.
  const manage = scope !== null;
  return (
    <section aria-label={t('devices.listHeading')} className="ops-wide">
      <div className="row">
        <h2>{t('devices.listHeading')}</h2>
        <label>
          {t('devices.search')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      </div>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>{t('devices.colName')}</th>
              <th>{t('devices.colRole')}</th>
              <th>{t('devices.colWhere')}</th>
              <th>{t('devices.colSeen')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} className={d.revokedAt ? 'revoked' : ''}>
                <td>{d.name}</td>
                <td>{t(`devices.roles.${d.role}`)}</td>
                <td>{where(d)}</td>
                <td>{d.revokedAt ? t('devices.revoked') : d.lastSeenAt ? t('devices.lastSeen', { time: new Date(d.lastSeenAt).toLocaleString(locale) }) : t('devices.never')}</td>
                <td className="actions">
                  {!d.revokedAt && manage && (
                    <>
                      <button onClick={() => setRenaming(d)}>{t('devices.rename')}</button>
                      <button onClick={() => setRevoking(d)}>{t('devices.revoke')}</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted">{t('devices.none')}</p>}
      </div>
      {renaming && (
        <AskDialog
          title={t('devices.renameTitle')}
          label={t('devices.name')}
          initial={renaming.name}
          input={{ name: 'name', maxLength: 60 }}
          onSubmit={(name) => renameDevice(renaming.id, name)}
          onClose={() => setRenaming(null)}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('devices.revokeTitle', { name: revoking.name })}
          text={t('devices.revokeText')}
          confirm={t('devices.revokeConfirm')}
          onConfirm={async () => {
            await revokeDevice(revoking.id);
            return true;
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
