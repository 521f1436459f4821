/**
 * An ESC/POS reader: bytes → commands → the receipt a printer would produce. The virtual printer
 * uses it for its text rendering and PNG preview, the fake network printer of the tests uses it to
 * answer status requests, and the tests use it to check what a ticket really says (its text, the
 * size of the number, the QR payload, the cut) rather than comparing opaque bytes.
 *
 * It knows the commands of the Epson TM reference that the printers in the field (TM-T82, TM-T20,
 * Xprinter, generic POS-80) share; an unknown command is kept as `other` rather than guessed at.
 */

export type Align = 'left' | 'center' | 'right';

export type Command =
  | { kind: 'text'; text: string }
  | { kind: 'lf' }
  | { kind: 'init' }
  | { kind: 'codePage'; n: number }
  | { kind: 'printMode'; n: number }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'bold'; on: boolean }
  | { kind: 'underline'; n: number }
  | { kind: 'invert'; on: boolean }
  | { kind: 'align'; align: Align }
  | { kind: 'font'; n: number }
  | { kind: 'feedLines'; n: number }
  | { kind: 'feedDots'; n: number }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'qrModel'; model: number }
  | { kind: 'qrCellSize'; size: number }
  | { kind: 'qrCorrection'; level: 'L' | 'M' | 'Q' | 'H' }
  | { kind: 'qrStore'; data: string }
  | { kind: 'qrPrint' }
  | { kind: 'raster'; width: number; height: number; data: Uint8Array }
  /** DLE EOT n: real-time status, answered at once even while the printer is stopped */
  | { kind: 'realtimeStatus'; n: number }
  /** GS r n: status answered in turn, after everything sent before it was processed */
  | { kind: 'paperSensorStatus'; n: number }
  | { kind: 'other'; bytes: Uint8Array };

