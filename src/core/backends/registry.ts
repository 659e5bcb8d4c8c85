import type { BackendId } from '../../shared/vocabulary';
import type { RunBackend } from './run-backend';
import { PythonBackend, type PythonEnv } from './python';
import { SimulationBackend, type SimulationEnv } from './simulation';

/** What every backend is built from: where the worker entries are, and how processes start. */
export type BackendEnv = SimulationEnv & Omit<PythonEnv, 'locateWorker'>;

export type Backends = { readonly [B in BackendId]: RunBackend };

/** Every backend the engine runs on: one line each. */
export function createBackends(env: BackendEnv): Backends {
  return {
    simulation: new SimulationBackend(env),
    python: new PythonBackend(env),
  };
}

export async function closeBackends(backends: Backends): Promise<void> {
  await Promise.all(Object.values(backends).map((backend) => backend.close()));
}
