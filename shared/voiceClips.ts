/**
 * The hall display's voice clips as the admin's Suara tab sees them: every word the display may
 * say at this site, where each one comes from, and which clip says it — the MPP's own recording
 * (<data dir>/voice/), the generated one (assets/voice/id/), or none. The display skips a word
 * without a clip, so a missing word is a hole in the sentence ("Loket Dukcapil 2" said "loket
 * dua"): the list puts those first. Codes such as "3A" are spelled, so their words are the clips
 * of letters and digits.
 */
import { z } from 'zod';
import { CHIME_CLIPS, RECALL_WORDS, textWords, ticketWords, type ChimeSetting } from './announcement.js';

/** A word's clip name: the word, small letters only (it is also the file's name). */
export const VOICE_WORD = /^[a-z]{1,40}$/;
/** The chimes' clips ("chime", "chime-short"): the only clip names that are not a word. */
export const CHIME_CLIP_NAMES: readonly string[] = Object.values(CHIME_CLIPS).filter((c): c is NonNullable<typeof c> => c !== null);
/** Any clip's name: a word or a chime. */
export const VOICE_CLIP_NAME = new RegExp(`^(?:[a-z]{1,40}|${CHIME_CLIP_NAMES.join('|')})$`);
/** A word is a second or two of sound: 1 MB holds a minute of WAV at 8 kHz, far more than any word. */
export const VOICE_CLIP_MAX_BYTES = 1024 * 1024;

/** The audio a clip may be, each with the file extension it is kept under. */
export const VOICE_CLIP_TYPES = {
  'audio/wav': '.wav',
  'audio/mpeg': '.mp3',
  'audio/ogg': '.ogg',
  'audio/webm': '.webm',
} as const;
export type VoiceClipType = keyof typeof VOICE_CLIP_TYPES;
const TYPE_NAMES = Object.keys(VOICE_CLIP_TYPES) as [VoiceClipType, ...VoiceClipType[]];

/** Other names browsers and systems give the same types (Windows says audio/x-wav, older Firefox audio/wave). */
const ALIASES: Record<string, VoiceClipType> = {
  'audio/wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/mpeg': 'audio/mpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/ogg': 'audio/ogg',
  'audio/webm': 'audio/webm',
};

/** The clip type a Content-Type names ("audio/webm;codecs=opus" → audio/webm), or null. */
export function voiceClipType(contentType: string | undefined | null): VoiceClipType | null {
  const bare = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? null;
}

/** Whether the bytes are the audio the type says: a renamed picture or program is not a clip. */
export function looksLikeAudio(type: VoiceClipType, b: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length < 12) return false;
  switch (type) {
    case 'audio/wav':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE';
    case 'audio/mpeg':
      // an ID3 tag, or straight into an MPEG audio frame (11 bits of sync)
      return ascii(0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0);
    case 'audio/ogg':
      return ascii(0, 4) === 'OggS';
    case 'audio/webm':
      // an EBML header, as Matroska and WebM files (and the browser's MediaRecorder) begin
      return b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
  }
}

// ---- the API ----------------------------------------------------------------------------

/** PUT/DELETE /api/admin/voice/:word */
export const VoiceWordParam = z.strictObject({ word: z.string().regex(VOICE_CLIP_NAME, `one word (the letters a–z, 1 to 40 of them) or a chime (${CHIME_CLIP_NAMES.join(', ')})`) });

/**
 * PUT /api/admin/voice/:word: the clip's bytes as they are (Content-Type: one of VOICE_CLIP_TYPES).
 * Taken as anything here: the hub checks the bytes itself, so that JSON or a picture sent instead
 * is told VOICE_CLIP_WRONG_TYPE rather than a general validation error.
 */
export const VoiceClipBody = z.unknown();

/**
 * Where a word is said: a counter's label, an agency's name or short name, a service's ticket
 * prefix, the digits of ticket numbers, the wording or the short wording of the display, the
 * recall's words, the pronunciation table, the chime.
 */
export const VOICE_USE_KINDS = ['counter', 'agency', 'prefix', 'number', 'wording', 'shortWording', 'recall', 'pronunciation', 'chime'] as const;
export type VoiceUseKind = (typeof VOICE_USE_KINDS)[number];
export const VoiceUse = z.object({
  kind: z.enum(VOICE_USE_KINDS),
  /** the text as the site wrote it ("Loket Dukcapil 2", "SKCK → es ka ce ka"); the chime setting for a chime; empty for ticket numbers */
  text: z.string(),
});
export type VoiceUse = z.infer<typeof VoiceUse>;

