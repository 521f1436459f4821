/**
 * The few things the voice generator does to sound, on plain sample arrays: read and write 16-bit
 * mono PCM WAV, change the sample rate, cut the silence around a word. No audio library: the
 * generator runs on a developer's machine with nothing but Node and the speech engine.
 */

export interface Sound {
  /** samples in -1 … 1 */
  samples: Float32Array;
  rate: number;
}

/** Reads a PCM WAV (8/16-bit, any channels; channels are mixed down to mono). */
export function readWav(wav: Buffer): Sound {
  if (wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  let fmt: { channels: number; rate: number; bits: number } | null = null;
  while (at + 8 <= wav.length) {
    const id = wav.toString('latin1', at, at + 4);
    // espeak-ng writes 0x7fffffff as the data size when it streams; the data then runs to the end
    const size = Math.min(wav.readUInt32LE(at + 4), wav.length - at - 8);
    const body = at + 8;
    if (id === 'fmt ') {
      if (wav.readUInt16LE(body) !== 1) throw new Error('not PCM');
      fmt = { channels: wav.readUInt16LE(body + 2), rate: wav.readUInt32LE(body + 4), bits: wav.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before its format');
      const width = fmt.bits / 8;
      const frames = Math.floor(size / (width * fmt.channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let v = 0;
        for (let c = 0; c < fmt.channels; c++) {
          const p = body + (i * fmt.channels + c) * width;
          v += fmt.bits === 16 ? wav.readInt16LE(p) / 32768 : (wav.readUInt8(p) - 128) / 128;
        }
        samples[i] = v / fmt.channels;
      }
      return { samples, rate: fmt.rate };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV without data');
}

/** 16-bit mono PCM WAV, the 44-byte header every browser plays. */
export function wavFile({ samples, rate }: Sound): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  // seeded, so the same sound makes the same bytes and a regenerated set shows no change in git
  const random = mulberry32(samples.length);
  for (let i = 0; i < samples.length; i++) {
    // TPDF dither: without it the quiet tail of a word turns into a buzz of rounding steps
    const dither = (random() - random()) / 32768;
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(32767 / 32768, samples[i]! + dither)) * 32768), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const durationMs = (s: Sound) => Math.round((s.samples.length / s.rate) * 1000);

/**
 * Band-limited resampling (Kaiser-windowed sinc). MBROLA's diphones are 16 kHz and the clip set is
 * 22,050 Hz; a linear interpolation would fold the top octave back as a hiss.
 */
export function resample(sound: Sound, rate: number): Sound {
  if (sound.rate === rate) return sound;
  const ratio = rate / sound.rate;
  const cutoff = Math.min(1, ratio) * 0.95; // of the lower Nyquist, leaving room for the filter's slope
  const halfTaps = 24;
  const beta = 8.6;
  const out = new Float32Array(Math.floor(sound.samples.length * ratio));
  const src = sound.samples;
  for (let i = 0; i < out.length; i++) {
    const t = i / ratio;
    const centre = Math.floor(t);
    let acc = 0;
    for (let k = centre - halfTaps + 1; k <= centre + halfTaps; k++) {
      if (k < 0 || k >= src.length) continue;
      const x = t - k;
      const w = kaiser(x / halfTaps, beta);
      acc += src[k]! * cutoff * sinc(cutoff * x) * w;
    }
    out[i] = acc;
  }
  return { samples: out, rate };
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
function kaiser(x: number, beta: number): number {
  if (Math.abs(x) > 1) return 0;
  return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
}
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/**
 * Cuts the silence before and after the word, keeping `padMs` either side. Silence is what stays
 * 45 dB under the word's loudest 10 ms, so a soft "h" or final "s" is kept and a quiet hum is not.
 */
export function trimSilence(sound: Sound, padMs = 30): Sound {
  const { samples, rate } = sound;
  const win = Math.max(1, Math.round(rate * 0.01));
  const levels: number[] = [];
  for (let at = 0; at < samples.length; at += win) {
    let sum = 0;
    const end = Math.min(samples.length, at + win);
    for (let i = at; i < end; i++) sum += samples[i]! ** 2;
    levels.push(Math.sqrt(sum / (end - at)));
  }
  const loudest = Math.max(...levels);
  if (loudest === 0) return sound;
  const floor = loudest * 10 ** (-45 / 20);
  const first = levels.findIndex((l) => l > floor);
  const last = levels.length - 1 - [...levels].reverse().findIndex((l) => l > floor);
  const pad = Math.round((rate * padMs) / 1000);
  const from = Math.max(0, first * win - pad);
  const to = Math.min(samples.length, (last + 1) * win + pad);
  const out = samples.slice(from, to);
  // 5 ms fades: a cut in the middle of a waveform clicks
  const fade = Math.min(Math.round(rate * 0.005), Math.floor(out.length / 2));
  for (let i = 0; i < fade; i++) {
    out[i]! *= i / fade;
    out[out.length - 1 - i]! *= i / fade;
  }
  return { samples: out, rate };
}

export function scale(sound: Sound, gain: number): Sound {
  return { samples: sound.samples.map((v) => v * gain), rate: sound.rate };
}

export const peak = (s: Sound) => s.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
export const dB = (linear: number) => 20 * Math.log10(linear);
