/**
 * The kiosk's ticket printer in the wizard: printed by the hub, or by a printer of this machine
 * (USB through Windows, a Linux device file, a serial port, the LAN, the OS driver). Saved at once
 * through main, which checks it as the hub does and reads its status back; "Cetak tes" prints on
 * the saved printer. Separate from "Simpan dan mulai", so a printer can be tried before the rest.
 */
import { useEffect, useState } from 'react';
import type { AntreBridge } from '../../../shared/ipc.js';
import { PRINTER_CUTS, PRINTER_MODELS, PRINTER_PROFILES, type PrinterCut, type PrinterModel } from '../../../shared/printerProfiles.js';
import { PRINTER_CODE_PAGES, type PrinterConfig } from '../../../shared/printing.js';
import { BAUD_RATES, configFrom, formFrom, PRINTER_CHOICES, savedWords, testWords, withModel, type PrinterChoice, type PrinterForm } from './printerForm.js';

const QR_WORDS: Record<PrinterConfig['qrMode'], string> = { native: 'Dicetak printer (native)', raster: 'Sebagai gambar (raster)', none: 'Tanpa QR' };
const CUT_WORDS: Record<PrinterCut, string> = { full: 'Potong penuh', partial: 'Potong sebagian', none: 'Tanpa pemotong (disobek)' };

type Said = { ok: boolean; text: string };

