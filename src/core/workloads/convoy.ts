import { z } from 'zod';
import { cpuTask } from './cpu';
import { ioLoop } from './kernels';
import { ioLoopAwaited } from './loop-kernels';
import { taskKind } from './task-kind';
import type { WorkloadDescriptor } from './workload';

/** How long the convoy's I/O loop runs when the run doesn't say. */
const DEFAULT_CONVOY_MS = 2000;
/** The I/O loop's wait: a short blocking read, as a server loop does. */
const CONVOY_IO_MS = 1;

/** The convoy probe: blocking I/O of ioMs, over and over for durationMs; returns the loop count. */
export const ioLoopTask = taskKind({
  name: 'io-loop',
  schema: z
    .object({
      workload: z.literal('io-loop'),
      durationMs: z.number().positive().max(600_000),
      ioMs: z.number().positive().max(1000),
    })
    .strict(),
  run: (spec, ctx) => ioLoop(spec.durationMs, spec.ioMs, ctx),
  runAwaited: (spec, ctx) => ioLoopAwaited(spec.durationMs, spec.ioMs, ctx),
});

/**
 * Task 0 is an I/O loop (sleep 1 ms, repeat) for taskMs; the rest are CPU-bound tasks of the
 * same length, so the loop has company for all of its life.
 */
export const convoy: WorkloadDescriptor = {
  id: 'convoy',
  kinds: [ioLoopTask, cpuTask],
  plan: async (params, tools) => {
    const ms = params.taskMs ?? DEFAULT_CONVOY_MS;
    const cpu = await tools.calibrated({ workload: 'cpu', n: 1000 }, ms);
    const probe = { workload: 'io-loop', durationMs: ms, ioMs: CONVOY_IO_MS };
    return {
      specs: [probe, ...Array.from({ length: params.tasks - 1 }, () => cpu)],
      shown: { workload: 'convoy', ioMs: CONVOY_IO_MS, cpuTasks: params.tasks - 1 },
      // The I/O loop and each CPU-bound task beside it all last this long.
      targetMs: ms,
      check: (tasks) => {
        const loop = tasks.find((t) => t.index === 0);
        if (!loop || typeof loop.result !== 'number' || loop.endedAt <= loop.startedAt)
          return { ok: false, note: 'the I/O loop did not finish', ioLoop: null };
        const loopsPerSecond = (1000 * loop.result) / (loop.endedAt - loop.startedAt);
        return {
          ok: true,
          note: `the I/O loop ran ${Math.round(loopsPerSecond)} times a second`,
          ioLoop: { loops: loop.result, loopsPerSecond },
        };
      },
    };
  },
};
