/**
 * What the hall display says for a call, as a list of words, each one a voice clip:
 * "Nomor antrean A-012, silakan menuju Gerai 5" → nomor antrean a dua belas silakan menuju gerai lima.
 * The wording is a site setting with {nomor} and {loket} in it; acronyms are said letter by letter
 * as Indonesians spell them (SKCK → es ka ce ka), or as the site's pronunciation table says, and
 * codes such as "3A" or "4A1" character by character (tiga a, empat a satu).
 *
 * When calls queue up behind the voice the display says them in the short wording ("A dua belas,
 * gerai lima"), several after one chime: `utteranceClips` gives the clips of such a breath, and the
 * admin's preview says the same thing through it.
 */
import { NUMBER_VOCABULARY, numberWords } from './numberWords.js';

export const DEFAULT_WORDING = 'Nomor antrean {nomor}, silakan menuju {loket}';
export const DEFAULT_SHORT_WORDING = '{nomor}, {loket}';

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
export const PHRASE_VOCABULARY = ['nomor', 'antrean', 'silakan', 'menuju', 'ke', 'gerai', 'loket', 'meja', 'ruang', 'lantai', 'layanan', 'panggilan', 'ulang', 'samsat'] as const;

/** Every word a clip exists for (the generator in build/voice makes one file per word). */
export const VOICE_VOCABULARY: readonly string[] = [...new Set([...NUMBER_VOCABULARY, ...Object.values(LETTER_NAMES), ...PHRASE_VOCABULARY])];

/** What a recall is said with, before the call's own words: "Panggilan ulang, nomor antrean …". */
export const RECALL_WORDS: readonly string[] = ['panggilan', 'ulang'];

/**
 * The sound before an announcement, by the setting `display.chime`: the long "ding-dong" (1.7 s)
 * or a short one (about 0.5 s). A clip the hub does not have is skipped by the player.
 */
export const CHIME_CLIPS = { long: 'chime', short: 'chime-short', off: null } as const;
export type ChimeSetting = keyof typeof CHIME_CLIPS;

function spell(letters: string): string[] {
  return [...letters.toUpperCase()].flatMap((ch) => (/[0-9]/.test(ch) ? numberWords(Number(ch)) : LETTER_NAMES[ch] ? [LETTER_NAMES[ch]] : []));
}

