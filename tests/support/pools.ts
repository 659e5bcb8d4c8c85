import { forkHost } from '../../src/core/pool/process-host';
import { LabPools } from '../../src/core/run/lab-pools';
import { sourceWorkerLocator } from './workers';

/** Real warm pools of worker threads and forked processes, running the TypeScript sources. */
export function createTestPools(log?: (line: string) => void): LabPools {
  return new LabPools(sourceWorkerLocator, forkHost, log ?? (() => {}));
}
