import type { ClassSubmission } from '../../shared/class-contract';
import type { ModeId } from '../../shared/vocabulary';
import { SYNTHETIC_APP, syntheticMachine, syntheticMeasurement } from '../sessions/synthetic-session';

const CORES = [2, 4, 4, 6, 8, 8, 8, 12, 16, 16];
const MODES: ModeId[] = ['threads-gil', 'processes', 'threads-free'];

/**
 * A class of made-up machines, the same every time: what the board looks like with a room full,
 * for screenshots and benchmarks. Speedups follow what each mode would give on each machine,
 * with a little spread, and a few machines that were busy or saving power.
 */
export function syntheticSubmission(i: number, mode: ModeId = MODES[i % MODES.length]!): ClassSubmission {
  const cores = CORES[i % CORES.length]!;
  const workers = Math.min(8, cores);
  const measurement = syntheticMeasurement(cores);
  const wobble = 0.85 + ((i * 37) % 30) / 100;
  const ideal = mode === 'threads-gil' || mode === 'sequential' ? 1 : workers;
  const slow = i % 11 === 7 ? 0.45 : 1;
  const speedup = Number((ideal * wobble * slow).toFixed(2));
  return {
    measurement: {
      ...measurement,
      params: { ...measurement.params, mode, workers, tasks: workers * 2 },
      speedup,
      efficiency: speedup / workers,
      runs: measurement.runs.map((r) => ({ ...r, otherBusyCores: i % 13 === 5 ? cores * 0.6 : 0.1 })),
    },
    machine: { ...syntheticMachine(cores), cpuModel: `Synthetic ${cores}-core CPU #${i + 1}` },
    app: SYNTHETIC_APP,
    tag: null,
    student: `Student ${i + 1}`,
    powerSaver: i % 17 === 3 ? true : null,
  };
}

export function syntheticClass(machines: number): ClassSubmission[] {
  return Array.from({ length: machines }, (_, i) => syntheticSubmission(i));
}
