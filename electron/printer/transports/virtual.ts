/**
 * The virtual printer of the demo and the tests: a folder. Each job leaves its bytes (.bin), what
 * the printer would print as text (.txt) and a picture of the ticket (.png). It behaves as a
 * two-way printer: it answers DLE EOT and GS r like an Epson, from the state written in the
 * folder's `status` file (ready when there is none), so paper-out and a silent printer can be
 * played in the demo by writing one word:
 *
 *   echo paper_end > <data dir>/printers/kiosk-1/status
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRINTER_STATES, type PrinterState } from '../../../shared/printing.js';
import { receiptToText, tokenize, toReceipt, type ReceiptItem } from '../escpos/decode.js';
import { receiptToPng } from '../preview/png.js';
import type { PrinterLink, Transport } from './link.js';

export function readVirtualState(folder: string): PrinterState {
  try {
    const word = readFileSync(join(folder, 'status'), 'utf8').trim() as PrinterState;
    return PRINTER_STATES.includes(word) ? word : 'ready';
  } catch {
    return 'ready';
  }
}

/** The byte an Epson answers to DLE EOT n / GS r 1 in a given state. */
export function statusByte(state: PrinterState, query: 'printer' | 'offlineCause' | 'paperSensor' | 'gsr'): number {
  const paperEnd = state === 'paper_end';
  const nearEnd = state === 'paper_near_end';
  switch (query) {
    case 'printer': return 0x12 | (state === 'offline' || state === 'cover_open' || paperEnd || state === 'error' ? 0x08 : 0);
    case 'offlineCause': return 0x12 | (state === 'cover_open' ? 0x04 : 0) | (paperEnd ? 0x20 : 0) | (state === 'error' ? 0x40 : 0);
    case 'paperSensor': return 0x12 | (nearEnd ? 0x0c : 0) | (paperEnd ? 0x60 : 0);
    case 'gsr': return (nearEnd ? 0x03 : 0) | (paperEnd ? 0x0c : 0);
  }
}

export function virtualTransport(folder: string, paperWidth: 80 | 58): Transport {
  return {
    label: `virtual ${folder}`,
    open: async () => {
      mkdirSync(folder, { recursive: true });
      const listeners: ((chunk: Buffer) => void)[] = [];
      const reply = (bytes: number[]) => {
        if (bytes.length) setImmediate(() => listeners.forEach((l) => l(Buffer.from(bytes))));
      };
      let job: Buffer[] = [];
      const link: PrinterLink = {
        twoWay: true,
        write: async (bytes) => {
          const state = readVirtualState(folder);
          const silent = state === 'unknown';
          const printing = state === 'ready' || state === 'paper_near_end';
          const answers: number[] = [];
          const commands = tokenize(bytes).commands;
          if (!commands.every((c) => c.kind === 'realtimeStatus')) job.push(Buffer.from(bytes));
          for (const c of commands) {
            if (c.kind === 'realtimeStatus') {
              const q = c.n === 1 ? 'printer' : c.n === 2 ? 'offlineCause' : 'paperSensor';
              if (!silent) answers.push(statusByte(state, q));
            } else if (c.kind === 'paperSensorStatus') {
              // Answered only once everything before it is on paper: a stopped printer stays quiet.
              if (printing) {
                saveJob(folder, Buffer.concat(job), paperWidth);
                job = [];
                answers.push(statusByte(state, 'gsr'));
              }
            }
          }
          reply(answers);
        },
        onData: (l) => listeners.push(l),
        onClose: () => {},
        close: async () => {},
      };
      return link;
    },
  };
}

/** Jobs so far per folder: counted from the folder once, not at every job (weeks of tickets). */
const jobsIn = new Map<string, number>();

function saveJob(folder: string, bytes: Buffer, paperWidth: 80 | 58): void {
  // Drop the trailing GS r 1: it is a question to the printer, not part of the ticket.
  const body = bytes.subarray(0, bytes.length >= 3 && bytes[bytes.length - 3] === 0x1d && bytes[bytes.length - 2] === 0x72 ? bytes.length - 3 : bytes.length);
  const items = toReceipt(tokenize(body).commands);
  const n = (jobsIn.get(folder) ?? readdirSync(folder).filter((f) => f.endsWith('.bin')).length) + 1;
  jobsIn.set(folder, n);
  const base = join(folder, `${String(n).padStart(4, '0')}-${jobName(items)}`);
  writeFileSync(`${base}.bin`, body);
  writeFileSync(`${base}.txt`, receiptToText(items, paperWidth === 80 ? 48 : 32));
  // ANTRE_VIRTUAL_PNG=0 (the kiosk benchmark): no picture, whose drawing would be measured too.
  if (process.env.ANTRE_VIRTUAL_PNG === '0') return;
  // The picture takes tens of milliseconds of CPU: drawn a little later, once the printer's answer
  // has gone back to the kiosk (drawn at once, it held the kiosk's "take your ticket" ~150 ms).
  setTimeout(() => {
    try {
      writeFileSync(`${base}.png`, receiptToPng(items, paperWidth === 80 ? 576 : 384));
    } catch {
      // a preview is a convenience; the bytes and the text are already there
    }
  }, 100).unref();
}

/** The largest text on the receipt (the ticket number) names the files. */
function jobName(items: readonly ReceiptItem[]): string {
  let best: { text: string; size: number } = { text: 'job', size: 0 };
  for (const item of items) if (item.kind === 'text' && item.width * item.height > best.size) best = { text: item.text.trim(), size: item.width * item.height };
  return best.text.replace(/[^A-Za-z0-9-]+/g, '_').slice(0, 30) || 'job';
}
