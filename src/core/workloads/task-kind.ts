import { z } from 'zod';
import type { LoopTaskContext, TaskContext } from './context';

export type TaskResult = number | string;

/**
 * One task as the host hands it to a worker. `workload` names its kind; the kind's own schema
 * checks every other field when the task arrives.
 */
export interface TaskSpec {
  readonly workload: string;
  readonly [field: string]: unknown;
}

/** The envelope of a task on the wire; parseTaskSpec (run-task.ts) checks the rest. */
export const TaskSpecEnvelopeSchema = z.looseObject({ workload: z.string().min(1).max(64) });

/** How a kind's size is set and how its run time grows with it: for calibration and warm-up. */
export interface Sizing<S extends TaskSpec> {
  size(spec: S): number;
  resized(spec: S, size: number): S;
  /** Run time grows as size^exponent. */
  exponent: number;
  /** A size that runs in about a millisecond, for warming the kernel up. */
  warmSize: number;
  /** A path long tasks take and short ones never do, run once per warm-up round. */
  warmLongPath?(ctx: TaskContext): void;
}

/** A kind of task a worker can run: its spec, its kernel, and how to check and size it. */
export interface TaskKind<S extends TaskSpec = TaskSpec> {
  readonly name: S['workload'];
  readonly schema: z.ZodType<S>;
  run(spec: S, ctx: TaskContext): TaskResult;
  /**
   * The same task as a coroutine on an event loop (asyncio), its waits awaited so the loop runs
   * other tasks meanwhile. Kinds without it are CPU work, which runs on a loop as one step that
   * blocks it, as it would in a coroutine.
   */
  runAwaited?(spec: S, ctx: LoopTaskContext): Promise<TaskResult>;
  /**
   * The right answer computed a different way, run after the timed part. Absent where the
   * workload checks its tasks itself (sleep lengths, counters, checksums of its own data).
   */
  expected?(spec: S): TaskResult;
  /** Present for CPU-bound kinds, whose size is calibrated to a task length. */
  readonly sizing?: Sizing<S>;
}

/** Keeps a kind's spec type while it joins a list of every kind. */
export function taskKind<S extends TaskSpec>(kind: TaskKind<S>): TaskKind<S> {
  return kind;
}
