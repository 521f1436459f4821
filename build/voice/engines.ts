/**
 * The speech engines the clip set can be made with (docs/VOICE.md compares them and says why
 * MBROLA's id1 is the default). Both take espeak-ng's Indonesian text-to-phoneme rules and
 * intonation: with mbrola the sound comes from diphones cut from recordings of an Indonesian
 * speaker, without it from espeak-ng's formant synthesiser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readWav, type Sound } from './wav.js';

export type EngineName = 'mbrola' | 'espeak';

export interface Engine {
  name: EngineName;
  /** what the manifest and the admin say the clips are */
  voice: string;
  /** the espeak-ng arguments before the text */
  args: string[];
  /** an espeak-ng voice file of our own, put beside espeak-ng's data for the run (path under voices/, text) */
  voiceFile?: { path: string; text: string };
  /** how to get it, said when it is missing */
  install: string;
}

export const ENGINES: Record<EngineName, Engine> = {
  mbrola: {
    name: 'mbrola',
    voice: 'MBROLA id1 (Indonesian male, diphones), espeak-ng for the phonemes and intonation',
    // -s 150 says "A dua belas, gerai lima" in 1.8 s, about 5 syllables a second.
    args: ['-v', 'mb/antre-id1', '-s', '150'],
    // espeak-ng's own mb-id1 says "pitch 82 117": a median of ~80 Hz, so MBROLA stretches every
    // pitch period of the id1 speaker by a third (his own example sentences: median 108 Hz, 5.8
    // semitones between the 10th and 90th percentile), and -p to raise it squeezes the range to
    // 4 semitones. These numbers give 103 Hz and 5.6 semitones (docs/VOICE.md).
    voiceFile: { path: 'mb/antre-id1', text: 'name antre-id1\nlanguage id 7\ngender male\n\npitch 100 150\nvoicing 120\nmbrola id1 id1_phtrans\n' },
    install:
      'apt-get install espeak-ng mbrola mbrola-id1 (mbrola is in Debian contrib, mbrola-id1 in non-free: add "contrib non-free" to the apt sources)',
  },
  espeak: {
    name: 'espeak',
    voice: 'espeak-ng -v id (formant synthesis)',
    // -s 160: at 145 this voice is 20% slower than the MBROLA one for the same words
    args: ['-v', 'id', '-s', '160'],
    install: 'apt-get install espeak-ng',
  },
};

/**
 * Words espeak-ng's Indonesian rules say wrongly, in its phoneme notation. Indonesian writes the
 * schwa (e pepet) and the é (e taling) with one letter, and espeak-ng guesses é for these; KBBI
 * says: be·las /bəlas/, se·be·las, e·nam, em·pat, ge·rai with a schwa, lo·ket /lokét/, and the
 * letter V is said "fé". Stress goes to the last syllable when the one before it has a schwa.
 */
export const PHONEMES: Record<string, string> = {
  belas: "b@l'as",
  sebelas: "s@b@l'as",
  enam: "@n'am",
  empat: "@mp'at",
  gerai: "g@R2'aI",
  loket: "l'okEt",
  ve: "f'E",
};

/** Where espeak-ng keeps its data ("Data at: …" in its --version). */
function espeakData(): string {
  const data = /Data at:\s*(\S+)/.exec(execFileSync('espeak-ng', ['--version']).toString())?.[1];
  if (!data) throw new Error('espeak-ng does not say where its data is');
  return data;
}

/**
 * A copy of espeak-ng's data made of links, plus our voice file: espeak-ng reads voices from one
 * folder only, and the generator must not write into the system's.
 */
const overlays = new Map<string, string>();
function overlay(voiceFile: NonNullable<Engine['voiceFile']>): string {
  const known = overlays.get(voiceFile.text);
  if (known) return known;
  const root = mkdtempSync(join(tmpdir(), 'antre-espeak-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const mirror = (from: string, to: string, depth: string[]) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (entry === depth[0]) mirror(join(from, entry), join(to, entry), depth.slice(1));
      else symlinkSync(join(from, entry), join(to, entry));
    }
  };
  const [dir, file] = [dirname(voiceFile.path), basename(voiceFile.path)];
  mirror(espeakData(), join(root, 'espeak-ng-data'), ['voices', ...dir.split('/')]);
  writeFileSync(join(root, 'espeak-ng-data', 'voices', dir, file), voiceFile.text);
  overlays.set(voiceFile.text, root);
  return root;
}

/** The espeak-ng command line for the engine, without the text. */
export function commandLine(engine: Engine): string[] {
  return [...(engine.voiceFile ? ['--path', overlay(engine.voiceFile)] : []), ...engine.args];
}

/** One word as the engine says it, before trimming and levelling. */
export function synthesise(engine: Engine, word: string): Sound {
  const text = PHONEMES[word] ? `[[${PHONEMES[word]}]]` : word;
  const run = spawnSync('espeak-ng', [...commandLine(engine), '--stdout', text], { maxBuffer: 64 * 1024 * 1024 });
  // espeak-ng exits 0 even when mbrola fails; mbrola's complaints ("n-o unknown, replaced with _-_")
  // mean a diphone is missing and part of the word is silence
  const complaint = run.stderr?.toString().trim();
  if (run.status !== 0 || complaint) throw new Error(`${engine.name} could not say "${word}": ${complaint || `exit ${run.status}`}`);
  return readWav(run.stdout);
}

/** Whether the engine runs here: it must actually say a word (espeak-ng lists mb-id1 without mbrola). */
export function available(engine: Engine): boolean {
  try {
    return synthesise(engine, 'satu').samples.some((v) => Math.abs(v) > 0.01);
  } catch {
    return false;
  }
}

/** The versions the manifest records, so a regenerated set can be told apart from the committed one. */
export function versions(engine: Engine): Record<string, string> {
  const out: Record<string, string> = {};
  const espeak = /\d+\.\d+[^\s]*/.exec(execFileSync('espeak-ng', ['--version']).toString());
  out['espeak-ng'] = debianVersion('espeak-ng') ?? espeak?.[0] ?? 'unknown';
  if (engine.name === 'mbrola') {
    out.mbrola = debianVersion('mbrola') ?? /MBROLA (\S+)/.exec(spawnSync('mbrola', []).stdout?.toString() ?? '')?.[1] ?? 'unknown';
    out['mbrola-id1'] = debianVersion('mbrola-id1') ?? 'unknown';
  }
  return out;
}

function debianVersion(pkg: string): string | null {
  const run = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg]);
  return run.status === 0 ? run.stdout.toString().trim() || null : null;
}
