import { z } from 'zod';
import { CoreSampleSchema, MachineInfoSchema } from '../../shared/schemas';
import { MONITOR_COST_METHODS } from '../../shared/vocabulary';

/**
 * The host steers the sampler through a small shared control block rather than messages: the
 * sampler sleeps in Atomics.wait between ticks, which costs about half what waking its own
 * event loop on a timer does, and a command wakes it at once through Atomics.notify.
 */
export const CONTROL = {
  /** Bumped by the host after every change, and the word the sampler waits on. */
  GENERATION: 0,
  HZ: 1,
  STOP: 2,
  LENGTH: 3,
} as const;

/** What the sampler thread is started with. */
export const SamplerConfigSchema = z
  .object({
    control: z.instanceof(SharedArrayBuffer),
    /** Simulate this many cores instead of reading the machine; for layout previews only. */
    syntheticCores: z.number().int().min(1).max(1024).optional(),
  })
  .strict();

export const SamplerReportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: CoreSampleSchema }).strict(),
  z
    .object({
      type: z.literal('cost'),
      /** The sampler thread's own CPU time since it started, ns; measured per thread where possible. */
      cpuNs: z.number().nonnegative(),
      wallNs: z.number().nonnegative(),
      method: z.enum(MONITOR_COST_METHODS),
    })
    .strict(),
  z.object({ type: z.literal('machine'), info: MachineInfoSchema.omit({ rateHz: true }) }).strict(),
]);

export type SamplerConfig = z.output<typeof SamplerConfigSchema>;
export type SamplerReport = z.output<typeof SamplerReportSchema>;
