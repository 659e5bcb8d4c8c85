import type { LaneState } from '../../lib/lanes';

/** How each state is named in text, everywhere the lanes are described. */
export const STATE_TEXT: Record<LaneState, string> = {
  idle: 'idle',
  running: 'running',
  'waiting-gil': 'waiting for the GIL',
  io: 'in I/O',
  native: 'in native code',
};

/** The states drawn in the lanes, with the pattern that tells them apart without colour. */
export const DRAWN_STATES: readonly { state: Exclude<LaneState, 'idle'>; pattern: string; note: string }[] = [
  { state: 'running', pattern: 'solid', note: 'solid' },
  { state: 'waiting-gil', pattern: 'stripes', note: 'diagonal stripes' },
  { state: 'io', pattern: 'dots', note: 'dots' },
  { state: 'native', pattern: 'cross', note: 'cross-hatch, GIL released' },
];

/**
 * Okabe–Ito colours, chosen to stay distinct for the common forms of colour blindness. Used for
 * the GIL holder, one colour per worker, always with the worker's number written on it.
 */
export const HOLDER_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'] as const;
/** Text that reads on each holder colour (white only on the dark blue). */
export const HOLDER_TEXT = ['#000', '#000', '#000', '#000', '#fff', '#000', '#000'] as const;

export function holderColour(worker: number): string {
  return HOLDER_COLOURS[worker % HOLDER_COLOURS.length]!;
}

export function holderText(worker: number): string {
  return HOLDER_TEXT[worker % HOLDER_TEXT.length]!;
}

/** Seconds with as many decimals as the span shown needs. */
export function formatSeconds(ms: number, spanMs = ms): string {
  const digits = spanMs < 100 ? 4 : spanMs < 1000 ? 3 : spanMs < 20_000 ? 2 : 1;
  return (ms / 1000).toFixed(digits);
}

/** A 1–2–5 step near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
