/**
 * The "ding-dong" before an announcement, synthesised (no recording to license): two soft bell
 * tones, E5 then C5. The long one (1.7 s) is the original; the short one (0.55 s) is the same two
 * notes struck quickly, for a busy hall where the chime must not cost more than the words.
 */
import type { Sound } from './wav.js';

interface Tone {
  f: number;
  start: number;
  length: number;
  /** how fast the bell dies away, per second */
  decay: number;
}

function bell(tones: Tone[], seconds: number, rate: number): Sound {
  const total = Math.ceil(rate * seconds);
  const samples = new Float32Array(total);
  for (let i = 0; i < total; i++) {
    const t = i / rate;
    let v = 0;
    for (const tone of tones) {
      const u = t - tone.start;
      if (u < 0 || u > tone.length) continue;
      // 10 ms attack: a bell struck by a soft hammer, not a click; a 30 ms release, or the
      // tone's end is one
      const envelope = Math.min(1, u / 0.01, (tone.length - u) / 0.03) * Math.exp(-u * tone.decay);
      v += envelope * (Math.sin(2 * Math.PI * tone.f * u) + 0.3 * Math.sin(4 * Math.PI * tone.f * u));
    }
    samples[i] = v * 0.35;
  }
  // the tail ends at zero, whatever the decay left
  const fade = Math.round(rate * 0.03);
  for (let i = 0; i < fade; i++) samples[total - 1 - i]! *= i / fade;
  return { samples, rate };
}

const E5 = 659.25;
const C5 = 523.25;

export function longChime(rate: number): Sound {
  return bell(
    [
      { f: E5, start: 0, length: 0.9, decay: 3.2 },
      { f: C5, start: 0.45, length: 1.2, decay: 3.2 },
    ],
    1.7,
    rate,
  );
}

export function shortChime(rate: number): Sound {
  return bell(
    [
      { f: E5, start: 0, length: 0.3, decay: 9 },
      { f: C5, start: 0.16, length: 0.39, decay: 7 },
    ],
    0.55,
    rate,
  );
}
