import { describe, expect, it } from 'vitest';
import { SIMULATION_MODES } from '../../src/core/backends/simulation-modes';
import { parseRunParams } from '../../src/core/run/run-params';
import { workerName } from '../../src/shared/lane-names';
import { MODE_TRAITS, roundWorkers } from '../../src/shared/modes';
import { EXECUTION_MODES } from '../../src/shared/vocabulary';
import { SimulationBackend } from '../../src/core/backends/simulation';
import { forkHost } from '../../src/core/pool/process-host';
import { sourceWorkerLocator } from '../support/workers';

describe('every execution mode, described once', () => {
  it('has its traits and a simulation descriptor under its own id', () => {
    for (const mode of EXECUTION_MODES) {
      expect(MODE_TRAITS[mode], mode).toBeDefined();
      expect(SIMULATION_MODES[mode].id).toBe(mode);
    }
  });

  it('runs asyncio and a plain loop on one worker, the pools on as many as asked', () => {
    expect(roundWorkers('asyncio', 8)).toBe(1);
    expect(roundWorkers('sequential', 8)).toBe(1);
    expect(roundWorkers('interpreters', 8)).toBe(8);
    expect(roundWorkers('threads-gil', 8)).toBe(8);
  });

  it('names the lanes by what the worker is', () => {
    expect(workerName('asyncio', 0)).toBe('Event loop 1');
    expect(workerName('interpreters', 1)).toBe('Interpreter 2');
    expect(workerName('processes', 1)).toBe('Process 2');
    expect(workerName('threads-gil', 1)).toBe('Thread 2');
  });

  it('gives sub-interpreters their own memory on threads of one process, and asyncio one GIL-free thread', () => {
    expect(MODE_TRAITS.interpreters).toMatchObject({ sharedMemory: false, osProcesses: false, gil: 'per-worker' });
    expect(SIMULATION_MODES.interpreters.pool).toBe('threads');
    expect(SIMULATION_MODES.asyncio).toMatchObject({ pool: 'threads', dispatch: 'gather' });
  });

  it('accepts --mode asyncio and --mode interpreters, within the thread pools’ limit', async () => {
    const backends = {
      simulation: new SimulationBackend({ locateWorker: sourceWorkerLocator, processHost: forkHost }),
    };
    for (const mode of ['asyncio', 'interpreters'] as const) {
      expect(parseRunParams({ workload: 'io-sleep', mode, workers: 32, tasks: 10 }, backends, 2).mode).toBe(mode);
      expect(() => parseRunParams({ workload: 'cpu', mode, workers: 33, tasks: 1 }, backends, 2)).toThrow(
        /at most 32 for/,
      );
    }
    await backends.simulation.close();
  });
});
