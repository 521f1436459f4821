/**
 * `npx tsx build/voice/measure.ts <clip folder> [...more folders]`: the figures docs/VOICE.md
 * compares voices by, since nobody can judge a voice for the hall by reading code. Per folder:
 * how long the display's sentences take when joined from its clips (the speech rate decides how
 * many calls a minute the hall can hear), how even the clips' loudness is, and objective stand-ins
 * for how the voice sounds — pitch movement (a flat pitch is what makes a voice "robotic"),
 * frame-to-frame pitch wobble (natural voices have some, rule-based synthesis almost none),
 * spectral flatness (breath noise raises it, a clean pulse train lowers it), and how much energy
 * lies above 2 and 4 kHz (the consonants).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { announcementWords, VOICE_VOCABULARY } from '../../shared/announcement.js';
import { loudness } from './loudness.js';
import { dB, durationMs, peak, readWav, type Sound } from './wav.js';

/** Pitch by YIN (de Cheveigné & Kawahara 2002) every 10 ms; null where the frame is not voiced. */
export function pitchTrack({ samples, rate }: Sound): (number | null)[] {
  const frame = Math.round(rate * 0.04);
  const hop = Math.round(rate * 0.01);
  const minLag = Math.floor(rate / 400);
  const maxLag = Math.ceil(rate / 60);
  const loudest = Math.max(...samples.map(Math.abs));
  const out: (number | null)[] = [];
  for (let at = 0; at + frame + maxLag < samples.length; at += hop) {
    let energy = 0;
    for (let i = at; i < at + frame; i++) energy += samples[i]! ** 2;
    if (Math.sqrt(energy / frame) < loudest * 0.03) {
      out.push(null);
      continue;
    }
    const d = new Float64Array(maxLag + 1);
    for (let lag = 1; lag <= maxLag; lag++) {
      let sum = 0;
      for (let i = at; i < at + frame; i++) sum += (samples[i]! - samples[i + lag]!) ** 2;
      d[lag] = sum;
    }
    let running = 0;
    let best: number | null = null;
    for (let lag = 1; lag <= maxLag; lag++) {
      running += d[lag]!;
      const cmnd = (d[lag]! * lag) / (running || 1);
      if (lag >= minLag && cmnd < 0.15) {
        // walk down to the dip's bottom, then refine between samples
        let l = lag;
        while (l + 1 <= maxLag && d[l + 1]! < d[l]!) l++;
        const [a, b, c] = [d[l - 1]!, d[l]!, d[Math.min(maxLag, l + 1)]!];
        const shift = a + c - 2 * b === 0 ? 0 : (a - c) / (2 * (a + c - 2 * b));
        best = rate / (l + shift);
        break;
      }
    }
    out.push(best);
  }
  return out;
}

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const [c, s] = [Math.cos(ang * k), Math.sin(ang * k)];
        const [ur, ui] = [re[i + k]!, im[i + k]!];
        const vr = re[i + k + len / 2]! * c - im[i + k + len / 2]! * s;
        const vi = re[i + k + len / 2]! * s + im[i + k + len / 2]! * c;
        re[i + k] = ur + vr;
        im[i + k] = ui + vi;
        re[i + k + len / 2] = ur - vr;
        im[i + k + len / 2] = ui - vi;
      }
    }
  }
}

