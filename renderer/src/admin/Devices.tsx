/** The devices tab: pairing codes for new kiosks, displays and admin PCs; renaming; revoking. */
import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../../../shared/admin.js';
import type { DeviceRole } from '../../../shared/domain.js';
import { AskDialog } from './AskDialog.js';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

/** A counter device is paired from its counter's own setup, which names the counter. */
const PAIRABLE_HERE = ['kiosk', 'display', 'admin'] as const satisfies readonly DeviceRole[];

export function Devices() {
  const { t } = useAdminT();
  const devices = useAdmin((s) => s.devices);
  const loadDevices = useAdmin((s) => s.loadDevices);
  const [renaming, setRenaming] = useState<DeviceInfo | null>(null);
  const renameDevice = useAdmin((s) => s.renameDevice);
  useEffect(() => void loadDevices(), [loadDevices]);
  return (
    <section className="devices">
      <PairingCode />
      <table>
        <tbody>
          {devices.map((d) => (
            <DeviceRow key={d.id} device={d} onRename={() => setRenaming(d)} />
          ))}
        </tbody>
      </table>
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
    </section>
  );
}

function PairingCode() {
  const { t } = useAdminT();
  const code = useAdmin((s) => s.pairingCode);
  const fingerprint = useAdmin((s) => s.pairingFingerprint);
  const createPairingCode = useAdmin((s) => s.createPairingCode);
  const [role, setRole] = useState<(typeof PAIRABLE_HERE)[number]>('kiosk');
  return (
    <div className="controls">
      <select aria-label={t('devices.role')} value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
        {PAIRABLE_HERE.map((r) => (
          <option key={r} value={r}>
            {t(`devices.roles.${r}`)}
          </option>
        ))}
      </select>
      <button onClick={() => void createPairingCode(role, t('devices.newName', { role: t(`devices.roles.${role}`) }))}>{t('devices.createCode')}</button>
      {code && <strong data-testid="pairing-code">{code}</strong>}
      {code && fingerprint && (
        <span className="fingerprint" data-testid="hub-fingerprint" title={t('devices.fingerprintHelp')}>
          {t('devices.fingerprint')}: <code>{fingerprint}</code>
        </span>
      )}
    </div>
  );
}

function DeviceRow({ device: d, onRename }: { device: DeviceInfo; onRename: () => void }) {
  const { t, locale } = useAdminT();
  const revokeDevice = useAdmin((s) => s.revokeDevice);
  return (
    <tr>
      <td>{d.name}</td>
      <td>{t(`devices.roles.${d.role}`)}</td>
      <td>{d.revokedAt ? t('devices.revoked') : d.lastSeenAt ? t('devices.lastSeen', { time: new Date(d.lastSeenAt).toLocaleString(locale) }) : ''}</td>
      <td className="actions">
        {!d.revokedAt && (
          <>
            <button onClick={onRename}>{t('devices.rename')}</button>
            <button onClick={() => void revokeDevice(d.id)}>{t('devices.revoke')}</button>
          </>
        )}
      </td>
    </tr>
  );
}
