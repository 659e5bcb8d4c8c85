export interface SpeedupPoint {
  workers: number;
  speedup: number;
}

export interface AmdahlFit {
  /** The share of the work that does not run in parallel, 0–1. */
  serialFraction: number;
  /** Root-mean-square gap between the fitted curve and the measured speedups, in ×. */
  rmse: number;
}

/** Amdahl's law: the speedup on n workers when a fraction f of the work is serial. */
export function amdahlSpeedup(f: number, n: number): number {
  return 1 / (f + (1 - f) / n);
}

/**
 * Least-squares fit of Amdahl's law to measured speedups. In reciprocals the law is linear:
 * 1/S = f + (1 − f)/n, i.e. 1/S − 1/n = f · (1 − 1/n), a line through the origin whose slope is f,
 * so the fit is closed-form. Fitting the slope alone keeps S(1) = 1, which is what the law says
 * and what a speedup against a one-worker baseline means. The result is clamped to [0, 1]: a
 * machine that beats the ideal line (caches, turbo) is reported as fully parallel, not as a
 * negative serial fraction. Null when the points can't pin f down: fewer than two, or none with
 * more than one worker.
 */
export function fitAmdahl(points: readonly SpeedupPoint[]): AmdahlFit | null {
  const usable = points.filter(
    (p) => Number.isFinite(p.workers) && p.workers >= 1 && Number.isFinite(p.speedup) && p.speedup > 0,
  );
  if (usable.length < 2) return null;
  let sxy = 0;
  let sxx = 0;
  for (const p of usable) {
    const x = 1 - 1 / p.workers;
    const y = 1 / p.speedup - 1 / p.workers;
    sxy += x * y;
    sxx += x * x;
  }
  if (sxx < 1e-12) return null;
  const serialFraction = Math.min(1, Math.max(0, sxy / sxx));
  let squares = 0;
  for (const p of usable) squares += (amdahlSpeedup(serialFraction, p.workers) - p.speedup) ** 2;
  return { serialFraction, rmse: Math.sqrt(squares / usable.length) };
}
