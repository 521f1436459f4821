/**
 * The display's voice: the recorded clips served by the hub (/voice/<word>), after the chime; or
 * the browser's own Indonesian voice when the site prefers it and one is installed. A clip that
 * is missing or will not play is skipped rather than holding up the calls.
 *
 * Each clip is fetched and decoded once (kept a minute, as long as the hub lets a browser keep an
 * MPP's recording) and an utterance is laid out on the Web Audio clock, word after word with no gap
 * and no request between them, each word without the silence around it (audibleSpan): a sentence
 * sounds like one, and lasts what its words last. A browser without Web Audio plays one <audio>
 * element per clip instead.
 */
import { audibleSpan, CHIME_CLIPS, PAUSE_AFTER_CHIME_MS, PAUSE_BETWEEN_CALLS_MS, type UtteranceClips } from '../../../shared/announcement.js';

const CLIP_TIMEOUT_MS = 4000;
/** as long as the hub lets a browser keep a clip the MPP may record again (displayFiles.ts) */
const CLIP_FRESH_MS = 60_000;
/** how long a suspended audio context may take to start before the display asks for a tap */
const RESUME_WAIT_MS = 500;

export class AudioBlocked extends Error {}

// ---- Web Audio --------------------------------------------------------------------------------

let context: AudioContext | null | undefined;

function audioContext(): AudioContext | null {
  if (context === undefined) {
    const Context = typeof window === 'undefined' ? undefined : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext);
    try {
      context = Context ? new Context() : null;
    } catch {
      context = null; // too many contexts, or none allowed: the <audio> elements still work
    }
  }
  return context;
}

/** A decoded clip and the part of it that is played (s). */
interface Clip {
  buffer: AudioBuffer;
  offset: number;
  duration: number;
}

const CHIMES = new Set<string>(Object.values(CHIME_CLIPS).filter((c): c is NonNullable<typeof c> => c !== null));

function playedPart(word: string, buffer: AudioBuffer): Clip {
  if (CHIMES.has(word)) return { buffer, offset: 0, duration: buffer.duration };
  const span = audibleSpan(buffer.getChannelData(0), buffer.sampleRate);
  return { buffer, offset: span.startMs / 1000, duration: (span.endMs - span.startMs) / 1000 };
}

/** A clip by word (null: the hub has none, or it would not decode), and when it came. */
const clips = new Map<string, { at: number; clip: Promise<Clip | null> }>();

/** fresh: asked of the hub again (the admin hears a clip just recorded, not the one before it) */
function clip(ctx: AudioContext, word: string, fresh = false): Promise<Clip | null> {
  const now = Date.now();
  const hit = clips.get(word);
  if (hit && now - hit.at < CLIP_FRESH_MS && !fresh) return hit.clip;
  const decoded = fetch(`/voice/${word}`, fresh ? { cache: 'no-cache' } : {}).then(
    (res) => (res.ok ? res.arrayBuffer().then((bytes) => ctx.decodeAudioData(bytes).then((b) => playedPart(word, b))).catch(() => null) : null),
    () => {
      // The hub is away: the next utterance asks again rather than staying silent for a minute.
      clips.delete(word);
      return null;
    },
  );
  clips.set(word, { at: now, clip: decoded });
  return decoded;
}

async function running(ctx: AudioContext): Promise<void> {
  if (ctx.state === 'running') return;
  // Without a tap the browser keeps the context suspended: resume() then never settles.
  await Promise.race([ctx.resume().catch(() => {}), new Promise((r) => setTimeout(r, RESUME_WAIT_MS))]);
  if ((ctx.state as string) !== 'running') throw new AudioBlocked();
}

async function playWithWebAudio(ctx: AudioContext, u: UtteranceClips, fresh: boolean): Promise<void> {
  await running(ctx);
  const [chime, calls] = await Promise.all([
    u.chime ? clip(ctx, u.chime, fresh) : null,
    Promise.all(u.calls.map((words) => Promise.all(words.map((w) => clip(ctx, w, fresh))))),
  ]);
  let at = ctx.currentTime + 0.05;
  const sources: AudioBufferSourceNode[] = [];
  const play = (c: Clip) => {
    const source = ctx.createBufferSource();
    source.buffer = c.buffer;
    source.connect(ctx.destination);
    source.start(at, c.offset, c.duration);
    at += c.duration;
    sources.push(source);
  };
  if (chime) {
    play(chime);
    at += PAUSE_AFTER_CHIME_MS / 1000;
  }
  calls.forEach((buffers, i) => {
    if (i > 0) at += PAUSE_BETWEEN_CALLS_MS / 1000;
    for (const b of buffers) if (b) play(b);
  });
  const end = sources[sources.length - 1];
  if (!end) return;
  await new Promise<void>((resolve) => {
    end.onended = () => resolve();
    // An audio device that stops (a TV's HDMI switched away) must not hold the calls after it.
    setTimeout(resolve, (at - ctx.currentTime) * 1000 + 1000);
  });
}

// ---- <audio> elements ----------------------------------------------------------------------------

function playElement(word: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const audio = new Audio(`/voice/${word}`);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, CLIP_TIMEOUT_MS);
    audio.onended = done;
    audio.onerror = done;
    audio.play().catch((err: unknown) => {
      clearTimeout(timer);
      // The browser wants a tap before it plays sound (not an issue in the Antre app).
      if (err instanceof DOMException && err.name === 'NotAllowedError') reject(new AudioBlocked());
      else resolve();
    });
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function playWithElements(u: UtteranceClips): Promise<void> {
  if (u.chime) {
    await playElement(u.chime);
    await pause(PAUSE_AFTER_CHIME_MS);
  }
  for (let i = 0; i < u.calls.length; i++) {
    if (i > 0) await pause(PAUSE_BETWEEN_CALLS_MS);
    for (const w of u.calls[i]!) await playElement(w);
  }
}

// ---- what the screens use ----------------------------------------------------------------------

/**
 * Plays an utterance: the chime, then each call's words; resolves when the last word has ended.
 * `fresh` asks the hub for every clip again (a preview in the admin right after a recording).
 */
export function playUtterance(u: UtteranceClips, opts: { fresh?: boolean } = {}): Promise<void> {
  const ctx = audioContext();
  return ctx ? playWithWebAudio(ctx, u, opts.fresh ?? false) : playWithElements(u);
}

/** Plays some words one after the other (the admin's "Dengarkan"), as the hub has them now. */
export function playClips(words: readonly string[]): Promise<void> {
  return playUtterance({ chime: null, calls: [[...words]] }, { fresh: true });
}

/** Fetches and decodes clips ahead of the first call that needs them. */
export function preloadClips(words: readonly string[]): void {
  const ctx = audioContext();
  if (ctx) for (const w of words) void clip(ctx, w);
}

/** After a tap: lets the audio start (a browser allows it only from a user's gesture). */
export function unlockAudio(): Promise<void> {
  const ctx = audioContext();
  return ctx ? ctx.resume().catch(() => {}) : Promise.resolve();
}

function indonesianVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  return speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().replace('_', '-').startsWith('id')) ?? null;
}

/** True when the browser can speak Indonesian itself. */
export function canSpeak(): boolean {
  return indonesianVoice() !== null;
}

export function speakSentence(text: string): Promise<void> {
  const voice = indonesianVoice();
  if (!voice) return Promise.resolve();
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    u.onend = () => resolve();
    u.onerror = () => resolve();
    speechSynthesis.speak(u);
  });
}
