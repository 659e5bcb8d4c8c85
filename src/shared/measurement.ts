import { z } from 'zod';
import { RunParamsSchema } from './run-params';
import {
  BACKEND_IDS,
  EXECUTION_MODES,
  LOAD_COUNTED,
  PYTHON_BUILDS,
  RUN_OUTCOMES,
  RUN_PHASES,
  THREAD_MEASURE_METHODS,
  THREAD_STATES,
} from './vocabulary';

/** What crosses the contract about a run: its progress events and its measured result. */

/** The most lanes a round can have: the largest pool any backend allows. */
export const MAX_ROUND_LANES = 4096;

export const RunEventSchema = z.discriminatedUnion('type', [
  /**
   * The first event of every round: what its lanes look like, as the engine runs it. Views
   * build their lanes from this, never from the parameters.
   */
  z
    .object({
      type: z.literal('round-started'),
      /** Workers the round runs on: one lane each. */
      lanes: z.number().int().min(1).max(MAX_ROUND_LANES),
      /** Whether the round's threads share one GIL, so a lane of its holder means something. */
      gilLane: z.boolean(),
      /** Epoch ms when the round began handing out tasks: time zero of its lanes. */
      t: z.number(),
      /**
       * What its lanes are named for, so a view that never saw the run's parameters (a student
       * following the teacher) names them as the teacher's screen does: the mode's workers, the
       * backend, and how real Python's threads are measured. Absent from rounds saved without them.
       */
      mode: z.enum(EXECUTION_MODES).optional(),
      backend: z.enum(BACKEND_IDS).optional(),
      threadMethod: z.enum(THREAD_MEASURE_METHODS).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('task-started'), task: z.number().int(), worker: z.number().int(), t: z.number() })
    .strict(),
  z
    .object({
      type: z.literal('task-finished'),
      task: z.number().int(),
      worker: z.number().int(),
      t: z.number(),
      ok: z.boolean(),
      done: z.number().int(),
      total: z.number().int(),
    })
    .strict(),
  z
    .object({ type: z.literal('worker-state'), worker: z.number().int(), state: z.enum(THREAD_STATES), t: z.number() })
    .strict(),
  z.object({ type: z.literal('worker-lost'), worker: z.number().int(), reason: z.string() }).strict(),
]);

export const SpreadSchema = z
  .object({ median: z.number(), min: z.number(), max: z.number(), stddev: z.number(), n: z.number().int() })
  .strict();

export const ThreadGilStatsSchema = z
  .object({
    thread: z.number().int(),
    runMs: z.number(),
    waitMs: z.number(),
    ioMs: z.number(),
    nativeMs: z.number(),
    acquisitions: z.number(),
    forcedDrops: z.number(),
    longestWaitMs: z.number(),
  })
  .strict();

/**
 * The states of a real Python thread as the OS reports them, and their names. A futex wait is
 * the GIL or any other lock: the kernel can't tell which, so neither does the lab.
 */
export const MEASURED_THREAD_STATE_TEXT = {
  running: 'running (on a core)',
  runnable: 'runnable (waiting for a core)',
  futex: 'waiting (futex: GIL or lock)',
  io: 'in a sleep or I/O syscall',
} as const;

const shareOf = z.number().min(0).max(1);

/** One OS thread of a real Python run, as measured over the round from outside the process. */
export const MeasuredThreadSchema = z
  .object({
    pid: z.number().int(),
    tid: z.number().int(),
    /** The lab's worker number, from the worker's own report of its native thread id; null for others. */
    worker: z.number().int().nullable(),
    /** The thread's name from /proc (comm), or the process's role. */
    name: z.string().max(64),
    onCpuMs: z.number().nonnegative(),
    runnableMs: z.number().nonnegative(),
    futexMs: z.number().nonnegative(),
    ioMs: z.number().nonnegative(),
    /** Each state's share of the thread's time in the round; they sum to 1 (0 with no samples). */
    shares: z.object({ running: shareOf, runnable: shareOf, futex: shareOf, io: shareOf }).strict(),
  })
  .strict();

/** How a real Python round's threads were measured, and what measuring them cost. */
export const MeasuredThreadsSchema = z
  .object({
    method: z.enum(THREAD_MEASURE_METHODS),
    /** Sampling rate; null where threads weren't sampled. */
    hz: z.number().positive().nullable(),
    ticks: z.number().int().nonnegative(),
    /** The sampling thread's CPU time ÷ wall time over the round: share of one core. */
    samplerCost: z.number().nonnegative().nullable(),
    list: z.array(MeasuredThreadSchema).max(MAX_ROUND_LANES + 64),
  })
  .strict();

