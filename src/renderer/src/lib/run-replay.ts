import type { RunSummary } from '../../../shared/measurement';
import type { LoadTrace, Timeline } from '../../../shared/session';
import { decodeLoadTrace, decodeTimeline, type TimelineEventRecord } from '../../../shared/session-content';
import { formatSeconds } from './format';
import { runToEnd, type Steps } from './sliced-work';

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
  return runToEnd(replayLoadSteps(load, runStartMs, runEndMs));
}

/** Cores summed up per step of replayLoadSteps: a few ms of work on a one-hour run. */
const CORES_PER_STEP = 16;

/**
 * replayLoad's work in steps (see sliced-work.ts), so a long run can be taken in without holding
 * the page: the columns are unpacked in the first, then the cores are summed a few at a time.
 */
export function* replayLoadSteps(load: LoadTrace, runStartMs: number, runEndMs: number): Steps<LoadReplay> {
  const decoded = decodeLoadTrace(load);
  yield;
  const ticks = decoded.timesMs.length;
  const seconds = Array.from(decoded.timesMs, (t) => (t - runStartMs) / 1000);
  const gaps = seconds
    .slice(1)
    .map((s, k) => s - seconds[k]!)
    .sort((a, b) => a - b);
  const intervalS = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : Math.max(0, seconds[0] ?? 0);
  const spanS = Math.max((runEndMs - runStartMs) / 1000, seconds.at(-1) ?? 0);
  const busy = new Array<number>(ticks).fill(0);
  const stats: LoadReplay['stats'] = [];
  for (const [c, series] of decoded.perCore.entries()) {
    if (c > 0 && c % CORES_PER_STEP === 0) yield;
    let sum = 0;
    let peak = 0;
    for (let k = 0; k < ticks; k++) {
      const v = series[k]!;
      busy[k]! += v / 100;
      sum += v;
      if (v > peak) peak = v;
    }
    stats.push({ mean: ticks > 0 ? sum / ticks : 0, peak });
  }
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
