/**
 * Font sizes chosen from measured boxes, for the hall display. Text shrinks to fit its box but
 * never below the floor (5% of the screen's height: letters readable from ten metres); what
 * still does not fit at the floor is wrapped or paged by the caller, never cut.
 *
 * Cheap enough for a TV browser: a fit is a binary search of a few steps (one layout each), and a
 * paged grid measures its items once and then only computes. Nothing here loops on layout.
 */
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

/** The smallest letters the hall may get (the rule: about 29 mm at ten metres). */
export const FLOOR_VH = 5;

export function floorPx(): number {
  return (window.innerHeight * FLOOR_VH) / 100;
}

export function vh(n: number): number {
  return (window.innerHeight * n) / 100;
}

/** Whether an element's content fits its own box (sub-pixel rounding forgiven). */
export function overflows(el: HTMLElement): boolean {
  return el.scrollWidth > el.clientWidth + 0.5 || el.scrollHeight > el.clientHeight + 0.5;
}

/**
 * The largest font size in [min, max] (px) at which none of `els` overflows its box, the same
 * for all of them (cards side by side read best with one size); `fits` false when even `min`
 * is too big. Each step sets the size on all and reads their boxes once.
 */
export function fitTogether(els: HTMLElement[], min: number, max: number, steps = 7): { size: number; fits: boolean } {
  if (!els.length) return { size: max, fits: true };
  const apply = (px: number) => {
    for (const el of els) el.style.fontSize = `${px}px`;
  };
  const ok = (px: number) => {
    apply(px);
    return !els.some(overflows);
  };
  if (ok(max)) return { size: max, fits: true };
  if (!ok(min)) return { size: min, fits: false };
  let lo = min;
  let hi = max;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  apply(lo);
  return { size: lo, fits: true };
}

/** The width of an element's text on one line, whatever its box (a Range measures the text itself). */
export function textWidth(el: HTMLElement): number {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getBoundingClientRect().width;
}

/**
 * Sizes one line of text (a ticket number, a counter's name) from one measure: text grows in
 * proportion to its font size, so the size that fills the box is the box over the text's width
 * at a known size (and, with `lineHeight`, the box's height over the line's); `text` measures a
 * part of the box (`extraEm` kept free beside it, for an icon that comes and goes). `els` are measured
 * at `REF` px, then each gets min(its own fit, `cap`); one that overflows all the same (a
 * font's hinting) is taken down a little, twice at most. The boxes must not depend on the
 * text's size (flex-basis 0, overflow hidden), or the measure moves them.
 */
export function fitLine(els: HTMLElement[], opts: { min: number; max: number; lineHeight?: number; text?: (el: HTMLElement) => HTMLElement; extraEm?: number }): number[] {
  const REF = 100;
  for (const el of els) el.style.fontSize = `${REF}px`;
  const sizes = els.map((el) => {
    const w = textWidth(opts.text ? opts.text(el) : el) / REF + (opts.extraEm ?? 0);
    const byWidth = w > 0 ? (el.clientWidth * 0.98) / w : opts.max;
    const byHeight = opts.lineHeight ? el.clientHeight / opts.lineHeight : opts.max;
    return Math.max(opts.min, Math.min(opts.max, byWidth, byHeight));
  });
  els.forEach((el, i) => (el.style.fontSize = `${sizes[i]}px`));
  for (let round = 0; round < 2; round++) {
    let again = false;
    els.forEach((el, i) => {
      if (sizes[i]! > opts.min && overflows(el)) {
        sizes[i] = Math.max(opts.min, sizes[i]! * 0.95);
        el.style.fontSize = `${sizes[i]}px`;
        again = true;
      }
    });
    if (!again) break;
  }
  return sizes;
}

/** The screen's size, updated on resize (a TV browser rotating, a window resized): fits run again. */
export function useViewport(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    let frame = 0;
    const onResize = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setSize({ width: window.innerWidth, height: window.innerHeight }));
    };
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', onResize);
    };
  }, []);
  return size;
}

/**
 * Runs `fit` after each render whose `key` (the content) or the screen's size changed, and when
 * the box of `ref` changes size (a header that wrapped, a playlist that appeared). A box that
 * keeps its size does not run it again, so a fit that changes nothing outside its box settles.
 */
export function useFit(ref: RefObject<HTMLElement | null>, key: string, fit: () => void): void {
  const { width, height } = useViewport();
  // The latest fit, without making it a dependency (it is a new function every render).
  const latest = useLatest(fit);
  useLayoutEffect(() => {
    latest.current();
  }, [key, width, height, latest]);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = '';
    const observer = new ResizeObserver(() => {
      const size = `${el.clientWidth}x${el.clientHeight}`;
      if (size === last) return;
      const first = last === '';
      last = size;
      if (!first) latest.current();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, latest]);
  // Fonts that arrive late (a TV's web font cache) change every width: measure again once.
  useEffect(() => {
    const fonts = (document as Document & { fonts?: { ready: Promise<unknown> } }).fonts;
    let live = true;
    void fonts?.ready.then(() => {
      if (live) latest.current();
    });
    return () => {
      live = false;
    };
  }, [latest]);
}

function useLatest<T>(value: T): { current: T } {
  const [box] = useState(() => ({ current: value }));
  box.current = value;
  return box;
}
