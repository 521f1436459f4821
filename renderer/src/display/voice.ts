/**
 * The display's voice: the recorded clips served by the hub (/voice/<word>), one after another,
 * after the chime; or the browser's own Indonesian voice when the site prefers it and one is
 * installed. A clip that is missing or will not play is skipped rather than holding up the calls.
 */
const CLIP_TIMEOUT_MS = 4000;

export class AudioBlocked extends Error {}

function playClip(word: string): Promise<void> {
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

export async function playClips(words: readonly string[]): Promise<void> {
  for (const w of words) await playClip(w);
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