/** Spectral flatness of the voiced frames in dB (whole band, and 1–4 kHz), and their energy above 2 and 4 kHz in dB of the whole. */
export function spectrum(sound: Sound, voiced: (number | null)[]): { flatness: number; flatnessHigh: number; above2k: number; above4k: number } {
  const n = 1024;
  const hop = Math.round(sound.rate * 0.01);
  const total = new Float64Array(n / 2);
  const flat: number[] = [];
  const flatHigh: number[] = [];
  // 1–4 kHz: between the harmonics there, a recorded voice has breath noise and a formant
  // synthesiser's pulse train has nothing, which is much of why the latter sounds buzzy
  const [lo, hi] = [Math.round((1000 * n) / sound.rate), Math.round((4000 * n) / sound.rate)];
  voiced.forEach((f0, idx) => {
    if (f0 === null) return;
    const at = idx * hop;
    if (at + n > sound.samples.length) return;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = sound.samples[at + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
    fft(re, im);
    const power = new Float64Array(n / 2);
    for (let k = 1; k < n / 2; k++) {
      power[k] = re[k]! ** 2 + im[k]! ** 2 + 1e-12;
      total[k]! += power[k]!;
    }
    flat.push(flatness(power.subarray(1)));
    flatHigh.push(flatness(power.subarray(lo, hi)));
  });
  const all = total.reduce((s, p) => s + p, 0);
  const above = (hz: number) => 10 * Math.log10(total.subarray(Math.round((hz * n) / sound.rate)).reduce((s, p) => s + p, 0) / all);
  return { flatness: mean(flat), flatnessHigh: mean(flatHigh), above2k: above(2000), above4k: above(4000) };
}

/** Geometric over arithmetic mean of a power spectrum, in dB (0 dB = white noise). */
function flatness(power: Float64Array): number {
  let logSum = 0;
  let sum = 0;
  for (const p of power) {
    logSum += Math.log(p);
    sum += p;
  }
  return 10 * Math.log10(Math.exp(logSum / power.length) / (sum / power.length));
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const semitones = (hz: number) => 12 * Math.log2(hz);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
}

export interface FolderFigures {
  clips: number;
  bytes: number;
  sentenceMs: Record<string, number>;
  loudness: { min: number; max: number; spread: number };
  peakDb: number;
  medianF0: number;
  wordPitchMovementSt: number;
  sentencePitchRangeSt: number;
  pitchWobblePct: number;
  flatness: number;
  flatnessHigh: number;
  /** consonants and clarity: how much of the voiced sound lies above 2 and 4 kHz, dB of the whole */
  above2kDb: number;
  above4kDb: number;
}

/** The sentences the display says, as its default wordings make them (clip durations added up). */
const short = (ticket: string, counter: string) => announcementWords({ ticket, counter }, '{nomor}, {loket}');
export const SAMPLE_SENTENCES: Record<string, string[]> = {
  'long: Nomor antrean A-012, silakan menuju Gerai 5': announcementWords({ ticket: 'A-012', counter: 'Gerai 5' }),
  'short: A-012, Gerai 5': short('A-012', 'Gerai 5'),
  'short: SKCK-1234, Loket 18': short('SKCK-1234', 'Loket 18'),
  'one breath: short chime + A-012 Gerai 5, B-003 Gerai 2, C-140 Loket 12': [
    'chime-short',
    ...short('A-012', 'Gerai 5'),
    ...short('B-003', 'Gerai 2'),
    ...short('C-140', 'Loket 12'),
  ],
};

export function measureFolder(dir: string): FolderFigures {
  const files = readdirSync(dir).filter((f) => f.endsWith('.wav'));
  const sounds = new Map(files.map((f) => [f.replace(/\.wav$/, ''), readWav(readFileSync(join(dir, f)))]));
  const words = VOICE_VOCABULARY.filter((w) => sounds.has(w));
  const levels = words.map((w) => loudness(sounds.get(w)!));
  const wordMovement: number[] = [];
  const wobble: number[] = [];
  const flat: number[] = [];
  const flatHigh: number[] = [];
  const above2k: number[] = [];
  const above4k: number[] = [];
  const allF0: number[] = [];
  for (const w of words) {
    const s = sounds.get(w)!;
    const track = pitchTrack(s);
    const f0 = track.filter((f): f is number => f !== null);
    allF0.push(...f0);
    if (f0.length >= 5) wordMovement.push(semitones(quantile(f0, 0.9)) - semitones(quantile(f0, 0.1)));
    for (let i = 1; i < track.length; i++) {
      const [a, b] = [track[i - 1], track[i]];
      // a jump of more than 2 semitones is the tracker's octave error or a new syllable, not wobble
      if (a && b && Math.abs(semitones(a) - semitones(b)) < 2) wobble.push((Math.abs(a - b) / ((a + b) / 2)) * 100);
    }
    const sp = spectrum(s, track);
    if (!Number.isNaN(sp.flatness)) flat.push(sp.flatness);
    if (!Number.isNaN(sp.flatnessHigh)) flatHigh.push(sp.flatnessHigh);
    if (Number.isFinite(sp.above2k)) above2k.push(sp.above2k);
    if (Number.isFinite(sp.above4k)) above4k.push(sp.above4k);
  }
  const sentenceMs: Record<string, number> = {};
  for (const [name, ws] of Object.entries(SAMPLE_SENTENCES)) sentenceMs[name] = ws.reduce((t, w) => t + (sounds.has(w) ? durationMs(sounds.get(w)!) : 0), 0);
  // the pitch range a listener hears across the long sentence, joined from its clips
  const sentenceF0 = Object.values(SAMPLE_SENTENCES)[0]!
    .filter((w) => sounds.has(w))
    .flatMap((w) => pitchTrack(sounds.get(w)!).filter((f): f is number => f !== null));
  return {
    clips: files.length,
    bytes: files.reduce((t, f) => t + statSync(join(dir, f)).size, 0),
    sentenceMs,
    loudness: { min: Math.min(...levels), max: Math.max(...levels), spread: Math.max(...levels) - Math.min(...levels) },
    peakDb: Math.max(...words.map((w) => dB(peak(sounds.get(w)!)))),
    medianF0: quantile(allF0, 0.5),
    wordPitchMovementSt: mean(wordMovement),
    sentencePitchRangeSt: semitones(quantile(sentenceF0, 0.9)) - semitones(quantile(sentenceF0, 0.1)),
    pitchWobblePct: mean(wobble),
    flatness: mean(flat),
    flatnessHigh: mean(flatHigh),
    above2kDb: mean(above2k),
    above4kDb: mean(above4k),
  };
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: npx tsx build/voice/measure.ts <clip folder> [...]');
    process.exit(2);
  }
  const r = (x: number, d = 1) => Number(x.toFixed(d));
  for (const dir of dirs) {
    const f = measureFolder(dir);
    console.log(
      JSON.stringify({
        dir,
        clips: f.clips,
        kB: r(f.bytes / 1024, 0),
        sentenceMs: f.sentenceMs,
        loudnessLUFS: { min: r(f.loudness.min), max: r(f.loudness.max), spread: r(f.loudness.spread) },
        peakDbFS: r(f.peakDb),
        medianF0Hz: r(f.medianF0, 0),
        wordPitchMovementSt: r(f.wordPitchMovementSt),
        sentencePitchRangeSt: r(f.sentencePitchRangeSt),
        pitchWobblePct: r(f.pitchWobblePct, 2),
        flatnessDb: r(f.flatness),
        flatness1to4kHzDb: r(f.flatnessHigh),
        above2kDb: r(f.above2kDb),
        above4kDb: r(f.above4kDb),
      }),
    );
  }
}
