import { THREAD_STATES, type ThreadState } from '../../../../shared/vocabulary';

/** A state drawn in a lane: every one but idle, which stays empty. */
export type DrawnState = Exclude<ThreadState, 'idle'>;
export type LanePattern = 'solid' | 'stripes' | 'dots' | 'cross' | 'lines';

/**
 * How each drawn state looks: the pattern that tells it apart without colour, the legend's word
 * for that pattern, and the custom property that holds its colour in the component's style.
 */
const STATE_LOOK: Record<DrawnState, { pattern: LanePattern; note: string; colour: `--${string}` }> = {
  running: { pattern: 'solid', note: 'solid', colour: '--lane-running' },
  'waiting-gil': { pattern: 'stripes', note: 'diagonal stripes', colour: '--lane-waiting' },
  io: { pattern: 'dots', note: 'dots', colour: '--lane-io' },
  native: { pattern: 'cross', note: 'cross-hatch, GIL released', colour: '--lane-native' },
  // Level lines, like a queue: upright ones would read as many short bursts of running.
  ready: { pattern: 'lines', note: 'level lines, ready but no core free', colour: '--lane-ready' },
};

/** The states drawn in the lanes, in the vocabulary's order, each with its look. */
export const DRAWN_STATES = THREAD_STATES.filter((state): state is DrawnState => state !== 'idle').map((state) => ({
  state,
  ...STATE_LOOK[state],
}));

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

/** A 1–2–5 step near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
