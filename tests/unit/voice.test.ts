/**
 * Indonesian number words, the words of an announcement, and the announcement queue.
 */
import { describe, expect, it } from 'vitest';
import { announcementWords, textWords, ticketWords, VOICE_VOCABULARY } from '../../shared/announcement.js';
import { Announcer, type Call } from '../../shared/announcer.js';
import { numberWords } from '../../shared/numberWords.js';

/** An independent reader of number words (the inverse), to check every number both ways. */
function parse(words: string[]): number {
  const digit: Record<string, number> = { nol: 0, satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };
  const scale: Record<string, number> = { ribu: 1e3, juta: 1e6, miliar: 1e9 };
  let total = 0;
  let group = 0;
  let last = 0;
  for (const w of words) {
    if (w in digit) {
      last = digit[w]!;
      group += last;
    } else if (w === 'sepuluh') group += 10;
    else if (w === 'sebelas') group += 11;
    else if (w === 'belas') group += 10 - last + last; // "dua belas": 2 → 12
    else if (w === 'puluh') group += last * 9; // "dua puluh": 2 → 20
    else if (w === 'seratus') group += 100;
    else if (w === 'ratus') group += last * 99;
    else if (w === 'seribu') total += 1000;
    else if (w in scale) {
      total += group * scale[w]!;
      group = 0;
    } else throw new Error(`not a number word: ${w}`);
  }
  return total + group;
}

describe('number words', () => {
  it('says the numbers an MPP calls the way Indonesians say them', () => {
    const say = (n: number) => numberWords(n).join(' ');
    expect(say(0)).toBe('nol');
    expect(say(1)).toBe('satu');
    expect(say(10)).toBe('sepuluh');
    expect(say(11)).toBe('sebelas');
    expect(say(12)).toBe('dua belas');
    expect(say(19)).toBe('sembilan belas');
    expect(say(20)).toBe('dua puluh');
    expect(say(21)).toBe('dua puluh satu');
    expect(say(99)).toBe('sembilan puluh sembilan');
    expect(say(100)).toBe('seratus');
    expect(say(101)).toBe('seratus satu');
    expect(say(111)).toBe('seratus sebelas');
    expect(say(210)).toBe('dua ratus sepuluh');
    expect(say(1000)).toBe('seribu');
    expect(say(1001)).toBe('seribu satu');
    expect(say(1999)).toBe('seribu sembilan ratus sembilan puluh sembilan');
    expect(say(2000)).toBe('dua ribu');
    expect(say(11000)).toBe('sebelas ribu');
    expect(say(100000)).toBe('seratus ribu');
    expect(say(1000000)).toBe('satu juta');
    expect(say(2500000)).toBe('dua juta lima ratus ribu');
  });

  it('reads back as the same number, for every number up to a million, with no "satu puluh" and no "satu ratus"', () => {
    for (let n = 0; n <= 1_000_000; n++) {
      const w = numberWords(n);
      if (parse(w) !== n) throw new Error(`${n} → ${w.join(' ')} → ${parse(w)}`);
      const s = w.join(' ');
      // "satu belas/puluh/ratus" is never said; "satu ribu" only inside a larger group (21.000).
      if (/(^| )satu (belas|puluh|ratus)/.test(s) || /(^|juta |miliar )satu ribu/.test(s)) throw new Error(`${n} → ${s}`);
      if (n > 0 && w.includes('nol')) throw new Error(`${n} → ${s}`);
    }
  });

  it('refuses what is not a whole number', () => {
    expect(() => numberWords(-1)).toThrow(RangeError);
    expect(() => numberWords(1.5)).toThrow(RangeError);
  });
});

