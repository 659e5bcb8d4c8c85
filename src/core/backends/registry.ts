import type { BackendId } from '../../shared/vocabulary';
import type { RunBackend } from './run-backend';
import { SimulationBackend, type SimulationEnv } from './simulation';

/** What every backend is built from: where the worker entries are, and how processes start. */
export type BackendEnv = SimulationEnv;

export type Backends = { readonly [B in BackendId]: RunBackend };

/** Every backend the engine runs on: one line each. */
export function createBackends(env: BackendEnv): Backends {
  return {
    simulation: new SimulationBackend(env),
  };
}

export async function closeBackends(backends: Backends): Promise<void> {
  await Promise.all(Object.values(backends).map((backend) => backend.close()));
}
