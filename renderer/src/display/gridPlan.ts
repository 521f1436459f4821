/**
 * How a list of one-line items (calls, agencies with their waiting count) is laid out in a box:
 * the font size, the columns, and the pages when they do not all fit. Pure arithmetic on sizes
 * measured once (text widths grow in proportion to the font size), so finding the largest size
 * that fits costs no layout.
 */

export interface GridInput {
  /** each item's natural width on one line, in em of the grid's font */
  widths: number[];
  /** one row's height, in em */
  rowEm: number;
  /** the space between two columns, in em */
  gapEm: number;
  /** the box, px */
  width: number;
  height: number;
  /** the font size range, px: `min` is the floor */
  min: number;
  max: number;
}

export interface GridPlan {
  size: number;
  cols: number;
  /** rows in a full page */
  rows: number;
  /** how many items each page holds, in order */
  pages: number[];
  /** items too wide for the whole box at the floor: they wrap onto more lines */
  wrapped: number[];
}

export function planGrid(g: GridInput): GridPlan {
  const n = g.widths.length;
  const widest = n ? Math.max(...g.widths) : 0;
  const cols = (f: number) => Math.max(1, Math.floor((g.width + g.gapEm * f) / ((widest + g.gapEm) * f)));
  const rows = (f: number) => Math.max(1, Math.floor(g.height / (g.rowEm * f)));
  const holdsAll = (f: number) => widest * f <= g.width && cols(f) * rows(f) >= n;

  let size: number;
  if (holdsAll(g.max)) size = g.max;
  else if (holdsAll(g.min)) {
    let lo = g.min;
    let hi = g.max;
    for (let i = 0; i < 8; i++) {
      const mid = (lo + hi) / 2;
      if (holdsAll(mid)) lo = mid;
      else hi = mid;
    }
    size = lo;
  } else size = g.min;

  const c = cols(size);
  const r = rows(size);
  const wrapped: number[] = [];
  const pages: number[] = [];
  if (widest * size <= g.width) {
    for (let left = n; left > 0; left -= c * r) pages.push(Math.min(left, c * r));
  } else {
    // One column, and the items wider than it on several lines (a 40-letter counter name):
    // pages filled by lines, each such item counted for the lines it takes (with some slack).
    let used = 0;
    let count = 0;
    g.widths.forEach((w, i) => {
      const lines = w * size <= g.width ? 1 : Math.ceil((w * size) / (g.width * 0.85));
      if (lines > 1) wrapped.push(i);
      if (count > 0 && used + lines > r) {
        pages.push(count);
        used = 0;
        count = 0;
      }
      used += lines;
      count += 1;
    });
    if (count) pages.push(count);
  }
  if (!pages.length) pages.push(0);
  return { size, cols: widest * size <= g.width ? c : 1, rows: r, pages, wrapped };
}
