/**
 * The paper ticket, as ESC/POS bytes built with node-thermal-printer. One layout for 80 mm
 * (48 columns of font A, 576 dots) and 58 mm (32 columns, 384 dots) paper, in Indonesian or in
 * English (the language the citizen chose at the kiosk; the site's own texts and the names of
 * agencies, services and zones stay as the site wrote them).
 *
 * Besides the number, the ticket says what to do next: where to go, to watch the screen and
 * listen for the call, and (a site setting) that the service can be rated with the QR code.
 *
 * The text is folded to ASCII (see asciiSafe), wrapped here into lines of even length that fit
 * the paper, and kept short: a text ticket with its QR code is about 500 bytes, so a 9600-baud
 * serial printer has it in about half a second.
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
  /** where the service is served, one short phrase ("Lantai 2 - Zona B"): "Silakan menuju …"; nothing when absent */
  place?: string | null;
  /** "A-012" */
  number: string;
  issuedAt: number;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  /** the priority group's name in the ticket's language, when the ticket has one */
  priorityGroupName: string | null;
  /** what the QR code holds; none when null */
  qrPayload: string | null;
  /** a PNG, printed at the top; scaled down to the paper when wider */
  logo?: Uint8Array | null;
  /** printed again at a counter's or the admin's request */
  reprint?: boolean;
  /** the language of the fixed labels, the citizen's choice at the kiosk (default Indonesian) */
  lang?: TicketLang;
  /** invite the citizen to rate the service after the visit (site setting `kiosk.surveyInvitation`) */
  surveyInvitation?: boolean;
  /**
   * No open counter serves the service right now (before the counters open, all on a break): the
   * ticket says it will be called once one opens, and gives no estimate.
   */
  noOpenCounter?: boolean;
  /** the site's word for a counter ("Gerai" or "Loket"), used in that sentence */
  counterWord?: string;
  /**
   * what to bring (the service's standar pelayanan), printed as a short checklist when the site
   * wants it (`kiosk.printRequirements`); the first REQUIREMENTS_ON_PAPER only, to keep the
   * ticket short and quick to print
   */
  requirements?: readonly string[];
  /** the booking's slot, for a booked citizen's ticket: "BOOKING 09:00-09:30", called from then on */
  bookingSlot?: { start: string; end: string } | null;
}

/** The most requirements a ticket lists; the rest are counted ("… and 3 more"). */
export const REQUIREMENTS_ON_PAPER = 8;

export type TicketLang = 'id' | 'en';

/** The printer's settings the bytes depend on; `cut` defaults to a full cut. */
export type LayoutOptions = Pick<PrinterConfig, 'paperWidth' | 'codePage' | 'qrMode'> & { cut?: PrinterConfig['cut'] };

export const PAPER = {
  80: { columns: 48, dots: 576, qrCell: 6 },
  58: { columns: 32, dots: 384, qrCell: 5 },
} as const;

/** Lines fed after a ticket on a printer without a cutter: the print head sits ~15 mm above the tear bar. */
const TEAR_FEED_LINES = 5;

