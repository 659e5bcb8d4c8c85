import type { RunSummary } from '../../../shared/measurement';
import type { LoadTrace, Timeline } from '../../../shared/session';
import { decodeLoadTrace, decodeTimeline, type TimelineEventRecord } from '../../../shared/session-content';
import { formatSeconds } from './format';

/**
 * A saved run's live view, rebuilt from what was recorded: the monitor's per-core load from Run
 * to the result; its worker lanes are put back by lane-replay.ts.
 */

export interface LoadReplay {
  cores: number;
  /** Seconds from Run to the result, or to the last sample if that came later. */
  spanS: number;
  /** The interval each sample averages over, as the median gap between them (s). */
  intervalS: number;
  /** Seconds from the run's start, one per tick. */
  seconds: number[];
  /** Per tick: the sum of the cores' loads ÷ 100, in cores' worth. */
  busy: number[];
  /** Per core, per tick, 0–100. */
  perCore: Float32Array[];
  /** Per core: mean and highest load over the run. */
  stats: { mean: number; peak: number }[];
}

export function replayLoad(load: LoadTrace, runStartMs: number, runEndMs: number): LoadReplay {
  const decoded = decodeLoadTrace(load);
  const ticks = decoded.timesMs.length;
  const seconds = Array.from(decoded.timesMs, (t) => (t - runStartMs) / 1000);
  const gaps = seconds
    .slice(1)
    .map((s, k) => s - seconds[k]!)
    .sort((a, b) => a - b);
  const intervalS = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : Math.max(0, seconds[0] ?? 0);
  const spanS = Math.max((runEndMs - runStartMs) / 1000, seconds.at(-1) ?? 0);
  const busy = new Array<number>(ticks).fill(0);
  for (const series of decoded.perCore) for (let k = 0; k < ticks; k++) busy[k]! += series[k]! / 100;
  const stats = decoded.perCore.map((series) => {
    let sum = 0;
    let peak = 0;
    for (const v of series) {
      sum += v;
      if (v > peak) peak = v;
    }
    return { mean: ticks > 0 ? sum / ticks : 0, peak };
  });
  return { cores: load.cores, spanS, intervalS, seconds, busy, perCore: decoded.perCore, stats };
}

export function decodeEvents(timeline: Timeline): TimelineEventRecord[] {
  return decodeTimeline(timeline);
}

/**
 * What a round's lanes can say about waiting for a core: measured from the OS scheduler where it
 * reports it, and otherwise said not to be, so no lane's lack of it reads as "never waited".
 */
export function coreWaitNote(round: RunSummary | null): string {
  const wait = round?.waitingForCore ?? null;
  if (!wait) {
    return "Waiting for a core: not measured for this run (it is read from Linux's scheduler; files from before GIL Lab read it, and other OSes, have none).";
  }
  return `Waiting for a core: the workers spent ${formatSeconds(wait.ms)} s ready but with no core free, ${(wait.share * 100).toFixed(0)}% of the time they were running or ready.`;
}