export const RunSummarySchema = z
  .object({
    outcome: z.enum(RUN_OUTCOMES),
    /** Workers the round ran on, as its round-started event said. */
    lanes: z.number().int().min(1).max(MAX_ROUND_LANES),
    wallMs: z.number(),
    cpuMs: z.number(),
    busyCores: z.number(),
    firstStartMs: z.number().nullable(),
    verified: z.boolean(),
    verifyNote: z.string(),
    dispatchMs: z.object({ median: z.number(), max: z.number() }).strict(),
    workers: z.array(
      z
        .object({ worker: z.number().int(), pid: z.number().int(), tasks: z.number().int(), cpuMs: z.number() })
        .strict(),
    ),
    /** returned: what processes with their own copies sent back with their results, summed. */
    counter: z
      .object({ expected: z.number(), final: z.number(), lost: z.number(), returned: z.number().optional() })
      .strict()
      .nullable(),
    /** convoy: the I/O loop's rate beside the CPU-bound tasks. Optional so older records still parse. */
    ioLoop: z.object({ loops: z.number(), loopsPerSecond: z.number() }).strict().nullable().optional(),
    gil: z
      .object({
        switches: z.number(),
        overlaps: z.number(),
        switchIntervalMs: z.number(),
        threads: z.array(ThreadGilStatsSchema),
        timelineEvents: z.number().int(),
      })
      .strict()
      .nullable(),
    coreLoad: z
      .object({ samples: z.number().int(), meanPerCore: z.array(z.number()), busyCores: z.number() })
      .strict()
      .nullable(),
    /**
     * The machine's own weather: cores' worth busy during the round that was not GIL Lab's (the
     * monitor's whole-machine figure minus the CPU ÷ wall of the engine's process and the worker
     * processes). A renderer or browser on the same machine counts as other. Null with no samples.
     */
    otherBusyCores: z.number().nonnegative().nullable(),
    /**
     * Time the workers were ready to run but waiting for a core, from the OS scheduler, and its
     * share of the time they were running or ready. Null where the OS doesn't report it.
     */
    waitingForCore: z
      .object({ ms: z.number().nonnegative(), share: z.number().min(0).max(1) })
      .strict()
      .nullable(),
    /** Real Python: each OS thread's measured states over the round. Absent for the simulation. */
    threads: MeasuredThreadsSchema.optional(),
  })
  .strict();

/** How the simulation's threads are described in its facts, and in files from before it had any. */
export const SIMULATED_THREADS = 'worker_threads under a simulated GIL';

