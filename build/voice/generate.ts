/**
 * `npm run voice:build [-- --engine=mbrola|espeak] [--out=<dir>]`: the hall display's voice clips, one WAV per
 * word of VOICE_VOCABULARY, written to assets/voice/id/ (committed, so the display speaks with no
 * internet and no speech engine, and CI needs none), with the two chimes and manifest.json.
 *
 * The default engine is MBROLA's Indonesian diphone voice id1 (docs/VOICE.md says why and how to
 * install it); without it the generator falls back to espeak-ng's own Indonesian voice and says
 * so. Each clip is trimmed of the silence around the word, resampled to 22,050 Hz mono 16-bit and
 * levelled to the same loudness, so a sentence joined from clips does not jump in volume. The run
 * ends by checking the set and exits non-zero when a word has no good clip.
 *
 * An MPP replaces any clip with its own recording by dropping <word>.wav (or .mp3/.ogg) into
 * <data dir>/voice/ or uploading it in the admin's Suara tab; the hub serves those first.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHIME_CLIPS, VOICE_VOCABULARY } from '../../shared/announcement.js';
import { CHIME_LUFS, CLIP_RATE, checkClips, PEAK_CEILING_DB, TARGET_LUFS } from './check.js';
import { longChime, shortChime } from './chime.js';
import { available, ENGINES, PHONEMES, synthesise, versions, type Engine, type EngineName } from './engines.js';
import { level } from './loudness.js';
import { durationMs, resample, trimSilence, wavFile, type Sound } from './wav.js';

const argv = process.argv.slice(2);
/** --out=<dir> writes the set elsewhere, to compare engines without touching the committed one */
const out = resolve(argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? join(dirname(fileURLToPath(import.meta.url)), '../../assets/voice/id'));

function chooseEngine(argv: string[]): Engine {
  const arg = argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length) ?? 'auto';
  if (arg !== 'auto' && !(arg in ENGINES)) {
    console.error(`--engine=${arg}: use mbrola, espeak or auto`);
    process.exit(2);
  }
  if (!available(ENGINES.espeak)) {
    console.error(`espeak-ng is not installed (every engine needs it). ${ENGINES.espeak.install}`);
    process.exit(1);
  }
  if (arg !== 'auto') {
    const engine = ENGINES[arg as EngineName];
    if (!available(engine)) {
      console.error(`${engine.voice} does not run here. ${engine.install}`);
      process.exit(1);
    }
    return engine;
  }
  if (available(ENGINES.mbrola)) return ENGINES.mbrola;
  console.warn(`MBROLA id1 is not installed: falling back to espeak-ng's formant voice, which sounds robotic.\n  ${ENGINES.mbrola.install}`);
  return ENGINES.espeak;
}

/** The engine the set being replaced was made with, from its manifest. */
function previousEngine(): string | null {
  try {
    const engine: unknown = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).engine;
    return typeof engine === 'string' ? engine : null;
  } catch {
    return null;
  }
}

function clip(sound: Sound, lufs: number): Sound {
  return level(resample(sound, CLIP_RATE), lufs, PEAK_CEILING_DB);
}

const engine = chooseEngine(argv);
const before = previousEngine();
if (before && before !== engine.name) {
  console.warn(`The clips in ${out} were made with ${before}; these are ${engine.name}. Commit them only if that is meant.`);
}
// every clip is made before any file is touched: an engine that fails on one word leaves the set as it was
const words = VOICE_VOCABULARY.map((word) => ({ word, sound: clip(trimSilence(synthesise(engine, word)), TARGET_LUFS) }));
const chimes = [
  { file: `${CHIME_CLIPS.long}.wav`, sound: clip(longChime(CLIP_RATE), CHIME_LUFS) },
  { file: `${CHIME_CLIPS.short}.wav`, sound: clip(shortChime(CLIP_RATE), CHIME_LUFS) },
];
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.wav')) rmSync(join(out, f));
for (const w of words) writeFileSync(join(out, `${w.word}.wav`), wavFile(w.sound));
for (const c of chimes) writeFileSync(join(out, c.file), wavFile(c.sound));

const manifest = {
  engine: engine.name,
  voice: engine.voice,
  command: `espeak-ng ${engine.voiceFile ? '--path <espeak-ng data + voiceFile> ' : ''}${engine.args.join(' ')}`,
  ...(engine.voiceFile ? { voiceFile: engine.voiceFile } : {}),
  versions: versions(engine),
  generatedBy: 'npm run voice:build (build/voice/generate.ts); see docs/VOICE.md',
  format: { rate: CLIP_RATE, channels: 1, bits: 16 },
  loudness: { words: `${TARGET_LUFS} LUFS`, chimes: `${CHIME_LUFS} LUFS`, peakCeiling: `${PEAK_CEILING_DB} dBFS` },
  pronunciations: PHONEMES,
  chimes: chimes.map((c) => ({ file: c.file, ms: durationMs(c.sound) })),
  words: words.map((w) => ({ word: w.word, ms: durationMs(w.sound) })),
};
// one word a line: the list is for people reading it in the admin or a diff
const wordLines = manifest.words.map((w) => `    ${JSON.stringify(w)}`).join(',\n');
const json = JSON.stringify({ ...manifest, words: [] }, null, 2).replace('"words": []', () => `"words": [\n${wordLines}\n  ]`);
writeFileSync(join(out, 'manifest.json'), json + '\n');

const problems = checkClips(out);
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`${problems.length} problem(s): the clip set in ${out} is not fit to commit`);
  process.exit(1);
}
console.log(`${words.length} clips (${engine.voice}) and 2 chimes in ${out}`);