export function PrinterSetup({ bridge, saved }: { bridge: AntreBridge; saved: PrinterConfig | null }) {
  const [form, setForm] = useState<PrinterForm>(() => formFrom(saved));
  /** what main keeps now, as the form would send it: "Cetak tes" prints on that one */
  const [kept, setKept] = useState(() => JSON.stringify(configFrom(formFrom(saved))));
  const [printers, setPrinters] = useState<{ name: string; displayName: string }[]>([]);
  const [ports, setPorts] = useState<{ path: string; label: string }[]>([]);
  const [said, setSaid] = useState<Said | null>(null);
  const [tested, setTested] = useState<Said | null>(null);
  const [busy, setBusy] = useState(false);
  /** every change: what was said of the previous form no longer holds */
  const edit = (change: (f: PrinterForm) => PrinterForm) => {
    setForm(change);
    setSaid(null);
    setTested(null);
  };
  const set = (patch: Partial<PrinterForm>) => edit((f) => ({ ...f, ...patch }));
  const setAddress = (choice: PrinterChoice, value: string) => edit((f) => ({ ...f, addresses: { ...f.addresses, [choice]: value } }));

  // The lists are asked for when their choice is shown: a serial scan or the spooler can be slow.
  useEffect(() => {
    if (form.choice === 'windows' || form.choice === 'os') bridge.listPrinters().then(setPrinters, () => setPrinters([]));
    if (form.choice === 'serial') bridge.listSerialPorts().then(setPorts, () => setPorts([]));
  }, [bridge, form.choice]);

  const current = configFrom(form);
  const dirty = JSON.stringify(current) !== kept;
  const save = async () => {
    setTested(null);
    if (!current.ok) return setSaid({ ok: false, text: `${current.error.id} / ${current.error.en}` });
    setBusy(true);
    try {
      const r = await bridge.printerSave(current.config);
      if (r.ok) setKept(JSON.stringify(current));
      setSaid(r.ok ? { ok: true, text: savedWords(current.config, r.status) } : { ok: false, text: `${r.error.id} / ${r.error.en}` });
    } catch (e) {
      setSaid({ ok: false, text: `Printer tidak tersimpan. / The printer was not saved. (${e instanceof Error ? e.message : String(e)})` });
    } finally {
      setBusy(false);
    }
  };
  const test = async () => {
    if (!current.ok || current.config === null) return;
    setBusy(true);
    try {
      setTested(testWords(await bridge.printerTest(), current.config.transport));
    } catch (e) {
      setTested({ ok: false, text: `Cetak tes tidak berjalan. / The test print did not run. (${e instanceof Error ? e.message : String(e)})` });
    } finally {
      setBusy(false);
    }
  };

  const choice = form.choice;
  const own = choice !== 'hub';
  const note = form.model === '' ? null : PRINTER_PROFILES[form.model].note;
  // Named by aria-label: the label around it also holds the options' text.
  const listSelect = (name: string, items: { value: string; label: string }[], empty: string, placeholder: string) => {
    const value = form.addresses[choice as Exclude<PrinterChoice, 'hub' | 'tcp'>] ?? '';
    // Nothing listed (a driver not installed yet, a port the scan missed): typed by hand instead.
    if (items.length === 0)
      return (
        <>
          <span className="note">{empty}</span>
          <input aria-label={name} placeholder={placeholder} value={value} onChange={(e) => setAddress(choice, e.target.value)} />
        </>
      );
    const known = items.some((i) => i.value === value);
    return (
      <select aria-label={name} value={value} onChange={(e) => setAddress(choice, e.target.value)}>
        <option value="">— pilih —</option>
        {!known && value && <option value={value}>{value}</option>}
        {items.map((i) => (
          <option key={i.value} value={i.value}>
            {i.label}
          </option>
        ))}
      </select>
    );
  };

  return (
    <fieldset className="printer" aria-label="Printer tiket">
      <legend>Printer tiket</legend>
      <div className="choices" role="radiogroup" aria-label="Cara mencetak tiket">
        {PRINTER_CHOICES.map((c) => (
          <label key={c.value} className="check choice">
            <input type="radio" name="printer-choice" checked={choice === c.value} onChange={() => set({ choice: c.value })} />
            <span>
              {c.label}
              {c.hint && choice === c.value && <small className="note">{c.hint}</small>}
            </span>
          </label>
        ))}
      </div>

      {choice === 'windows' && <label>Printer Windows {listSelect('Printer Windows', printers.map((p) => ({ value: p.name, label: p.displayName })), 'Tidak ada printer terpasang di Windows; ketik namanya.', 'POS-80')}</label>}
      {choice === 'os' && <label>Printer {listSelect('Printer', printers.map((p) => ({ value: p.name, label: p.displayName })), 'Tidak ada printer terpasang; ketik namanya.', 'Nama printer')}</label>}
      {choice === 'file' && (
        <label>
          Berkas perangkat
          <input placeholder="/dev/usb/lp0" value={form.addresses.file ?? ''} onChange={(e) => setAddress('file', e.target.value)} />
        </label>
      )}
      {choice === 'serial' && (
        <div className="row">
          <label>Port {listSelect('Port', ports.map((p) => ({ value: p.path, label: p.label || p.path })), 'Tidak ada port serial terdeteksi; ketik namanya.', 'COM3 atau /dev/ttyUSB0')}</label>
          <label>
            Kecepatan (baud)
            <select value={form.baudRate} onChange={(e) => set({ baudRate: Number(e.target.value) })}>
              {BAUD_RATES.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {choice === 'tcp' && (
        <div className="row">
          <label className="grow">
            Alamat IP printer
            <input placeholder="192.168.1.50" value={form.tcpHost} onChange={(e) => set({ tcpHost: e.target.value })} />
          </label>
          <label>
            Port
            <input inputMode="numeric" className="port" value={form.tcpPort} onChange={(e) => set({ tcpPort: e.target.value })} />
          </label>
        </div>
      )}
      {choice === 'virtual' && <p className="note">Printer virtual (folder uji): {form.addresses.virtual}</p>}

      {own && (
        <>
          <label>
            Model printer
            <select value={form.model} onChange={(e) => edit((f) => withModel(f, e.target.value as PrinterModel | ''))}>
              <option value="">Lain / atur sendiri</option>
              {PRINTER_MODELS.map((m) => (
                <option key={m} value={m}>
                  {PRINTER_PROFILES[m].name}
                </option>
              ))}
            </select>
          </label>
          {note && (
            <p className="note" data-testid="printer-profile-note">
              {note.id}
            </p>
          )}
          <div className="row wrap">
            <label>
              Lebar kertas
              <select value={form.paperWidth} onChange={(e) => set({ paperWidth: Number(e.target.value) as 80 | 58 })}>
                <option value={80}>80 mm</option>
                <option value={58}>58 mm</option>
              </select>
            </label>
            <label>
              Kode QR
              <select value={form.qrMode} onChange={(e) => set({ qrMode: e.target.value as PrinterConfig['qrMode'] })}>
                {(['native', 'raster', 'none'] as const).map((q) => (
                  <option key={q} value={q}>
                    {QR_WORDS[q]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Halaman kode
              <select value={form.codePage} onChange={(e) => set({ codePage: e.target.value as PrinterConfig['codePage'] })}>
                {PRINTER_CODE_PAGES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Pemotong
              <select value={form.cut} onChange={(e) => set({ cut: e.target.value as PrinterCut })}>
                {PRINTER_CUTS.map((c) => (
                  <option key={c} value={c}>
                    {CUT_WORDS[c]}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </>
      )}

      <div className="row">
        <button type="button" onClick={() => void save()} disabled={busy}>
          Simpan printer
        </button>
        {own && (
          <button type="button" onClick={() => void test()} disabled={busy || dirty}>
            Cetak tes
          </button>
        )}
      </div>
      {dirty && <p className="note">Perubahan printer belum disimpan (tombol “Simpan dan mulai” tidak menyimpannya); Cetak tes memakai printer yang tersimpan.</p>}
      {said && (
        <p className={said.ok ? 'said' : 'error'} role="status" data-testid="printer-saved">
          {said.text}
        </p>
      )}
      {tested && (
        <p className={tested.ok ? 'said' : 'error'} role="status" data-testid="printer-tested">
          {tested.text}
        </p>
      )}
    </fieldset>
  );
}
