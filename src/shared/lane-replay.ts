import type { Measurement, RunSummary } from './measurement';
import type { Timeline } from './session';
import type { TimelineEventRecord } from './session-content';
import type { RunPhase } from './vocabulary';
import { LaneRecorder } from './lanes';

/**
 * A saved run's worker lanes, round by round, put back through the same LaneRecorder the live
 * view uses, so they come out exactly as they were drawn, every thread state the timeline holds
 * (waiting for a core among them) included: for the session views and for exported traces.
 */

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
  /** Epoch ms the lanes' times count from: the round's start, or its first event. */
  t0: number;
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
  return { recorder, t0, gil, workers: recorder.workers };
}

/** The round a lane segment shows, as the measurement summed it up; null if it wasn't summed up. */
export function roundOf(
  m: Measurement,
  segment: Pick<Timeline['segments'][number], 'phase' | 'round'>,
): RunSummary | null {
  const rounds = segment.phase === 'baseline' ? (m.baseline?.runs ?? []) : m.runs;
  return rounds[segment.round] ?? null;
}
