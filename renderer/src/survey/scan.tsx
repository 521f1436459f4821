/**
 * Reading the QR code on a ticket. A USB scanner is a keyboard: it types the code's text and Enter
 * into whatever page has the focus, so the page listens to every keystroke, wherever the focus is,
 * and takes the last ticket code before an Enter: the ticket's phone link
 * ("http://192.168.1.10:7800/t/123.20261202.…", tickets since issue 22) or the older "ANTRE:123:A-001:…". A camera is
 * read with the browser's BarcodeDetector where the browser has one (Chrome on Android, ChromeOS,
 * macOS); elsewhere that button is not shown.
 */
import { useEffect, useRef, useState } from 'react';
import { STRINGS, type Lang } from './strings.js';

const MARK = 'ANTRE:';
const MAX_BUFFER = 240;
/** The phone link's path (shared/phoneTicket.ts PHONE_TOKEN_PATTERN), after any host: the hub checks the signature. */
const LINK = /https?:\/\/[^\s]+\/t\/[1-9][0-9]{0,9}\.[0-9]{8}\.[A-Za-z0-9_-]{22}/gi;

/** The last ticket code in what was typed or read, or null. */
export function ticketCode(text: string): string | null {
  const links = text.match(LINK);
  const at = text.toUpperCase().lastIndexOf(MARK);
  const link = links ? links[links.length - 1]! : null;
  if (link && text.lastIndexOf(link) > at) return link;
  return at >= 0 ? text.slice(at).trim() : link;
}

/** Calls `onCode` with each ticket code a scanner types while `active`. */
export function useScanner(active: boolean, onCode: (code: string) => void): void {
  const latest = useRef(onCode);
  latest.current = onCode;
  useEffect(() => {
    if (!active) return;
    let buffer = '';
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        // A scanner with Caps Lock on types "antre:": the hub reads that code in any case.
        const code = ticketCode(buffer);
        if (code) {
          e.preventDefault();
          latest.current(code);
        }
        buffer = '';
        return;
      }
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) buffer = (buffer + e.key).slice(-MAX_BUFFER);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active]);
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (opts: { formats: string[] }) => Detector;

const detectorClass = (): DetectorClass | null => (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector ?? null;

/** "Pindai dengan kamera", where the browser can read a QR code from the camera. */
export function CameraScan({ lang, onCode }: { lang: Lang; onCode: (code: string) => void }) {
  const s = STRINGS[lang];
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(onCode);
  latest.current = onCode;

  useEffect(() => {
    const Detector = detectorClass();
    if (!open || !Detector) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code'] });
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'user' }, audio: false })
      .then(async (s) => {
        if (stopped) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        const v = video.current!;
        v.srcObject = s;
        await v.play();
        timer = setInterval(() => {
          void detector.detect(v).then((codes) => {
            const code = codes.map((c) => ticketCode(c.rawValue)).find((raw) => raw !== null);
            if (code && !stopped) {
              setOpen(false);
              latest.current(code);
            }
          }, () => {});
        }, 300);
      })
      .catch(() => {
        setFailed(true);
        setOpen(false);
      });
    return () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [open]);

  if (!detectorClass() || !navigator.mediaDevices) return null;
  return (
    <div className="camera">
      {open && <video ref={video} muted playsInline aria-label={s.cameraHint} />}
      <button type="button" className="secondary" onClick={() => setOpen(!open)}>
        {open ? s.cameraStop : s.camera}
      </button>
      {failed && <p className="note">{s.cameraFailed}</p>}
    </div>
  );
}
