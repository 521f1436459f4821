/**
 * The paper ticket at 80 and 58 mm, read back with the ESC/POS reader: what it says (in Indonesian
 * or English), what to do next, how large the number is, what the QR code holds, that it is cut,
 * and that it stays small enough for a serial printer. Golden files keep the whole rendering
 * (UPDATE_GOLDEN=1 rewrites them after a deliberate change; review the diff).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { receiptToText, tokenize, toReceipt, type ReceiptItem } from '../../electron/printer/escpos/decode.js';
import { numberSize, ticketBytes, wrapEvenly, type TicketPrintData } from '../../electron/printer/layout/ticketLayout.js';

const TICKET: TicketPrintData = {
  site: {
    name: 'Mal Pelayanan Publik Kabupaten Contoh',
    address: 'Jl. Jenderal Sudirman No. 1, Kabupaten Contoh',
    ticketHeader: 'Selamat datang di Mal Pelayanan Publik',
    ticketFooter: 'Budayakan antre. Layanan ini tidak dipungut biaya.',
    timeZone: 'Asia/Jakarta',
  },
  agencyName: 'Dinas Kependudukan dan Pencatatan Sipil',
  serviceName: 'KTP Elektronik',
  number: 'A-012',
  issuedAt: Date.UTC(2026, 10, 23, 2, 5), // Senin 09.05 WIB
  peopleAhead: 4,
  estimatedWaitMinutes: 20,
  priorityGroupName: 'Lansia',
  qrPayload: 'ANTRE:1234:A-012',
  // as the hub prints by default (site setting kiosk.surveyInvitation)
  surveyInvitation: true,
};

const read = async (t: Partial<TicketPrintData>, paperWidth: 80 | 58 = 80, qrMode: 'native' | 'raster' | 'none' = 'native') => {
  const bytes = await ticketBytes({ ...TICKET, ...t }, { paperWidth, codePage: 'PC437', qrMode });
  const tok = tokenize(bytes);
  return { bytes, incomplete: tok.incomplete, items: toReceipt(tok.commands), commands: tok.commands };
};
const texts = (items: ReceiptItem[]) => items.filter((i): i is Extract<ReceiptItem, { kind: 'text' }> => i.kind === 'text');
const textOf = (items: ReceiptItem[]) => texts(items).map((l) => l.text).join('\n');
/** Every line within the paper at its size, and plain printable ASCII. */
function expectWithinPaper(items: ReceiptItem[], columns: number): void {
  for (const l of texts(items)) {
    expect(l.text.length * l.width, l.text).toBeLessThanOrEqual(columns);
    expect(l.text).toMatch(/^[\x20-\x7e]+$/);
  }
}

function golden(name: string, actual: string | Buffer): void {
  const path = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  const expected = readFileSync(path);
  expect(typeof actual === 'string' ? expected.toString('utf8') : expected.equals(actual) ? 'same bytes' : 'bytes differ').toBe(typeof actual === 'string' ? actual : 'same bytes');
}

