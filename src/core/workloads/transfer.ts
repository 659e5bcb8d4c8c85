import { z } from 'zod';
import type { RunParams } from '../../shared/run-params';
import { refuseOverBudget } from '../run/memory-budget';
import { bufferChecksum, generatedBlock } from './kernels';
import { taskKind } from './task-kind';
import { checkEveryResult, type WorkloadDescriptor } from './workload';

/** A payload sent with the task, as a pickled argument is; the worker checksums what arrived. */
export const transferTask = taskKind({
  name: 'transfer',
  schema: z.object({ workload: z.literal('transfer'), payload: z.instanceof(Uint8Array) }).strict(),
  run: (spec) => bufferChecksum(spec.payload),
});

/**
 * What a transfer run holds at its peak: the host's payload, and for every task in flight (each
 * worker takes one at a time) the copies it makes. A thread gets the cloned message and its own
 * copy; a process also has the serialized message written on the host's side of the pipe and
 * read on its own, which measured about 3.5 payloads per process and 1 to 2 per thread.
 */
export function transferFootprint(params: Pick<RunParams, 'mode' | 'workers' | 'tasks' | 'payloadBytes'>): {
  bytes: number;
  what: string;
} {
  const inFlight = params.mode === 'sequential' ? 1 : Math.min(params.workers, params.tasks);
  const copies = params.mode === 'processes' ? 4 : 2;
  const mib = Math.round(params.payloadBytes / 2 ** 20);
  return {
    bytes: params.payloadBytes * (1 + copies * inFlight),
    what: `${mib} MiB, plus ${copies} copies for each of ${inFlight} tasks in flight`,
  };
}

export const transfer: WorkloadDescriptor = {
  id: 'transfer',
  kinds: [transferTask],
  refuse: (params) => {
    const { bytes, what } = transferFootprint(params);
    return refuseOverBudget(bytes, what);
  },
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
