/** Behaviour of a public touchscreen: an idle timeout, and nothing to select, zoom or right-click. */
import { useEffect, useRef } from 'react';

/**
 * Calls `onIdle` after `ms` without a touch, a click or a key, while `active`, and again after each
 * further `ms` of quiet. `touched` says whether anyone touched the screen since the last call (or
 * since the hook started): an untouched home screen has nothing to clear.
 */
export function useIdle(ms: number, active: boolean, onIdle: (touched: boolean) => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  const touched = useRef(false);
  useEffect(() => {
    if (!active) return;
    const fire = () => {
      const was = touched.current;
      touched.current = false;
      callback.current(was);
      timer = setTimeout(fire, ms);
    };
    let timer = setTimeout(fire, ms);
    const touch = () => {
      touched.current = true;
      clearTimeout(timer);
      timer = setTimeout(fire, ms);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [ms, active]);
}

export function useKioskLockdown(): void {
  useEffect(() => {
    const prevent = (e: Event) => e.preventDefault();
    // Pinch zoom (ctrl+wheel on touchpads, gesture events on some touch drivers), the context menu
    // of a long press, and dragging text or images out.
    const wheel = (e: WheelEvent) => {
      if (e.ctrlKey) e.preventDefault();
    };
    const multiTouch = (e: TouchEvent) => {
      if (e.touches.length > 1) e.preventDefault();
    };
    document.addEventListener('contextmenu', prevent);
    document.addEventListener('dragstart', prevent);
    document.addEventListener('gesturestart', prevent);
    document.addEventListener('wheel', wheel, { passive: false });
    document.addEventListener('touchmove', multiTouch, { passive: false });
    document.documentElement.classList.add('kiosk-mode');
    return () => {
      document.removeEventListener('contextmenu', prevent);
      document.removeEventListener('dragstart', prevent);
      document.removeEventListener('gesturestart', prevent);
      document.removeEventListener('wheel', wheel);
      document.removeEventListener('touchmove', multiTouch);
      document.documentElement.classList.remove('kiosk-mode');
    };
  }, []);
}
