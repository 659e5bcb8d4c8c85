import type { InterpreterInfo } from '../../../shared/python-contract';
import type { BackendId, ModeId } from '../../../shared/vocabulary';
import type { PlannedRun } from '../lessons/lesson';

/**
 * A lesson's plan on the backends the room chose: each planned run once per backend, the
 * simulation first, so a go's results pair up step by step. Where real Python can't run a step
 * (threads-free on a build with the GIL), the step says why instead of running.
 */

/** Which backends a lesson runs on, as the room picks them. */
export type RunOn = 'simulation' | 'python' | 'both';
export const RUN_ON_TEXT: Record<RunOn, string> = {
  simulation: 'Simulation',
  python: 'Real Python',
  both: 'Both, side by side',
};

/** The backends a choice runs on, in the order they run; real Python only where there is one. */
export function backendsFor(runOn: RunOn, python: InterpreterInfo | null): BackendId[] {
  if (!python || runOn === 'simulation') return ['simulation'];
  return runOn === 'python' ? ['python'] : ['simulation', 'python'];
}

/** Why `python` can't run `mode`, in one line as its probe said it, or null where it can. */
export function pythonRefusal(python: InterpreterInfo, mode: ModeId): string | null {
  const why = python.modes[mode];
  if (why === undefined) return `GIL Lab's Python runner has no ${mode} mode`;
  return why;
}

/** One run of the plan on one backend: the run as sent, or why it is not sent. */
export interface BackendStep {
  step: number;
  backend: BackendId;
  run: PlannedRun;
  refused: string | null;
}

/** A planned run as it is sent to `backend`; for real Python, in the chosen interpreter. */
export function onBackend(run: PlannedRun, backend: BackendId, python: InterpreterInfo | null): PlannedRun {
  if (backend === 'simulation') return run;
  const params = { ...run.request.params, backend, ...(python ? { python: python.path } : {}) };
  return { ...run, request: { ...run.request, params } };
}

export function backendSteps(
  plan: readonly PlannedRun[],
  backends: readonly BackendId[],
  python: InterpreterInfo | null,
): BackendStep[] {
  return plan.flatMap((run, step) =>
    backends.map((backend) => ({
      step,
      backend,
      run: onBackend(run, backend, python),
      refused: backend === 'python' && python ? pythonRefusal(python, run.mode) : null,
    })),
  );
}

/** The backend a planned run was sent to. */
export function backendOfRun(run: PlannedRun): BackendId {
  return run.request.params.backend ?? 'simulation';
}

export const BACKEND_TEXT: Record<BackendId, string> = { simulation: 'simulation', python: 'real Python' };
