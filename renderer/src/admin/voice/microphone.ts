/**
 * One word recorded with the microphone (MediaRecorder, in Chromium and the Antre app): started,
 * stopped by the admin or after a few seconds, handed back as a Blob in a type the hub takes
 * (WebM/Opus in Chromium, Ogg/Opus in Firefox). Why it cannot record is told apart, because each
 * reason has its own fix: no microphone API on this page (plain http from another PC is not a
 * secure context), the permission refused, no microphone.
 */

export type MicrophoneProblem = 'unsupported' | 'denied' | 'noMicrophone' | 'failed';

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    detail = '',
  ) {
    super(detail || problem);
  }
}

/** A word is a second or two; the recording stops by itself after this. */
export const MAX_RECORDING_MS = 6000;

const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg'];

export interface Recording {
  /** resolves with the sound once stopped (by stop() or after MAX_RECORDING_MS) */
  done: Promise<Blob>;
  stop(): void;
}

function problemOf(err: unknown): MicrophoneError {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return new MicrophoneError('denied');
  if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'OverconstrainedError') return new MicrophoneError('noMicrophone');
  return new MicrophoneError('failed', err instanceof Error ? err.message : String(err));
}

/** Asks for the microphone and starts recording; refuses with a MicrophoneError. */
export async function startRecording(): Promise<Recording> {
  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) throw new MicrophoneError('unsupported');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 } });
  } catch (err) {
    throw problemOf(err);
  }
  const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  } catch (err) {
    stream.getTracks().forEach((t) => t.stop());
    throw problemOf(err);
  }
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const done = new Promise<Blob>((resolve, reject) => {
    recorder.onstop = () => {
      // The browser's "recording" mark goes away with the tracks.
      stream.getTracks().forEach((t) => t.stop());
      resolve(new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' }));
    };
    recorder.onerror = (e) => {
      stream.getTracks().forEach((t) => t.stop());
      reject(problemOf((e as Event & { error?: unknown }).error ?? e));
    };
  });
  recorder.start();
  const stop = () => {
    if (recorder.state !== 'inactive') recorder.stop();
  };
  const timer = setTimeout(stop, MAX_RECORDING_MS);
  void done.finally(() => clearTimeout(timer)).catch(() => {});
  return { done, stop };
}
