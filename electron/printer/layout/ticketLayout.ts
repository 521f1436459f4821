/**
 * The paper ticket, as ESC/POS bytes built with node-thermal-printer. One layout for 80 mm
 * (48 columns of font A, 576 dots) and 58 mm (32 columns, 384 dots) paper.
 *
 * The text is folded to ASCII (see asciiSafe) and kept short: a text ticket with its QR code is
 * about 400 bytes, so a 9600-baud serial printer has it in under half a second.
 */
import nodeThermalPrinter from 'node-thermal-printer';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { formatIndonesianDate, localParts, zoneAbbreviation } from '../../../shared/businessDate.js';
import type { PrinterConfig } from '../../../shared/printing.js';
import { asciiSafe } from '../text/asciiSafe.js';

const { ThermalPrinter, PrinterTypes, CharacterSet, BreakLine } = nodeThermalPrinter;

export interface TicketPrintData {
  site: { name: string; address: string; ticketHeader: string; ticketFooter: string; timeZone: string };
  agencyName: string;
  serviceName: string;
  /** where the service is served, one short phrase ("Lantai 2 - Zona B"); nothing printed when absent */
  place?: string | null;
  /** "A-012" */
  number: string;
  issuedAt: number;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  /** the priority group's Indonesian name, when the ticket has one */
  priorityGroupName: string | null;
  /** what the QR code holds; none when null */
  qrPayload: string | null;
  /** a PNG, printed at the top; scaled down to the paper when wider */
  logo?: Uint8Array | null;
  /** printed again at a counter's or the admin's request */
  reprint?: boolean;
}

export type LayoutOptions = Pick<PrinterConfig, 'paperWidth' | 'codePage' | 'qrMode'>;

export const PAPER = {
  80: { columns: 48, dots: 576, qrCell: 6 },
  58: { columns: 32, dots: 384, qrCell: 5 },
} as const;

const CODE_PAGES = {
  PC437: CharacterSet.PC437_USA,
  PC850: CharacterSet.PC850_MULTILINGUAL,
  PC858: CharacterSet.PC858_EURO,
} as const;

/** The number's magnification: as large as the line allows, at most 6 (8 wastes paper). */
export function numberSize(number: string, paperWidth: 80 | 58): number {
  return Math.max(1, Math.min(6, Math.floor(PAPER[paperWidth].columns / number.length)));
}

export async function ticketBytes(t: TicketPrintData, opts: LayoutOptions): Promise<Buffer> {
  const paper = PAPER[opts.paperWidth];
  const p = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: '',
    width: paper.columns,
    characterSet: CODE_PAGES[opts.codePage],
    breakLine: BreakLine.WORD,
  });
  const line = (s: string) => {
    for (const part of asciiSafe(s).split('\n')) if (part.trim()) p.println(part.trim());
  };

  p.alignCenter();
  if (t.logo) await p.printImageBuffer(Buffer.from(fitToPaper(t.logo, paper.dots)));
  p.bold(true);
  // node-thermal-printer's setTextSize(a, b) writes GS ! with `a` in the width nibble: (0, 1) is
  // double height. The MPP's name is read first.
  p.setTextSize(0, 1);
  line(t.site.name);
  p.setTextNormal();
  p.setTextSize(0, 0);
  p.bold(false);
  // The address is on the building; a rule of dashes costs 48 bytes. Both left off so that the
  // ticket stays near 400 bytes.
  line(t.site.ticketHeader);
  p.newLine();

  p.bold(true);
  line(t.agencyName);
  p.bold(false);
  line(t.serviceName);
  // One line more, only for a service whose zone is known: without it the ticket is as it was.
  if (t.place) line(`Lokasi: ${t.place}`);
  p.newLine();
  line('NOMOR ANTREAN');
  const size = numberSize(t.number, opts.paperWidth);
  p.setTextSize(size - 1, size - 1);
  p.println(asciiSafe(t.number));
  p.setTextSize(0, 0);
  if (t.priorityGroupName) {
    p.invert(true);
    p.println(` PRIORITAS: ${asciiSafe(t.priorityGroupName).toUpperCase()} `);
    p.invert(false);
  }
  if (t.reprint) line('(CETAK ULANG)');
  p.newLine();

  const local = localParts(t.issuedAt, t.site.timeZone);
  const when = `pukul ${local.time.replace(':', '.')} ${zoneAbbreviation(t.site.timeZone)}`;
  if (opts.paperWidth === 80) line(`${formatIndonesianDate(local.date)} ${when}`);
  else {
    line(formatIndonesianDate(local.date));
    line(when);
  }
  line(t.peopleAhead === 0 ? 'Tidak ada antrean di depan Anda' : `Di depan Anda: ${t.peopleAhead} orang`);
  if (t.peopleAhead > 0) line(`Perkiraan tunggu: +/- ${t.estimatedWaitMinutes} menit`);

  if (t.qrPayload && opts.qrMode !== 'none') {
    const payload = asciiSafe(t.qrPayload);
    if (opts.qrMode === 'native') p.printQR(payload, { cellSize: paper.qrCell, correction: 'M', model: 2 });
    else await p.printImageBuffer(qrPng(payload, paper.qrCell));
    p.newLine();
  }
  line(t.site.ticketFooter);
  p.cut({ verticalTabAmount: 1 });
  return p.getBuffer();
}

/** The QR code drawn as a black-and-white PNG, for printers without GS ( k. */
function qrPng(payload: string, cell: number): Buffer {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  // The paper around the code is blank; two modules of margin are enough and save bytes.
  const quiet = 2;
  const side = (qr.modules.size + 2 * quiet) * cell;
  const png = new PNG({ width: side, height: side });
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / cell) - quiet;
      const c = Math.floor(x / cell) - quiet;
      const dark = r >= 0 && c >= 0 && r < qr.modules.size && c < qr.modules.size && qr.modules.get(r, c);
      const i = (y * side + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = dark ? 0 : 255;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Scales a logo down (nearest neighbour, whole steps) until it fits the paper's dots. */
function fitToPaper(logo: Uint8Array, maxDots: number): Buffer {
  const src = PNG.sync.read(Buffer.from(logo));
  const step = Math.ceil(src.width / maxDots);
  if (step <= 1) return Buffer.from(logo);
  const out = new PNG({ width: Math.floor(src.width / step), height: Math.floor(src.height / step) });
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      src.data.copy(out.data, (y * out.width + x) * 4, ((y * step) * src.width + x * step) * 4, ((y * step) * src.width + x * step) * 4 + 4);
    }
  }
  return PNG.sync.write(out);
}