export interface Tokenized {
  commands: Command[];
  /** where each command ends in the input (commands[i] spans ends[i-1]..ends[i]) */
  ends: number[];
  /** bytes at the end that start a command not yet complete (more data is on its way) */
  incomplete: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const LF = 0x0a;

// Length of ESC x commands with fixed arguments (bytes after ESC x).
const ESC_ARGS: Record<number, number> = {
  0x20: 1, 0x21: 1, 0x24: 2, 0x2d: 1, 0x32: 0, 0x33: 1, 0x3d: 1, 0x3f: 1, 0x40: 0, 0x42: 2, 0x44: 0,
  0x45: 1, 0x47: 1, 0x4a: 1, 0x4d: 1, 0x52: 1, 0x54: 1, 0x56: 1, 0x5c: 2, 0x61: 1, 0x63: 2, 0x64: 1,
  0x70: 3, 0x74: 1, 0x7b: 1,
};
// Length of GS x commands with fixed arguments.
const GS_ARGS: Record<number, number> = {
  0x21: 1, 0x42: 1, 0x48: 1, 0x4c: 2, 0x50: 2, 0x57: 2, 0x61: 1, 0x62: 1, 0x66: 1, 0x68: 1, 0x72: 1,
  0x77: 1,
};

/** Splits a byte stream into commands. Never throws: unknown bytes become `other`. */
export function tokenize(bytes: Uint8Array): Tokenized {
  const commands: Command[] = [];
  const ends: number[] = [];
  let i = 0;
  let text = '';
  const flushText = () => {
    if (text) {
      commands.push({ kind: 'text', text });
      ends.push(i);
    }
    text = '';
  };
  const need = (n: number) => i + n <= bytes.length;

  while (i < bytes.length) {
    while (ends.length < commands.length) ends.push(i);
    const b = bytes[i]!;
    if (b >= 0x20 && b !== 0x7f) {
      text += String.fromCharCode(b);
      i++;
      continue;
    }
    flushText();
    const start = i;
    if (b === LF) {
      commands.push({ kind: 'lf' });
      i++;
    } else if (b === ESC) {
      if (!need(2)) break;
      const c = bytes[i + 1]!;
      const args = ESC_ARGS[c];
      if (args === undefined) {
        commands.push({ kind: 'other', bytes: bytes.slice(i, i + 2) });
        i += 2;
        continue;
      }
      if (!need(2 + args)) break;
      const n = bytes[i + 2] ?? 0;
      i += 2 + args;
      switch (c) {
        case 0x40: commands.push({ kind: 'init' }); break;
        case 0x74: commands.push({ kind: 'codePage', n }); break;
        case 0x21: commands.push({ kind: 'printMode', n }); break;
        case 0x45: commands.push({ kind: 'bold', on: (n & 1) === 1 }); break;
        case 0x2d: commands.push({ kind: 'underline', n: n % 48 }); break;
        case 0x61: commands.push({ kind: 'align', align: (['left', 'center', 'right'] as const)[n % 48] ?? 'left' }); break;
        case 0x4d: commands.push({ kind: 'font', n: n % 48 }); break;
        case 0x64: commands.push({ kind: 'feedLines', n }); break;
        case 0x4a: commands.push({ kind: 'feedDots', n }); break;
        default: commands.push({ kind: 'other', bytes: bytes.slice(start, i) });
      }
    } else if (b === GS) {
      if (!need(2)) break;
      const c = bytes[i + 1]!;
      if (c === 0x56) {
        // GS V m, or GS V m n for the "feed then cut" forms 65/66
        if (!need(3)) break;
        const m = bytes[i + 2]!;
        const len = m === 65 || m === 66 ? 4 : 3;
        if (!need(len)) break;
        commands.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 });
        i += len;
      } else if (c === 0x28) {
        // GS ( fn pL pH d1…dk
        if (!need(5)) break;
        const fnByte = bytes[i + 2]!;
        const len = bytes[i + 3]! + bytes[i + 4]! * 256;
        if (!need(5 + len)) break;
        const data = bytes.slice(i + 5, i + 5 + len);
        i += 5 + len;
        commands.push(fnByte === 0x6b ? qrCommand(data) : { kind: 'other', bytes: bytes.slice(start, i) });
      } else if (c === 0x76) {
        // GS v 0 m xL xH yL yH d1…dk: raster image
        if (!need(8)) break;
        const widthBytes = bytes[i + 4]! + bytes[i + 5]! * 256;
        const height = bytes[i + 6]! + bytes[i + 7]! * 256;
        const len = widthBytes * height;
        if (!need(8 + len)) break;
        commands.push({ kind: 'raster', width: widthBytes * 8, height, data: bytes.slice(i + 8, i + 8 + len) });
        i += 8 + len;
      } else {
        const args = GS_ARGS[c];
        if (args === undefined) {
          commands.push({ kind: 'other', bytes: bytes.slice(i, i + 2) });
          i += 2;
          continue;
        }
        if (!need(2 + args)) break;
        const n = bytes[i + 2] ?? 0;
        i += 2 + args;
        if (c === 0x21) commands.push({ kind: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 });
        else if (c === 0x42) commands.push({ kind: 'invert', on: (n & 1) === 1 });
        else if (c === 0x72) commands.push({ kind: 'paperSensorStatus', n: n % 48 });
        else commands.push({ kind: 'other', bytes: bytes.slice(start, i) });
      }
    } else if (b === DLE) {
      if (!need(2)) break;
      const c = bytes[i + 1]!;
      if (c === 0x04 || c === 0x05) {
        if (!need(3)) break;
        if (c === 0x04) commands.push({ kind: 'realtimeStatus', n: bytes[i + 2]! });
        else commands.push({ kind: 'other', bytes: bytes.slice(i, i + 3) });
        i += 3;
      } else if (c === 0x14) {
        // DLE DC4 fn …: fn 8 (clear buffers) carries 7 bytes, the others 2
        if (!need(3)) break;
        const len = bytes[i + 2] === 8 ? 10 : 5;
        if (!need(len)) break;
        commands.push({ kind: 'other', bytes: bytes.slice(i, i + len) });
        i += len;
      } else {
        commands.push({ kind: 'other', bytes: bytes.slice(i, i + 1) });
        i += 1;
      }
    } else {
      commands.push({ kind: 'other', bytes: bytes.slice(i, i + 1) });
      i += 1;
    }
  }
  while (ends.length < commands.length) ends.push(i);
  flushText();
  return { commands, ends, incomplete: bytes.length - i };
}

function qrCommand(data: Uint8Array): Command {
  const [cn, fn, arg] = data;
  if (cn !== 49) return { kind: 'other', bytes: data };
  switch (fn) {
    case 65: return { kind: 'qrModel', model: (arg ?? 50) - 48 };
    case 67: return { kind: 'qrCellSize', size: arg ?? 3 };
    case 69: return { kind: 'qrCorrection', level: (['L', 'M', 'Q', 'H'] as const)[(arg ?? 48) - 48] ?? 'M' };
    case 80: return { kind: 'qrStore', data: Buffer.from(data.subarray(3)).toString('latin1') };
    case 81: return { kind: 'qrPrint' };
    default: return { kind: 'other', bytes: data };
  }
}