/** One piece of text (a label, the wording) as spoken words. */
export function textWords(text: string, pronunciations: Record<string, string> = DEFAULT_PRONUNCIATIONS): string[] {
  const out: string[] = [];
  for (const token of text.split(/[^A-Za-z0-9]+/).filter(Boolean)) {
    if (/^[0-9]+$/.test(token)) out.push(...numberWords(Number(token)));
    else if (pronunciations[token.toUpperCase()] && token === token.toUpperCase()) out.push(...pronunciations[token.toUpperCase()]!.split(/\s+/));
    else if (/^[A-Z]+$/.test(token) || token.length === 1) out.push(...spell(token));
    else if (/[0-9]/.test(token)) {
      // A code ("3A", "4A1", "B12", "Lt2"): its runs of digits are numbers, its runs of letters
      // are what they would be on their own (a letter spelled, a word said).
      for (const run of token.match(/[0-9]+|[A-Za-z]+/g)!) out.push(...textWords(run, pronunciations));
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

/** full: the site's wording; short: its short wording, said when calls wait behind the voice. */
export type SpokenForm = 'full' | 'short';

/** A call as it is said: the ticket ("A-012"), the counter's label, and whether it is a recall. */
export interface SpokenCall {
  ticket: string;
  counter: string;
  recall?: boolean;
}

/** What of the display settings the words depend on; the site's defaults for what is left out. */
export interface SpeechSettings {
  wording?: string;
  shortWording?: string;
  pronunciations?: Record<string, string>;
  chime?: ChimeSetting;
}

/** The words of one call in one form, "Panggilan ulang" first for a recall. */
export function callWords(call: SpokenCall, form: SpokenForm, settings: SpeechSettings = {}): string[] {
  const wording = form === 'short' ? (settings.shortWording ?? DEFAULT_SHORT_WORDING) : (settings.wording ?? DEFAULT_WORDING);
  const words = announcementWords(call, wording, settings.pronunciations ?? DEFAULT_PRONUNCIATIONS);
  if (!call.recall) return words;
  // A wording that starts "Panggilan …" becomes "Panggilan ulang …", not "panggilan ulang panggilan".
  if (words[0] === RECALL_WORDS[0]) return [words[0]!, ...RECALL_WORDS.slice(1), ...words.slice(1)];
  return [...RECALL_WORDS, ...words];
}

/** One breath of the voice: the chime (null: none), then each call's words, a short pause between calls. */
export interface UtteranceClips {
  chime: string | null;
  calls: string[][];
}

export function utteranceClips(calls: readonly SpokenCall[], form: SpokenForm, settings: SpeechSettings = {}): UtteranceClips {
  return { chime: CHIME_CLIPS[settings.chime ?? 'short'], calls: calls.map((c) => callWords(c, form, settings)) };
}

/**
 * Every clip of an utterance in the order played, the chime first: what the display's voice log
 * lists and what the admin's preview plays ("chime-short a dua belas gerai lima be tiga gerai dua").
 */
export function utteranceWords(calls: readonly SpokenCall[], form: SpokenForm, settings: SpeechSettings = {}): string[] {
  const u = utteranceClips(calls, form, settings);
  return [...(u.chime ? [u.chime] : []), ...u.calls.flat()];
}

/**
 * The same breath as a sentence, for a browser's own voice (display.voice 'speech'):
 * "Panggilan ulang, nomor antrean A 12, silakan menuju Gerai 5. B 3, Gerai 2."
 */
export function utteranceText(calls: readonly SpokenCall[], form: SpokenForm, settings: SpeechSettings = {}): string {
  const wording = form === 'short' ? (settings.shortWording ?? DEFAULT_SHORT_WORDING) : (settings.wording ?? DEFAULT_WORDING);
  return calls
    .map((c) => {
      const ticket = c.ticket.replace(/^([A-Z0-9]+)-0*([0-9]+)$/, '$1 $2');
      const said = wording.replace('{nomor}', ticket).replace('{loket}', c.counter);
      return c.recall ? `Panggilan ulang, ${said.charAt(0).toLowerCase()}${said.slice(1)}` : said;
    })
    .join('. ');
}

/** The silence the player leaves after the chime, and between two calls of one breath (a comma). */
export const PAUSE_AFTER_CHIME_MS = 100;
export const PAUSE_BETWEEN_CALLS_MS = 250;

/**
 * What the player keeps of a word's clip: from a little before its first audible sample to a
 * little after its last. Generated clips keep tens of milliseconds of silence at each end, and a
 * recording made in the admin often half a second: joined as they are, words drift apart and a
 * call takes longer to say. (A chime is played whole: its ring fades out slowly.)
 */
export const CLIP_EDGE_MS = 20;
/** below this share of the clip's loudest sample, a sample counts as silence (about -34 dB) */
export const CLIP_SILENCE = 0.02;

/** The part of a clip the player plays, in ms from its start; the whole clip when it is all silence. */
export function audibleSpan(samples: ArrayLike<number>, rate: number): { startMs: number; endMs: number } {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  const whole = { startMs: 0, endMs: (samples.length / rate) * 1000 };
  if (peak === 0) return whole;
  const floor = peak * CLIP_SILENCE;
  let first = 0;
  while (Math.abs(samples[first]!) <= floor) first++;
  let last = samples.length - 1;
  while (Math.abs(samples[last]!) <= floor) last--;
  return { startMs: Math.max(0, (first / rate) * 1000 - CLIP_EDGE_MS), endMs: Math.min(whole.endMs, ((last + 1) / rate) * 1000 + CLIP_EDGE_MS) };
}

/** How long an utterance lasts, played gaplessly, given each clip's played length (0 for a clip the hub lacks). */
export function utteranceMs(u: UtteranceClips, clipMs: (clip: string) => number): number {
  const words = u.calls.reduce((sum, call) => sum + call.reduce((s, w) => s + clipMs(w), 0), 0);
  const chime = u.chime ? clipMs(u.chime) : 0;
  return chime + (chime > 0 && u.calls.length ? PAUSE_AFTER_CHIME_MS : 0) + words + Math.max(0, u.calls.length - 1) * PAUSE_BETWEEN_CALLS_MS;
}
