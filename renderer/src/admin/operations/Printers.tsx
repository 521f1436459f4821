/**
 * Each kiosk's printer (and the hub's own, for the browser kiosk): how the hub reaches it, the
 * paper width, its last status (paper out, cover open, offline…) read again every few seconds while
 * shown, a test ticket, a status check now, and "release" (the kiosk prints by itself again).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PRINTER_STATE_LABELS, PRINTER_TRANSPORTS, PrinterList, PrinterSetupResponse, PrinterStatus, PrintResult, type PrinterInfo, type PrinterTransport } from '../../../../shared/printing.js';
import { Ok } from '../../../../shared/protocol.js';
import { adminApi } from '../api.js';
import { bilingual, useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';

/** What the hub's poller sees changes within seconds; the list follows without a reload. */
const REFRESH_MS = 10_000;

const deviceKey = (p: PrinterInfo) => (p.deviceId === null ? 'local' : String(p.deviceId));

export function Printers() {
  const { t, lang, locale } = useAdminT();
  const session = useAdmin((s) => s.session);
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [printers, setPrinters] = useState<PrinterInfo[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const load = useCallback(() => adminApi(session ?? '').get('/api/admin/printers', PrinterList).then(setPrinters, () => {}), [session]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const test = async (p: PrinterInfo) => {
    const r = await call((api) => api.send('POST', `/api/admin/printers/${deviceKey(p)}/test`, undefined, PrintResult));
    if (r) {
      const said = bilingual('devices.printers.tested', { outcome: bilingual(`devices.printers.outcomes.${r.outcome}`) });
      const state = PRINTER_STATE_LABELS[r.status.state];
      notify(r.outcome === 'failed' ? 'error' : 'ok', { id: `${said.id} · ${state.id}`, en: `${said.en} · ${state.en}` });
    }
    void load();
  };
  const check = async (p: PrinterInfo) => {
    await call((api) => api.send('POST', `/api/admin/printers/${deviceKey(p)}/status`, undefined, PrinterStatus));
    void load();
  };
  const release = async (p: PrinterInfo) => {
    if (await call((api) => api.send('DELETE', `/api/admin/printers/${deviceKey(p)}`, undefined, Ok), 'devices.printers.removed', { name: p.deviceName })) void load();
  };

  return (
    <section aria-label={t('devices.printers.heading')} className="ops-wide">
      <h2>{t('devices.printers.heading')}</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>{t('devices.printers.kiosk')}</th>
              <th>{t('devices.printers.transport')}</th>
              <th>{t('devices.printers.address')}</th>
              <th>{t('devices.printers.paper')}</th>
              <th>{t('devices.printers.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {printers.map((p) => {
              const key = deviceKey(p);
              const state = p.status?.state;
              return editing === key ? (
                <PrinterForm key={key} printer={p} onDone={(saved) => (setEditing(null), saved && void load())} />
              ) : (
                <tr key={key} data-testid="printer-row">
                  <td>{p.deviceName}</td>
                  <td>{p.config ? t(`devices.printers.transports.${p.config.transport}`) : <span className="muted">{t('devices.printers.notSet')}</span>}</td>
                  <td>{p.config?.address ?? ''}</td>
                  <td>{p.config ? t('devices.printers.paperWidth', { mm: p.config.paperWidth }) : ''}</td>
                  <td>
                    {p.config && (
                      <>
                        <span className={`state ${state === 'ready' ? 'good' : state && state !== 'unknown' && state !== 'paper_near_end' ? 'bad' : ''}`}>
                          {state ? PRINTER_STATE_LABELS[state][lang] : t('devices.printers.unknown')}
                        </span>
                        {p.checkedAt && <span className="muted"> · {t('devices.printers.checkedAt', { time: new Date(p.checkedAt).toLocaleTimeString(locale) })}</span>}
                      </>
                    )}
                  </td>
                  <td className="actions">
                    <button onClick={() => setEditing(key)}>{t('devices.printers.edit')}</button>
                    {p.config && (
                      <>
                        <button onClick={() => void test(p)}>{t('devices.printers.test')}</button>
                        <button onClick={() => void check(p)}>{t('devices.printers.check')}</button>
                        <button onClick={() => void release(p)}>{t('devices.printers.remove')}</button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PrinterForm({ printer, onDone }: { printer: PrinterInfo; onDone: (saved: boolean) => void }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const [transport, setTransport] = useState<PrinterTransport>(printer.config?.transport ?? 'tcp');
  const [address, setAddress] = useState(printer.config?.address ?? '');
  const [paperWidth, setPaperWidth] = useState<80 | 58>(printer.config?.paperWidth ?? 80);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // What the form does not show (code page, QR mode, baud rate) keeps its value.
    const body = { ...(printer.config ?? {}), transport, address: address.trim(), paperWidth };
    const r = await call((api) => api.send('PUT', `/api/admin/printers/${deviceKey(printer)}`, body, PrinterSetupResponse), 'devices.printers.saved', { name: printer.deviceName });
    if (r) onDone(true);
  };
  return (
    <tr>
      <td colSpan={6}>
        <form className="row" aria-label={t('devices.printers.editTitle', { name: printer.deviceName })} onSubmit={(e) => void submit(e)}>
          <strong>{printer.deviceName}</strong>
          <label>
            {t('devices.printers.transport')}
            <select value={transport} onChange={(e) => setTransport(e.target.value as PrinterTransport)}>
              {PRINTER_TRANSPORTS.map((tr) => (
                <option key={tr} value={tr}>
                  {t(`devices.printers.transports.${tr}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('devices.printers.address')}
            <input value={address} required maxLength={200} placeholder={t(`devices.printers.addressHint.${transport}`)} onChange={(e) => setAddress(e.target.value)} />
          </label>
          <label>
            {t('devices.printers.paper')}
            <select value={paperWidth} onChange={(e) => setPaperWidth(Number(e.target.value) as 80 | 58)}>
              <option value={80}>{t('devices.printers.paperWidth', { mm: 80 })}</option>
              <option value={58}>{t('devices.printers.paperWidth', { mm: 58 })}</option>
            </select>
          </label>
          <button className="primary" type="submit">
            {t('devices.printers.save')}
          </button>
          <button type="button" onClick={() => onDone(false)}>
            {t('cancel')}
          </button>
        </form>
      </td>
    </tr>
  );
}
