import type { TaskSpec } from '../workloads/task-kind';
import type { LabPools } from './lab-pools';
import { runOnPool } from './run-on-pool';

export interface ConvoyResult {
  cpuThreads: number;
  switchIntervalMs: number;
  ioMs: number;
  durationMs: number;
  loops: number;
  loopsPerSecond: number;
}

/**
 * The convoy effect: one thread loops on a short blocking I/O while `cpuThreads` threads
 * compute, all under one GIL. Every I/O round gives the GIL away and then waits to get it
 * back, up to a switch interval each time, so the loop rate collapses beside CPU work and
 * recovers as the interval shrinks.
 */
export async function runConvoy(
  pools: LabPools,
  options: { cpuThreads: number; switchIntervalMs: number; durationMs?: number; ioMs?: number },
): Promise<ConvoyResult> {
  const durationMs = options.durationMs ?? 2000;
  const ioMs = options.ioMs ?? 1;
  const probe: TaskSpec = { workload: 'io-loop', durationMs, ioMs };
  // CPU tasks outlast the probe; they are cancelled the moment it finishes.
  const cpu = await pools.calibrations.calibrated({ workload: 'cpu', n: 1000 }, durationMs * 3);
  const controller = new AbortController();
  const run = await runOnPool(pools.threads, {
    mode: 'threads-gil',
    workers: 1 + options.cpuThreads,
    tasks: [probe, ...Array.from({ length: options.cpuThreads }, () => cpu)],
    switchIntervalMs: options.switchIntervalMs,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'task-finished' && event.task === 0) controller.abort();
    },
  });
  const task = run.tasks.find((t) => t.index === 0);
  if (!task || typeof task.result !== 'number')
    throw new Error(`the I/O loop did not finish: ${task?.error ?? 'no result'}`);
  const elapsed = task.endedAt - task.startedAt;
  return {
    cpuThreads: options.cpuThreads,
    switchIntervalMs: options.switchIntervalMs,
    ioMs,
    durationMs: elapsed,
    loops: task.result,
    loopsPerSecond: (1000 * task.result) / elapsed,
  };
}
