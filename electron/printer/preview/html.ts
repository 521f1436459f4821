/**
 * A receipt as an HTML page for printing through the operating system's printer driver: the last
 * resort when a printer takes no raw ESC/POS (electron/main prints it with an explicit 80 or 58 mm
 * page and no margins). Built from the same receipt the ESC/POS reader makes of the ticket's bytes,
 * so the driver's ticket says exactly what the ESC/POS ticket says.
 */
import QRCode from 'qrcode';
import type { ReceiptItem } from '../escpos/decode.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function qrSvg(data: string, cellMm: number): string {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) path += `M${c} ${r}h1v1h-1z`;
  const side = (n * cellMm).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${side}mm" height="${side}mm" shape-rendering="crispEdges"><path d="${path}"/></svg>`;
}

export function receiptToHtml(items: readonly ReceiptItem[], paperWidth: 80 | 58): string {
  // Printable width: 72 mm on 80 mm paper, 48 mm on 58 mm; font A is 1/48 or 1/32 of it.
  const printable = paperWidth === 80 ? 72 : 48;
  const charMm = printable / (paperWidth === 80 ? 48 : 32);
  const body: string[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'text':
        // A character of size w x h takes w cells across and h cell heights down, as on the
        // printer (a cell is 1/48 or 1/32 of the line, twice as high as wide; monospace glyphs
        // advance 0.6 em).
        body.push(
          `<p style="text-align:${item.align};font-size:${((charMm / 0.6) * item.width).toFixed(2)}mm;` +
            `line-height:${(charMm * 2 * item.height).toFixed(2)}mm;` +
            `${item.bold ? 'font-weight:bold;' : ''}${item.invert ? 'background:#000;color:#fff;width:fit-content;margin:0 auto;' : ''}">${escape(item.text)}</p>`,
        );
        break;
      case 'feed':
        body.push(`<div style="height:${(item.lines * 4).toFixed(1)}mm"></div>`);
        break;
      case 'qr':
        if (item.data) body.push(`<div style="text-align:center">${qrSvg(item.data, item.cellSize * 0.125)}</div>`);
        break;
      case 'image':
        // Images come from the raster fallback or the logo; the driver path draws the QR as SVG
        // and leaves bitmaps out.
        break;
      case 'cut':
        break;
    }
  }
  return `<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>@page{size:${paperWidth}mm auto;margin:0}html,body{margin:0;padding:0}
body{width:${printable}mm;margin:0 auto;font-family:'DejaVu Sans Mono','Consolas',monospace;color:#000}
p{margin:0;white-space:pre-wrap;word-break:break-word}</style></head>
<body>${body.join('\n')}</body></html>`;
}

/** About how long the receipt is on paper, so the driver gets a page no longer than the ticket. */
export function receiptHeightMm(items: readonly ReceiptItem[], paperWidth: 80 | 58): number {
  const columns = paperWidth === 80 ? 48 : 32;
  const charMm = (paperWidth === 80 ? 72 : 48) / columns;
  let mm = 6;
  for (const item of items) {
    if (item.kind === 'text') mm += Math.max(1, Math.ceil((item.text.length * item.width) / columns)) * charMm * 2 * item.height;
    else if (item.kind === 'feed') mm += item.lines * 4;
    else if (item.kind === 'qr' && item.data) mm += QRCode.create(item.data, { errorCorrectionLevel: 'M' }).modules.size * item.cellSize * 0.125 + 2;
  }
  // A little room for a driver whose font is wider than ours.
  return Math.ceil(mm * 1.1);
}
