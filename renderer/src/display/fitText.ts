/**
 * Font sizes chosen from measured boxes, for the hall display. Text shrinks to fit its box but
 * never below the floor (5% of the screen's height: letters readable from ten metres); what
 * still does not fit at the floor is wrapped or paged by the caller, never cut.
 *
 * Cheap enough for a TV browser (several times slower than a PC, and a burst of calls redraws
 * the hall a few times a second):
 * - A text's width on one line is measured once, at 100 px, and kept (by its text, digits made
 *   alike: the display's numbers use tabular figures, so "A-012" is as wide as "A-099"); a size
 *   is then the box over that width (width grows in proportion to the font size), no search.
 * - Every fit on the screen runs in one batch after the render that needs it, in lockstep:
 *   all of them write, then all read, then all write... so a batch costs one layout per round
 *   instead of one per element measured (a read after a write makes the browser lay out again).
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
 * A fit, as a generator whose steps alternate: it starts writing (resets, rulers), `yield`s,
 * reads (boxes, rulers), `yield`s, writes (sizes), and so on. Reads must not follow writes
 * within a step: the batch would lay out once per fit again.
 */
export type Fit = Generator<void, void, void>;

const pending = new Map<object, () => Fit>();
let queued = false;

/**
 * Runs `fit` with the others asked for in the same render, after that render's effects (a
 * microtask: before the screen is painted). A second request by the same owner before then
 * replaces the first.
 */
export function scheduleFit(owner: object, fit: () => Fit): void {
  pending.set(owner, fit);
  if (queued) return;
  queued = true;
  void Promise.resolve().then(runFits);
}

function runFits(): void {
  queued = false;
  let live = Array.from(pending.values(), (make) => make());
  pending.clear();
  // Each pass runs every fit's next step: all the writes, then all the reads, and so on. A fit
  // that fails leaves the batch (its error reported on its own), the others go on.
  const step = (fit: Fit) => {
    try {
      return !fit.next().done;
    } catch (err) {
      setTimeout(() => {
        throw err;
      });
      return false;
    }
  };
  while (live.length) live = live.filter(step);
}

/** A text's size on one line at `RULER_PX`, in em: width, and the height of its line box. */
export interface Extent {
  w: number;
  h: number;
}

const RULER_PX = 100;
const extents = new Map<string, Extent>();
/** enough for a day's ticket shapes, counters and agencies, many times over */
const EXTENTS_KEPT = 4000;

/** Digits made alike: with tabular figures every digit is as wide as the others. */
export function digitsAlike(text: string): string {
  return text.replace(/[0-9]/g, '0');
}

/** The measure kept for `key`, if any. */
export function knownExtent(key: string): Extent | undefined {
  return extents.get(key);
}

/** Text widths change when a web font arrives: everything is measured again then. */
export function forgetExtents(): void {
  extents.clear();
}

/** What to measure: a copy of `el` (its classes make its font), `part` of it when the rest does not count. */
export interface Sample {
  key: string;
  el: HTMLElement;
  part?: string;
}

/**
 * A hidden ruler inside `host` (so the host's styles apply) holding a copy, on one line, of each
 * sample not measured before; null when all were. Made in a fit's write step; `read()` in its
 * next read step (one layout for every copy, and for the fit's other reads); `finish()` in the
 * write step after: it removes the ruler and keeps the measures.
 */
export function rulerFor(host: HTMLElement, samples: Sample[]): { read(): void; finish(): void } | null {
  const missing = samples.filter((s, i) => !extents.has(s.key) && samples.findIndex((t) => t.key === s.key) === i);
  if (!missing.length) return null;
  const ruler = document.createElement('div');
  ruler.className = 'fit-ruler';
  ruler.setAttribute('aria-hidden', 'true');
  const copies = missing.map((s) => {
    const copy = s.el.cloneNode(true) as HTMLElement;
    copy.classList.remove('wrap');
    for (const name of ['data-testid', 'data-ticket', 'data-counter', 'data-agency', 'data-item']) copy.removeAttribute(name);
    // its own width, on one line, whatever its box on the screen does (flex, wrap, min-width)
    Object.assign(copy.style, { fontSize: `${RULER_PX}px`, width: 'max-content', minWidth: '0', maxWidth: 'none', minHeight: '0', flex: 'none', whiteSpace: 'nowrap', position: 'static' });
    ruler.appendChild(copy);
    return copy;
  });
  host.appendChild(ruler);
  let measured: Extent[] = [];
  return {
    read() {
      measured = missing.map((s, i) => {
        const r = ((s.part ? copies[i]!.querySelector<HTMLElement>(s.part) : null) ?? copies[i]!).getBoundingClientRect();
        return { w: r.width / RULER_PX, h: r.height / RULER_PX };
      });
    },
    finish() {
      ruler.remove();
      if (extents.size + missing.length > EXTENTS_KEPT) extents.clear();
      missing.forEach((s, i) => {
        if (measured[i]) extents.set(s.key, measured[i]!);
      });
    },
  };
}

/** The extent of each sample (after its ruler's `finish()`). */
export function extentsOf(samples: Sample[]): Extent[] {
  return samples.map((s) => extents.get(s.key) ?? { w: 0, h: 1.2 });
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

type FontSet = { ready: Promise<unknown> };
const fonts = typeof document === 'undefined' ? undefined : (document as Document & { fonts?: FontSet }).fonts;
// Registered before any component's own wait for the fonts: the old measures go first.
void fonts?.ready.then(forgetExtents);

/** Fonts that arrive late (a TV's web font cache) change every width: `onReady` runs once they are in. */
function useFontsReady(onReady: () => void): void {
  useEffect(() => {
    let live = true;
    void fonts?.ready.then(() => {
      if (live) onReady();
    });
    return () => {
      live = false;
    };
  }, [onReady]);
}

/**
 * Schedules `fit` after each render whose `key` (the content) or the screen's size changed,
 * when the box of `ref` changes size (a header that wrapped, a playlist that appeared), and once
 * the fonts are in. A box that keeps its size does not fit again, so a fit that changes nothing
 * outside its box settles.
 */
export function useFit(ref: RefObject<HTMLElement | null>, key: string, fit: () => Fit): void {
  const { width, height } = useViewport();
  // The latest fit, without making it a dependency (it is a new function every render).
  const latest = useLatest(fit);
  const [run] = useState(() => () => scheduleFit(latest, () => latest.current()));
  useLayoutEffect(run, [key, width, height, run]);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = '';
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      const size = `${box.width}x${box.height}`;
      if (size === last) return;
      const first = last === '';
      last = size;
      if (!first) run();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, run]);
  useFontsReady(run);
}

/**
 * The content box of `ref`'s element, read by a ResizeObserver (after the browser's own layout,
 * so reading it costs none); null until the first report.
 */
export function useBoxSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof ResizeObserver === 'undefined') {
      setSize({ width: el.clientWidth, height: el.clientHeight });
      return;
    }
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      setSize((prev) => (prev && prev.width === box.width && prev.height === box.height ? prev : { width: box.width, height: box.height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** A number that grows once the fonts are in: a render keyed on it measures again. */
export function useFontsVersion(): number {
  const [version, setVersion] = useState(0);
  const [bump] = useState(() => () => setVersion((v) => v + 1));
  useFontsReady(bump);
  return version;
}

export function useLatest<T>(value: T): { current: T } {
  const [box] = useState(() => ({ current: value }));
  box.current = value;
  return box;
}
