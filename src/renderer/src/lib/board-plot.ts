import type { BoardEntry } from '../../../shared/class-contract';
import type { ModeId } from '../../../shared/vocabulary';

/** The scatter's frame: logical cores across, speedup up, both from zero with room for the largest. */
export interface BoardPlot {
  maxCores: number;
  maxSpeedup: number;
  points: { id: string; mode: ModeId; x: number; y: number; flagged: boolean; title: string }[];
  /** The ideal line, speedup = cores, clipped to the frame: as fractions of the width and height. */
  ideal: { x2: number; y2: number };
}

export function boardPlot(entries: readonly BoardEntry[]): BoardPlot {
  const withSpeedup = entries.filter((e) => e.speedup !== null);
  const maxCores = Math.max(2, ...withSpeedup.map((e) => e.logicalCores));
  const maxSpeedup = Math.max(2, ...withSpeedup.map((e) => e.speedup! * 1.1));
  const reach = Math.min(maxCores, maxSpeedup);
  return {
    maxCores,
    maxSpeedup,
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
