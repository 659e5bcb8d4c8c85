import { z } from 'zod';
import { CoreSampleSchema, MachineInfoSchema, SetRateRequestSchema } from '../../shared/schemas';

/** What the sampler thread is started with. */
export const SamplerConfigSchema = z
  .object({
    hz: SetRateRequestSchema.shape.hz,
    /** Simulate this many cores instead of reading the machine; for layout previews only. */
    syntheticCores: z.number().int().min(1).max(1024).optional(),
  })
  .strict();

export const SamplerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set-rate'), hz: SetRateRequestSchema.shape.hz }).strict(),
  z.object({ type: z.literal('stop') }).strict(),
]);

export const SamplerReportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: CoreSampleSchema }).strict(),
  z
    .object({
      type: z.literal('cost'),
      /** The sampler thread's own CPU time since it started, ns; measured per thread where possible. */
      cpuNs: z.number().nonnegative(),
      wallNs: z.number().nonnegative(),
      method: z.enum(['thread-schedstat', 'busy-time']),
    })
    .strict(),
  z.object({ type: z.literal('machine'), info: MachineInfoSchema.omit({ rateHz: true }) }).strict(),
]);

export type SamplerConfig = z.infer<typeof SamplerConfigSchema>;
export type SamplerCommand = z.infer<typeof SamplerCommandSchema>;
export type SamplerReport = z.infer<typeof SamplerReportSchema>;
