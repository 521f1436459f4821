/**
 * The kiosk's camera as a booking-QR reader (issue 23: "the kiosk scans the booking's QR (camera or
 * USB scanner)"). Shown only where the machine has a camera and the page may use it (data-camera
 * "on"); elsewhere ("none") nothing is drawn and the USB scanner and the keyboard stay the way in.
 * The camera runs only while the check-in screen is open and is released the moment it closes
 * (../camera/qrReader.ts reads the frames and drops them).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasCamera, openQrCamera, type QrCamera } from '../camera/qrReader.js';

/** A code out of sight this long is read again when shown again. */
const FORGET_MS = 2000;

type Camera = 'looking' | 'on' | 'none';

/**
 * `accept` says whether a text read is one this screen takes (a booking code); `onRead` gets each
 * accepted code once while it stays in front of the camera. Nothing is read while `paused`.
 */
export function CameraScan({ accept, onRead, paused }: { accept: (text: string) => boolean; onRead: (text: string) => void; paused: boolean }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<Camera>('looking');
  const [wrong, setWrong] = useState(false);
  // The latest callbacks, read by the camera's loop without restarting the camera.
  const latest = useRef({ accept, onRead, paused });
  latest.current = { accept, onRead, paused };

  useEffect(() => {
    let closed = false;
    let opened: QrCamera | null = null;
    let last = '';
    let lastSeenAt = 0;
    const onFrame = (texts: string[]) => {
      if (latest.current.paused) return;
      const now = Date.now();
      if (texts.length === 0) {
        // Taken away and shown again: read again (after a refusal the citizen may try once more).
        if (now - lastSeenAt > FORGET_MS) last = '';
        return;
      }
      lastSeenAt = now;
      const text = texts.find((x) => latest.current.accept(x));
      setWrong(text === undefined);
      // The same code in front of the camera is taken once, while it stays in sight.
      if (text !== undefined && text !== last) {
        last = text;
        latest.current.onRead(text);
      }
    };
    void (async () => {
      if (!(await hasCamera())) return setCamera('none');
      if (closed || !video.current) return;
      try {
        opened = await openQrCamera(video.current, onFrame);
        if (closed) return opened.stop();
        setCamera('on');
      } catch {
        // Refused (the app grants the camera to its kiosk page only), busy in another program, unplugged.
        if (!closed) setCamera('none');
      }
    })();
    return () => {
      closed = true;
      opened?.stop();
    };
  }, []);

  // Drawn only once the camera shows something: a kiosk without one never flashes an empty box.
  return (
    <figure className="camera-scan" data-testid="camera-scan" data-camera={camera} hidden={camera !== 'on'}>
      <video ref={video} muted playsInline aria-hidden="true" />
      <figcaption data-testid="camera-scan-caption" className={wrong ? 'wrong' : undefined}>
        {wrong ? t('kioskCheckIn.cameraWrong') : t('kioskCheckIn.camera')}
      </figcaption>
    </figure>
  );
}
