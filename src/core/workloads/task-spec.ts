import { z } from 'zod';
import { COUNTER_VARIANTS } from '../../shared/vocabulary';

/** One task, as the host sends it to a worker. Every field is checked on arrival. */
export const TaskSpecSchema = z.discriminatedUnion('workload', [
  z.object({ workload: z.literal('cpu'), n: z.number().int().positive() }).strict(),
  z.object({ workload: z.literal('primes'), n: z.number().int().min(2) }).strict(),
  z.object({ workload: z.literal('hash'), blocks: z.number().int().positive(), releasesGil: z.boolean() }).strict(),
  z.object({ workload: z.literal('io-sleep'), ms: z.number().min(0).max(60_000) }).strict(),
  z.object({ workload: z.literal('io-file'), path: z.string().min(1) }).strict(),
  /** The convoy probe: blocking I/O of ioMs, over and over for durationMs; returns the loop count. */
  z
    .object({
      workload: z.literal('io-loop'),
      durationMs: z.number().positive().max(600_000),
      ioMs: z.number().positive().max(1000),
    })
    .strict(),
  z.object({ workload: z.literal('tiny'), n: z.number().int().positive() }).strict(),
  z.object({ workload: z.literal('transfer'), payload: z.instanceof(Uint8Array) }).strict(),
  z
    .object({
      workload: z.literal('counter'),
      times: z.number().int().positive(),
      variant: z.enum(COUNTER_VARIANTS),
      /** Shared with every thread of the run; absent in a process, which counts its own copy. */
      cell: z.instanceof(SharedArrayBuffer).optional(),
      lock: z.instanceof(SharedArrayBuffer).optional(),
      /** Processes with shared memory: the files of a multiprocessing.Value and its lock. */
      shared: z
        .object({ value: z.string().min(1), lock: z.string().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
]);

export type TaskSpec = z.infer<typeof TaskSpecSchema>;
export type WorkloadName = TaskSpec['workload'];
export type TaskResult = number | string;
