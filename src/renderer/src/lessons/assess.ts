import type { Measurement } from '../../../shared/measurement';
import { fmt, type LessonGo, type StepResult } from './lesson';

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

/** Whether a step's run ended as measured: every round completed, and nothing refused it. */
export function completed(result: StepResult | undefined): result is StepResult & { measurement: Measurement } {
  return !!result?.measurement && result.measurement.outcome === 'completed' && result.error === null;
}

/** The steps of a go that were stopped, cancelled, timed out or failed. */
export function stoppedSteps(go: LessonGo): StepResult[] {
  return go.results.filter((r) => !completed(r));
}

/** Wall time a step ran for before it ended, baseline and every round, in seconds. */
export function ranForSeconds(result: StepResult): number {
  const m = result.measurement;
  if (!m) return 0;
  const rounds = [...(m.baseline?.runs ?? []), ...m.runs];
  return rounds.reduce((sum, r) => sum + r.wallMs, 0) / 1000;
}

/** "Stopped after 1.40 s; no result." for a go with a stopped step, else null. */
export function stoppedNote(go: LessonGo): string | null {
  const stopped = stoppedSteps(go);
  if (stopped.length === 0) return null;
  const first = stopped[0]!;
  const how = first.error ? `failed: ${first.error}` : (first.measurement?.outcome ?? 'stopped');
  const verb = how === 'cancelled' ? 'Stopped' : how === 'timed-out' ? 'Timed out' : 'Ended early';
  const tail = first.error ? ` (${how})` : '';
  return `${first.run.label}: ${verb} after ${fmt(ranForSeconds(first))} s; no result${tail}.`;
}

/** The largest other load any completed run of a go saw, median over its rounds, in cores' worth. */
export function otherLoad(go: LessonGo): number | null {
  let worst: number | null = null;
  for (const r of go.results) {
    if (!completed(r)) continue;
    const rounds = r.measurement.runs.map((x) => x.otherBusyCores).filter((x): x is number => x !== null);
    if (rounds.length === 0) continue;
    const sorted = [...rounds].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    worst = worst === null ? median : Math.max(worst, median);
  }
  return worst;
}

/** A line to say before a go's results when other programs kept the machine busy enough to matter. */
export function weatherNote(go: LessonGo, cores: number): string | null {
  const other = otherLoad(go);
  if (other === null || other <= busyThreshold(cores)) return null;
  return `While these runs went, other programs kept ${fmt(other)} of ${cores} cores' worth busy, so the figures below are slowed by more than the lesson's own work.`;
}
