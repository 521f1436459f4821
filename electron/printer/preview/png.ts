/**
 * A picture of a receipt as the printer would put it on paper: one dot of the printer is one
 * pixel (576 wide on 80 mm, 384 on 58 mm). The virtual printer writes it beside each job so that
 * whoever runs the demo sees the ticket, not only its bytes.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import * as PImage from 'pureimage';
import QRCode from 'qrcode';
import type { ReceiptItem } from '../escpos/decode.js';

const FONT_FILE = join('assets', 'fonts', 'DejaVuSansMono-Bold.ttf');
const FAMILY = 'AntreTicket';
// Font A of the printers in the field: 12 x 24 dots per character.
const CELL_W = 12;
const CELL_H = 24;
const MARGIN = 16;

let fontLoaded = false;
function loadFont(): void {
  if (fontLoaded) return;
  // The font sits in the repository's assets/; walk up from this module (src or compiled).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, FONT_FILE);
    if (existsSync(candidate)) {
      PImage.registerFont(candidate, FAMILY).loadSync();
      fontLoaded = true;
      return;
    }
    dir = dirname(dir);
  }
  throw new Error(`font not found: ${FONT_FILE}`);
}

function itemHeight(item: ReceiptItem): number {
  switch (item.kind) {
    case 'text': return CELL_H * item.height + 6;
    case 'feed': return Math.round(30 * item.lines);
    case 'qr': return item.data ? (QRCode.create(item.data, { errorCorrectionLevel: item.correction as 'M' }).modules.size + 4) * item.cellSize : 0;
    case 'image': return item.height;
    case 'cut': return 24;
  }
}

export function receiptToPng(items: readonly ReceiptItem[], dots: number): Buffer {
  loadFont();
  const width = dots + 2 * MARGIN;
  const height = items.reduce((h, item) => h + itemHeight(item), 2 * MARGIN);
  const img = PImage.make(width, height);
  const ctx = img.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';

  const xFor = (align: string, w: number) => MARGIN + (align === 'center' ? Math.floor((dots - w) / 2) : align === 'right' ? dots - w : 0);
  let y = MARGIN;
  for (const item of items) {
    const h = itemHeight(item);
    if (item.kind === 'text') {
      const w = item.text.length * CELL_W * item.width;
      const x = xFor(item.align, Math.min(w, dots));
      if (item.invert) {
        ctx.fillRect(x, y, Math.min(w, dots), CELL_H * item.height);
        ctx.fillStyle = '#ffffff';
      }
      // One size for both axes: pureimage draws glyphs unstretched; close enough for a preview.
      ctx.font = `${20 * Math.min(item.width, item.height)}px ${FAMILY}`;
      ctx.fillText(item.text, x, y + CELL_H * item.height - 6);
      ctx.fillStyle = '#000000';
    } else if (item.kind === 'qr' && item.data) {
      const qr = QRCode.create(item.data, { errorCorrectionLevel: item.correction as 'M' });
      const side = (qr.modules.size + 4) * item.cellSize;
      const x0 = xFor('center', side) + 2 * item.cellSize;
      for (let r = 0; r < qr.modules.size; r++) {
        for (let c = 0; c < qr.modules.size; c++) {
          if (qr.modules.get(r, c)) ctx.fillRect(x0 + c * item.cellSize, y + (r + 2) * item.cellSize, item.cellSize, item.cellSize);
        }
      }
    } else if (item.kind === 'image') {
      const x0 = xFor('center', item.width);
      const rowBytes = item.width / 8;
      for (let r = 0; r < item.height; r++) {
        for (let c = 0; c < item.width; c++) {
          if ((item.data[r * rowBytes + (c >> 3)]! >> (7 - (c & 7))) & 1) ctx.fillRect(x0 + c, y + r, 1, 1);
        }
      }
    } else if (item.kind === 'cut') {
      for (let x = 0; x < width; x += 8) ctx.fillRect(x, y + 12, 4, 1);
    }
    y += h;
  }
  const png = new PNG({ width, height });
  Buffer.from(img.data).copy(png.data);
  return PNG.sync.write(png);
}
