import { z } from 'zod';
import { termsSizing } from './cpu';
import { sumOfSquares, sumOfSquaresExpected } from './kernels';
import { taskKind } from './task-kind';
import { sameTasks, type WorkloadDescriptor } from './workload';

/** The CPU kernel at a trivial size: the point is what handing each task out costs. */
export const tinyTask = taskKind({
  name: 'tiny',
  schema: z.object({ workload: z.literal('tiny'), n: z.number().int().positive() }).strict(),
  run: (spec, ctx) => sumOfSquares(spec.n, ctx),
  expected: (spec) => sumOfSquaresExpected(spec.n),
  sizing: termsSizing(),
});

export const tiny: WorkloadDescriptor = {
  id: 'tiny',
  kinds: [tinyTask],
  plan: (params) => sameTasks(params, { workload: 'tiny', n: 100 }),
};
