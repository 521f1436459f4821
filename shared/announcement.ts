/**
 * What the hall display says for a call, as a list of words, each one a voice clip:
 * "Nomor antrean A-012, silakan menuju Gerai 5" → nomor antrean a dua belas silakan menuju gerai lima.
 * The wording is a site setting with {nomor} and {loket} in it; acronyms are said letter by letter
 * as Indonesians spell them (SKCK → es ka ce ka), or as the site's pronunciation table says.
 */
import { NUMBER_VOCABULARY, numberWords } from './numberWords.js';

export const DEFAULT_WORDING = 'Nomor antrean {nomor}, silakan menuju {loket}';

/** How Indonesians name the letters. */
export const LETTER_NAMES: Record<string, string> = {
  A: 'a', B: 'be', C: 'ce', D: 'de', E: 'e', F: 'ef', G: 'ge', H: 'ha', I: 'i', J: 'je', K: 'ka', L: 'el', M: 'em',
  N: 'en', O: 'o', P: 'pe', Q: 'ki', R: 'er', S: 'es', T: 'te', U: 'u', V: 've', W: 'we', X: 'eks', Y: 'ye', Z: 'zet',
};

/** Acronyms said differently from their letters, or as a word ("SAMSAT" is "samsat"). */
export const DEFAULT_PRONUNCIATIONS: Record<string, string> = {
  SKCK: 'es ka ce ka',
  BPJS: 'be pe je es',
  SAMSAT: 'samsat',
  PDAM: 'pe de a em',
};

/** Words of the fixed phrases that the clip set covers besides numbers and letters. */
export const PHRASE_VOCABULARY = ['nomor', 'antrean', 'silakan', 'menuju', 'ke', 'gerai', 'loket', 'meja', 'ruang', 'lantai', 'layanan', 'panggilan', 'samsat'] as const;

/** Every word a clip exists for (the generator in build/voice makes one file per word). */
export const VOICE_VOCABULARY: readonly string[] = [...new Set([...NUMBER_VOCABULARY, ...Object.values(LETTER_NAMES), ...PHRASE_VOCABULARY])];

function spell(letters: string): string[] {
  return [...letters.toUpperCase()].flatMap((ch) => (/[0-9]/.test(ch) ? numberWords(Number(ch)) : LETTER_NAMES[ch] ? [LETTER_NAMES[ch]] : []));
}

/** One piece of text (a label, the wording) as spoken words. */
export function textWords(text: string, pronunciations: Record<string, string> = DEFAULT_PRONUNCIATIONS): string[] {
  const out: string[] = [];
  for (const token of text.split(/[^A-Za-z0-9]+/).filter(Boolean)) {
    if (/^[0-9]+$/.test(token)) out.push(...numberWords(Number(token)));
    else if (pronunciations[token.toUpperCase()] && token === token.toUpperCase()) out.push(...pronunciations[token.toUpperCase()]!.split(/\s+/));
    else if (/^[A-Z]+$/.test(token)) out.push(...spell(token));
    else if (/^[A-Za-z]+[0-9]+$/.test(token)) {
      const [, letters, digits] = /^([A-Za-z]+)([0-9]+)$/.exec(token)!;
      out.push(...textWords(letters!, pronunciations), ...numberWords(Number(digits)));
    } else out.push(token.toLowerCase());
  }
  return out;
}

/** "A-012" → a dua belas; "SK2-105" → es ka dua seratus lima; "4A1-007" → empat a satu tujuh. */
export function ticketWords(display: string): string[] {
  const m = /^([A-Z0-9]{1,4})-0*([0-9]+)$/.exec(display);
  if (!m) return textWords(display);
  const [, prefix, number] = m;
  // The prefix is said character by character: its digits are labels, not an amount.
  return [...spell(prefix!), ...numberWords(Number(number))];
}

export function announcementWords(
  call: { ticket: string; counter: string },
  wording: string = DEFAULT_WORDING,
  pronunciations: Record<string, string> = DEFAULT_PRONUNCIATIONS,
): string[] {
  const out: string[] = [];
  for (const part of wording.split(/(\{nomor\}|\{loket\})/)) {
    if (part === '{nomor}') out.push(...ticketWords(call.ticket));
    else if (part === '{loket}') out.push(...textWords(call.counter, pronunciations));
    else out.push(...textWords(part, pronunciations));
  }
  return out;
}
