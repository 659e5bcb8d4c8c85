import type { Measurement } from '../../shared/measurement';
import { median } from '../../shared/stats';
import type { RunResult } from './run-result';

/**
 * How long one task of a run took against the length it aimed at, and when that calls for sizing
 * the task again. The one place the rule is written:
 *
 * - In sequential rounds (the baseline, or a sequential run), a task's length is its wall time:
 *   one thread runs the tasks in turn, so what a task takes there is what it is.
 * - Otherwise, for tasks sized by calibration (the CPU-bound kinds), it is the task's CPU time:
 *   beside other workers its wall time also holds waits for the GIL and for a core.
 * - Otherwise it isn't measured: an I/O task's wall time beside others holds their waits too.
 *
 * The figure is the median over the completed tasks of completed rounds, taking the sequential
 * rounds where there are any. A calibrated size whose figure is more than DRIFT_LIMIT off its
 * target is forgotten, so the next run sizes its tasks again (and says it did).
 */

/** How far a measured task length may stray from its target before the size is calibrated again. */
export const DRIFT_LIMIT = 0.25;

type Round = Pick<RunResult, 'params' | 'outcome' | 'tasks' | 'sizing'>;

/** The median length of one task by the rule above, in ms, or null where it isn't measured. */
export function measuredTaskMs(rounds: readonly Round[]): number | null {
  const completed = rounds.filter((r) => r.outcome === 'completed');
  const sequential = completed.filter((r) => r.params.mode === 'sequential');
  if (sequential.length > 0) {
    return median(
      sequential.flatMap((r) => r.tasks.filter((t) => t.error === null).map((t) => t.endedAt - t.startedAt)),
    );
  }
  return median(
    completed.flatMap((r) => {
      const sized = new Set(r.sizing.calibratedTasks);
      return r.tasks.filter((t) => t.error === null && sized.has(t.index)).map((t) => t.cpuMs);
    }),
  );
}

/** True when a measured length is further from its target than DRIFT_LIMIT allows. */
export function drifted(targetMs: number, measuredMs: number): boolean {
  return Math.abs(measuredMs - targetMs) > DRIFT_LIMIT * targetMs;
}

/**
 * A measurement's task length from its rounds. When a calibrated size has drifted, forgets it so
 * the next run sizes again.
 */
export function taskLength(rounds: readonly Round[]): Measurement['taskLength'] {
  const last = rounds.at(-1);
  const targetMs = last?.sizing.targetMs ?? null;
  const measuredMs = measuredTaskMs(rounds);
  if (last && targetMs !== null && measuredMs !== null && last.sizing.calibratedTasks.length > 0) {
    if (drifted(targetMs, measuredMs)) last.sizing.forget();
  }
  return { targetMs, measuredMs, resized: rounds.some((r) => r.sizing.resized) };
}
