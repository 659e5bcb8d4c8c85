import { z } from 'zod';
import { ioSleep } from './kernels';
import { ioSleepAwaited } from './loop-kernels';
import { taskKind } from './task-kind';
import { sameTasks, type WorkloadDescriptor } from './workload';

/** One simulated network wait, when the run doesn't say how long. */
export const DEFAULT_IO_TASK_MS = 200;

/** A wait with the GIL released, as a socket read is; returns the ms it slept. */
export const ioSleepTask = taskKind({
  name: 'io-sleep',
  schema: z.object({ workload: z.literal('io-sleep'), ms: z.number().min(0).max(60_000) }).strict(),
  run: (spec, ctx) => ioSleep(spec.ms, ctx),
  runAwaited: (spec, ctx) => ioSleepAwaited(spec.ms, ctx),
});

export const ioSleepWorkload: WorkloadDescriptor = {
  id: 'io-sleep',
  kinds: [ioSleepTask],
  plan: (params) => {
    const ms = params.taskMs ?? DEFAULT_IO_TASK_MS;
    return sameTasks(params, { workload: 'io-sleep', ms }, ms, {
      check: (tasks) => {
        const short = tasks.filter((t) => typeof t.result === 'number' && t.result < ms - 1).length;
        return { ok: short === 0, note: short ? `${short} waits ended early` : '' };
      },
    });
  },
};
