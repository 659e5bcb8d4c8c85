import os from 'node:os';
import type { Measurement } from '../../src/shared/measurement';

/**
 * The cores' worth a measurement's workers can be held to: `target` on a quiet machine, and no
 * more than the cores other programs left, less a sixth of a core, while it ran (the median of
 * its rounds, as the monitor measured it). A run that failed to spread on a quiet machine still
 * falls short of `target`; one that shared the machine is held to what it was left.
 */
export function reachable(m: Pick<Measurement, 'runs'>, target: number, cores = os.availableParallelism()): number {
  const others = m.runs.map((r) => r.otherBusyCores ?? 0).sort((a, b) => a - b);
  const other = others[Math.floor(others.length / 2)] ?? 0;
  return Math.min(target, cores - other - 0.15);
}
