import { z } from 'zod';
import { sha256Blocks, sha256BlocksExpected } from './kernels';
import { taskKind } from './task-kind';
import { cpuTaskMs, sameTasks, type WorkloadDescriptor } from './workload';

/** SHA-256 over generated blocks, holding the GIL or, as hashlib does, releasing it. */
export const hashTask = taskKind({
  name: 'hash',
  schema: z
    .object({ workload: z.literal('hash'), blocks: z.number().int().positive(), releasesGil: z.boolean() })
    .strict(),
  run: (spec, ctx) => sha256Blocks(spec.blocks, spec.releasesGil, ctx),
  expected: (spec) => sha256BlocksExpected(spec.blocks),
  sizing: { size: (spec) => spec.blocks, resized: (spec, blocks) => ({ ...spec, blocks }), exponent: 1, warmSize: 2 },
});

export const hash: WorkloadDescriptor = {
  id: 'hash',
  kinds: [hashTask],
  plan: async (params, tools) => {
    // Sized holding the GIL, so both settings of releasesGil do the same work.
    const base = { workload: 'hash', blocks: 1, releasesGil: false } as const;
    const sized = await tools.calibrated(base, cpuTaskMs(params));
    return sameTasks(params, { ...sized, releasesGil: params.releasesGil }, cpuTaskMs(params));
  },
};
