import { z } from 'zod';

/**
 * The host and the /proc thread sampler talk through a shared control block (rate, stop, and a
 * generation word the sampler sleeps on) and messages: the host says which processes to watch
 * and asks for snapshots of the running totals; the sampler sends each thread's state changes in
 * batches and answers every snapshot as soon as it wakes.
 */
export const SAMPLER_CONTROL = { GENERATION: 0, HZ: 1, STOP: 2, LENGTH: 3 } as const;

export const THREAD_SAMPLER_DEFAULT_HZ = 100;
export const THREAD_SAMPLER_MAX_HZ = 500;

/** A sampled thread's state over one tick: whichever took most of the tick. */
export const SAMPLED_STATES = ['running', 'runnable', 'futex', 'io'] as const;
export type SampledState = (typeof SAMPLED_STATES)[number];

export const ThreadSamplerConfigSchema = z.object({ control: z.instanceof(SharedArrayBuffer) }).strict();

export const HostCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch'), pids: z.array(z.number().int().positive()).max(4096) }).strict(),
  z.object({ type: z.literal('snapshot'), id: z.number().int() }).strict(),
]);

const ThreadTotalsSchema = z
  .object({
    pid: z.number().int(),
    tid: z.number().int(),
    name: z.string(),
    runNs: z.number(),
    waitNs: z.number(),
    lifeNs: z.number(),
    futexSamples: z.number().int(),
    ioSamples: z.number().int(),
  })
  .strict();

export const SamplerMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('states'),
      changes: z.array(
        z
          .object({ pid: z.number().int(), tid: z.number().int(), t: z.number(), state: z.enum(SAMPLED_STATES) })
          .strict(),
      ),
    })
    .strict(),
  z
    .object({
      type: z.literal('totals'),
      id: z.number().int(),
      /** Epoch ms of the tick that took it. */
      t: z.number(),
      ticks: z.number().int(),
      /** The sampler thread's own CPU since it started (its schedstat), and wall time since then. */
      cpuNs: z.number().nullable(),
      wallNs: z.number(),
      threads: z.array(ThreadTotalsSchema),
    })
    .strict(),
]);

export type HostCommand = z.output<typeof HostCommandSchema>;
export type SamplerMessage = z.output<typeof SamplerMessageSchema>;
export type ThreadTotals = z.output<typeof ThreadTotalsSchema>;
export type SamplerTotals = Extract<SamplerMessage, { type: 'totals' }>;
