import type { TaskContext } from './context';
import { TASK_KINDS } from './registry';
import type { TaskKind, TaskResult, TaskSpec } from './task-kind';

/** A task whose kind no worker knows, or whose fields its kind refuses. */
export class TaskSpecError extends Error {
  override readonly name = 'TaskSpecError';
}

/** The kind a spec names, with the spec checked against it. */
export function parseTaskSpec(spec: TaskSpec): { kind: TaskKind; spec: TaskSpec } {
  const kind = TASK_KINDS.get(spec.workload);
  if (!kind) throw new TaskSpecError(`no such kind of task: ${JSON.stringify(spec.workload).slice(0, 70)}`);
  const parsed = kind.schema.safeParse(spec);
  if (!parsed.success) {
    throw new TaskSpecError(`a ${kind.name} task was refused: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { kind, spec: parsed.data };
}

export function runTask(spec: TaskSpec, ctx: TaskContext): TaskResult {
  const parsed = parseTaskSpec(spec);
  return parsed.kind.run(parsed.spec, ctx);
}

/**
 * The right answer for a task, computed a different way. It runs after the timed part of a
 * run, so checking never slows the measurement. Null: the workload checks it itself.
 */
export function expectedResult(spec: TaskSpec): TaskResult | null {
  const parsed = parseTaskSpec(spec);
  return parsed.kind.expected?.(parsed.spec) ?? null;
}

/** Whether the kind has an independent answer to check its tasks against. */
export function hasExpectedResult(spec: TaskSpec): boolean {
  return TASK_KINDS.get(spec.workload)?.expected !== undefined;
}

/** Whether workers must warm the kind's kernel up before the clock starts. */
export function needsWarmUp(spec: TaskSpec): boolean {
  return TASK_KINDS.get(spec.workload)?.sizing !== undefined;
}

/**
 * The kernels every task worker warms as it starts, before it says it is ready: the `cpu` kernel
 * the lessons' comparisons time. Warm at start, a worker's first task of it runs the code
 * calibration measured, and later rounds' clocks and timeouts never pay for its warm-up. Each
 * kernel warmed here adds 0.1–1.5 s to a worker's start, so other kinds are warmed by the first
 * round that runs them, before its clock starts.
 */
export const START_UP_WARM_UPS: readonly TaskSpec[] = [{ workload: 'cpu', n: 1000 }];

/**
 * What makes two specs the same kernel work for a warm-up: the spec at its kind's warm size,
 * without the data it carries. A kernel warmed at one size is warm at every size.
 */
export function warmUpKey(spec: TaskSpec): string {
  const sizing = TASK_KINDS.get(spec.workload)?.sizing;
  const at = sizing ? sizing.resized(parseTaskSpec(spec).spec, sizing.warmSize) : spec;
  return JSON.stringify(at, (_field, value: unknown) => (isBinary(value) ? undefined : value));
}

/** Data a spec carries (a payload, a shared cell): not part of what makes two specs the same kernel work. */
export function isBinary(value: unknown): boolean {
  return ArrayBuffer.isView(value) || value instanceof SharedArrayBuffer || value instanceof ArrayBuffer;
}

/** Bytes a spec makes every worker it is sent to copy: its payloads (shared memory is not copied). */
export function copiedBytes(spec: TaskSpec): number {
  let bytes = 0;
  for (const value of Object.values(spec)) {
    if (ArrayBuffer.isView(value) && !(value.buffer instanceof SharedArrayBuffer)) bytes += value.byteLength;
    else if (value instanceof ArrayBuffer) bytes += value.byteLength;
  }
  return bytes;
}
