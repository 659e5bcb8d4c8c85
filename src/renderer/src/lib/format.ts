/** How the lab writes a measured figure, the same in every table, chart and sentence that shows it. */

/** Seconds from milliseconds, to about four significant figures: 0.250, 12.34, 123.4. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 100 ? s.toFixed(1) : s >= 10 ? s.toFixed(2) : s.toFixed(3);
}

/**
 * Seconds from milliseconds, with as many decimals as a span of `spanMs` on screen needs to tell
 * its moments apart: a time on a zoomable axis, a cursor, the length of a run's lanes.
 */
export function formatSecondsOnSpan(ms: number, spanMs = ms): string {
  const digits = spanMs < 100 ? 4 : spanMs < 1000 ? 3 : spanMs < 20_000 ? 2 : 1;
  return (ms / 1000).toFixed(digits);
}

/** A ratio such as a speedup, as 1.96×; a dash where there is none. */
export function formatTimes(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(digits)}×`;
}

/** A share of one core, given in percent: 0.06% below a tenth of a percent, else 3.1%. */
export function formatPercentOfCore(percent: number): string {
  return `${percent < 0.1 ? percent.toFixed(2) : percent.toFixed(1)}% of a core`;
}

/** A noun for n of it: "1 thread", "2 threads", "1 switch", "3 switches" (the noun alone). */
export function pluralNoun(n: number, word: string): string {
  return n === 1 ? word : /(s|ch)$/.test(word) ? `${word}es` : `${word}s`;
}
