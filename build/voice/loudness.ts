/**
 * Loudness as ITU-R BS.1770 measures it (K-weighting, gating), with 100 ms blocks instead of
 * 400 ms: a word lasts 200–800 ms, and the hall hears the word, not the silence around it. Clips
 * levelled to the same value do not jump in volume when the display joins them into a sentence.
 */
import type { Sound } from './wav.js';

interface Biquad {
  b: [number, number, number];
  a: [number, number];
}

/** RBJ cookbook biquads, so the K-weighting holds at any sample rate (BS.1770 gives 48 kHz only). */
function highShelf(rate: number, f0: number, gainDb: number, q: number): Biquad {
  const A = 10 ** (gainDb / 40);
  const w = (2 * Math.PI * f0) / rate;
  const alpha = Math.sin(w) / (2 * q);
  const cos = Math.cos(w);
  const s = 2 * Math.sqrt(A) * alpha;
  const a0 = A + 1 - (A - 1) * cos + s;
  return {
    b: [(A * (A + 1 + (A - 1) * cos + s)) / a0, (-2 * A * (A - 1 + (A + 1) * cos)) / a0, (A * (A + 1 + (A - 1) * cos - s)) / a0],
    a: [(2 * (A - 1 - (A + 1) * cos)) / a0, (A + 1 - (A - 1) * cos - s) / a0],
  };
}

function highPass(rate: number, f0: number, q: number): Biquad {
  const w = (2 * Math.PI * f0) / rate;
  const alpha = Math.sin(w) / (2 * q);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  return { b: [(1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0], a: [(-2 * cos) / a0, (1 - alpha) / a0] };
}

function filter(x: Float32Array, { b, a }: Biquad): Float32Array {
  const y = new Float32Array(x.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = b[0] * x[i]! + b[1] * x1 + b[2] * x2 - a[0] * y1 - a[1] * y2;
    x2 = x1;
    x1 = x[i]!;
    y2 = y1;
    y1 = v;
    y[i] = v;
  }
  return y;
}

/** Gated loudness in LUFS (-70 absolute gate, -10 LU relative gate); -Infinity for silence. */
export function loudness({ samples, rate }: Sound): number {
  const k = filter(filter(samples, highShelf(rate, 1500, 4, Math.SQRT1_2)), highPass(rate, 38, 0.5));
  const block = Math.round(rate * 0.1);
  const hop = Math.round(block / 4);
  const powers: number[] = [];
  for (let at = 0; at + block <= k.length || (at === 0 && k.length > 0); at += hop) {
    const end = Math.min(k.length, at + block);
    let sum = 0;
    for (let i = at; i < end; i++) sum += k[i]! ** 2;
    powers.push(sum / (end - at));
  }
  const lufs = (p: number) => -0.691 + 10 * Math.log10(p);
  const mean = (ps: number[]) => ps.reduce((s, p) => s + p, 0) / ps.length;
  const absolute = powers.filter((p) => lufs(p) > -70);
  if (absolute.length === 0) return -Infinity;
  const threshold = lufs(mean(absolute)) - 10;
  return lufs(mean(absolute.filter((p) => lufs(p) > threshold)));
}

/**
 * Sets the sound to `targetLufs`. The few transients that would then pass `ceilingDb` (a "t" or
 * "k" burst) are rounded off by a soft knee 3 dB under it instead of lowering the whole word,
 * which would make that word quieter than its neighbours.
 */
export function level(sound: Sound, targetLufs: number, ceilingDb: number): Sound {
  const ceiling = 10 ** (ceilingDb / 20);
  const knee = ceiling * 10 ** (-3 / 20);
  let out = sound;
  // limiting takes a little loudness away: a second pass puts it back
  for (let pass = 0; pass < 3; pass++) {
    const now = loudness(out);
    if (!Number.isFinite(now)) throw new Error('silence cannot be levelled');
    if (Math.abs(now - targetLufs) < 0.05) break;
    const gain = 10 ** ((targetLufs - now) / 20);
    out = {
      rate: out.rate,
      samples: out.samples.map((v) => {
        const x = Math.abs(v * gain);
        const y = x <= knee ? x : knee + (ceiling - knee) * Math.tanh((x - knee) / (ceiling - knee));
        return Math.sign(v) * y;
      }),
    };
  }
  return out;
}
