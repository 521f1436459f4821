/**
 * A panel of one-line items (the other calls, the waiting per agency) that never cuts one: as
 * many as fit, in columns, at the largest size that holds them all; when even the floor cannot,
 * pages that take turns every `periodMs`, with "1/3" beside the title. Every page is in the
 * document (the others hidden), so what a page shows is there to be read and checked.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { floorPx, overflows, useFit, vh } from './fitText.js';
import { planGrid, type GridPlan } from './gridPlan.js';

/** the space between two columns, in em (display.css: .page column-gap) */
const GAP_EM = 0.8;
/** the size items are measured at, px */
const RULER_PX = 100;

export interface PagedGridProps<T> {
  title: string;
  className: string;
  testId: string;
  items: T[];
  itemKey: (item: T) => string;
  /** the li's attributes and its content */
  itemProps: (item: T) => Record<string, string | undefined>;
  renderItem: (item: T) => ReactNode;
  /** changes whenever an item's text does (what decides the widths) */
  signature: string;
  /** the largest font size, in vh */
  maxVh: number;
  /** the hub's time now (ms): pages turn on it */
  now: number;
  periodMs: number;
  /** when it changes, the rotation starts again from the first page (a new call is on it) */
  restartKey?: string;
  /** said when there is nothing to list */
  empty?: string;
}

interface Measured {
  widths: number[];
  rowEm: number;
}

/** Every item's width on one line and a row's height, in em, from copies laid out once. */
function measure(box: HTMLElement): Measured {
  const ruler = document.createElement('ol');
  ruler.className = 'grid-ruler';
  ruler.setAttribute('aria-hidden', 'true');
  for (const li of Array.from(box.querySelectorAll<HTMLElement>('[data-item]'))) {
    const copy = li.cloneNode(true) as HTMLElement;
    copy.classList.remove('wrap');
    ruler.appendChild(copy);
  }
  box.appendChild(ruler);
  const rects = Array.from(ruler.children).map((c) => c.getBoundingClientRect());
  box.removeChild(ruler);
  return {
    widths: rects.map((r) => r.width / RULER_PX),
    rowEm: rects.length ? Math.max(...rects.map((r) => r.height)) / RULER_PX : 1.3,
  };
}

function samePlan(a: GridPlan | null, b: GridPlan): boolean {
  return (
    a !== null &&
    Math.abs(a.size - b.size) < 0.25 &&
    a.cols === b.cols &&
    a.rows === b.rows &&
    a.pages.join() === b.pages.join() &&
    a.wrapped.join() === b.wrapped.join()
  );
}

export function PagedGrid<T>(p: PagedGridProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [plan, setPlan] = useState<GridPlan | null>(null);
  const measured = useRef<Measured | null>(null);
  /** grows when a page laid out by the plan still overflows (rounding, a font's kerning) */
  const slack = useRef(1);

  const replan = () => {
    const el = box.current;
    const m = measured.current;
    if (!el || !m) return;
    const s = slack.current;
    const next = planGrid({
      widths: m.widths.map((w) => w * s),
      rowEm: m.rowEm * s,
      gapEm: GAP_EM,
      width: el.clientWidth,
      height: el.clientHeight,
      min: floorPx(),
      max: Math.max(floorPx(), vh(p.maxVh)),
    });
    setPlan((prev) => (samePlan(prev, next) ? prev : next));
  };

  useFit(box, p.signature, () => {
    if (!box.current) return;
    slack.current = 1;
    measured.current = measure(box.current);
    replan();
  });

  // Pages in order; items the plan has not counted yet (it is made after this render) go last.
  const pages: T[][] = [];
  let from = 0;
  for (const n of plan?.pages ?? [p.items.length]) {
    pages.push(p.items.slice(from, from + n));
    from += n;
  }
  if (from < p.items.length) pages[pages.length - 1]!.push(...p.items.slice(from));
  const wrapped = new Set(plan?.wrapped ?? []);

  const anchor = useRef({ key: p.restartKey, at: p.now });
  if (anchor.current.key !== p.restartKey) anchor.current = { key: p.restartKey, at: p.now };
  const current = pages.length > 1 ? Math.floor(Math.max(0, p.now - anchor.current.at) / p.periodMs) % pages.length : 0;

  // The page on screen, checked once laid out: still too big (the measure was a little off)
  // means a little more room per item, a few times at most.
  useLayoutEffect(() => {
    const el = box.current;
    const page = el?.querySelector<HTMLElement>('.page:not([hidden])');
    if (!el || !page || !plan) return;
    const items = Array.from(page.children) as HTMLElement[];
    const bad = page.scrollHeight > page.clientHeight + 0.5 || page.scrollWidth > page.clientWidth + 0.5 || items.some((li) => !li.classList.contains('wrap') && overflows(li));
    if (bad && slack.current < 1.25) {
      slack.current *= 1.06;
      replan();
    }
  }, [plan, current]);

  let index = 0;
  return (
    <section className={`panel ${p.className}`}>
      <h2>
        <span className="panel-title">{p.title}</span>
        {pages.length > 1 && (
          <span className="pager" data-testid={`${p.testId}-pager`}>
            {current + 1}/{pages.length}
          </span>
        )}
      </h2>
      <div className="grid-box" ref={box} data-testid={p.testId} style={plan ? { fontSize: `${plan.size}px` } : undefined}>
        {!p.items.length && p.empty && <p className="empty">{p.empty}</p>}
        {pages.map((items, i) => {
          const rows = plan && plan.cols > 1 ? Math.min(plan.rows, items.length) : items.length;
          return (
            <ol
              key={i}
              className="page"
              data-page={i + 1}
              hidden={i !== current}
              style={{ gridTemplateColumns: `repeat(${plan?.cols ?? 1}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${Math.max(1, rows)}, auto)` }}
            >
              {items.map((item, j) => {
                const at = index++;
                const { className, ...attributes } = p.itemProps(item);
                // every other row shaded, across the columns
                const classes = [className, wrapped.has(at) ? 'wrap' : '', (j % Math.max(1, rows)) % 2 === 0 ? 'shade' : ''].filter(Boolean).join(' ');
                return (
                  <li key={p.itemKey(item)} data-item="" className={classes || undefined} {...attributes}>
                    {p.renderItem(item)}
                  </li>
                );
              })}
            </ol>
          );
        })}
      </div>
    </section>
  );
}
