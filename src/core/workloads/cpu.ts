import { z } from 'zod';
import { sumOfSquares, sumOfSquaresAcrossWrap, sumOfSquaresExpected } from './kernels';
import { taskKind, type Sizing, type TaskSpec } from './task-kind';
import { cpuTaskMs, sameTasks, type WorkloadDescriptor } from './workload';

/** Sized by its term count, which its run time grows with in step. */
function termsSizing<S extends TaskSpec & { n: number }>(): Sizing<S> {
  return {
    size: (spec) => spec.n,
    resized: (spec, n) => ({ ...spec, n }),
    exponent: 1,
    warmSize: 1 << 19,
    // Long tasks cross the wrap to negative starts; short ones never do (see kernels.ts).
    warmLongPath: (ctx) => void sumOfSquaresAcrossWrap(ctx),
  };
}

/** sum(i*i for i in range(n)) under a kind's own name, checked against the closed form. */
export function sumOfSquaresTask<N extends string>(name: N) {
  return taskKind({
    name,
    schema: z.object({ workload: z.literal(name), n: z.number().int().positive() }).strict(),
    run: (spec, ctx) => sumOfSquares(spec.n, ctx),
    expected: (spec) => sumOfSquaresExpected(spec.n),
    sizing: termsSizing(),
  });
}

/** The articles' own CPU-bound task. */
export const cpuTask = sumOfSquaresTask('cpu');

export const cpu: WorkloadDescriptor = {
  id: 'cpu',
  kinds: [cpuTask],
  plan: async (params, tools) =>
    sameTasks(params, await tools.calibrated({ workload: 'cpu', n: 1000 }, cpuTaskMs(params)), cpuTaskMs(params)),
};
