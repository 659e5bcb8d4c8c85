import { Calibrations } from '../pool/calibrations';
import { processSpawner, type ProcessHost } from '../pool/process-host';
import { threadSpawner } from '../pool/thread-spawner';
import { WorkerPool } from '../pool/worker-pool';
import type { WorkerLocator } from '../workers/spawn-thread';
import { removeOrphanedRunFolders } from '../workloads/run-files';

/**
 * The two warm pools every simulated run draws on: threads (all thread modes) and processes,
 * and the task sizes calibrated on them. Starting them first clears away the files of runs
 * whose engine crashed.
 */
export class LabPools {
  readonly threads: WorkerPool;
  readonly processes: WorkerPool;
  readonly calibrations: Calibrations;

  constructor(
    locate: WorkerLocator,
    readonly processHost: ProcessHost,
    log: (line: string) => void = (line) => console.error(`[gil-lab] ${line}`),
  ) {
    for (const folder of removeOrphanedRunFolders()) log(`removed ${folder}, left by a run that crashed`);
    this.threads = new WorkerPool(threadSpawner(locate), log);
    this.processes = new WorkerPool(processSpawner(processHost, locate), log);
    this.calibrations = new Calibrations(this.threads);
  }

  async close(): Promise<void> {
    await Promise.all([this.threads.close(), this.processes.close()]);
  }
}
