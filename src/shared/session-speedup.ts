import type { LessonTag, Measurement } from './measurement';
import type { RunParams } from './run-params';

/**
 * Speedup for every run of a session: the one rule the engine's exports and the renderer's session
 * views share. Lessons start runs without the engine's own sequential baseline (they run the
 * sequential mode as a step of their own), so where a run has no measured speedup it is divided
 * into a sequential run of the same experiment in the same session: preferably of the same lesson
 * and go, the latest one before it, or failing that the first after it. A run that didn't
 * complete never gets a speedup, and never serves as the baseline of one.
 */

export interface Speedup {
  value: number;
  /**
   * measured: the run's own sequential baseline (run:start with baseline). derived: the
   * sequential run of the same experiment in this session, `fromRun`, divided by this one.
   */
  basis: 'measured' | 'derived';
  /** 1-based run number the derived speedup divides by. */
  fromRun: number | null;
}

/**
 * Everything that makes two runs the same experiment, except the mode and the pool size: the
 * backend too, so a go run on both never divides one backend's run into the other's. The
 * switch interval only counts for the convoy, whose lesson varies it; elsewhere it is a GIL
 * setting, part of the GIL mode's kind, so a sequential run still matches.
 */
export function experimentKey(p: RunParams): string {
  const parts: (string | number | boolean)[] = [p.workload, p.tasks, p.taskMs ?? '-'];
  if (p.workload === 'convoy') parts.push(`si${p.switchIntervalMs}`);
  if (p.workload === 'hash') parts.push(p.releasesGil);
  if (p.workload === 'counter') parts.push(p.counterVariant, p.sharedMemory);
  if (p.workload === 'transfer') parts.push(p.payloadBytes);
  // Real Python is divided only into real Python's sequential run, in the same interpreter.
  if (p.backend !== 'simulation') parts.push(p.backend, p.python ?? '-');
  return parts.join('|');
}

/** What the rule reads of a saved run. */
export interface SpeedupRun {
  measurement: Measurement;
  tag: LessonTag | null;
}

/** Wall time of a run that can be divided by or into: completed, with a positive median. */
function usableWall(m: Measurement): number | null {
  return m.outcome === 'completed' && m.wallMs.n > 0 && m.wallMs.median > 0 ? m.wallMs.median : null;
}

const sameGo = (a: LessonTag | null, b: LessonTag | null) => !!a && !!b && a.lesson === b.lesson && a.go === b.go;

/** Each run's speedup, in session order; null where there is neither a measured nor a derivable one. */
export function sessionSpeedups(runs: readonly SpeedupRun[]): (Speedup | null)[] {
  const sequential = runs
    .map((run, i) => ({ run, index: i + 1, wall: usableWall(run.measurement) }))
    .filter((s) => s.run.measurement.params.mode === 'sequential' && s.wall !== null);
  return runs.map((run, i) => {
    const m = run.measurement;
    // Older files kept a figure for a stopped run; a stopped run still has none.
    if (m.outcome !== 'completed') return null;
    if (m.speedup !== null && Number.isFinite(m.speedup)) return { value: m.speedup, basis: 'measured', fromRun: null };
    const wall = usableWall(m);
    if (wall === null) return null;
    const index = i + 1;
    const key = experimentKey(m.params);
    const same = sequential.filter((s) => experimentKey(s.run.measurement.params) === key);
    const pick = (pool: typeof same) =>
      pool.filter((s) => s.index <= index).at(-1) ?? pool.find((s) => s.index > index);
    const base = pick(same.filter((s) => sameGo(s.run.tag, run.tag))) ?? pick(same);
    return base ? { value: base.wall! / wall, basis: 'derived', fromRun: base.index } : null;
  });
}
