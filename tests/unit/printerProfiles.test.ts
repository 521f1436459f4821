/**
 * The printer model profiles (shared/printerProfiles.ts) as bytes: each profile's ticket against
 * its golden file, and what a profile promises read back with the ESC/POS reader: the QR code drawn
 * by the printer (GS ( k) or sent as an image (GS v 0), the paper's width, the code page selected
 * (ESC t n), the cut, or none and the ticket fed past the tear bar. UPDATE_GOLDEN=1 rewrites the
 * golden files after a deliberate change; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenize, toReceipt, type Command as EscPosCommand, type ReceiptItem } from '../../electron/printer/escpos/decode.js';
import { ticketBytes, type TicketPrintData } from '../../electron/printer/layout/ticketLayout.js';
import { PRINTER_MODELS, PRINTER_PROFILES, profileSettings, type PrinterModel } from '../../shared/printerProfiles.js';
import { PrinterConfig } from '../../shared/printing.js';

const TICKET: TicketPrintData = {
  site: { name: 'Mal Pelayanan Publik Kabupaten Contoh', address: 'Jl. Sudirman 1', ticketHeader: 'Selamat datang', ticketFooter: 'Budayakan antre.', timeZone: 'Asia/Jakarta' },
  agencyName: 'Dinas Kependudukan dan Pencatatan Sipil',
  serviceName: 'KTP Elektronik',
  number: 'SKC2-1000',
  issuedAt: Date.UTC(2026, 10, 23, 2, 5),
  peopleAhead: 4,
  estimatedWaitMinutes: 20,
  priorityGroupName: null,
  qrPayload: 'ANTRE:1234:SKC2-1000:0123456789abcdef0123',
  surveyInvitation: true,
};

function golden(name: string, actual: Buffer): void {
  const path = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(readFileSync(path).equals(actual) ? 'same bytes' : `bytes differ from ${name}`).toBe('same bytes');
}

/** The ticket as a printer set up from `model`, with the configuration going through its schema as the hub's does. */
async function printedBy(model: PrinterModel, codePage?: 'PC437' | 'PC858') {
  const config = PrinterConfig.parse({ transport: 'tcp', address: '192.168.1.50', ...profileSettings(model), ...(codePage ? { codePage } : {}) });
  const bytes = await ticketBytes(TICKET, config);
  const commands = tokenize(bytes).commands;
  return { bytes, commands, items: toReceipt(commands), config };
}
const has = (commands: EscPosCommand[], kind: EscPosCommand['kind']) => commands.some((c) => c.kind === kind);
const texts = (items: ReceiptItem[]) => items.filter((i): i is Extract<ReceiptItem, { kind: 'text' }> => i.kind === 'text');

describe.each(PRINTER_MODELS)('the %s profile', (model) => {
  const profile = PRINTER_PROFILES[model];

  it('prints the golden bytes', async () => {
    golden(`profile-${model}.bin`, (await printedBy(model)).bytes);
  });

  it('draws the QR code as the model can, within its paper, cut as it cuts', async () => {
    const { commands, items, config } = await printedBy(model);
    expect(config.model).toBe(model);
    // Native: the printer draws it from the payload; raster: an image as wide as the paper at most.
    expect(has(commands, 'qrStore')).toBe(profile.qrMode === 'native');
    const images = commands.filter((c): c is Extract<EscPosCommand, { kind: 'raster' }> => c.kind === 'raster');
    expect(images.length).toBe(profile.qrMode === 'raster' ? 1 : 0);
    for (const img of images) expect(img.width).toBeLessThanOrEqual(profile.paperWidth === 80 ? 576 : 384);
    const columns = profile.paperWidth === 80 ? 48 : 32;
    for (const l of texts(items)) expect(l.text.length * l.width, l.text).toBeLessThanOrEqual(columns);
    // The number, four-character prefix and four digits, on one line.
    expect(texts(items).some((l) => l.text === 'SKC2-1000' && l.width > 1)).toBe(true);
    const cuts = commands.filter((c): c is Extract<EscPosCommand, { kind: 'cut' }> => c.kind === 'cut');
    if (profile.cut === 'none') {
      expect(cuts).toEqual([]);
      // Fed past the tear bar: the footer is not the last thing on the paper.
      const lastText = commands.map((c) => c.kind).lastIndexOf('text');
      const tail = commands.slice(lastText + 1);
      expect(tail.filter((c) => c.kind === 'lf').length).toBeGreaterThanOrEqual(4);
    } else {
      expect(cuts).toEqual([{ kind: 'cut', partial: profile.cut === 'partial' }]);
    }
  });
});

describe('code pages', () => {
  it.each(['epson-tm-t82', 'pos-5890'] as const)('selects the one configured on %s (PC437 or PC858), the text the same ASCII', async (model) => {
    const a = await printedBy(model, 'PC437');
    const b = await printedBy(model, 'PC858');
    const pages = (cs: EscPosCommand[]) => cs.filter((c): c is Extract<EscPosCommand, { kind: 'codePage' }> => c.kind === 'codePage').map((c) => c.n);
    // ESC t 0 is PC437, ESC t 19 is PC858 (Epson's table).
    expect(new Set(pages(a.commands))).toEqual(new Set([0]));
    expect(new Set(pages(b.commands))).toEqual(new Set([19]));
    expect(texts(b.items).map((l) => l.text)).toEqual(texts(a.items).map((l) => l.text));
    golden(`profile-${model}-pc858.bin`, b.bytes);
  });
});

describe('the printer configuration', () => {
  it('reads a printer set up before profiles existed as before: full cut, no model', () => {
    const old = PrinterConfig.parse({ transport: 'serial', address: 'COM3', paperWidth: 58, codePage: 'PC437', qrMode: 'raster' });
    expect(old.cut).toBe('full');
    expect(old.model).toBeUndefined();
  });

  it('refuses a model or a cut it does not know', () => {
    expect(PrinterConfig.safeParse({ transport: 'serial', address: 'COM3', model: 'epson-tm-u220' }).success).toBe(false);
    expect(PrinterConfig.safeParse({ transport: 'serial', address: 'COM3', cut: 'half' }).success).toBe(false);
  });
});
