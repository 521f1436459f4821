/**
 * Each kiosk's printer (and the hub's own, for the browser kiosk): how the hub reaches it, the
 * model profile, paper width, QR mode and cut, its last status (paper out, cover open, offline…)
 * read again every few seconds while shown, a test ticket, a status check now, and "release" (the
 * kiosk prints by itself again). A kiosk that prints on its own printer (set up in the kiosk app)
 * is listed with the status it reports, and nothing to change here.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PRINTER_CUTS, PRINTER_MODELS, PRINTER_PROFILES, profileSettings, type PrinterCut, type PrinterModel } from '../../../../shared/printerProfiles.js';
import {
  PRINTER_CODE_PAGES,
  PRINTER_STATE_LABELS,
  PRINTER_TRANSPORTS,
  PrinterList,
  PrinterSetupResponse,
  PrinterStatus,
  PrintResult,
  type PrinterConfig,
  type PrinterInfo,
  type PrinterTransport,
} from '../../../../shared/printing.js';
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
              const stateCell = (
                <>
                  <span className={`state ${state === 'ready' ? 'good' : state && state !== 'unknown' && state !== 'paper_near_end' ? 'bad' : ''}`}>
                    {state ? PRINTER_STATE_LABELS[state][lang] : t('devices.printers.unknown')}
                  </span>
                  {p.checkedAt && <span className="muted"> · {t('devices.printers.checkedAt', { time: new Date(p.checkedAt).toLocaleTimeString(locale) })}</span>}
                </>
              );
              // The kiosk app holds this printer's settings: the hub neither knows nor drives it,
              // so it offers no edit or test, and says where to go instead.
              if (p.ownPrinter)
                return (
                  <tr key={key} data-testid="printer-row" className="own">
                    <td>{p.deviceName}</td>
                    <td colSpan={3}>
                      <strong>{t('devices.printers.ownPrinter')}</strong>
                      <br />
                      <span className="muted">{t('devices.printers.ownPrinterWhy')}</span>
                    </td>
                    <td>{stateCell}</td>
                    <td />
                  </tr>
                );
              return editing === key ? (
                <PrinterForm key={key} printer={p} onDone={(saved) => (setEditing(null), saved && void load())} />
              ) : (
                <tr key={key} data-testid="printer-row">
                  <td>{p.deviceName}</td>
                  <td>{p.config ? t(`devices.printers.transports.${p.config.transport}`) : <span className="muted">{t('devices.printers.notSet')}</span>}</td>
                  <td>{p.config?.address ?? ''}</td>
                  <td>
                    {p.config && t('devices.printers.paperWidth', { mm: p.config.paperWidth })}
                    {p.config?.model && <span className="muted"> · {PRINTER_PROFILES[p.config.model].name}</span>}
                  </td>
                  <td>{p.config && stateCell}</td>
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

/** The settings a form starts from: the kept ones, or the schema's defaults for a new printer. */
function initial(config: PrinterConfig | null): Omit<PrinterConfig, 'model'> & { model: PrinterModel | '' } {
  return {
    transport: config?.transport ?? 'tcp',
    address: config?.address ?? '',
    baudRate: config?.baudRate ?? 9600,
    paperWidth: config?.paperWidth ?? 80,
    codePage: config?.codePage ?? 'PC437',
    qrMode: config?.qrMode ?? 'native',
    cut: config?.cut ?? 'full',
    model: config?.model ?? '',
  };
}

function PrinterForm({ printer, onDone }: { printer: PrinterInfo; onDone: (saved: boolean) => void }) {
  const { t, lang } = useAdminT();
  const call = useAdmin((s) => s.call);
  const [form, setForm] = useState(() => initial(printer.config));
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  // Picking a model sets what it needs; every field stays editable after.
  const pickModel = (model: PrinterModel | '') => set(model === '' ? { model } : profileSettings(model));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { model, ...rest } = form;
    const body = { ...rest, address: form.address.trim(), ...(model === '' ? {} : { model }) };
    const r = await call((api) => api.send('PUT', `/api/admin/printers/${deviceKey(printer)}`, body, PrinterSetupResponse), 'devices.printers.saved', { name: printer.deviceName });
    if (r) onDone(true);
  };
  const note = form.model === '' ? null : PRINTER_PROFILES[form.model].note;
  return (
    <tr>
      <td colSpan={6}>
        <form className="row" aria-label={t('devices.printers.editTitle', { name: printer.deviceName })} onSubmit={(e) => void submit(e)}>
          <strong>{printer.deviceName}</strong>
          <label>
            {t('devices.printers.profile')}
            <select value={form.model} onChange={(e) => pickModel(e.target.value as PrinterModel | '')}>
              <option value="">{t('devices.printers.profileNone')}</option>
              {PRINTER_MODELS.map((m) => (
                <option key={m} value={m}>
                  {PRINTER_PROFILES[m].name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('devices.printers.transport')}
            <select value={form.transport} onChange={(e) => set({ transport: e.target.value as PrinterTransport })}>
              {PRINTER_TRANSPORTS.map((tr) => (
                <option key={tr} value={tr}>
                  {t(`devices.printers.transports.${tr}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('devices.printers.address')}
            <input value={form.address} required maxLength={200} placeholder={t(`devices.printers.addressHint.${form.transport}`)} onChange={(e) => set({ address: e.target.value })} />
          </label>
          <label>
            {t('devices.printers.paper')}
            <select value={form.paperWidth} onChange={(e) => set({ paperWidth: Number(e.target.value) as 80 | 58 })}>
              <option value={80}>{t('devices.printers.paperWidth', { mm: 80 })}</option>
              <option value={58}>{t('devices.printers.paperWidth', { mm: 58 })}</option>
            </select>
          </label>
          <label>
            {t('devices.printers.qrMode')}
            <select value={form.qrMode} onChange={(e) => set({ qrMode: e.target.value as PrinterConfig['qrMode'] })}>
              {(['native', 'raster', 'none'] as const).map((q) => (
                <option key={q} value={q}>
                  {t(`devices.printers.qrModes.${q}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('devices.printers.codePage')}
            <select value={form.codePage} onChange={(e) => set({ codePage: e.target.value as PrinterConfig['codePage'] })}>
              {PRINTER_CODE_PAGES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('devices.printers.cut')}
            <select value={form.cut} onChange={(e) => set({ cut: e.target.value as PrinterCut })}>
              {PRINTER_CUTS.map((c) => (
                <option key={c} value={c}>
                  {t(`devices.printers.cuts.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <button className="primary" type="submit">
            {t('devices.printers.save')}
          </button>
          <button type="button" onClick={() => onDone(false)}>
            {t('cancel')}
          </button>
          {note && (
            <p className="muted" data-testid="printer-profile-note">
              {note[lang]}
            </p>
          )}
        </form>
      </td>
    </tr>
  );
}
