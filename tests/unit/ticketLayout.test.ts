/**
 * The paper ticket at 80 and 58 mm, read back with the ESC/POS reader: what it says, how large the
 * number is, what the QR code holds, that it is cut, and that it stays small enough for a serial
 * printer. Golden files keep the whole rendering (UPDATE_GOLDEN=1 rewrites them after a deliberate
 * change; review the diff).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { receiptToText, tokenize, toReceipt, type ReceiptItem } from '../../electron/printer/escpos/decode.js';
import { numberSize, ticketBytes, type TicketPrintData } from '../../electron/printer/layout/ticketLayout.js';

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
};

const read = async (t: Partial<TicketPrintData>, paperWidth: 80 | 58 = 80, qrMode: 'native' | 'raster' | 'none' = 'native') => {
  const bytes = await ticketBytes({ ...TICKET, ...t }, { paperWidth, codePage: 'PC437', qrMode });
  const tok = tokenize(bytes);
  return { bytes, incomplete: tok.incomplete, items: toReceipt(tok.commands), commands: tok.commands };
};
const texts = (items: ReceiptItem[]) => items.filter((i): i is Extract<ReceiptItem, { kind: 'text' }> => i.kind === 'text');

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

describe('the place of the service', () => {
  it.each([80, 58] as const)('is one line under the service on %i mm paper, within the paper, matching its golden rendering', async (paperWidth) => {
    const columns = paperWidth === 80 ? 48 : 32;
    const { items, bytes } = await read({ place: 'Lantai 2 - Zona B' }, paperWidth);
    const lines = texts(items);
    const at = lines.findIndex((l) => l.text === 'Lokasi: Lantai 2 - Zona B');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]!.text).toBe('KTP Elektronik');
    expect(lines[at]).toMatchObject({ width: 1, height: 1 });
    for (const l of lines) expect(l.text.length * l.width).toBeLessThanOrEqual(columns);
    if (paperWidth === 58) golden('ticket-58-place.txt', receiptToText(items, columns));
    // one line more than the ticket without it, and still quick on a serial printer
    const without = await read({}, paperWidth);
    expect(lines.length).toBe(texts(without.items).length + 1);
    expect((bytes.length * 10) / 9600).toBeLessThan(0.5);
  });

  it('is left off when the service has no zone: the same bytes as a ticket that never heard of places', async () => {
    const plain = await read({});
    for (const place of [null, '', undefined]) expect((await read({ place })).bytes.equals(plain.bytes)).toBe(true);
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

  it('stays small enough for a 9600-baud serial printer to receive in under half a second', async () => {
    const { bytes } = await read({ priorityGroupName: null });
    const seconds = (bytes.length * 10) / 9600; // 8N1: ten bits a byte
    expect(seconds).toBeLessThan(0.5);
    expect(bytes.length).toBeLessThan(420);
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