/** What a backend says of itself: what ran the workers, and with what. */
export const BackendFactsSchema = z
  .object({
    id: z.enum(BACKEND_IDS),
    /** The runtime the workloads ran in, with its version: "Node 20.20.2". */
    runtime: z.string().max(200),
    /** What its threads are: "worker_threads under a simulated GIL". */
    threads: z.string().max(200),
    /** How it starts processes: "child_process.fork", "utilityProcess". */
    processes: z.string().max(200),
    /** Real Python: the interpreter that ran the workloads. Absent for the simulation. */
    interpreter: z
      .object({
        path: z.string().max(4096),
        version: z.string().max(40),
        implementation: z.string().max(40),
        build: z.enum(PYTHON_BUILDS),
        /** sys._is_gil_enabled() during the run, where the interpreter has it (3.13+); else null. */
        gilEnabled: z.boolean().nullable(),
        /** multiprocessing's start method: fork, forkserver or spawn. */
        startMethod: z.string().max(40).nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const MeasurementSchema = z
  .object({
    params: RunParamsSchema,
    backend: BackendFactsSchema,
    /** Completed only if every round completed; otherwise how the first that didn't ended. */
    outcome: z.enum(RUN_OUTCOMES),
    /** From Run to the end, in ms: sizing, warm-up and every round, baseline included. */
    elapsedMs: z.number().nonnegative(),
    /**
     * How long one task took against what was asked: the median CPU time per task of the
     * sequential rounds (or of every round without a baseline), and whether the task was
     * sized again before this run because the last size had drifted too far.
     */
    taskLength: z
      .object({
        targetMs: z.number().positive().nullable(),
        measuredMs: z.number().nonnegative().nullable(),
        resized: z.boolean(),
      })
      .strict(),
    machine: z
      .object({ cpu: z.string(), logicalCores: z.number().int(), platform: z.string(), node: z.string() })
      .strict(),
    taskSpec: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    runs: z.array(RunSummarySchema),
    wallMs: SpreadSchema,
    busyCores: SpreadSchema,
    baseline: z
      .object({ runs: z.array(RunSummarySchema), wallMs: SpreadSchema })
      .strict()
      .nullable(),
    speedup: z.number().nullable(),
    efficiency: z.number().nullable(),
    spawnMs: SpreadSchema,
    verified: z.boolean(),
  })
  .strict();

/**
 * Which lesson a run belongs to: the lesson, which go of it (each press of Run is a go, with its
 * own settings), and which of the go's planned runs. Sessions group and compare runs by it.
 */
export const LessonTagSchema = z
  .object({
    lesson: z.string().min(1).max(64),
    go: z.number().int().min(1).max(100_000),
    step: z.string().min(1).max(64),
    /** What the go changed, in words a person reads: "switch interval 1 ms, 2 CPU threads". */
    settings: z.string().max(300),
  })
  .strict();

export const StartRunRequestSchema = z
  .object({
    params: RunParamsSchema,
    repeat: z.number().int().min(1).max(20).default(1),
    baseline: z.boolean().default(true),
    tag: LessonTagSchema.nullable().default(null),
  })
  .strict();

export const RunIdSchema = z.object({ runId: z.string().min(1).max(64) }).strict();

/** Most progress events a single run:progressed carries. */
export const RUN_EVENTS_PER_BATCH_MAX = 500;

/**
 * Progress of one round, in batches: a GIL run changes thread states hundreds of times a second,
 * and one message per change would cost the renderer more than drawing them does.
 */
export const RunProgressedSchema = z
  .object({
    runId: z.string(),
    phase: z.enum(RUN_PHASES),
    round: z.number().int(),
    events: z.array(RunEventSchema).min(1).max(RUN_EVENTS_PER_BATCH_MAX),
  })
  .strict();

/**
 * While a round runs: CPU time ÷ wall time so far, of the worker processes (processes mode) or
 * of the engine's process, whose threads are the workers (the thread modes).
 */
export const RunLoadSchema = z
  .object({
    runId: z.string(),
    phase: z.enum(RUN_PHASES),
    round: z.number().int(),
    counted: z.enum(LOAD_COUNTED),
    wallMs: z.number().nonnegative(),
    cpuMs: z.number().nonnegative(),
    /** Since the round began. */
    busyCores: z.number().nonnegative(),
    /** Over about the last second. */
    recentBusyCores: z.number().nonnegative(),
  })
  .strict();

export const RunFinishedSchema = z
  .object({
    runId: z.string(),
    measurement: MeasurementSchema.nullable(),
    /** Why there is no measurement: bad parameters the engine only catches itself, or a failure. */
    error: z.string().nullable(),
  })
  .strict();

export type RunEvent = z.output<typeof RunEventSchema>;
export type RunSummary = z.output<typeof RunSummarySchema>;
export type Spread = z.output<typeof SpreadSchema>;
export type BackendFacts = z.output<typeof BackendFactsSchema>;
export type RoundStarted = Extract<RunEvent, { type: 'round-started' }>;
/** What a round said its lanes are named for: its backend and how its threads are measured. */
export type RoundNaming = Pick<RoundStarted, 'backend' | 'threadMethod'>;
export type LessonTag = z.output<typeof LessonTagSchema>;
export type MeasuredThread = z.output<typeof MeasuredThreadSchema>;
export type MeasuredThreads = z.output<typeof MeasuredThreadsSchema>;
export type ThreadGilStats = z.output<typeof ThreadGilStatsSchema>;
export type Measurement = z.output<typeof MeasurementSchema>;
/** What a caller may send: defaults not yet filled in. */
export type StartRunRequest = z.input<typeof StartRunRequestSchema>;
/** A start request as the contract delivers it, defaults filled in. */
export type ParsedStartRunRequest = z.output<typeof StartRunRequestSchema>;

/**
 * The machine's load that wasn't the lab's own: whole-machine cores' worth busy (the monitor)
 * minus the lab's CPU ÷ wall. The two are measured differently, so a small negative gap is noise.
 */
export function otherBusyCores(machineBusyCores: number, ownBusyCores: number): number {
  return Math.max(0, machineBusyCores - ownBusyCores);
}

/**
 * "stopped after 1.4 s; no result" for a measurement that didn't complete, else null: the one
 * way a stopped run is said, timed from Run as the room waited for it.
 */
export function describeStopped(m: Pick<Measurement, 'outcome' | 'elapsedMs'>): string | null {
  if (m.outcome === 'completed') return null;
  const how = m.outcome === 'cancelled' ? 'stopped' : m.outcome === 'timed-out' ? 'timed out' : 'failed';
  return `${how} after ${(m.elapsedMs / 1000).toFixed(1)} s; no result`;
}