describe('announcement words', () => {
  it('says the default wording with the ticket spelled and the counter numbered', () => {
    expect(announcementWords({ ticket: 'A-012', counter: 'Gerai 5' }).join(' ')).toBe('nomor antrean a dua belas silakan menuju gerai lima');
    expect(announcementWords({ ticket: 'SK2-105', counter: 'Loket 12' }).join(' ')).toBe('nomor antrean es ka dua seratus lima silakan menuju loket dua belas');
  });

  it('follows the site’s wording and spells acronyms as Indonesians do', () => {
    expect(announcementWords({ ticket: 'G-001', counter: 'Loket SKCK 2' }, 'Panggilan {nomor} ke {loket}').join(' ')).toBe('panggilan ge satu ke loket es ka ce ka dua');
    expect(textWords('BPJS Kesehatan')).toEqual(['be', 'pe', 'je', 'es', 'kesehatan']);
    expect(textWords('Meja B3')).toEqual(['meja', 'be', 'tiga']);
    expect(ticketWords('A-1000')).toEqual(['a', 'seribu']);
  });

  it('needs only words the clip set has, for every ticket and counter of a large MPP', () => {
    const vocabulary = new Set(VOICE_VOCABULARY);
    for (const prefix of ['A', 'Z', 'SK', 'BPJ', 'B2']) {
      for (let n = 1; n <= 2000; n += 7) {
        for (const counter of ['Gerai 1', 'Gerai 40', 'Loket 12', 'Meja 3', 'Ruang 2 Lantai 3']) {
          for (const w of announcementWords({ ticket: `${prefix}-${String(n).padStart(3, '0')}`, counter })) {
            if (!vocabulary.has(w)) throw new Error(`no clip for "${w}"`);
          }
        }
      }
    }
  });
});

describe('the announcement queue', () => {
  const call = (seq: number, at = 1_000_000, recall = false): Call => ({ seq, at, ticket: `A-00${seq}`, counter: 'Gerai 1', counterId: 1, recall });

  function recorder(now = 1_000_000) {
    const log: string[] = [];
    let speaking = 0;
    let overlapped = false;
    const announcer = new Announcer({
      now: () => now,
      maxAgeMs: 60_000,
      speak: async (c) => {
        speaking++;
        if (speaking > 1) overlapped = true;
        log.push(`start ${c.seq}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${c.seq}`);
        speaking--;
      },
    });
    return { announcer, log, overlapped: () => overlapped };
  }

  it('speaks a burst in order, one after the other, never overlapping', async () => {
    const r = recorder();
    for (const seq of [1, 2, 3, 4]) r.announcer.offer(call(seq));
    await r.announcer.idle();
    expect(r.log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
    expect(r.overlapped()).toBe(false);
  });

  it('speaks a recall again, as a call of its own', async () => {
    const r = recorder();
    r.announcer.offer(call(5));
    r.announcer.offer({ ...call(6, 1_000_000, true), ticket: 'A-005' });
    await r.announcer.idle();
    expect(r.log.filter((l) => l.startsWith('start'))).toEqual(['start 5', 'start 6']);
  });

  it('does not repeat what it said when the backlog comes again after a reconnect', async () => {
    const r = recorder();
    r.announcer.offer(call(1));
    r.announcer.offer(call(2));
    await r.announcer.idle();
    // The stream resumes from seq 1 (say): 2 was spoken, 3 is new.
    expect(r.announcer.offer(call(2))).toBe(false);
    expect(r.announcer.offer(call(3))).toBe(true);
    await r.announcer.idle();
    expect(r.log.filter((l) => l.startsWith('start'))).toEqual(['start 1', 'start 2', 'start 3']);
  });

  it('does not read out an hour of calls to a display that was off, only the recent ones', async () => {
    const now = 10_000_000;
    const r = recorder(now);
    for (let seq = 1; seq <= 120; seq++) r.announcer.offer(call(seq, now - (120 - seq) * 30_000));
    await r.announcer.idle();
    // Calls 30 s apart, the last one now: only those of the last minute are spoken.
    expect(r.log.filter((l) => l.startsWith('start'))).toEqual(['start 118', 'start 119', 'start 120']);
  });

  it('keeps going after a clip fails to play', async () => {
    const spoken: number[] = [];
    const a = new Announcer({
      now: () => 0,
      maxAgeMs: 60_000,
      speak: async (c) => {
        if (c.seq === 1) throw new Error('no audio device');
      },
      onSpoken: (c) => spoken.push(c.seq),
    });
    a.offer(call(1, 0));
    a.offer(call(2, 0));
    await a.idle();
    expect(spoken).toEqual([1, 2]);
  });
});
