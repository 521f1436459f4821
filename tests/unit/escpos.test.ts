/** The ESC/POS reader, the status bytes and the ASCII folding, on hand-made byte sequences. */
import { describe, expect, it } from 'vitest';
import { tokenize, toReceipt } from '../../electron/printer/escpos/decode.js';
import { isPaperSensorByte, isRealtimeStatusByte, parsePaperSensor, parseRealtimeStatus } from '../../electron/printer/escpos/status.js';
import { asciiSafe } from '../../electron/printer/text/asciiSafe.js';

const bytes = (...parts: (number[] | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('the ESC/POS reader', () => {
  it('reads text with its alignment, size and weight, a QR code and a cut', () => {
    const b = bytes([0x1b, 0x40], [0x1b, 0x61, 1], [0x1d, 0x21, 0x22], 'B-7', [0x0a], [0x1d, 0x21, 0], [0x1b, 0x45, 1], 'Hi', [0x0a],
      [0x1d, 0x28, 0x6b, 3, 0, 49, 67, 4], [0x1d, 0x28, 0x6b, 6, 0, 49, 80, 48], 'abc', [0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48], [0x1d, 0x56, 66, 3]);
    const t = tokenize(b);
    expect(t.incomplete).toBe(0);
    expect(t.ends.at(-1)).toBe(b.length);
    expect(toReceipt(t.commands)).toEqual([
      { kind: 'text', text: 'B-7', align: 'center', width: 3, height: 3, bold: false, invert: false },
      { kind: 'text', text: 'Hi', align: 'center', width: 1, height: 1, bold: true, invert: false },
      { kind: 'qr', data: 'abc', cellSize: 4, correction: 'M' },
      { kind: 'cut', partial: true },
    ]);
  });

  it('leaves a command cut off at the end of a chunk for the next chunk, without guessing', () => {
    const full = bytes('AB', [0x1d, 0x76, 0x30, 0, 1, 0, 2, 0], [0xff, 0x00]);
    const part = tokenize(full.subarray(0, full.length - 1));
    expect(part.commands).toEqual([{ kind: 'text', text: 'AB' }]);
    expect(part.incomplete).toBe(9);
    const whole = tokenize(full);
    expect(whole.commands[1]).toMatchObject({ kind: 'raster', width: 8, height: 2 });
  });

  it('tells status questions apart from print data', () => {
    const t = tokenize(bytes([0x10, 0x04, 0x01], 'x', [0x1d, 0x72, 0x01], [0x10, 0x14, 0x08, 1, 3, 20, 1, 6, 2, 8]));
    expect(t.commands.map((c) => c.kind)).toEqual(['realtimeStatus', 'text', 'paperSensorStatus', 'other']);
  });
});

describe('status bytes', () => {
  it('reads the three DLE EOT answers as the Epson manual defines them', () => {
    expect(parseRealtimeStatus(0x12, 0x12, 0x12)).toMatchObject({ state: 'ready' });
    expect(parseRealtimeStatus(0x12, 0x12, 0x1e)).toMatchObject({ state: 'paper_near_end', paperNearEnd: true });
    expect(parseRealtimeStatus(0x1a, 0x32, 0x72)).toMatchObject({ state: 'paper_end', paperEnd: true, offline: true });
    expect(parseRealtimeStatus(0x1a, 0x16, 0x12)).toMatchObject({ state: 'cover_open', coverOpen: true });
    expect(parseRealtimeStatus(0x1a, 0x12, 0x12)).toMatchObject({ state: 'offline' });
    expect(parseRealtimeStatus(0x1a, 0x52, 0x12)).toMatchObject({ state: 'error' });
  });

  it('never mistakes a GS r answer for a DLE EOT answer', () => {
    for (let b = 0; b < 256; b++) expect(isRealtimeStatusByte(b) && isPaperSensorByte(b)).toBe(false);
    expect(parsePaperSensor(0x0f)).toEqual({ paperNearEnd: true, paperEnd: true });
    expect(parsePaperSensor(0x00)).toEqual({ paperNearEnd: false, paperEnd: false });
  });
});

describe('ASCII folding', () => {
  it('keeps Indonesian text readable on any printer', () => {
    expect(asciiSafe('“Pelayanan” – cepat’s…')).toBe('"Pelayanan" - cepat\'s...');
    expect(asciiSafe('Kécamatan Sëmarang')).toBe('Kecamatan Semarang');
    expect(asciiSafe('Jl.\u00A0Merdeka\tNo.\u200B1')).toBe('Jl. Merdeka No.1');
    expect(asciiSafe('tab\x1b@ bukan perintah')).toBe('tab@ bukan perintah');
    expect(asciiSafe('漢字')).toBe('??');
  });
});
