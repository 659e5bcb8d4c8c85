import { z } from 'zod';
import { bufferChecksum, generatedBlock } from './kernels';
import { taskKind } from './task-kind';
import { checkEveryResult, type WorkloadDescriptor } from './workload';

/** A payload sent with the task, as a pickled argument is; the worker checksums what arrived. */
export const transferTask = taskKind({
  name: 'transfer',
  schema: z.object({ workload: z.literal('transfer'), payload: z.instanceof(Uint8Array) }).strict(),
  run: (spec) => bufferChecksum(spec.payload),
});

export const transfer: WorkloadDescriptor = {
  id: 'transfer',
  kinds: [transferTask],
  plan: (params) => {
    const payload = generatedBlock(params.payloadBytes, 11);
    const expected = bufferChecksum(payload);
    return {
      specs: Array.from({ length: params.tasks }, () => ({ workload: 'transfer', payload })),
      shown: { workload: 'transfer', payloadBytes: params.payloadBytes },
      targetMs: null,
      check: (tasks) => checkEveryResult(tasks, expected, 'payloads arrived damaged'),
    };
  },
};
