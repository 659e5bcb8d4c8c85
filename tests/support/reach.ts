import os from 'node:os';
import type { Measurement, RunEvent } from '../../src/shared/measurement';
import type { RunPhase } from '../../src/shared/vocabulary';
import { median } from './median';

/**
 * The cores' worth a measurement's workers can be held to: `target` on a quiet machine, and no
 * more than the cores other programs left, less a sixth of a core, while it ran (the median of
 * its rounds, as the monitor measured it). A run that failed to spread on a quiet machine still
 * falls short of `target`; one that shared the machine is held to what it was left.
 */
export function reachable(m: Pick<Measurement, 'runs'>, target: number, cores = os.availableParallelism()): number {
  return Math.min(target, cores - median(m.runs.map((r) => r.otherBusyCores ?? 0)) - 0.15);
}

/**
 * Records a measurement's rounds to tell how long each worker had no task left: from the end of
 * its last task to the end of the round's last. When a VM's cores run at different speeds the
 * faster worker takes the next task and the slower ends early (4 tasks on 2 processes split 3
 * and 1): the pool then has fewer tasks than workers, not fewer cores.
 */
export function lastTaskRecorder() {
  const rounds: RunEvent[][] = [];
  /** Each round's workers' idle time at its end, as shares of the round's wall time. */
  const idleShares = (m: Pick<Measurement, 'runs'>): number[][] =>
    m.runs.map((r, i) =>
      idleAtTheEnd(
        rounds[i] ?? [],
        r.workers.map((w) => w.worker),
      ).map((ms) => ms / r.wallMs),
    );
  return {
    onEvent(event: RunEvent, phase: RunPhase, round: number): void {
      if (phase === 'run') (rounds[round] ??= []).push(event);
    },
    idleShares,
    /** The median round's cores' worth left idle at its end for want of a task. */
    idleCores: (m: Pick<Measurement, 'runs'>): number =>
      median(idleShares(m).map((shares) => shares.reduce((a, b) => a + b, 0))),
  };
}

function idleAtTheEnd(events: readonly RunEvent[], workers: readonly number[]): number[] {
  const lastEnd = new Map<number, number>();
  let start = Number.NaN;
  for (const e of events) {
    if (e.type === 'round-started') start = e.t;
    if (e.type === 'task-finished') lastEnd.set(e.worker, Math.max(lastEnd.get(e.worker) ?? -Infinity, e.t));
  }
  const end = Math.max(...lastEnd.values());
  // A worker that finished no task sat idle the whole round.
  return workers.map((w) => end - (lastEnd.get(w) ?? start));
}
