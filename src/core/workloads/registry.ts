import type { WorkloadId } from '../../shared/vocabulary';
import { convoy } from './convoy';
import { counter } from './counter';
import { cpu } from './cpu';
import { hash } from './hash';
import { ioFile } from './io-file';
import { json } from './json';
import { ioSleepWorkload } from './io-sleep';
import { primes } from './primes';
import type { TaskKind } from './task-kind';
import { tiny } from './tiny';
import { transfer } from './transfer';
import type { WorkloadDescriptor } from './workload';

/** Every workload the lab runs, under its name from shared/vocabulary.ts: one line each. */
export const WORKLOADS: { readonly [W in WorkloadId]: WorkloadDescriptor } = {
  cpu,
  primes,
  hash,
  'io-sleep': ioSleepWorkload,
  'io-file': ioFile,
  tiny,
  transfer,
  counter,
  convoy,
  json,
};

/** Every kind of task a worker can run: the workloads' own, by the name a spec gives. */
export const TASK_KINDS: ReadonlyMap<string, TaskKind> = new Map(
  Object.values(WORKLOADS)
    .flatMap((workload) => workload.kinds)
    .map((kind) => [kind.name, kind]),
);
