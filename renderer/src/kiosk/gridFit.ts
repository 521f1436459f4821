/**
 * Tiles per page from the screen, not a fixed number. Columns: as many as fit the grid's box at a
 * least tile width. Rows: each as tall as its tallest tile's content, measured on hidden copies of
 * every tile at the tile width (home.css .measure), so no tile's text is ever cut whatever the
 * names; a page takes rows while they fit the box, with the pager's row taken out when there is
 * more than one page. Sizes are in em of the box's font, so the same rule holds from a 1024x768
 * landscape kiosk to a 1080x1920 portrait one.
 */
import { useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';

/** The gap between tiles, and between the grid and the pager (home.css .paged). */
export const GAP_EM = 0.5;
/** The pager's height (home.css .kiosk .pager: max(68px, 2.4em)). */
export const PAGER_EM = 2.4;
export const PAGER_MIN_PX = 68;

export interface FitRule {
  /** least tile width, em */
  minWidth: number;
  /** least tile height, em */
  minHeight: number;
  /** a row grows to fill a page's spare height up to this (em), or its content's height if more */
  maxHeight: number;
  /** most columns, whatever the width */
  maxColumns?: number;
  /** the pager sits inside the measured box, under the grid, when there is more than one page */
  pagerInside: boolean;
}

export interface Page {
  /** the items [start, end) */
  start: number;
  end: number;
  /** px, each row's */
  rows: number[];
}

export interface Fit {
  columns: number;
  pages: Page[];
  /** px */
  tileWidth: number;
  width: number;
  fontSize: number;
}

export interface Box {
  width: number;
  height: number;
  fontSize: number;
}

/** Columns and tile width for a box. */
function columnsOf(box: Box, rule: FitRule): { columns: number; tileWidth: number; gap: number } {
  const fs = box.fontSize || 16;
  const gap = GAP_EM * fs;
  const columns = Math.max(1, Math.min(rule.maxColumns ?? Infinity, Math.floor((box.width + gap) / (rule.minWidth * fs + gap))));
  return { columns, tileWidth: Math.max(0, (box.width - (columns - 1) * gap) / columns), gap };
}

/**
 * Pages of `heights` (each tile's content height, px) in rows of `columns`: a row as tall as its
 * tallest tile (at least minHeight); rows fill a page in order while they fit, the spare height
 * shared among them up to maxHeight. One page when everything fits without a pager.
 */
export function paginate(box: Box, heights: readonly number[], rule: FitRule): Fit {
  const fs = box.fontSize || 16;
  const { columns, tileWidth, gap } = columnsOf(box, rule);
  const rowHeights: number[] = [];
  for (let i = 0; i < heights.length; i += columns) {
    rowHeights.push(Math.ceil(Math.max(rule.minHeight * fs, ...heights.slice(i, i + columns))));
  }
  const total = (rows: readonly number[]) => rows.reduce((a, b) => a + b, 0) + Math.max(0, rows.length - 1) * gap;
  const fill = (rows: number[], height: number): number[] => {
    // Spare height shared by the rows, none growing past maxHeight (unless its content is taller).
    let spare = height - total(rows);
    const out = [...rows];
    for (let round = 0; round < 4 && spare > 1; round++) {
      const growing = out.map((h, i) => (h < Math.max(rows[i]!, rule.maxHeight * fs) ? i : -1)).filter((i) => i >= 0);
      if (!growing.length) break;
      const each = spare / growing.length;
      for (const i of growing) {
        const cap = Math.max(rows[i]!, rule.maxHeight * fs);
        const add = Math.min(each, cap - out[i]!);
        out[i] = out[i]! + add;
        spare -= add;
      }
    }
    return out.map((h) => Math.floor(h));
  };
  if (total(rowHeights) <= box.height + 0.5) {
    return { columns, tileWidth, width: box.width, fontSize: fs, pages: [{ start: 0, end: heights.length, rows: fill(rowHeights, box.height) }] };
  }
  const height = rule.pagerInside ? box.height - Math.max(PAGER_MIN_PX, PAGER_EM * fs) - gap : box.height;
  const pages: Page[] = [];
  let row = 0;
  while (row < rowHeights.length) {
    const rows: number[] = [rowHeights[row]!];
    row += 1;
    while (row < rowHeights.length && total([...rows, rowHeights[row]!]) <= height + 0.5) rows.push(rowHeights[row++]!);
    const start = pages.length ? pages.at(-1)!.end : 0;
    pages.push({ start, end: Math.min(heights.length, start + rows.length * columns), rows: fill(rows, height) });
  }
  return { columns, tileWidth, width: box.width, fontSize: fs, pages };
}

/** The box of `ref` (its size and font), followed as the window or the layout changes. */
export function useBox<T extends HTMLElement>(): [RefObject<T | null>, Box] {
  const ref = useRef<T | null>(null);
  const [box, setBox] = useState<Box>({ width: 0, height: 0, fontSize: 16 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const fontSize = parseFloat(getComputedStyle(el).fontSize) || 16;
      setBox((b) => (Math.abs(b.width - r.width) < 0.5 && Math.abs(b.height - r.height) < 0.5 && b.fontSize === fontSize ? b : { width: r.width, height: r.height, fontSize }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, box];
}

/**
 * The height of each child of the returned ref's element, measured after every render: hidden
 * copies of every tile's content at the tile width (home.css .measure).
 */
export function useHeights(): [RefObject<HTMLDivElement | null>, number[]] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [heights, setHeights] = useState<number[]>([]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const now = Array.from(el.children).map((c) => (c as HTMLElement).offsetHeight);
    if (now.length !== heights.length || now.some((h, i) => Math.abs(h - heights[i]!) >= 1)) setHeights(now);
  });
  return [ref, heights];
}

/**
 * A page of `items` that fits the box of the returned `ref`, the page turned by `setPage`. The
 * caller renders a copy of every item's tile into `measureRef` (styled by `measureStyle`), once
 * `measured`, for the rows' heights.
 */
export function usePaged<T, E extends HTMLElement = HTMLDivElement>(items: readonly T[], rule: FitRule) {
  const [ref, box] = useBox<E>();
  const [measureRef, measuredHeights] = useHeights();
  // Until the copies are measured (the first layout pass, before anything is painted): the least height.
  const heights = measuredHeights.length === items.length ? measuredHeights : items.map(() => 0);
  const fit = paginate(box, heights, rule);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, fit.pages.length);
  const current = Math.min(page, pages - 1);
  const here = fit.pages[current] ?? { start: 0, end: 0, rows: [] };
  const visible = items.slice(here.start, here.end);
  const gridStyle: CSSProperties = {
    gridTemplateColumns: `repeat(${fit.columns}, minmax(0, 1fr))`,
    gridTemplateRows: here.rows.map((h) => `${h}px`).join(' ') || 'none',
  };
  const measureStyle: CSSProperties = { width: `${Math.floor(fit.tileWidth)}px` };
  return { ref, fit, page: current, pages, setPage, visible, gridStyle, measured: box.width > 0, measureRef, measureStyle };
}
