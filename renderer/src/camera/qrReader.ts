/**
 * Reading QR codes from a camera, for the kiosk's booking check-in and its survey: the browser's
 * BarcodeDetector where it has one (Chrome on Android, ChromeOS, macOS), and jsQR elsewhere — the
 * Windows and Linux PCs an MPP's kiosks run on, where Chromium has none. jsQR is plain JavaScript
 * (nothing to fetch from the internet, no WASM for the CSP to allow), loaded only when a camera is
 * opened, so no page carries it on its first load.
 *
 * Frames never leave the machine: each is read and dropped, a few times a second.
 */

/** Frames read per second: quick enough that a held-up phone is read at once, light on a kiosk PC. */
const READS_PER_SECOND = 5;
/** The width a frame is read at: a QR code held at a hand's length is ~200 px of it. */
export const READ_WIDTH = 640;

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (opts: { formats: string[] }) => Detector;

/** Whether this machine has a camera this page may ask for (a secure context, a video input). */
export async function hasCamera(): Promise<boolean> {
  const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!media?.getUserMedia || !media.enumerateDevices) return false;
  try {
    return (await media.enumerateDevices()).some((d) => d.kind === 'videoinput');
  } catch {
    return false;
  }
}

type Read = (video: HTMLVideoElement) => Promise<string[]>;

async function reader(): Promise<Read> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (Native) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video)).map((c) => c.rawValue);
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!context || !video.videoWidth) return [];
    const scale = Math.min(1, READ_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' });
    return found?.data ? [found.data] : [];
  };
}

export interface QrCamera {
  /** The camera off, its light with it. */
  stop(): void;
}

/**
 * Opens the camera into `video` and calls `onRead` with the texts of the QR codes in each frame
 * read (an empty list when there is none). Rejects when the camera is refused, busy or missing.
 */
export async function openQrCamera(video: HTMLVideoElement, onRead: (texts: string[]) => void): Promise<QrCamera> {
  const [stream, read] = await Promise.all([
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: READ_WIDTH }, facingMode: 'user' }, audio: false }),
    reader(),
  ]);
  let stopped = false;
  let busy = false;
  const timer = setInterval(() => {
    if (stopped || busy || video.readyState < 2) return;
    busy = true;
    read(video)
      .then((texts) => {
        if (!stopped) onRead(texts);
      }, () => {})
      .finally(() => (busy = false));
  }, 1000 / READS_PER_SECOND);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    stream.getTracks().forEach((track) => track.stop());
  };
  try {
    video.srcObject = stream;
    await video.play();
  } catch (err) {
    // A video element gone before it played (the screen closed): the camera goes off too.
    if (!video.isConnected) {
      stop();
      throw err;
    }
  }
  return { stop };
}