/** custom: the MPP's own recording; builtin: the generated clip; missing: none, the display skips the word. */
export const VOICE_CLIP_SOURCES = ['custom', 'builtin', 'missing'] as const;

export const VoiceWordInfo = z.object({
  word: z.string(),
  /** the clip the display plays now */
  clip: z.enum(VOICE_CLIP_SOURCES),
  /** a generated clip exists (what the word falls back to when the MPP's own is deleted) */
  builtin: z.boolean(),
  /** the MPP's own recording, when there is one; updatedAt (epoch ms) changes with each upload */
  custom: z.object({ type: z.enum(TYPE_NAMES), bytes: z.number().int().nonnegative(), updatedAt: z.number() }).nullable(),
  /** where the display says it; empty for a recording no text of the site uses (any more) */
  uses: z.array(VoiceUse),
});
export type VoiceWordInfo = z.infer<typeof VoiceWordInfo>;

/** GET /api/admin/voice: the words without a clip first, then the others by name, then recordings no text uses. */
export const VoiceCoverage = z.object({
  words: z.array(VoiceWordInfo),
  /** how many of them have no clip at all */
  missing: z.number().int().nonnegative(),
});
export type VoiceCoverage = z.infer<typeof VoiceCoverage>;

// ---- what the display says at a site -----------------------------------------------------------

/** What of a site the display's words come from. */
export interface VoiceSite {
  counters: readonly { label: string; active: boolean }[];
  agencies: readonly { name: string; shortName: string; active: boolean }[];
  services: readonly { prefix: string; name: string; active: boolean }[];
  display: { wording: string; shortWording: string; pronunciations: Record<string, string>; chime: ChimeSetting };
}

/** The words of a ticket number's digits (1 to 9999): the same for every site. */
let numberWordsCache: string[] | null = null;
function ticketNumberWords(): string[] {
  if (!numberWordsCache) {
    const words = new Set<string>();
    for (let n = 1; n <= 9999; n++) for (const w of ticketWords(`A-${n}`).slice(1)) words.add(w);
    numberWordsCache = [...words];
  }
  return numberWordsCache;
}

/** The text of a wording without its placeholders, which are said from the call. */
const fixedText = (wording: string) => wording.replace(/\{[a-z]+\}/g, ' ');

/**
 * Every word the display may say at this site, with where it is used (each place once), in the
 * order first met. Only the active counters, agencies and services: the others are never called.
 */
export function voiceWordUses(site: VoiceSite): Map<string, VoiceUse[]> {
  const uses = new Map<string, VoiceUse[]>();
  const { pronunciations } = site.display;
  const add = (words: readonly string[], use: VoiceUse) => {
    for (const word of words) {
      const list = uses.get(word) ?? [];
      if (!list.some((u) => u.kind === use.kind && u.text === use.text)) list.push(use);
      uses.set(word, list);
    }
  };
  const chime = CHIME_CLIPS[site.display.chime];
  if (chime) add([chime], { kind: 'chime', text: site.display.chime });
  add(textWords(fixedText(site.display.wording), pronunciations), { kind: 'wording', text: site.display.wording });
  add(textWords(fixedText(site.display.shortWording), pronunciations), { kind: 'shortWording', text: site.display.shortWording });
  add(RECALL_WORDS, { kind: 'recall', text: RECALL_WORDS.join(' ') });
  for (const c of site.counters) if (c.active) add(textWords(c.label, pronunciations), { kind: 'counter', text: c.label });
  for (const a of site.agencies) {
    if (!a.active) continue;
    add(textWords(a.name, pronunciations), { kind: 'agency', text: a.name });
    if (a.shortName !== a.name) add(textWords(a.shortName, pronunciations), { kind: 'agency', text: a.shortName });
  }
  for (const s of site.services) {
    // The prefix is spelled character by character, as the ticket number is said.
    if (s.active) add(ticketWords(`${s.prefix}-1`).slice(0, -1), { kind: 'prefix', text: `${s.prefix} · ${s.name}` });
  }
  add(ticketNumberWords(), { kind: 'number', text: '' });
  for (const [code, said] of Object.entries(pronunciations)) add(said.split(/\s+/).filter(Boolean), { kind: 'pronunciation', text: `${code} → ${said}` });
  // A name no clip can have could never be recorded; textWords only makes small letters.
  for (const word of [...uses.keys()]) if (!VOICE_CLIP_NAME.test(word)) uses.delete(word);
  return uses;
}
