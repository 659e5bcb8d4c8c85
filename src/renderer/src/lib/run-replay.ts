import type { Measurement, RunSummary } from '../../../shared/measurement';
import type { RunPhase } from '../../../shared/vocabulary';
import type { LoadTrace, Timeline } from '../../../shared/session';
import { decodeLoadTrace, decodeTimeline, type TimelineEventRecord } from '../../../shared/session-content';
import { formatSeconds } from './format';
import { LaneRecorder } from './lanes';

/**
 * A saved run's live view, rebuilt from what was recorded: the monitor's per-core load from Run
 * to the result, and the worker lanes of one round, put back through the same LaneRecorder the
 * live view uses, so they are drawn exactly as they were, every thread state the timeline holds
 * (waiting for a core among them) included.
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

/** A round of a saved run, as its timeline describes it, and how the picker names it. */
export type LaneSegmentChoice = Timeline['segments'][number] & {
  index: number;
  label: string;
  events: number;
};

export function laneSegments(timeline: Timeline, events: TimelineEventRecord[]): LaneSegmentChoice[] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(`${e.phase}:${e.round}`, (counts.get(`${e.phase}:${e.round}`) ?? 0) + 1);
  const rounds = (phase: RunPhase) => timeline.segments.filter((s) => s.phase === phase).length;
  return timeline.segments
    .map((s, index) => ({
      ...s,
      index,
      label:
        s.phase === 'baseline'
          ? `Sequential baseline${rounds('baseline') > 1 ? `, round ${s.round + 1}` : ''}`
          : `Run${rounds('run') > 1 ? `, round ${s.round + 1}` : ''}`,
      events: counts.get(`${s.phase}:${s.round}`) ?? 0,
    }))
    .filter((s) => s.events > 0);
}

export interface LaneReplay {
  recorder: LaneRecorder;
  gil: boolean;
  workers: number;
}

/** One round's lanes, as the live view drew them when it ended: the lanes its start announced. */
export function replayLanes(events: TimelineEventRecord[], choice: Timeline['segments'][number]): LaneReplay {
  const mine = events.filter((e) => e.phase === choice.phase && e.round === choice.round);
  const t0 = choice.t0Ms ?? mine[0]?.t ?? 0;
  const gil = choice.gilLane;
  const recorder = new LaneRecorder(choice.lanes, t0, gil);
  const total = mine.filter((e) => e.kind === 'task-finished' || e.kind === 'task-failed').length;
  let done = 0;
  let end = t0;
  for (const e of mine) {
    end = Math.max(end, e.t);
    if (e.kind === 'worker-state') {
      recorder.push({ type: 'worker-state', worker: e.worker, state: e.state!, t: e.t });
    } else if (e.kind === 'task-started') {
      recorder.push({ type: 'task-started', worker: e.worker, task: e.task!, t: e.t });
    } else {
      done++;
      recorder.push({
        type: 'task-finished',
        worker: e.worker,
        task: e.task!,
        t: e.t,
        ok: e.kind === 'task-finished',
        done,
        total,
      });
    }
  }
  recorder.finish(end);
  return { recorder, gil, workers: recorder.workers };
}

export function decodeEvents(timeline: Timeline): TimelineEventRecord[] {
  return decodeTimeline(timeline);
}

/** The round a lane segment shows, as the measurement summed it up; null if it wasn't summed up. */
export function roundOf(
  m: Measurement,
  segment: Pick<Timeline['segments'][number], 'phase' | 'round'>,
): RunSummary | null {
  const rounds = segment.phase === 'baseline' ? (m.baseline?.runs ?? []) : m.runs;
  return rounds[segment.round] ?? null;
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