const CODE_PAGES = {
  PC437: CharacterSet.PC437_USA,
  PC850: CharacterSet.PC850_MULTILINGUAL,
  PC858: CharacterSet.PC858_EURO,
} as const;

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** "2026-11-23" → "Monday, 23 November 2026" */
function formatEnglishDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d, 12)).getUTCDay();
  return `${WEEKDAYS_EN[weekday]}, ${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/**
 * Every fixed text of the ticket, in both languages. A sentence given as parts is printed one part
 * a line when each part fits the paper, else as one text wrapped evenly.
 */
const WORDS = {
  id: {
    number: 'NOMOR ANTREAN',
    priority: (group: string) => `PRIORITAS: ${group}`,
    reprint: '(CETAK ULANG)',
    date: formatIndonesianDate,
    time: (hhmm: string, zone: string) => `pukul ${hhmm.replace(':', '.')} ${zone}`,
    noneAhead: 'Tidak ada antrean di depan Anda',
    ahead: (n: number) => `Di depan Anda: ${n} orang`,
    wait: (minutes: number) => `Perkiraan tunggu: +/- ${minutes} menit`,
    noOpenCounter: (counterWord: string) => ['Layanan belum dibuka;', `Anda akan dipanggil setelah ${counterWord.toLowerCase()} buka`],
    goTo: (place: string) => `Silakan menuju ${place}`,
    watch: 'Perhatikan layar dan panggilan suara',
    bring: 'Persyaratan yang perlu dibawa:',
    booking: (start: string, end: string) => `BOOKING ${start}-${end}: dipanggil mulai ${start}`,
    bringMore: (n: number) => `... dan ${n} persyaratan lain`,
    // The QR code opens the ticket's own page on the citizen's phone (and the kiosk's survey reads it too).
    surveyQr: ['Pindai QR ini dengan ponsel:', 'pantau antrean & nilai layanan'],
    phoneQr: ['Pindai QR ini dengan ponsel', 'untuk memantau antrean'],
    surveyNumber: ['Setelah dilayani, nilai layanan kami', 'di kios dengan nomor ini'],
  },
  en: {
    number: 'YOUR NUMBER',
    priority: (group: string) => `PRIORITY: ${group}`,
    reprint: '(REPRINT)',
    date: formatEnglishDate,
    time: (hhmm: string, zone: string) => `at ${hhmm} ${zone}`,
    noneAhead: 'No one ahead of you',
    ahead: (n: number) => `People ahead: ${n}`,
    wait: (minutes: number) => `Estimated wait: about ${minutes} min`,
    noOpenCounter: () => ['Service not open yet;', 'you will be called once a counter opens'],
    goTo: (place: string) => `Please go to ${place}`,
    watch: 'Watch the screen and listen for your number',
    bring: 'Please bring:',
    booking: (start: string, end: string) => `BOOKING ${start}-${end}: called from ${start}`,
    bringMore: (n: number) => `... and ${n} more`,
    surveyQr: ['Scan this QR with your phone:', 'follow the queue, rate us'],
    phoneQr: ['Scan this QR with your phone', 'to follow the queue'],
    surveyNumber: ['After your visit, rate us', 'at the kiosk with this number'],
  },
} as const;

/**
 * Words into lines of at most `columns`, as even as the fewest lines allow ("Perhatikan layar" /
 * "dan panggilan suara" rather than a lone "suara" on 58 mm). A word longer than a line is cut.
 */
export function wrapEvenly(text: string, columns: number): string[] {
  const words = text.split(/\s+/).filter(Boolean).flatMap((w) => (w.length <= columns ? [w] : (w.match(new RegExp(`.{1,${columns}}`, 'g')) ?? [])));
  const greedy = (width: number) => {
    const lines: string[] = [];
    for (const w of words) {
      const last = lines.at(-1);
      if (last !== undefined && last.length + 1 + w.length <= width) lines[lines.length - 1] = `${last} ${w}`;
      else lines.push(w);
    }
    return lines;
  };
  const fewest = greedy(columns);
  if (fewest.length < 2) return fewest;
  let best = fewest;
  for (let width = columns - 1; width >= Math.max(...words.map((w) => w.length)); width--) {
    const lines = greedy(width);
    if (lines.length > fewest.length) break;
    best = lines;
  }
  return best;
}

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
  const w = WORDS[t.lang ?? 'id'];
  // Each text in lines that fit the paper, wrapped here (node-thermal-printer's own fold leaves a
  // lone last word) and printed one by one.
  const line = (s: string) => {
    for (const part of asciiSafe(s).split('\n')) for (const l of wrapEvenly(part, paper.columns)) p.println(l);
  };
  const sentence = (parts: readonly string[]) => {
    const safe = parts.map((part) => asciiSafe(part).trim());
    if (safe.every((part) => part.length <= paper.columns)) for (const part of safe) p.println(part);
    else line(safe.join(' '));
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
  // ticket stays near 500 bytes.
  line(t.site.ticketHeader);
  p.newLine();

  p.bold(true);
  line(t.agencyName);
  p.bold(false);
  line(t.serviceName);
  p.newLine();
  line(w.number);
  const size = numberSize(t.number, opts.paperWidth);
  p.setTextSize(size - 1, size - 1);
  p.println(asciiSafe(t.number));
  p.setTextSize(0, 0);
  if (t.priorityGroupName) {
    p.invert(true);
    // a space either side, in the black band
    for (const l of wrapEvenly(asciiSafe(w.priority(t.priorityGroupName)).toUpperCase(), paper.columns - 2)) p.println(` ${l} `);
    p.invert(false);
  }
  if (t.bookingSlot) {
    p.bold(true);
    line(w.booking(t.bookingSlot.start, t.bookingSlot.end));
    p.bold(false);
  }
  if (t.reprint) line(w.reprint);
  p.newLine();

  const local = localParts(t.issuedAt, t.site.timeZone);
  const when = w.time(local.time, zoneAbbreviation(t.site.timeZone));
  if (opts.paperWidth === 80) line(`${w.date(local.date)} ${when}`);
  else {
    line(w.date(local.date));
    line(when);
  }
  line(t.peopleAhead === 0 ? w.noneAhead : w.ahead(t.peopleAhead));
  // Without an open counter no estimate holds: the ticket says why instead.
  if (t.noOpenCounter) sentence(w.noOpenCounter(t.counterWord ?? 'Gerai'));
  else if (t.peopleAhead > 0) line(w.wait(t.estimatedWaitMinutes));
  p.newLine();

  // What to do next: where to go, then wait for the call.
  if (t.place) {
    p.bold(true);
    line(w.goTo(t.place));
    p.bold(false);
  }
  line(w.watch);

  if (t.requirements && t.requirements.length > 0) {
    p.newLine();
    p.alignLeft();
    p.bold(true);
    line(w.bring);
    p.bold(false);
    // "[ ] KTP asli", continued lines indented under the text: a list to tick at home.
    for (const r of t.requirements.slice(0, REQUIREMENTS_ON_PAPER)) {
      wrapEvenly(asciiSafe(r), paper.columns - 4).forEach((l, i) => p.println(`${i === 0 ? '[ ]' : '   '} ${l}`));
    }
    if (t.requirements.length > REQUIREMENTS_ON_PAPER) line(w.bringMore(t.requirements.length - REQUIREMENTS_ON_PAPER));
    p.alignCenter();
  }

  const qr = t.qrPayload && opts.qrMode !== 'none' ? asciiSafe(t.qrPayload) : null;
  // Over the code it is about (the ticket's phone page, with the survey after the visit when the
  // site invites to it); without a code, the survey takes the number at the kiosk instead.
  if (qr || t.surveyInvitation) {
    p.newLine();
    sentence(qr ? (t.surveyInvitation ? w.surveyQr : w.phoneQr) : w.surveyNumber);
  }
  if (qr) {
    if (opts.qrMode === 'native') p.printQR(qr, { cellSize: paper.qrCell, correction: 'M', model: 2 });
    else await p.printImageBuffer(qrPng(qr, paper.qrCell));
  }
  p.newLine();
  line(t.site.ticketFooter);
  switch (opts.cut ?? 'full') {
    case 'full':
      p.cut({ verticalTabAmount: 1 });
      break;
    case 'partial':
      p.partialCut({ verticalTabAmount: 1 });
      break;
    case 'none':
      // No cutter: the ticket's end fed past the tear bar, so it is torn below the footer.
      for (let i = 0; i < TEAR_FEED_LINES; i++) p.newLine();
      break;
  }
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

/**
 * A test ticket: what the printer set-up prints to prove the settings (the hub's admin screen and
 * the app's wizard alike), with the settings written on it so a photo of it says what was tried.
 */
export function testTicketData(
  site: TicketPrintData['site'],
  config: Pick<PrinterConfig, 'transport' | 'address' | 'paperWidth' | 'qrMode'> & { model?: string | undefined },
  now: number,
): TicketPrintData {
  return {
    site: { ...site, ticketHeader: 'TES PRINTER / PRINTER TEST' },
    agencyName: config.model ? `Tes printer (${config.model})` : 'Tes printer',
    serviceName: `${config.transport} ${config.address}, ${config.paperWidth} mm, QR ${config.qrMode}`,
    number: 'TES',
    issuedAt: now,
    peopleAhead: 0,
    estimatedWaitMinutes: 0,
    priorityGroupName: null,
    qrPayload: 'ANTRE:TES',
  };
}
