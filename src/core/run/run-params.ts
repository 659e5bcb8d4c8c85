import os from 'node:os';
import { describeIssues } from '../../shared/contract';
import { RunParamsSchema, type RunParams } from '../../shared/run-params';
import type { BackendId } from '../../shared/vocabulary';
import type { BackendCapabilities } from '../backends/run-backend';

/** What parsing needs of the backends: what each can run; a host may offer only some of them. */
export type BackendCapabilityMap = { readonly [B in BackendId]?: { readonly capabilities: BackendCapabilities } };

export class RunParamsError extends Error {
  override readonly name = 'RunParamsError';
}

declare const checked: unique symbol;

/**
 * Run parameters that passed every check: the schema's, and those only the engine can make
 * (the pool size this machine allows, what the backend can run). Only this module makes one,
 * so a function that takes ValidRunParams never checks again.
 */
export type ValidRunParams = Readonly<RunParams> & { readonly [checked]: true };

/** Parses raw input (the CLI's, a test's) and checks it against the backend and the machine. */
export function parseRunParams(
  input: unknown,
  backends: BackendCapabilityMap,
  logicalCores = os.availableParallelism(),
): ValidRunParams {
  const parsed = RunParamsSchema.safeParse(input);
  if (!parsed.success) throw new RunParamsError(`Invalid run parameters: ${describeIssues(parsed.error)}`);
  return checkRunParams(parsed.data, backends, logicalCores);
}

/**
 * Checks parameters the contract has already parsed (run:start) against what the backend can
 * run on this machine, with one clear message.
 */
export function checkRunParams(
  params: RunParams,
  backends: BackendCapabilityMap,
  logicalCores = os.availableParallelism(),
): ValidRunParams {
  const backend = backends[params.backend]?.capabilities;
  if (!backend) throw new RunParamsError(`the ${params.backend} backend isn't available here`);
  if (!backend.modes.includes(params.mode)) {
    throw new RunParamsError(`the ${params.backend} backend can't run ${params.mode} here`);
  }
  if (!backend.workloads.includes(params.workload)) {
    throw new RunParamsError(`the ${params.backend} backend can't run the ${params.workload} workload here`);
  }
  const limit = backend.maxWorkers(params.mode, logicalCores);
  if (params.workers > limit.workers) {
    throw new RunParamsError(
      `workers must be at most ${limit.workers} for ${params.mode} (${limit.rule}), got ${params.workers}`,
    );
  }
  const refusal = backend.refuse?.(params);
  if (refusal) throw new RunParamsError(refusal);
  return params as ValidRunParams;
}

/**
 * The same experiment run sequentially: the baseline speedup is measured against. Valid
 * whenever the original is, since a sequential run uses one worker of the same kind.
 */
export function sequentialOf(params: ValidRunParams): ValidRunParams {
  return { ...params, mode: 'sequential' } as ValidRunParams;
}