// ---- the receipt ------------------------------------------------------------------------

export type ReceiptItem =
  | { kind: 'text'; text: string; align: Align; width: number; height: number; bold: boolean; invert: boolean }
  | { kind: 'qr'; data: string; cellSize: number; correction: string }
  | { kind: 'image'; width: number; height: number; data: Uint8Array }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean };

/** What the commands put on paper, in order: text lines with their size, QR codes, images, cuts. */
export function toReceipt(commands: readonly Command[]): ReceiptItem[] {
  const items: ReceiptItem[] = [];
  let align: Align = 'left';
  let width = 1;
  let height = 1;
  let bold = false;
  let invert = false;
  let line: { text: string; width: number; height: number; bold: boolean; invert: boolean } | null = null;
  let qr = { data: '', cellSize: 3, correction: 'M' };

  const reset = () => {
    align = 'left';
    width = 1;
    height = 1;
    bold = false;
    invert = false;
  };
  const endLine = (emptyIsFeed: boolean) => {
    if (line) items.push({ kind: 'text', text: line.text, align, width: line.width, height: line.height, bold: line.bold, invert: line.invert });
    else if (emptyIsFeed) items.push({ kind: 'feed', lines: 1 });
    line = null;
  };

  for (const c of commands) {
    switch (c.kind) {
      case 'text':
        line ??= { text: '', width, height, bold, invert };
        line.text += c.text;
        line.width = Math.max(line.width, width);
        line.height = Math.max(line.height, height);
        line.bold ||= bold;
        line.invert ||= invert;
        break;
      case 'lf': endLine(true); break;
      case 'init': endLine(false); reset(); break;
      case 'printMode':
        bold = (c.n & 0x08) !== 0;
        height = c.n & 0x10 ? 2 : 1;
        width = c.n & 0x20 ? 2 : 1;
        break;
      case 'size': width = c.width; height = c.height; break;
      case 'bold': bold = c.on; break;
      case 'invert': invert = c.on; break;
      case 'align': align = c.align; break;
      case 'feedLines': endLine(false); if (c.n > 0) items.push({ kind: 'feed', lines: c.n }); break;
      case 'feedDots': endLine(false); if (c.n > 0) items.push({ kind: 'feed', lines: c.n / 30 }); break;
      case 'cut': endLine(false); items.push({ kind: 'cut', partial: c.partial }); break;
      case 'qrCellSize': qr.cellSize = c.size; break;
      case 'qrCorrection': qr.correction = c.level; break;
      case 'qrStore': qr.data = c.data; break;
      case 'qrPrint':
        endLine(false);
        items.push({ kind: 'qr', ...qr });
        qr = { ...qr, data: '' };
        break;
      case 'raster': endLine(false); items.push({ kind: 'image', width: c.width, height: c.height, data: c.data }); break;
      default: break;
    }
  }
  endLine(false);
  return items;
}

/**
 * A plain-text picture of the receipt, `columns` characters wide (48 on 80 mm, 32 on 58 mm). Text
 * printed larger than normal is marked with its size, e.g. "[6x6] A-012".
 */
export function receiptToText(items: readonly ReceiptItem[], columns: number): string {
  const out: string[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'text': {
        // Placed where it lands on paper (a character of size w takes w columns), its size after it.
        const t = item.text.trimEnd();
        const room = columns - t.length * item.width;
        const pad = item.align === 'center' ? Math.max(0, Math.floor(room / 2)) : item.align === 'right' ? Math.max(0, room) : 0;
        const tag = item.width > 1 || item.height > 1 ? `   [${item.width}x${item.height}]` : '';
        out.push((' '.repeat(pad) + t).trimEnd() + tag);
        break;
      }
      case 'feed': for (let n = 0; n < Math.round(item.lines); n++) out.push(''); break;
      case 'qr': out.push(`[QR ${item.correction} cell ${item.cellSize}: ${item.data}]`); break;
      case 'image': out.push(`[image ${item.width}x${item.height}]`); break;
      case 'cut': out.push(item.partial ? '----- partial cut -----' : '----- cut -----'); break;
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
