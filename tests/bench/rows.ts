/** One line of the benchmark table: a figure beside its baseline from the same run. */
export interface Row {
  name: string;
  measure: string;
  value: number;
  baseline: number;
  baselineName: string;
  unit: string;
  /** null: a figure to read, with no target of its own */
  target: number | null;
  /** `max`: the figure must stay at most target × baseline (latency); `min`: at least (throughput). */
  direction?: 'max' | 'min';
}

export const ratioOf = (r: Row) => r.value / r.baseline;
export const meetsTarget = (r: Row) => r.target === null || (r.direction === 'min' ? ratioOf(r) >= r.target : ratioOf(r) <= r.target);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(samples: number[]): { p50: number; p95: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
}
