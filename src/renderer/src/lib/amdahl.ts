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

function usable(points: readonly SpeedupPoint[]): SpeedupPoint[] {
  return points.filter(
    (p) => Number.isFinite(p.workers) && p.workers >= 1 && Number.isFinite(p.speedup) && p.speedup > 0,
  );
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
  const valid = usable(points);
  const line = valid.length < 2 ? null : slope(valid);
  if (!line) return null;
  const serialFraction = Math.min(1, Math.max(0, line.slope));
  let squares = 0;
  for (const p of valid) squares += (amdahlSpeedup(serialFraction, p.workers) - p.speedup) ** 2;
  return { serialFraction, rmse: Math.sqrt(squares / valid.length) };
}

/** The through-the-origin slope of 1/S − 1/n on 1 − 1/n, and how far each point lies off it. */
function slope(points: readonly SpeedupPoint[]): { slope: number; sxx: number; residuals: number[] } | null {
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    const x = 1 - 1 / p.workers;
    sxy += x * (1 / p.speedup - 1 / p.workers);
    sxx += x * x;
  }
  if (sxx < 1e-12) return null;
  const f = sxy / sxx;
  const residuals = points
    .filter((p) => p.workers > 1)
    .map((p) => 1 / p.speedup - 1 / p.workers - f * (1 - 1 / p.workers));
  return { slope: f, sxx, residuals };
}

/** Two-sided 95% points of Student's t, by degrees of freedom; 1.96 past the table. */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
function t95(dof: number): number {
  return T95[dof - 1] ?? (dof <= 20 ? 2.1 : dof <= 30 ? 2.05 : 1.96);
}

/** An Amdahl fit with its uncertainty, fitted only where the law applies. */
export interface AmdahlBand extends AmdahlFit {
  /** The 95% range of f from the residuals, clamped to [0, 1]. */
  low: number;
  high: number;
  /** The fit used pool sizes 1–upTo: up to one worker per core. */
  upTo: number;
  /** How many pool sizes it used. */
  sizes: number;
}

/** Pool sizes at or below the core count a serial fraction is fitted from, at least. */
export const MIN_FIT_SIZES = 3;

/** The latest point per pool size, smallest first. */
function perSize(points: readonly SpeedupPoint[]): SpeedupPoint[] {
  const by = new Map<number, SpeedupPoint>();
  for (const p of usable(points)) by.set(p.workers, p);
  return [...by.values()].sort((a, b) => a.workers - b.workers);
}

/**
 * Amdahl's law is about n workers on n cores, so f is fitted only from pool sizes at or below
 * the core count, and only from three or more of them: two points always fit a curve, and say
 * nothing of how well. The range comes from the scatter of the points about the fitted line (in
 * the reciprocal space where the fit is linear), with Student's t for so few points.
 */
export function fitWithRange(points: readonly SpeedupPoint[], cores: number): AmdahlBand | null {
  const onCores = perSize(points).filter((p) => p.workers <= cores);
  if (onCores.length < MIN_FIT_SIZES) return null;
  const fit = fitAmdahl(onCores);
  const line = slope(onCores);
  if (!fit || !line || line.residuals.length < 2) return null;
  const dof = line.residuals.length - 1;
  const variance = line.residuals.reduce((sum, r) => sum + r * r, 0) / dof;
  const half = t95(dof) * Math.sqrt(variance / line.sxx);
  return {
    ...fit,
    low: Math.max(0, Math.min(1, line.slope - half)),
    high: Math.min(1, Math.max(0, line.slope + half)),
    upTo: Math.max(...onCores.map((p) => p.workers)),
    sizes: onCores.length,
  };
}

/** The sweep past the cores against the sweep at them. */
export interface PastCores {
  /** The largest pool size at or below the cores. */
  atCores: SpeedupPoint;
  /** The fastest pool size past the cores. */
  bestBeyond: SpeedupPoint;
  /** No pool past the cores beat the one at them by more than the margin given. */
  flat: boolean;
}

/** Whether pools past the core count gained anything; null without points on both sides. */
export function flatPastCores(points: readonly SpeedupPoint[], cores: number, within = 1.15): PastCores | null {
  const sizes = perSize(points);
  const atCores = sizes.filter((p) => p.workers <= cores).at(-1);
  const beyond = sizes.filter((p) => p.workers > cores);
  if (!atCores || beyond.length === 0) return null;
  const bestBeyond = beyond.reduce((best, p) => (p.speedup > best.speedup ? p : best));
  return { atCores, bestBeyond, flat: bestBeyond.speedup <= within * atCores.speedup };
}

/** What a pool-size sweep says: its fit where one is honest, and whether the cores ran out. */
export interface SweepReading {
  fit: AmdahlBand | null;
  pastCores: PastCores | null;
  /** The same in words, for beside the chart. */
  text: string;
}

const x = (v: number) => `${v.toFixed(2)}×`;
const cores$ = (n: number) => `${n} ${n === 1 ? 'core' : 'cores'}`;

function fitWords(fit: AmdahlBand): string {
  const f = fit.serialFraction;
  const pct = `${(100 * f).toFixed(f < 0.1 ? 1 : 0)}%`;
  const lowCeiling = 1 / Math.max(fit.high, 1e-9);
  const highCeiling = fit.low > 0.001 ? 1 / fit.low : Number.POSITIVE_INFINITY;
  const ceiling =
    fit.high <= 0.001
      ? 'No serial part measured.'
      : lowCeiling.toFixed(1) === highCeiling.toFixed(1)
        ? `No pool size can beat ${lowCeiling.toFixed(1)}× with that serial part.`
        : Number.isFinite(highCeiling)
          ? `No pool size can beat 1 ÷ f: between ${lowCeiling.toFixed(1)}× and ${highCeiling.toFixed(1)}×, given that range.`
          : `No pool size can beat 1 ÷ f, which is ${lowCeiling.toFixed(1)}× or more, given that range.`;
  return `Serial fraction f = ${f.toFixed(3)} (${pct}), 95% range ${fit.low.toFixed(3)}–${fit.high.toFixed(3)}, fitted to 1–${fit.upTo} workers, one per core; RMS error ${fit.rmse.toFixed(2)}×. ${ceiling}`;
}

export function readSweep(points: readonly SpeedupPoint[], cores: number): SweepReading {
  const fit = fitWithRange(points, cores);
  const pastCores = flatPastCores(points, cores);
  const onCores = perSize(points).filter((p) => p.workers <= cores).length;
  const words = [
    fit
      ? fitWords(fit)
      : `No Amdahl fit: a serial fraction needs at least ${MIN_FIT_SIZES} pool sizes at or below the core count, and ${
          cores < MIN_FIT_SIZES
            ? `this machine has ${cores$(cores)}`
            : `${onCores} ${onCores === 1 ? 'has' : 'have'} been measured`
        }. The measured points are drawn against the ideal line alone.`,
  ];
  if (pastCores?.flat) {
    words.push(
      `Past ${cores$(cores)} the speedup stays flat (${x(pastCores.atCores.speedup)} with ${pastCores.atCores.workers}, at most ${x(pastCores.bestBeyond.speedup)} beyond): the cores ran out, not the parallel part of the work.`,
    );
  }
  return { fit, pastCores, text: words.join(' ') };
}