describe.each([80, 58] as const)('the ticket on %i mm paper', (paperWidth) => {
  const columns = paperWidth === 80 ? 48 : 32;

  it('matches its golden rendering and bytes', async () => {
    const { bytes, items, incomplete } = await read({}, paperWidth);
    expect(incomplete).toBe(0);
    golden(`ticket-${paperWidth}.txt`, receiptToText(items, columns));
    golden(`ticket-${paperWidth}.bin`, bytes);
  });

  it('says everything a citizen needs, with the number in the largest print', async () => {
    const { items } = await read({}, paperWidth);
    const lines = texts(items);
    const number = lines.find((l) => l.text === 'A-012')!;
    expect(number).toMatchObject({ width: 6, height: 6, align: 'center' });
    for (const l of lines) if (l !== number) expect(l.width * l.height).toBeLessThan(36);
    // Each line fits the paper at its size: nothing runs off the edge.
    for (const l of lines) expect(l.text.length * l.width).toBeLessThanOrEqual(columns);
    const all = lines.map((l) => l.text).join('\n');
    for (const s of ['Mal Pelayanan Publik', 'Kependudukan', 'KTP Elektronik', 'NOMOR ANTREAN', 'PRIORITAS: LANSIA', 'Senin, 23 November 2026', 'pukul 09.05 WIB', 'Di depan Anda: 4 orang', 'Perkiraan tunggu: +/- 20 menit', 'Budayakan antre']) {
      expect(all).toContain(s);
    }
    // What to do next, whatever the width: wait for the call, and rate the visit afterwards.
    expect(all.replace(/\n/g, ' ')).toContain('Perhatikan layar dan panggilan suara');
    expect(all.replace(/\n/g, ' ')).toContain('Pindai QR ini dengan ponsel: pantau antrean & nilai layanan');
    expect(lines.find((l) => l.text.includes('PRIORITAS'))!.invert).toBe(true);
    expect(items.filter((i) => i.kind === 'qr')).toEqual([{ kind: 'qr', data: 'ANTRE:1234:A-012', cellSize: paperWidth === 80 ? 6 : 5, correction: 'M' }]);
    expect(items.at(-1)).toEqual({ kind: 'cut', partial: false });
  });

  it('draws the QR code as an image that scans the same, for printers without GS ( k', async () => {
    const { items, commands } = await read({}, paperWidth, 'raster');
    expect(commands.some((c) => c.kind === 'qrStore')).toBe(false);
    const image = items.find((i): i is Extract<ReceiptItem, { kind: 'image' }> => i.kind === 'image')!;
    const qr = QRCode.create('ANTRE:1234:A-012', { errorCorrectionLevel: 'M' });
    const cell = paperWidth === 80 ? 6 : 5;
    const size = qr.modules.size;
    expect(image.width).toBeLessThanOrEqual(paperWidth === 80 ? 576 : 384);
    const dot = (x: number, y: number) => (image.data[y * (image.width / 8) + (x >> 3)]! >> (7 - (x & 7))) & 1;
    // Sample each module at its centre (two modules of margin around the code).
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        expect(dot((c + 2) * cell + (cell >> 1), (r + 2) * cell + (cell >> 1))).toBe(qr.modules.get(r, c) ? 1 : 0);
      }
    }
  });
});

describe('the next step on paper', () => {
  it.each([80, 58] as const)('says where to go and to watch the screen, after the wait and before the QR code, on %i mm paper', async (paperWidth) => {
    const columns = paperWidth === 80 ? 48 : 32;
    const { items, bytes } = await read({ place: 'Lantai 2 - Zona B' }, paperWidth);
    const lines = texts(items);
    const at = lines.findIndex((l) => l.text === 'Silakan menuju Lantai 2 - Zona B');
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.text.startsWith('Perkiraan tunggu')));
    expect(lines[at]).toMatchObject({ width: 1, height: 1, bold: true });
    const watch = paperWidth === 80 ? ['Perhatikan layar dan panggilan suara'] : ['Perhatikan layar', 'dan panggilan suara'];
    expect(lines.slice(at + 1, at + 1 + watch.length).map((l) => l.text)).toEqual(watch);
    expect(items.indexOf(lines[at]!)).toBeLessThan(items.findIndex((i) => i.kind === 'qr'));
    expectWithinPaper(items, columns);
    if (paperWidth === 58) golden('ticket-58-place.txt', receiptToText(items, columns));
    // one line more than the ticket without a place, and still quick on a serial printer
    const without = await read({}, paperWidth);
    expect(lines.length).toBe(texts(without.items).length + 1);
    expect(textOf(without.items)).not.toContain('Silakan menuju');
    expect((bytes.length * 10) / 9600).toBeLessThan(0.6);
  });

  it('leaves the place off when the service has no zone: the same bytes as a ticket that never heard of places', async () => {
    const plain = await read({});
    for (const place of [null, '', undefined]) expect((await read({ place })).bytes.equals(plain.bytes)).toBe(true);
  });

  it('says right above the QR code that it opens the ticket on a phone, with the survey only while the site setting is on', async () => {
    const on = await read({}, 58);
    const lines = texts(on.items);
    const qr = on.items.findIndex((i) => i.kind === 'qr');
    expect(lines.filter((l) => on.items.indexOf(l) < qr).slice(-2).map((l) => l.text)).toEqual(['Pindai QR ini dengan ponsel:', 'pantau antrean & nilai layanan']);
    expect(on.items.slice(on.items.indexOf(lines.find((l) => l.text.startsWith('Pindai QR'))!), qr).every((i) => i.kind === 'text')).toBe(true);
    const wide = texts((await read({}, 80)).items).map((l) => l.text);
    expect(wide).toContain('Pindai QR ini dengan ponsel:');
    expect(wide).toContain('pantau antrean & nilai layanan');

    for (const surveyInvitation of [false, undefined]) {
      const off = await read({ surveyInvitation });
      expect(textOf(off.items)).not.toContain('nilai layanan');
      expect(textOf(off.items)).toContain('Pindai QR ini dengan ponsel\nuntuk memantau antrean');
      expect(off.items.filter((i) => i.kind === 'qr')).toHaveLength(1);
    }
    // Without a QR code on the paper, the kiosk takes the number instead.
    const noQr = textOf((await read({}, 80, 'none')).items);
    expect(noQr).not.toContain('pindai');
    expect(noQr.replace(/\n/g, ' ')).toContain('Setelah dilayani, nilai layanan kami di kios dengan nomor ini');
  });

  it('says the service is not open yet, with the site’s word for a counter and no estimate, when no counter is open for it', async () => {
    for (const [paperWidth, counterWord, expected] of [
      [80, 'Gerai', ['Layanan belum dibuka;', 'Anda akan dipanggil setelah gerai buka']],
      [80, 'Loket', ['Layanan belum dibuka;', 'Anda akan dipanggil setelah loket buka']],
      [58, 'Loket', ['Layanan belum dibuka; Anda akan', 'dipanggil setelah loket buka']],
    ] as const) {
      const { items } = await read({ noOpenCounter: true, counterWord }, paperWidth);
      const lines = texts(items).map((l) => l.text);
      const at = lines.indexOf(expected[0]);
      expect(lines.slice(at - 1, at + 2)).toEqual(['Di depan Anda: 4 orang', ...expected]);
      expect(lines.join('\n')).not.toContain('Perkiraan tunggu');
      expectWithinPaper(items, paperWidth === 80 ? 48 : 32);
    }
    const en = textOf((await read({ noOpenCounter: true, lang: 'en' })).items);
    expect(en).toContain('Service not open yet;\nyou will be called once a counter opens');
    expect(en).not.toContain('Estimated wait');
  });
});

