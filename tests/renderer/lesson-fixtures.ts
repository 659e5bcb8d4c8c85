import type { Measurement } from '../../src/shared/measurement';
import { RunParamsSchema, type RunParamsInput } from '../../src/shared/run-params';
import type { RunOutcome } from '../../src/shared/vocabulary';
import type { LessonGo, StepResult } from '../../src/renderer/src/lessons/lesson';
import { planned } from '../../src/renderer/src/lessons/lesson';

/** What a measured run of a lesson is made of, in a test: its figures, as the engine reports them. */
export interface Measured {
  wallMs?: number;
  busy?: number;
  outcome?: RunOutcome;
  otherBusyCores?: number | null;
  counter?: { expected: number; final: number; lost: number; returned?: number } | null;
  loopsPerSecond?: number;
  switches?: number;
}

export function measurement(input: RunParamsInput, m: Measured = {}): Measurement {
  const params = RunParamsSchema.parse(input);
  const wallMs = m.wallMs ?? 1000;
  const busy = m.busy ?? 1;
  const outcome = m.outcome ?? 'completed';
  const spread = (v: number) => ({ median: v, min: v, max: v, stddev: 0, n: 1 });
  return {
    params,
    backend: { id: 'simulation', runtime: 'Node 20', threads: 'worker_threads', processes: 'child_process.fork' },
    outcome,
    elapsedMs: wallMs,
    taskLength: { targetMs: params.taskMs ?? null, measuredMs: null, resized: false },
    machine: { cpu: 'test', logicalCores: 2, platform: 'linux-x64', node: 'v20' },
    taskSpec: { workload: params.workload },
    runs: [
      {
        outcome,
        lanes: params.workers,
        wallMs,
        cpuMs: wallMs * busy,
        busyCores: busy,
        firstStartMs: 1,
        verified: outcome === 'completed',
        verifyNote: outcome === 'completed' ? '' : outcome,
        dispatchMs: { median: 0.1, max: 0.2 },
        otherBusyCores: m.otherBusyCores ?? 0,
        waitingForCore: null,
        workers: [],
        counter: m.counter ?? null,
        ioLoop:
          m.loopsPerSecond === undefined ? null : { loops: m.loopsPerSecond * 2, loopsPerSecond: m.loopsPerSecond },
        gil:
          m.switches === undefined
            ? null
            : { switches: m.switches, overlaps: 0, switchIntervalMs: 5, threads: [], timelineEvents: 0 },
        coreLoad: null,
      },
    ],
    wallMs: spread(wallMs),
    busyCores: spread(busy),
    baseline: null,
    speedup: null,
    efficiency: null,
    spawnMs: spread(0),
    verified: outcome === 'completed',
  };
}

/** A step of a go: a planned run and what it measured, or the error it ended with. */
export function step(key: string, label: string, input: RunParamsInput, m: Measured | string = {}): StepResult {
  const run = planned(key, label, input);
  return typeof m === 'string'
    ? { run, measurement: null, error: m }
    : { run, measurement: measurement(input, m), error: null };
}

export function go(n: number, values: Record<string, number>, settings: string, results: StepResult[]): LessonGo {
  return { go: n, values, settings, results };
}
