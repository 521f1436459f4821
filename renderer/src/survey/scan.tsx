/**
 * Reading the QR code on a ticket. A USB scanner is a keyboard: it types the code's text and Enter
 * into whatever page has the focus, so the page listens to every keystroke, wherever the focus is,
 * and takes the last ticket code before an Enter: the ticket's phone link
 * ("http://192.168.1.10:7800/t/123.20261202.…", tickets since issue 22) or the older "ANTRE:123:A-001:…". Where the
 * machine has a camera the page may use, "Pindai dengan kamera" reads it (../camera/qrReader.ts:
 * the browser's BarcodeDetector, or jsQR on the Windows and Linux kiosks that have none).
 */
import { useEffect, useRef, useState } from 'react';
import { hasCamera, openQrCamera, type QrCamera } from '../camera/qrReader.js';
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

/** "Pindai dengan kamera", where the machine has a camera this page may use (../camera/qrReader.ts). */
export function CameraScan({ lang, onCode }: { lang: Lang; onCode: (code: string) => void }) {
  const s = STRINGS[lang];
  const [camera, setCamera] = useState(false);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(onCode);
  latest.current = onCode;

  useEffect(() => {
    let gone = false;
    void hasCamera().then((has) => !gone && setCamera(has));
    return () => {
      gone = true;
    };
  }, []);

  useEffect(() => {
    if (!open || !video.current) return;
    let closed = false;
    let opened: QrCamera | null = null;
    openQrCamera(video.current, (texts) => {
      const code = texts.map(ticketCode).find((c) => c !== null);
      if (code && !closed) {
        setOpen(false);
        latest.current(code);
      }
    }).then(
      (camera) => (closed ? camera.stop() : (opened = camera)),
      () => {
        if (closed) return;
        setFailed(true);
        setOpen(false);
      },
    );
    return () => {
      closed = true;
      opened?.stop();
    };
  }, [open]);

  if (!camera) return null;
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
