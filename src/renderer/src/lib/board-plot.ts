import type { BoardEntry } from '../../../shared/class-contract';
import type { ModeId } from '../../../shared/vocabulary';

/** A labelled mark on one of the scatter's axes, at a fraction of its length. */
export interface AxisTick {
  value: number;
  at: number;
  label: string;
}

/** The scatter's frame: logical cores across, speedup up, both from zero to a round number past the largest. */
export interface BoardPlot {
  maxCores: number;
  maxSpeedup: number;
  /** The whole scale of each axis, zero to its end, so every point can be read off it. */
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  points: { id: string; mode: ModeId; x: number; y: number; flagged: boolean; title: string }[];
  /** The ideal line, speedup = cores, clipped to the frame: as fractions of the width and height. */
  ideal: { x2: number; y2: number };
}

/** At most this many steps along an axis: more would crowd the labels at the board's size. */
const MAX_STEPS = 8;

/** The smallest 1, 2 or 5 × 10ⁿ step that covers `max` in at most MAX_STEPS steps. */
export function niceStep(max: number): number {
  const rough = max / MAX_STEPS;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return Math.max(m * power, max >= 1 ? 1 : 0);
  return 10 * power;
}

function ticks(end: number, step: number, unit: string): AxisTick[] {
  const out: AxisTick[] = [];
  const digits = step < 1 ? 1 : 0;
  for (let i = 0; i * step <= end + 1e-9; i++) {
    const value = Number((i * step).toFixed(6));
    out.push({ value, at: value / end, label: `${value.toFixed(digits)}${value === 0 ? '' : unit}` });
  }
  return out;
}

export function boardPlot(entries: readonly BoardEntry[]): BoardPlot {
  const withSpeedup = entries.filter((e) => e.speedup !== null);
  const coresSeen = Math.max(2, ...withSpeedup.map((e) => e.logicalCores));
  const speedupSeen = Math.max(2, ...withSpeedup.map((e) => e.speedup! * 1.05));
  const coreStep = niceStep(coresSeen);
  const speedupStep = niceStep(speedupSeen);
  const maxCores = Math.ceil(coresSeen / coreStep) * coreStep;
  const maxSpeedup = Math.ceil(speedupSeen / speedupStep) * speedupStep;
  const reach = Math.min(maxCores, maxSpeedup);
  return {
    maxCores,
    maxSpeedup,
    xTicks: ticks(maxCores, coreStep, ''),
    yTicks: ticks(maxSpeedup, speedupStep, '×'),
    points: withSpeedup.map((e) => ({
      id: e.id,
      mode: e.mode,
      x: e.logicalCores / maxCores,
      y: e.speedup! / maxSpeedup,
      flagged: e.flags.length > 0,
      title: `${e.student ?? e.address}: ${e.mode}, ${e.logicalCores} cores, ${e.speedup!.toFixed(2)}×`,
    })),
    ideal: { x2: reach / maxCores, y2: reach / maxSpeedup },
  };
}
