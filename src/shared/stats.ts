/** Medians and spreads of measured figures: one rule for every runtime (engine, CLI, renderer, bench and tests). */
import type { Spread } from './measurement';

export function spread(values: number[]): Spread {
  if (values.length === 0) return { median: 0, min: 0, max: 0, stddev: 0, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n === 0 ? Number.NaN : n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted[n - 1] ?? Number.NaN, stddev: Math.sqrt(variance), n };
}

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : spread([...values]).median;
}
