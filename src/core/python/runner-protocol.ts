import { z } from 'zod';
import { COUNTER_VARIANTS } from '../../shared/vocabulary';

/**
 * The channel between the engine and python/gil_lab_runner.py: one request line of JSON on the
 * runner's stdin, then lines of JSON on its stdout, each checked here before the engine trusts
 * it. Anything else on the channel means the program isn't GIL Lab's runner, and the round ends.
 */

const int = z.number().int();
/** Integers past 2**53 come as text, so an answer is never rounded on the way. */
const answer = z.union([z.number(), z.string().max(2000)]).nullable();

/** What the probe and the runner's hello both say of the interpreter. */
export const InterpreterFactsSchema = z.object({
  executable: z.string().max(4096),
  version: z.array(int).length(3),
  implementation: z.string().max(40),
  freeThreaded: z.boolean(),
  gilEnabled: z.boolean().nullable(),
  startMethod: z.string().max(40).nullable(),
  interpreterPool: z.boolean(),
});

export const ProbeReplySchema = InterpreterFactsSchema.extend({
  probe: z.literal('gil-lab'),
  /** For each mode: null if this interpreter runs it, else why not. */
  modes: z.record(z.string(), z.string().nullable()),
  asyncioWorkloads: z.array(z.string()),
});

const CheckSchema = {
  ok: z.boolean(),
  note: z.string().max(2000),
  counter: z
    .object({ expected: z.number(), final: z.number(), lost: z.number(), returned: z.number().optional() })
    .optional(),
  ioLoop: z.object({ loops: z.number(), loopsPerSecond: z.number() }).optional(),
};

export const RunnerMessageSchema = z.discriminatedUnion('type', [
  InterpreterFactsSchema.extend({ type: z.literal('hello'), probe: z.literal('gil-lab'), pid: int }),
  z.object({ type: z.literal('refused'), reason: z.string().max(2000) }),
  z.object({
    type: z.literal('sized'),
    size: z.record(z.string(), z.number()),
    shown: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  z.object({ type: z.literal('worker'), worker: int.nullable(), pid: int, tid: int }),
  z.object({ type: z.literal('started'), t: z.number() }),
  z.object({ type: z.literal('task-started'), task: int, worker: int.nullable(), tid: int, t: z.number() }),
  z.object({
    type: z.literal('task-finished'),
    task: int,
    worker: int.nullable(),
    tid: int,
    t: z.number(),
    cpuMs: z.number(),
    result: answer,
    error: z.string().max(2000).nullable(),
  }),
  z.object({ type: z.literal('worker-lost'), worker: int.nullable(), reason: z.string().max(2000) }),
  z.object({ type: z.literal('done'), wallMs: z.number(), failed: z.boolean(), ...CheckSchema }),
  z.object({ type: z.literal('error'), reason: z.string().max(2000) }),
]);

/** The one line the runner reads: a round to run. */
export const RunnerRequestSchema = z
  .object({
    mode: z.string(),
    workload: z.string(),
    workers: int.min(1),
    tasks: int.min(1),
    taskMs: z.number().positive().optional(),
    switchIntervalMs: z.number().positive(),
    counterVariant: z.enum(COUNTER_VARIANTS),
    sharedMemory: z.boolean(),
    payloadBytes: int.positive(),
    /** A size this interpreter calibrated before, so the round skips calibrating. */
    size: z.record(z.string(), z.number()).optional(),
  })
  .strict();

export type InterpreterFacts = z.output<typeof InterpreterFactsSchema>;
export type ProbeReply = z.output<typeof ProbeReplySchema>;
export type RunnerMessage = z.output<typeof RunnerMessageSchema>;
export type RunnerRequest = z.output<typeof RunnerRequestSchema>;
