/**
 * A panel of one-line items (the other calls, the waiting per agency) that never cuts one: as
 * many as fit, in columns, at the largest size that holds them all; when even the floor cannot,
 * pages that take turns every `periodMs`, with "1/3" beside the title. Every page is in the
 * document (the others hidden), so what a page shows is there to be read and checked.
 *
 * The layout is computed while rendering, from each item's width kept by its text (fitText.ts)
 * and the box's size (a ResizeObserver's): only an item with a text not seen before is
 * measured, once, and a render that changes no text measures nothing.
 */
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { floorPx, knownExtent, overflows, rulerFor, scheduleFit, useBoxSize, useFontsVersion, vh, type Sample } from './fitText.js';
import { planGrid, type GridPlan } from './gridPlan.js';

/** the space between two columns, in em (display.css: .page column-gap) */
const GAP_EM = 0.8;
/** a page laid out by the plan that still overflows (rounding, a font's kerning) gets this much more room per item, a few times at most */
const SLACK_STEP = 1.06;
const SLACK_MAX = 1.25;

export interface PagedGridProps<T> {
  title: string;
  className: string;
  testId: string;
  items: T[];
  itemKey: (item: T) => string;
  /** what decides an item's width: its text (digits made alike where they are tabular) */
  textKey: (item: T) => string;
  /** the li's attributes and its content */
  itemProps: (item: T) => Record<string, string | undefined>;
  renderItem: (item: T) => ReactNode;
  /** the largest font size, in vh */
  maxVh: number;
  /** the hub's time now (ms): pages turn on it */
  clock: () => number;
  periodMs: number;
  /** when it changes, the rotation starts again from the first page (a new call is on it) */
  restartKey?: string;
  /** said when there is nothing to list */
  empty?: string;
}

function samePlan(a: GridPlan | null, b: GridPlan | null): boolean {
  return (
    a !== null &&
    b !== null &&
    Math.abs(a.size - b.size) < 0.25 &&
    a.cols === b.cols &&
    a.rows === b.rows &&
    a.pages.join() === b.pages.join() &&
    a.wrapped.join() === b.wrapped.join()
  );
}

export function PagedGrid<T>(p: PagedGridProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const size = useBoxSize(box);
  const fontsVersion = useFontsVersion();
  /** grows when new widths are kept: the plan is made again */
  const [measures, setMeasures] = useState(0);
  /** the fits of this panel, each run once per batch */
  const [owners] = useState(() => ({ measure: {}, check: {} }));
  // The extra room a page needed, for the box's size it was found at (a new size starts again from none).
  const sizeKey = size ? `${size.width}x${size.height}` : '';
  const [slackAt, setSlack] = useState({ sizeKey: '', value: 1 });
  const slack = slackAt.sizeKey === sizeKey ? slackAt.value : 1;

  const keys = p.items.map((item) => `${p.className}\u0001${p.textKey(item)}`);
  const signature = keys.join('\u0002');
  const rowKey = `${p.className}\u0001row`;
  const widths = keys.map((k) => knownExtent(k)?.w);
  const known = widths.every((w) => w !== undefined) && (!keys.length || knownExtent(rowKey) !== undefined);
  const floor = floorPx();
  const max = Math.max(floor, vh(p.maxVh));

  // The last plan made stays until a new one can be (an item not measured yet): a render never goes without one.
  const last = useRef<GridPlan | null>(null);
  const made = useMemo(
    () =>
      size && known
        ? planGrid({
            widths: widths.map((w) => w! * slack),
            rowEm: (knownExtent(rowKey)?.h ?? 1.26) * slack,
            gapEm: GAP_EM,
            width: size.width,
            height: size.height,
            min: floor,
            max,
          })
        : null,
    // the widths follow the signature and the measures
    [signature, measures, fontsVersion, size, slack, floor, max],
  );
  if (made && !samePlan(last.current, made)) last.current = made;
  const plan = last.current;

  // Items with a text not measured before: measured together (with the other fits of this render), then planned.
  useLayoutEffect(() => {
    if (known) return;
    scheduleFit(owners.measure, function* () {
      const el = box.current;
      if (!el) return;
      const samples: Sample[] = [];
      const lis = Array.from(el.querySelectorAll<HTMLElement>('[data-item]'));
      lis.forEach((li, i) => {
        if (keys[i]) samples.push({ key: keys[i]!, el: li });
      });
      // a row's height: the first item's (every row has the same line height)
      if (lis[0] && !knownExtent(rowKey)) samples.push({ key: rowKey, el: lis[0] });
      const ruler = rulerFor(el, samples);
      yield;
      ruler?.read();
      yield;
      ruler?.finish();
      setMeasures((m) => m + 1);
    });
  }, [signature, fontsVersion, known]);

  // Pages in order; items the plan has not counted yet (it is made after this render) go last.
  const pages: T[][] = [];
  let from = 0;
  for (const n of plan?.pages ?? [p.items.length]) {
    pages.push(p.items.slice(from, from + n));
    from += n;
  }
  if (from < p.items.length) pages[pages.length - 1]!.push(...p.items.slice(from));
  const wrapped = new Set(plan?.wrapped ?? []);

  const now = p.clock();
  const anchor = useRef({ key: p.restartKey, at: now });
  if (anchor.current.key !== p.restartKey) anchor.current = { key: p.restartKey, at: now };
  const current = pages.length > 1 ? Math.floor(Math.max(0, now - anchor.current.at) / p.periodMs) % pages.length : 0;
  useTurns(pages.length > 1, anchor.current.at, p.periodMs, p.clock);

  // The page on screen, checked once laid out (a read only, with the batch's other reads): still
  // too big (the measure was a little off) means a little more room per item, a few times at most.
  // (Only a plan made for these items: one kept from before, while new items are measured, may well not fit them.)
  useLayoutEffect(() => {
    if (!made || !plan) return;
    scheduleFit(owners.check, function* () {
      yield;
      const el = box.current;
      const page = el?.querySelector<HTMLElement>('.page:not([hidden])');
      if (!el || !page) return;
      const items = Array.from(page.children) as HTMLElement[];
      const bad = page.scrollHeight > page.clientHeight + 0.5 || page.scrollWidth > page.clientWidth + 0.5 || items.some((li) => !li.classList.contains('wrap') && overflows(li));
      if (bad) setSlack((s) => (s.sizeKey !== sizeKey ? { sizeKey, value: SLACK_STEP } : s.value < SLACK_MAX ? { sizeKey, value: s.value * SLACK_STEP } : s));
    });
  }, [made, plan, current, signature, sizeKey, owners]);

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

/**
 * Renders again when the pages turn (every `periodMs` from `from`, the hub's clock), and only
 * then: the rest of the screen does not redraw the panel every second.
 */
function useTurns(on: boolean, from: number, periodMs: number, clock: () => number): void {
  const [, setTurn] = useState(0);
  useLayoutEffect(() => {
    if (!on) return;
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      const into = (clock() - from) % periodMs;
      // a little after the turn, so that the render sees the new page
      timer = setTimeout(() => {
        setTurn((t) => t + 1);
        next();
      }, periodMs - Math.max(0, into) + 20);
    };
    next();
    return () => clearTimeout(timer);
  }, [on, from, periodMs, clock]);
}
