/**
 * The history watermark file is written in place after every committed event, in two slots taken
 * in turn. A write cut short (a crash, a full disk) spoils only the slot being written: the reader
 * then finds the previous watermark, whole, never a mix of the two.
 */
import { openSync, closeSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openMark, readMark, writeMark } from '../../electron/hub/history.js';
import { tempDir } from '../fixtures/tempDir.js';

const tmp = tempDir('antre-watermark-');

const mark = (writes: number, seq: number) => ({ v: 1, writes, seq, numbers: { A: seq } });

it('reads back the newest whole watermark, and the previous one when the newest was cut short', () => {
  const file = join(tmp.dir, 'antre.watermark');
  expect(readMark(file)).toBeNull();
  const fd = openMark(file);
  for (let n = 1; n <= 5; n++) writeMark(fd, n, mark(n, 100 + n));
  expect(readMark(file)).toMatchObject({ writes: 5, seq: 105 });

  // Write 6 goes to slot 0; the crash leaves only its first 40 bytes over write 4's line.
  const whole = readFileSync(file);
  writeMark(fd, 6, mark(6, 106));
  const torn = Buffer.from(readFileSync(file).subarray(0, 40));
  closeSync(fd);
  const again = openSync(file, 'r+');
  writeSync(again, whole.subarray(0, whole.length), 0, whole.length, 0);
  writeSync(again, torn, 0, torn.length, 0);
  closeSync(again);
  expect(readMark(file)).toMatchObject({ writes: 5, seq: 105, numbers: { A: 105 } });
  tmp.remove();
});
