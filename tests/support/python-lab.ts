import { PythonBackend } from '../../src/core/backends/python';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import type { RoundStart } from '../../src/core/backends/run-backend';
import type { Measurement, MeasuredThread } from '../../src/shared/measurement';
import type { RunParamsInput } from '../../src/shared/run-params';
import { measure, type MeasureOptions } from '../../src/core/run/measure';
import { parseRunParams } from '../../src/core/run/run-params';
import { sourceWorkerLocator } from './workers';

/** The real python backend on the machine's python3, run from the TypeScript source. */
export function createPythonLab(hz?: number) {
  const backend = new PythonBackend({ locateWorker: sourceWorkerLocator, threadSamplerHz: hz });
  return {
    backend,
    async measure(
      input: Omit<RunParamsInput, 'backend'>,
      options: {
        repeat?: number;
        baseline?: boolean;
        signal?: AbortSignal;
        onRoundStarted?: (s: RoundStart) => void;
        onEvent?: MeasureOptions['onEvent'];
        monitor?: CpuMonitor;
      } = {},
    ): Promise<Measurement> {
      await backend.interpreter(input.python);
      const params = parseRunParams({ ...input, backend: 'python' }, { python: backend });
      return measure(backend, params, {
        repeat: options.repeat,
        baseline: options.baseline ?? false,
        signal: options.signal,
        monitor: options.monitor,
        onRoundStarted: (start) => options.onRoundStarted?.(start),
        onEvent: options.onEvent,
      });
    },
    close: () => backend.close(),
  };
}

/** The worker threads of a run's last round, as the OS measured them. */
export function workerThreads(m: Measurement): MeasuredThread[] {
  return (m.runs.at(-1)?.threads?.list ?? []).filter((t) => t.worker !== null);
}

/** True while any of these processes is still there (zombies included, until reaped). */
export function anyAlive(pids: readonly number[]): boolean {
  return pids.some((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}
