import type { RunSummary } from '../../shared/measurement';
import type { RunParams } from '../../shared/run-params';
import type { WorkloadId } from '../../shared/vocabulary';
import type { RunResult, TaskRecord } from '../run/run-result';
import type { ValidRunParams } from '../run/run-params';
import type { TaskKind, TaskSpec } from './task-kind';

/**
 * A lab workload: the tasks a run of it hands out, and what it checks beyond each task's
 * own answer. One file per workload in this folder, collected in registry.ts under its name
 * from shared/vocabulary.ts.
 */
export interface WorkloadDescriptor {
  readonly id: WorkloadId;
  /** The kinds of task its runs use, which every worker must know. */
  readonly kinds: readonly TaskKind[];
  plan(params: ValidRunParams, tools: WorkloadTools): Promise<WorkloadPlan> | WorkloadPlan;
  /** Why these parameters can't run here (too much memory, say), or null; checked before a run starts. */
  refuse?(params: RunParams): string | null;
}

/** What a workload may ask of the backend while it plans a round. */
export interface WorkloadTools {
  /** A CPU-bound spec sized to take about targetMs on this machine; the same request is sized once. */
  calibrated<S extends TaskSpec>(base: S, targetMs: number): Promise<S>;
  /** True when the round's workers are threads of one process and can share memory. */
  readonly sharedMemory: boolean;
}

/** One round of a workload, ready to hand out. */
export interface WorkloadPlan {
  readonly specs: readonly TaskSpec[];
  /**
   * The length, in ms, one task aims at: params.taskMs, or the workload's own default when the
   * run doesn't say; null for workloads of a fixed size, which aim at no length.
   */
  readonly targetMs: number | null;
  /** The task size the run reports. */
  readonly shown: RunResult['taskSpec'];
  /** What the workload checks once the round is over, beyond each task's own answer. */
  check?(tasks: readonly TaskRecord[]): WorkloadCheck;
  /** Removes what planning made: temporary files, shared values. */
  cleanup?(): void;
}

export interface WorkloadCheck {
  ok: boolean;
  note: string;
  counter?: RunSummary['counter'];
  ioLoop?: RunResult['ioLoop'];
}

/** The usual plan: every task the same, aiming at targetMs (null: a fixed size). */
export function sameTasks(
  params: ValidRunParams,
  spec: TaskSpec,
  targetMs: number | null,
  extra: Partial<WorkloadPlan> = {},
): WorkloadPlan {
  return {
    specs: Array.from({ length: params.tasks }, () => spec),
    shown: spec as RunResult['taskSpec'],
    targetMs,
    ...extra,
  };
}

/** Checks that every task's numeric result matches `expected`; `what` names a wrong one. */
export function checkEveryResult(tasks: readonly TaskRecord[], expected: number, what: string): WorkloadCheck {
  const bad = tasks.filter((t) => t.result !== expected).length;
  return { ok: bad === 0, note: bad ? `${bad} ${what}` : '' };
}

/** One CPU-bound task's length when the run doesn't say: long enough to see, short enough to wait for. */
export const DEFAULT_CPU_TASK_MS = 1000;

/** The length a CPU-bound task of this run aims at. */
export function cpuTaskMs(params: ValidRunParams): number {
  return params.taskMs ?? DEFAULT_CPU_TASK_MS;
}
