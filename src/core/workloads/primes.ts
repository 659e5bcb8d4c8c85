import { z } from 'zod';
import { countPrimes, countPrimesExpected } from './kernels';
import { taskKind } from './task-kind';
import { cpuTaskMs, sameTasks, type WorkloadDescriptor } from './workload';

/** Primes below n by trial division, checked against a sieve. */
export const primesTask = taskKind({
  name: 'primes',
  schema: z.object({ workload: z.literal('primes'), n: z.number().int().min(2) }).strict(),
  run: (spec, ctx) => countPrimes(spec.n, ctx),
  expected: (spec) => countPrimesExpected(spec.n),
  sizing: {
    size: (spec) => spec.n,
    resized: (spec, n) => ({ ...spec, n }),
    // Trial division up to n costs about n^1.5 / ln n; 1.4 fits the range used here.
    exponent: 1.4,
    warmSize: 20_000,
  },
});

export const primes: WorkloadDescriptor = {
  id: 'primes',
  kinds: [primesTask],
  plan: async (params, tools) =>
    sameTasks(params, await tools.calibrated({ workload: 'primes', n: 1000 }, cpuTaskMs(params)), cpuTaskMs(params)),
};
