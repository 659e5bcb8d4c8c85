import { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { sourceWorkerLocator } from './workers';

/** A started per-core monitor, its sampler run from the TypeScript source, for engine tests. */
export function startMonitor(hz = 10): CpuMonitor {
  const monitor = new CpuMonitor({ locateWorker: sourceWorkerLocator, hz });
  monitor.start();
  return monitor;
}
