/**
 * The check the generator ends with (and `npx tsx build/voice/check.ts` runs on the committed
 * set): every word of VOICE_VOCABULARY has a clip, each one is the format the display expects,
 * says something (not empty, not silence, no hole where a diphone was missing), and is as loud as
 * the others. A word without a clip is skipped by the display: a hole in the sentence.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHIME_CLIPS, VOICE_VOCABULARY } from '../../shared/announcement.js';
import { loudness } from './loudness.js';
import { dB, durationMs, peak, readWav, type Sound } from './wav.js';

export const CLIP_RATE = 22050;
/** The level every word is set to: about where the espeak-ng clips were, so a hall's amplifier needs no new setting. */
export const TARGET_LUFS = -16;
/** Chimes a little under the words: a tone of the same measured loudness sounds louder than speech. */
export const CHIME_LUFS = TARGET_LUFS - 3;
export const PEAK_CEILING_DB = -1;
/** The chimes' files (named as the display's setting plays them) and how long each may be. */
export const CHIMES: Record<string, { minMs: number; maxMs: number }> = {
  [`${CHIME_CLIPS.long}.wav`]: { minMs: 1500, maxMs: 1900 },
  [`${CHIME_CLIPS.short}.wav`]: { minMs: 400, maxMs: 600 },
};

/** Longest quiet stretch inside a word: more is a missing diphone or a pause that is not speech. */
const MAX_INNER_SILENCE_MS = 250;

function format(wav: Buffer): string | null {
  if (wav.length < 44 || wav.toString('latin1', 0, 4) !== 'RIFF') return 'not a WAV file';
  if (wav.readUInt16LE(20) !== 1 || wav.readUInt16LE(22) !== 1 || wav.readUInt16LE(34) !== 16) return 'not 16-bit mono PCM';
  if (wav.readUInt32LE(24) !== CLIP_RATE) return `${wav.readUInt32LE(24)} Hz, not ${CLIP_RATE}`;
  return null;
}

function longestSilenceMs({ samples, rate }: Sound): number {
  const win = Math.round(rate * 0.01);
  const floor = peak({ samples, rate }) * 10 ** (-40 / 20);
  let run = 0;
  let longest = 0;
  // the padding either side of the word is silence by design: look inside it only
  for (let at = Math.round(rate * 0.05); at + win < samples.length - rate * 0.05; at += win) {
    let max = 0;
    for (let i = at; i < at + win; i++) max = Math.max(max, Math.abs(samples[i]!));
    run = max < floor ? run + 10 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** What is wrong with the clip set in `dir`, one line per problem; empty when it is fine. */
export function checkClips(dir: string, words: readonly string[] = VOICE_VOCABULARY): string[] {
  const problems: string[] = [];
  for (const word of words) {
    const file = join(dir, `${word}.wav`);
    if (!existsSync(file)) {
      problems.push(`${word}: no clip`);
      continue;
    }
    const wav = readFileSync(file);
    const bad = format(wav);
    if (bad) {
      problems.push(`${word}: ${bad}`);
      continue;
    }
    const sound = readWav(wav);
    const ms = durationMs(sound);
    const lufs = loudness(sound);
    if (ms < 100 || ms > 2000) problems.push(`${word}: ${ms} ms long, a word takes 100–2000 ms`);
    if (!Number.isFinite(lufs)) problems.push(`${word}: silent`);
    else if (Math.abs(lufs - TARGET_LUFS) > 1) problems.push(`${word}: ${lufs.toFixed(1)} LUFS, the set is levelled to ${TARGET_LUFS}`);
    if (dB(peak(sound)) > PEAK_CEILING_DB + 0.1) problems.push(`${word}: peaks at ${dB(peak(sound)).toFixed(1)} dBFS, over ${PEAK_CEILING_DB}`);
    const gap = longestSilenceMs(sound);
    if (gap > MAX_INNER_SILENCE_MS) problems.push(`${word}: ${gap} ms of silence inside the word`);
  }
  for (const [name, { minMs, maxMs }] of Object.entries(CHIMES)) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      problems.push(`${name}: missing`);
      continue;
    }
    const bad = format(readFileSync(file));
    if (bad) {
      problems.push(`${name}: ${bad}`);
      continue;
    }
    const ms = durationMs(readWav(readFileSync(file)));
    if (ms < minMs || ms > maxMs) problems.push(`${name}: ${ms} ms, expected ${minMs}–${maxMs}`);
  }
  const expected = new Set([...words.map((w) => `${w}.wav`), ...Object.keys(CHIMES)]);
  for (const f of readdirSync(dir)) if (f.endsWith('.wav') && !expected.has(f)) problems.push(`${f}: a clip for no word of the vocabulary`);
  return problems;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../assets/voice/id');
  const problems = checkClips(dir);
  for (const p of problems) console.error(p);
  console.log(problems.length ? `${problems.length} problem(s) in ${dir}` : `${VOICE_VOCABULARY.length} words and the chimes are fine in ${dir}`);
  process.exit(problems.length ? 1 : 0);
}
