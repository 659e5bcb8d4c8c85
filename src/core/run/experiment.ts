import type { RunEvent } from '../../shared/measurement';
import type { RoundStart, RunBackend } from '../backends/run-backend';
import { epochNow } from '../gil/gil-layout';
import type { ValidRunParams } from './run-params';
import type { RunResult } from './run-result';

export interface ExperimentOptions {
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  onRoundStarted?: (start: RoundStart) => void;
}

/** One round of one experiment: sized, run on the backend, checked, and tidied away. */
export async function runExperiment(
  backend: RunBackend,
  params: ValidRunParams,
  options: ExperimentOptions = {},
): Promise<RunResult> {
  // firstStartMs counts from here: sizing the task and warming the workers are part of it.
  const requestedAt = epochNow();
  const round = await backend.prepare(params);
  try {
    return await round.run({ ...options, requestedAt });
  } finally {
    round.dispose();
  }
}
