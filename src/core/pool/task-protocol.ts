import { z } from 'zod';
import { TASK_CPU_METHODS, THREAD_STATES } from '../../shared/vocabulary';
import { TaskSpecEnvelopeSchema } from '../workloads/task-kind';

const ResultSchema = z.union([z.number(), z.string()]);
const Id = z.number().int();
/** A THREAD_STATES index, as the GIL writes it. */
const ThreadStateCode = z
  .number()
  .int()
  .min(0)
  .max(THREAD_STATES.length - 1);

/** Tasks firstId, firstId + 1, … handed to one worker at once. */
function taskList<T extends string>(type: T) {
  return z
    .object({
      type: z.literal(type),
      firstId: z.number().int().nonnegative(),
      specs: z.array(TaskSpecEnvelopeSchema).min(1),
    })
    .strict();
}

/** Host → task worker. */
export const WorkerCommandSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('run'),
      /** The run's shared GIL and this worker's lane in it; absent in a process. */
      gil: z
        .object({
          buffer: z.instanceof(SharedArrayBuffer),
          threads: z.number().int().positive(),
          capacity: z.number().int().positive(),
          index: z.number().int().nonnegative(),
        })
        .strict()
        .optional(),
      /** A process keeps its own GIL: one thread, so it never waits, but its states still show. */
      switchIntervalMs: z.number().positive(),
    })
    .strict(),
  z.object({ type: z.literal('task'), id: z.number().int().nonnegative(), spec: TaskSpecEnvelopeSchema }).strict(),
  /** Sequential mode: the whole list at once, run in a plain loop with no hand-out per task. */
  taskList('batch'),
  /** asyncio: the whole list at once, gathered as coroutines on the worker's one event loop. */
  taskList('gather'),
  z.object({ type: z.literal('expect'), id: z.number().int().nonnegative(), spec: TaskSpecEnvelopeSchema }).strict(),
  z.object({ type: z.literal('warm'), id: z.number().int().nonnegative(), spec: TaskSpecEnvelopeSchema }).strict(),
  z
    .object({
      type: z.literal('calibrate'),
      id: z.number().int().nonnegative(),
      spec: TaskSpecEnvelopeSchema,
      targetMs: z.number().positive(),
    })
    .strict(),
]);

/** Task worker → host. */
export const WorkerReportSchema = z.discriminatedUnion('type', [
  /** tid: the OS thread that runs the tasks, so the host can read its schedstat; null off Linux. */
  z
    .object({
      type: z.literal('ready'),
      pid: z.number().int(),
      host: z.string(),
      tid: z.number().int().positive().nullable().optional(),
      /** Milliseconds it spent warming kernels up before it said so (see START_UP_WARM_UPS). */
      warmMs: z.number().nonnegative().optional(),
    })
    .strict(),
  z.object({ type: z.literal('started'), id: z.number().int(), t: z.number() }).strict(),
  z
    .object({
      type: z.literal('done'),
      id: z.number().int(),
      result: ResultSchema,
      startedAt: z.number(),
      endedAt: z.number(),
      cpuMs: z.number().nonnegative(),
      cpuMethod: z.enum(TASK_CPU_METHODS),
    })
    .strict(),
  z.object({ type: z.literal('failed'), id: z.number().int(), cancelled: z.boolean(), message: z.string() }).strict(),
  /** State changes of a process worker; thread workers write theirs to the shared timeline. */
  z.object({ type: z.literal('state'), state: ThreadStateCode, t: z.number() }).strict(),
  z.object({ type: z.literal('warmed'), id: z.number().int() }).strict(),
  z.object({ type: z.literal('expected'), id: z.number().int(), result: ResultSchema.nullable() }).strict(),
  z.object({ type: z.literal('calibrated'), id: Id, spec: TaskSpecEnvelopeSchema, measuredMs: z.number() }).strict(),
]);

export type WorkerCommand = z.output<typeof WorkerCommandSchema>;
export type WorkerReport = z.output<typeof WorkerReportSchema>;
type DoneReport = Extract<WorkerReport, { type: 'done' }>;

/** A task's answer, as a worker reports it when the task has ended, with the CPU it took. */
export function taskDone(
  id: number,
  result: DoneReport['result'],
  span: { startedAt: number; endedAt: number },
  cpu: { ms: number; method: DoneReport['cpuMethod'] },
): DoneReport {
  return { type: 'done', id, result, ...span, cpuMs: Math.max(0, cpu.ms), cpuMethod: cpu.method };
}
