/**
 * `npm run voice:build`: the hall display's voice clips, one WAV per word, spoken by Debian's
 * espeak-ng Indonesian voice, written to assets/voice/id/ (committed, so the display speaks with
 * no internet and no speech engine). Also the chime, synthesised here.
 *
 * An MPP replaces any clip with its own recording by dropping <word>.wav (or .mp3/.ogg) into
 * <data dir>/voice/; the hub serves those first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOICE_VOCABULARY } from '../../shared/announcement.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '../../assets/voice/id');

if (spawnSync('espeak-ng', ['--version']).status !== 0) {
  console.error('espeak-ng is not installed. On Debian/Ubuntu: apt-get install -y espeak-ng');
  process.exit(1);
}

mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.wav')) rmSync(join(out, f));

for (const word of VOICE_VOCABULARY) {
  // -s words per minute: a little slower than conversation, for a hall with an echo.
  const file = join(out, `${word}.wav`);
  execFileSync('espeak-ng', ['-v', 'id', '-s', '145', '-a', '180', '-w', file, word]);
  // espeak pads each word with silence; joined clips would sound like a list, not a sentence.
  writeFileSync(file, trimSilence(readFileSync(file)));
}
writeFileSync(join(out, 'chime.wav'), chime());
writeFileSync(
  join(out, 'manifest.json'),
  JSON.stringify({ voice: 'espeak-ng -v id', words: VOICE_VOCABULARY, chime: 'chime.wav' }, null, 2) + '\n',
);
console.log(`${VOICE_VOCABULARY.length} clips and the chime in ${out}`);

/** Cuts the silence before and after the word, keeping 40 ms either side. */
function trimSilence(wav: Buffer): Buffer {
  const dataAt = wav.indexOf('data', 12) + 8;
  const rate = wav.readUInt32LE(24);
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + dataAt, wav.byteOffset + wav.length - ((wav.length - dataAt) % 2)));
  const loud = (v: number) => Math.abs(v) > 400;
  let first = samples.findIndex(loud);
  let last = samples.length - 1 - [...samples].reverse().findIndex(loud);
  if (first < 0) return wav;
  const pad = Math.round(rate * 0.04);
  first = Math.max(0, first - pad);
  last = Math.min(samples.length - 1, last + pad);
  return wavFile(samples.slice(first, last + 1), rate);
}

function wavFile(samples: Int16Array, rate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** "Ding-dong": two soft bell tones (E5 then C5), 16-bit mono PCM at 22,050 Hz. */
function chime(): Buffer {
  const rate = 22050;
  const tones = [
    { f: 659.25, start: 0, length: 0.9 },
    { f: 523.25, start: 0.45, length: 1.2 },
  ];
  const total = Math.ceil(rate * 1.7);
  const samples = new Int16Array(total);
  for (let i = 0; i < total; i++) {
    const t = i / rate;
    let v = 0;
    for (const tone of tones) {
      const u = t - tone.start;
      if (u < 0 || u > tone.length) continue;
      const envelope = Math.min(1, u / 0.01) * Math.exp(-u * 3.2);
      v += envelope * (Math.sin(2 * Math.PI * tone.f * u) + 0.3 * Math.sin(4 * Math.PI * tone.f * u));
    }
    samples[i] = Math.max(-1, Math.min(1, v * 0.35)) * 32767;
  }
  return wavFile(samples, rate);
}