describe('the ticket in English', () => {
  it.each([80, 58] as const)('has every fixed label in English on %i mm paper, within the paper, matching its golden rendering', async (paperWidth) => {
    const columns = paperWidth === 80 ? 48 : 32;
    const { items } = await read({ lang: 'en', priorityGroupName: 'Elderly', place: 'Lantai 2 - Zona B', reprint: true }, paperWidth);
    const all = textOf(items);
    const flat = all.replace(/\n/g, ' ');
    for (const s of ['YOUR NUMBER', 'PRIORITY: ELDERLY', '(REPRINT)', 'Monday, 23 November 2026', 'at 09:05 WIB', 'People ahead: 4', 'Estimated wait: about 20 min', 'Please go to Lantai 2 - Zona B']) expect(all).toContain(s);
    expect(flat).toContain('Watch the screen and listen for your number');
    expect(flat).toContain('Scan this QR with your phone: follow the queue, rate us');
    // Not one Indonesian label left (the site's and the agencies' own texts stay as written).
    for (const s of ['NOMOR ANTREAN', 'PRIORITAS', 'CETAK ULANG', 'Senin', 'pukul', 'Di depan Anda', 'Perkiraan', 'menit', 'Silakan', 'Perhatikan', 'Setelah dilayani']) expect(all).not.toContain(s);
    expect(texts(items).find((l) => l.text === 'A-012')).toMatchObject({ width: 6, height: 6 });
    expectWithinPaper(items, columns);
    golden(`ticket-${paperWidth}-en.txt`, receiptToText(items, columns));
  });

  it('says so when no one is ahead, and writes every weekday and month in English', async () => {
    const all = textOf((await read({ lang: 'en', peopleAhead: 0, estimatedWaitMinutes: 0, issuedAt: Date.UTC(2026, 1, 28, 23, 0) })).items);
    expect(all).toContain('No one ahead of you');
    expect(all).not.toContain('Estimated wait');
    expect(all).toContain('Sunday, 1 March 2026 at 06:00 WIB');
  });
});

describe('a long ticket number (4-letter prefix, 4 digits)', () => {
  it.each([
    [58, 3],
    [80, 5],
  ] as const)('prints "SKC2-1000" as one line, as large as the %i mm paper allows', async (paperWidth, size) => {
    const columns = paperWidth === 80 ? 48 : 32;
    const { items } = await read({ number: 'SKC2-1000' }, paperWidth);
    const number = texts(items).filter((l) => l.text.includes('SKC2') || l.text.includes('1000'));
    expect(number).toEqual([expect.objectContaining({ text: 'SKC2-1000', width: size, height: size })]);
    expect(numberSize('SKC2-1000', paperWidth)).toBe(size);
    expect(9 * size).toBeLessThanOrEqual(columns);
    // and larger than anything else on the ticket
    for (const l of texts(items)) if (l !== number[0]) expect(l.width * l.height).toBeLessThan(size * size);
    expect(receiptToText(items, columns).split('\n').filter((l) => l.includes('SKC2-1000'))).toEqual([expect.stringMatching(new RegExp(`^ *SKC2-1000   \\[${size}x${size}\\]$`))]);
    expectWithinPaper(items, columns);
  });
});

