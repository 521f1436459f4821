/**
 * Indonesian number words, and the words of an announcement (the queue that says them:
 * announcer.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  announcementWords,
  audibleSpan,
  CLIP_EDGE_MS,
  callWords,
  PAUSE_AFTER_CHIME_MS,
  PAUSE_BETWEEN_CALLS_MS,
  textWords,
  ticketWords,
  utteranceClips,
  utteranceMs,
  utteranceText,
  utteranceWords,
  VOICE_VOCABULARY,
} from '../../shared/announcement.js';
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

describe('codes in counter labels', () => {
  it('spells a code character by character, its digits as numbers, instead of skipping it', () => {
    expect(textWords('Loket 3A')).toEqual(['loket', 'tiga', 'a']);
    expect(textWords('Gerai 4A1')).toEqual(['gerai', 'empat', 'a', 'satu']);
    expect(textWords('Meja B2')).toEqual(['meja', 'be', 'dua']);
    expect(textWords('Loket 12b')).toEqual(['loket', 'dua', 'belas', 'be']);
    expect(textWords('Ruang 2C Lantai 3')).toEqual(['ruang', 'dua', 'ce', 'lantai', 'tiga']);
    // An acronym inside a code still follows the pronunciation table.
    expect(textWords('Loket SKCK2')).toEqual(['loket', 'es', 'ka', 'ce', 'ka', 'dua']);
    expect(textWords('SAMSAT1')).toEqual(['samsat', 'satu']);
  });

  it('needs only clips the set has for every code a counter label may carry', () => {
    const vocabulary = new Set(VOICE_VOCABULARY);
    for (const label of ['Loket 3A', 'Gerai 4A1', 'Meja B2', 'Loket 12b', 'Gerai 40Z', 'Loket Z9Z9']) {
      for (const w of announcementWords({ ticket: 'A-001', counter: label })) if (!vocabulary.has(w)) throw new Error(`no clip for "${w}" in ${label}`);
    }
  });
});

describe('an utterance', () => {
  const settings = { wording: 'Nomor antrean {nomor}, silakan menuju {loket}', shortWording: '{nomor}, {loket}', chime: 'short' as const };

  it('says one call in the full wording after the short chime', () => {
    expect(utteranceWords([{ ticket: 'A-012', counter: 'Gerai 5' }], 'full', settings).join(' ')).toBe('chime-short nomor antrean a dua belas silakan menuju gerai lima');
  });

  it('says several calls after one chime in the short wording: "A dua belas, gerai lima; B tiga, gerai dua"', () => {
    const calls = [
      { ticket: 'A-012', counter: 'Gerai 5' },
      { ticket: 'B-003', counter: 'Gerai 2' },
    ];
    expect(utteranceClips(calls, 'short', settings)).toEqual({
      chime: 'chime-short',
      calls: [
        ['a', 'dua', 'belas', 'gerai', 'lima'],
        ['be', 'tiga', 'gerai', 'dua'],
      ],
    });
    expect(utteranceWords(calls, 'short', { ...settings, chime: 'long' })[0]).toBe('chime');
    expect(utteranceWords(calls, 'short', { ...settings, chime: 'off' })[0]).toBe('a');
  });

  it('says a recall as one: "Panggilan ulang, nomor antrean …", and fits a wording that starts with "Panggilan"', () => {
    expect(callWords({ ticket: 'A-012', counter: 'Gerai 5', recall: true }, 'full', settings).join(' ')).toBe('panggilan ulang nomor antrean a dua belas silakan menuju gerai lima');
    expect(callWords({ ticket: 'A-012', counter: 'Gerai 5', recall: true }, 'short', settings).join(' ')).toBe('panggilan ulang a dua belas gerai lima');
    expect(callWords({ ticket: 'G-001', counter: 'Loket 2', recall: true }, 'full', { wording: 'Panggilan {nomor} ke {loket}' }).join(' ')).toBe('panggilan ulang ge satu ke loket dua');
    expect(VOICE_VOCABULARY).toContain('ulang');
  });

  it('is the same sentence for a browser’s own voice', () => {
    const calls = [
      { ticket: 'A-012', counter: 'Gerai 5', recall: true },
      { ticket: 'B-003', counter: 'Gerai 2' },
    ];
    expect(utteranceText(calls, 'full', settings)).toBe('Panggilan ulang, nomor antrean A 12, silakan menuju Gerai 5. Nomor antrean B 3, silakan menuju Gerai 2');
    expect(utteranceText(calls.slice(1), 'short', settings)).toBe('B 3, Gerai 2');
  });

  it('lasts its clips, the pause after the chime and the pauses between its calls; a missing clip lasts nothing', () => {
    const u = utteranceClips([{ ticket: 'A-1', counter: 'Gerai 1' }, { ticket: 'B-2', counter: 'Gerai 2' }], 'short', settings);
    const ms = (clip: string) => (clip === 'chime-short' ? 500 : clip === 'gerai' ? 0 : 100);
    // chime, pause, "a satu [gerai] satu", pause, "be dua [gerai] dua"
    expect(utteranceMs(u, ms)).toBe(500 + PAUSE_AFTER_CHIME_MS + 300 + PAUSE_BETWEEN_CALLS_MS + 300);
    expect(utteranceMs({ ...u, chime: null }, ms)).toBe(600 + PAUSE_BETWEEN_CALLS_MS);
  });

  it('plays a word without the silence around it, a little margin kept; a silent clip whole', () => {
    const rate = 1000;
    // 100 ms of silence (with a little noise), 300 ms of sound, 200 ms of silence
    const samples = [...Array.from({ length: 100 }, (_, i) => (i % 2 ? 50 : -50)), ...Array.from({ length: 300 }, (_, i) => Math.round(10_000 * Math.sin(i / 3))), ...new Array<number>(200).fill(0)];
    const span = audibleSpan(samples, rate);
    expect(span.startMs).toBeGreaterThanOrEqual(100 - CLIP_EDGE_MS);
    expect(span.startMs).toBeLessThanOrEqual(102 - CLIP_EDGE_MS);
    expect(span.endMs).toBeLessThanOrEqual(400 + CLIP_EDGE_MS);
    expect(span.endMs).toBeGreaterThanOrEqual(395 + CLIP_EDGE_MS);
    expect(audibleSpan(new Array<number>(500).fill(0), rate)).toEqual({ startMs: 0, endMs: 500 });
    // Sound to the very edges: nothing cut, no margin beyond the clip.
    expect(audibleSpan([9000, 100, -9000], rate)).toEqual({ startMs: 0, endMs: 3 });
  });
});
