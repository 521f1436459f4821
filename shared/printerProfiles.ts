/**
 * The ticket printers met in Indonesian MPPs, as profiles: what an admin picks in the printer
 * set-up instead of knowing what "GS ( k" is. A profile sets the paper width, how the QR code is
 * drawn, the code page and the cut, and names the model's known quirks, which the set-up screens
 * show next to it. Every field stays editable after picking a profile.
 *
 * Sources: the models' ESC/POS command references (Epson TM-T82/T82X and TM-T88 print QR codes
 * natively, GS ( k; Xprinter XP-80C clones and the 58 mm "POS-5890" units do not, or print it
 * wrong, so it is sent as an image), and node-thermal-printer's tracker (#55, #160: connection
 * checks that lie; #211, #256: paper-out status that never comes).
 */

export const PRINTER_CUTS = ['full', 'partial', 'none'] as const;
export type PrinterCut = (typeof PRINTER_CUTS)[number];

export type PrinterQuirk =
  /** answers DLE EOT status requests: paper out, cover open are known before a ticket */
  | 'status'
  /** goes silent when out of paper instead of saying so: silence counts as trouble */
  | 'silentWhenPaperOut'
  /** no cutter: the ticket is fed past the tear bar */
  | 'noCutter';

export interface PrinterProfile {
  /** what the admin sees */
  name: string;
  // Spelled out rather than taken from PrinterConfig, which takes its model list from here.
  paperWidth: 80 | 58;
  qrMode: 'native' | 'raster' | 'none';
  codePage: 'PC437' | 'PC850' | 'PC858';
  cut: PrinterCut;
  quirks: readonly PrinterQuirk[];
  /** one line for the set-up screen, in Indonesian and English */
  note: { id: string; en: string };
}

export const PRINTER_PROFILES = {
  'epson-tm-t82': {
    name: 'Epson TM-T82 / TM-T82X',
    paperWidth: 80,
    qrMode: 'native',
    codePage: 'PC437',
    cut: 'partial',
    quirks: ['status'],
    note: { id: 'QR dicetak oleh printer; status kertas terbaca.', en: 'QR printed by the printer; paper status readable.' },
  },
  'epson-tm-t88': {
    name: 'Epson TM-T88 (IV–VII)',
    paperWidth: 80,
    qrMode: 'native',
    codePage: 'PC437',
    cut: 'partial',
    quirks: ['status'],
    note: { id: 'QR dicetak oleh printer; status kertas terbaca.', en: 'QR printed by the printer; paper status readable.' },
  },
  'xprinter-xp-80c': {
    name: 'Xprinter XP-80C / XP-N160 (80 mm)',
    paperWidth: 80,
    qrMode: 'raster',
    codePage: 'PC437',
    cut: 'full',
    quirks: ['status'],
    note: { id: 'QR dikirim sebagai gambar (perintah QR printer ini tidak andal).', en: 'QR sent as an image (this printer’s QR command is unreliable).' },
  },
  'pos-5890': {
    name: 'POS-5890 dan printer 58 mm sejenis',
    paperWidth: 58,
    qrMode: 'raster',
    codePage: 'PC437',
    cut: 'none',
    quirks: ['silentWhenPaperOut', 'noCutter'],
    note: {
      id: 'Tanpa pemotong: tiket disobek. Diam saat kertas habis, jadi diam dianggap bermasalah.',
      en: 'No cutter: the ticket is torn off. Silent when out of paper, so silence counts as trouble.',
    },
  },
  'generic-80': {
    name: 'Printer ESC/POS lain, 80 mm',
    paperWidth: 80,
    qrMode: 'raster',
    codePage: 'PC437',
    cut: 'full',
    quirks: [],
    note: { id: 'Pilihan aman: QR sebagai gambar, potong penuh.', en: 'The safe choice: QR as an image, full cut.' },
  },
  'generic-58': {
    name: 'Printer ESC/POS lain, 58 mm',
    paperWidth: 58,
    qrMode: 'raster',
    codePage: 'PC437',
    cut: 'full',
    quirks: [],
    note: { id: 'Pilihan aman: QR sebagai gambar, potong penuh.', en: 'The safe choice: QR as an image, full cut.' },
  },
} as const satisfies Record<string, PrinterProfile>;

export type PrinterModel = keyof typeof PRINTER_PROFILES;
export const PRINTER_MODELS = Object.keys(PRINTER_PROFILES) as [PrinterModel, ...PrinterModel[]];

/** What picking a profile sets in a printer's configuration (the address and transport stay). */
export function profileSettings(model: PrinterModel): Pick<PrinterProfile, 'paperWidth' | 'qrMode' | 'codePage' | 'cut'> & { model: PrinterModel } {
  const p: PrinterProfile = PRINTER_PROFILES[model];
  return { model, paperWidth: p.paperWidth, qrMode: p.qrMode, codePage: p.codePage, cut: p.cut };
}