describe('lines wrapped evenly', () => {
  it('fit the paper, keep every word in order and leave no lone last word', () => {
    expect(wrapEvenly('Perhatikan layar dan panggilan suara', 32)).toEqual(['Perhatikan layar', 'dan panggilan suara']);
    expect(wrapEvenly('Budayakan antre. Layanan ini tidak dipungut biaya.', 48)).toEqual(['Budayakan antre. Layanan', 'ini tidak dipungut biaya.']);
    expect(wrapEvenly('Silakan menuju Lantai 2 - Zona B', 32)).toEqual(['Silakan menuju Lantai 2 - Zona B']);
    expect(wrapEvenly('   ', 32)).toEqual([]);
    const long = 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Contoh Selatan';
    for (const columns of [32, 48]) {
      const lines = wrapEvenly(long, columns);
      expect(lines.join(' ')).toBe(long);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    }
    expect(wrapEvenly('x'.repeat(40), 32)).toEqual(['x'.repeat(32), 'x'.repeat(8)]);
  });
});

describe('the ticket text', () => {
  it('is plain ASCII whatever the site typed (typographic quotes, dashes, accents)', async () => {
    const { bytes, items } = await read({ site: { ...TICKET.site, ticketHeader: 'Layanan “prima” – café, naïve… ok' } });
    const header = texts(items).find((l) => l.text.startsWith('Layanan'))!;
    expect(header.text).toBe('Layanan "prima" - cafe, naive... ok');
    for (const c of tokenize(bytes).commands) if (c.kind === 'text') expect(c.text).toMatch(/^[\x20-\x7e]*$/);
  });

  it('gives the time in the site’s own zone: WITA for Makassar', async () => {
    const { items } = await read({ site: { ...TICKET.site, timeZone: 'Asia/Makassar' }, issuedAt: Date.UTC(2026, 10, 23, 15, 59) });
    expect(texts(items).map((l) => l.text).join('\n')).toContain('Senin, 23 November 2026 pukul 23.59 WITA');
  });

  it('tells the first in line that no one is ahead, without a wait estimate', async () => {
    const all = texts((await read({ peopleAhead: 0, estimatedWaitMinutes: 0 })).items).map((l) => l.text).join('\n');
    expect(all).toContain('Tidak ada antrean di depan Anda');
    expect(all).not.toContain('Perkiraan tunggu');
  });

  it('makes the number as large as the line allows for long numbers', () => {
    expect(numberSize('A-012', 80)).toBe(6);
    expect(numberSize('SK2-1000', 80)).toBe(6);
    expect(numberSize('SK2-1000', 58)).toBe(4);
  });

  it('stays small enough for a 9600-baud serial printer to receive in about half a second', async () => {
    // 8N1: ten bits a byte
    const seconds = (b: Buffer) => (b.length * 10) / 9600;
    // Without the invitation and the priority line: still the QR code's caption (it opens the ticket on a phone).
    const { bytes } = await read({ priorityGroupName: null, surveyInvitation: false });
    expect(seconds(bytes)).toBeLessThan(0.52);
    expect(bytes.length).toBeLessThan(500);
    // Everything on: a place, a priority, the survey invitation, no open counter, in English.
    for (const lang of ['id', 'en'] as const) {
      const full = await read({ place: 'Lantai 2 - Zona B', noOpenCounter: true, lang, priorityGroupName: lang === 'en' ? 'Person with disability' : 'Penyandang disabilitas' });
      expect(seconds(full.bytes)).toBeLessThan(0.65);
      expect(full.commands.filter((c) => c.kind === 'raster')).toEqual([]);
    }
  });

  it('keeps every line within the paper for long names and every option, at both widths', async () => {
    const long = {
      site: { ...TICKET.site, name: 'Mal Pelayanan Publik Kabupaten Kepulauan Seribu Utara', ticketFooter: 'Budayakan antre. Seluruh layanan di Mal Pelayanan Publik ini tidak dipungut biaya apa pun.' },
      agencyName: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
      serviceName: 'Perizinan Berusaha Berbasis Risiko (OSS RBA) untuk Usaha Mikro',
      place: 'Gedung Pelayanan Terpadu, Lantai 3 - Zona Perizinan',
      priorityGroupName: 'Penyandang disabilitas',
      reprint: true,
      noOpenCounter: true,
      peopleAhead: 123,
      estimatedWaitMinutes: 245,
    };
    for (const paperWidth of [80, 58] as const) {
      for (const lang of ['id', 'en'] as const) {
        for (const qrMode of ['native', 'none'] as const) expectWithinPaper((await read({ ...long, lang }, paperWidth, qrMode)).items, paperWidth === 80 ? 48 : 32);
      }
    }
  });

  it('prints a logo at the top, scaled down to the paper', async () => {
    const wide = new PNG({ width: 1000, height: 100 });
    wide.data.fill(0); // black, opaque after the alpha below
    for (let i = 3; i < wide.data.length; i += 4) wide.data[i] = 255;
    const { items } = await read({ logo: PNG.sync.write(wide) });
    const logo = items.find((i) => i.kind === 'image') as Extract<ReceiptItem, { kind: 'image' }>;
    expect(items.indexOf(logo)).toBeLessThan(items.findIndex((i) => i.kind === 'text'));
    expect(logo.width).toBeLessThanOrEqual(576);
    expect(logo.height).toBe(50);
  });
});

