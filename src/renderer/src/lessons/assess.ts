import { describeStopped } from '../../../shared/measurement';
import { completed, fmt, type LessonGo, type StepResult } from './lesson';

export { completed };

/**
 * What stands between a go's numbers and its lesson: runs that were stopped, and load on the
 * machine that wasn't the lesson's. Views say these before any result; conclusions use them to
 * decide when the numbers can't tell.
 */

/**
 * Other programs' load, in cores' worth, past which a lesson's figures are distorted: a quarter
 * of a core, or a tenth of the machine on a big one.
 */
export function busyThreshold(cores: number): number {
  return Math.max(0.25, 0.1 * cores);
}

/** The steps of a go that were stopped, cancelled, timed out or failed. */
export function stoppedSteps(go: LessonGo): StepResult[] {
  return go.results.filter((r) => !completed(r));
}

/** "Threads, with the GIL: Stopped after 1.4 s; no result." for a step that didn't run to the end. */
export function stoppedPhrase(result: StepResult): string {
  const said = result.measurement ? describeStopped(result.measurement) : null;
  const how = said ?? `failed: ${result.error ?? 'no result'}; no result`;
  return `${result.run.label}: ${how.charAt(0).toUpperCase()}${how.slice(1)}.`;
}

/** "Stopped after 1.40 s; no result." for a go with a stopped step, else null. */
export function stoppedNote(go: LessonGo): string | null {
  const first = stoppedSteps(go)[0];
  return first ? stoppedPhrase(first) : null;
}

/** The other load a completed step's rounds saw, median over them, in cores' worth; null if none was measured. */
export function stepOtherLoad(result: StepResult | undefined): number | null {
  if (!completed(result)) return null;
  const rounds = result.measurement.runs.map((x) => x.otherBusyCores).filter((x): x is number => x !== null);
  if (rounds.length === 0) return null;
  const sorted = [...rounds].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The largest other load any of `steps` saw (see stepOtherLoad), or null if none was measured. */
export function worstOtherLoad(steps: readonly (StepResult | undefined)[]): number | null {
  const loads = steps.map(stepOtherLoad).filter((x): x is number => x !== null);
  return loads.length === 0 ? null : Math.max(...loads);
}

/** The largest other load any completed run of a go saw, median over its rounds, in cores' worth. */
export function otherLoad(go: LessonGo): number | null {
  return worstOtherLoad(go.results);
}

/** A line to say before a go's results when other programs kept the machine busy enough to matter. */
export function weatherNote(go: LessonGo, cores: number): string | null {
  const other = otherLoad(go);
  if (other === null || other <= busyThreshold(cores)) return null;
  return `While these runs went, other programs kept ${fmt(other)} of ${cores} cores' worth busy, so the figures below are slowed by more than the lesson's own work.`;
}
