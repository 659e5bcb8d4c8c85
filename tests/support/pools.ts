import { createBackends, closeBackends, type Backends } from '../../src/core/backends/registry';
import { SimulationBackend } from '../../src/core/backends/simulation';
import { forkHost } from '../../src/core/pool/process-host';
import { runExperiment, type ExperimentOptions } from '../../src/core/run/experiment';
import type { LabPools } from '../../src/core/run/lab-pools';
import { measure, type MeasureOptions } from '../../src/core/run/measure';
import { parseRunParams, type ValidRunParams } from '../../src/core/run/run-params';
import type { RunResult } from '../../src/core/run/run-result';
import type { Measurement } from '../../src/shared/measurement';
import type { RunParamsInput } from '../../src/shared/run-params';
import { sourceWorkerLocator } from './workers';

/**
 * The engine as a test drives it: real backends on warm pools of worker threads and forked
 * processes, running the TypeScript sources. Tests hand it raw parameters, as the CLI would,
 * and it parses them at that edge.
 */
export interface TestLab {
  backends: Backends;
  simulation: SimulationBackend;
  /** The simulation's pools, for tests that look at its workers. */
  pools: LabPools;
  params(input: RunParamsInput): ValidRunParams;
  run(input: RunParamsInput, options?: ExperimentOptions): Promise<RunResult>;
  measure(input: RunParamsInput, options?: MeasureOptions): Promise<Measurement>;
  close(): Promise<void>;
}

export function createTestBackends(log?: (line: string) => void): Backends {
  return createBackends({ locateWorker: sourceWorkerLocator, processHost: forkHost, log: log ?? (() => {}) });
}

export function createTestLab(log?: (line: string) => void): TestLab {
  const backends = createTestBackends(log);
  const simulation = backends.simulation;
  if (!(simulation instanceof SimulationBackend)) throw new Error('the simulation backend is not the simulation');
  const params = (input: RunParamsInput) => parseRunParams(input, backends);
  return {
    backends,
    simulation,
    pools: simulation.pools,
    params,
    run: (input, options) => runExperiment(simulation, params(input), options),
    measure: (input, options) => measure(simulation, params(input), options),
    close: () => closeBackends(backends),
  };
}