describe("the service's requirements on the ticket (kiosk.printRequirements)", () => {
  const REQUIREMENTS = [
    'KTP asli dan fotokopi',
    'Kartu Keluarga (KK) asli',
    'Surat pengantar dari kelurahan atau desa tempat tinggal pemohon yang masih berlaku',
    'Pas foto 3x4 latar merah (2 lembar)',
    'Akta kelahiran',
    'Surat nikah',
    'Formulir F-1.01',
    'Bukti pembayaran',
    'Surat kuasa bila diwakilkan',
    'Fotokopi ijazah terakhir',
  ];

  it.each([80, 58] as const)('lists the first eight as a checklist within %i mm, counting the rest', async (paperWidth) => {
    const columns = paperWidth === 80 ? 48 : 32;
    const { items, incomplete } = await read({ requirements: REQUIREMENTS }, paperWidth);
    expect(incomplete).toBe(0);
    expectWithinPaper(items, columns);
    const text = textOf(items);
    expect(text).toContain('Persyaratan yang perlu dibawa:');
    const boxes = texts(items).filter((l) => l.text.startsWith('[ ] '));
    expect(boxes.map((l) => l.text.slice(4))).toEqual(REQUIREMENTS.slice(0, 8).map((r) => expect.stringContaining(r.split(' ')[0]!)));
    // A long requirement continues under its text, never under the box.
    expect(text).toMatch(/\[ \] Surat pengantar[^\n]*\n {4}\S/);
    expect(text).toContain('... dan 2 persyaratan lain');
    expect(text).not.toContain('Surat kuasa');
    // Before the survey's QR code: what to bring belongs with what to do next.
    expect(text.indexOf('Persyaratan')).toBeLessThan(text.indexOf('nilai layanan'));
  });

  it('says it in English, and prints nothing of it when there are none', async () => {
    const en = textOf((await read({ requirements: REQUIREMENTS.slice(0, 2), lang: 'en' })).items);
    expect(en).toContain('Please bring:');
    expect(en).not.toContain('more');
    const none = await read({ requirements: [] });
    const plain = await read({});
    expect(none.bytes.equals(plain.bytes)).toBe(true);
    expect(textOf(plain.items)).not.toContain('Persyaratan');
  });
});

describe("a booked citizen's ticket", () => {
  it.each([80, 58] as const)('says the booking and when it is called, in bold under the number, within %i mm', async (paperWidth) => {
    const { items } = await read({ bookingSlot: { start: '09:00', end: '09:30' }, priorityGroupName: null }, paperWidth);
    expectWithinPaper(items, paperWidth === 80 ? 48 : 32);
    const text = textOf(items).replace(/\n/g, ' ');
    expect(text).toContain('BOOKING 09:00-09:30: dipanggil mulai 09:00');
    const line = texts(items).find((l) => l.text.startsWith('BOOKING'))!;
    expect(line.bold).toBe(true);
    expect(textOf((await read({ bookingSlot: { start: '09:00', end: '09:30' }, lang: 'en' })).items).replace(/\n/g, ' ')).toContain('BOOKING 09:00-09:30: called from 09:00');
    const plain = await read({});
    expect((await read({ bookingSlot: null })).bytes.equals(plain.bytes)).toBe(true);
  });
});
