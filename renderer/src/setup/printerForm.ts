/**
 * The wizard's printer form without the screen: what an IT person chooses (plain words, not
 * transport names), how that becomes the PrinterConfig main keeps, and what main's answers say in
 * words. Pure, so the screen stays short.
 */
import { profileSettings, type PrinterCut, type PrinterModel } from '../../../shared/printerProfiles.js';
import { PRINTER_STATE_LABELS, printerAddressProblem, parseTcpAddress, type PrinterConfig, type PrinterConfigInput, type PrinterStatus, type PrintResult } from '../../../shared/printing.js';

/** 'hub': no printer of its own, the hub prints (its LAN printer, or the admin's settings). */
export type PrinterChoice = 'hub' | 'windows' | 'file' | 'serial' | 'tcp' | 'os' | 'virtual';

/** In the order an MPP kiosk most likely needs them; the OS driver last, as the last resort. */
export const PRINTER_CHOICES: { value: Exclude<PrinterChoice, 'virtual'>; label: string; hint?: string }[] = [
  { value: 'hub', label: 'Dicetak oleh server antrean', hint: 'Kios ini tidak punya printer sendiri; server mencetak (printer jaringan yang diatur admin).' },
  { value: 'windows', label: 'USB (printer Windows)', hint: 'Printer yang sudah terpasang di Windows; dikirim lewat spooler.' },
  { value: 'file', label: 'USB (berkas perangkat Linux, mis. /dev/usb/lp0)' },
  { value: 'serial', label: 'Port serial' },
  { value: 'tcp', label: 'Jaringan (LAN)' },
  { value: 'os', label: 'Driver sistem operasi', hint: 'Pilihan terakhir: lewat driver, aplikasi tidak dapat memastikan kertas habis atau tiket tercetak.' },
];

export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;
export const DEFAULT_TCP_PORT = '9100';

export interface PrinterForm {
  choice: PrinterChoice;
  /** the address of each transport, kept while the IT person tries another choice */
  addresses: Partial<Record<Exclude<PrinterChoice, 'hub' | 'tcp'>, string>>;
  tcpHost: string;
  tcpPort: string;
  baudRate: number;
  paperWidth: 80 | 58;
  qrMode: PrinterConfig['qrMode'];
  codePage: PrinterConfig['codePage'];
  cut: PrinterCut;
  model: PrinterModel | '';
}

export function formFrom(config: PrinterConfig | null | undefined): PrinterForm {
  const tcp = config?.transport === 'tcp' ? parseTcpAddress(config.address, { portRequired: false }) : null;
  return {
    choice: config ? config.transport : 'hub',
    addresses: config && config.transport !== 'tcp' ? { [config.transport]: config.address } : {},
    tcpHost: tcp?.host ?? '',
    tcpPort: tcp ? String(tcp.port) : DEFAULT_TCP_PORT,
    baudRate: config?.baudRate ?? 9600,
    paperWidth: config?.paperWidth ?? 80,
    qrMode: config?.qrMode ?? 'native',
    codePage: config?.codePage ?? 'PC437',
    cut: config?.cut ?? 'full',
    model: config?.model ?? '',
  };
}

/** Picking a model sets what it needs; every field stays editable after. */
export function withModel(form: PrinterForm, model: PrinterModel | ''): PrinterForm {
  return model === '' ? { ...form, model } : { ...form, ...profileSettings(model) };
}

type Said = { id: string; en: string };

/**
 * The config to hand to main, or why not (checked here as main and the hub check it, so a typo is
 * said at once and nothing is sent).
 */
export function configFrom(form: PrinterForm): { ok: true; config: PrinterConfigInput | null } | { ok: false; error: Said } {
  if (form.choice === 'hub') return { ok: true, config: null };
  const transport = form.choice;
  let address: string;
  if (transport === 'tcp') {
    const host = form.tcpHost.trim();
    if (!host) return { ok: false, error: { id: 'Isi alamat IP printer.', en: 'Fill in the printer’s IP address.' } };
    const port = form.tcpPort.trim() || DEFAULT_TCP_PORT;
    address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  } else {
    address = (form.addresses[transport] ?? '').trim();
    if (!address) {
      return transport === 'windows' || transport === 'os' || transport === 'serial'
        ? { ok: false, error: { id: 'Pilih printernya dahulu.', en: 'Choose the printer first.' } }
        : { ok: false, error: { id: 'Isi alamat printer.', en: 'Fill in the printer’s address.' } };
    }
  }
  const problem = printerAddressProblem(transport, address, { portRequired: true });
  if (problem === 'PRINTER_NOT_A_DEVICE') return { ok: false, error: { id: `${address} bukan berkas perangkat printer.`, en: `${address} is not a printer device file.` } };
  if (problem) return { ok: false, error: { id: `Alamat tidak sesuai dengan jenis sambungannya: ${address}`, en: `Not an address of this connection type: ${address}` } };
  return {
    ok: true,
    config: {
      transport,
      address,
      baudRate: form.baudRate,
      paperWidth: form.paperWidth,
      qrMode: form.qrMode,
      codePage: form.codePage,
      cut: form.cut,
      ...(form.model === '' ? {} : { model: form.model }),
    },
  };
}

/** What main read back after a save, in words. */
export function savedWords(config: PrinterConfigInput | null, status: PrinterStatus | null): string {
  if (config === null) return 'Tersimpan: tiket kios ini dicetak oleh server antrean.';
  if (config.transport === 'os') return 'Tersimpan. Lewat driver sistem operasi status kertas tidak terbaca; lakukan Cetak tes.';
  if (!status) return 'Tersimpan. Status printer belum terbaca.';
  return `Tersimpan. ${statusWords(status, config.transport)}`;
}

export function statusWords(status: PrinterStatus, transport: PrinterConfig['transport']): string {
  const label = PRINTER_STATE_LABELS[status.state].id;
  // A one-way connection never answers: "unknown" is all it can be, not a fault.
  if (status.state === 'unknown' && (transport === 'file' || transport === 'windows' || transport === 'os')) return `${label} (sambungan satu arah: printer tidak menjawab).`;
  return `${label}.`;
}

const OUTCOME_WORDS: Record<PrintResult['outcome'], string> = {
  printed: 'Tiket tes tercetak.',
  unconfirmed: 'Tiket tes terkirim, tetapi printer tidak mengonfirmasi; periksa kertasnya.',
  failed: 'Tiket tes gagal dicetak.',
};

export function testWords(r: PrintResult | { outcome: 'refused'; error: Said }, transport: PrinterConfig['transport']): { ok: boolean; text: string } {
  if (r.outcome === 'refused') return { ok: false, text: `${r.error.id} / ${r.error.en}` };
  const detail = r.outcome !== 'printed' && r.detail ? ` (${r.detail})` : '';
  return { ok: r.outcome !== 'failed', text: `${OUTCOME_WORDS[r.outcome]}${detail} ${statusWords(r.status, transport)}` };
}
