/**
 * Every enum GIL Lab speaks, each written once as a const tuple. Schemas take them with
 * `z.enum(...)`, types with `(typeof X)[number]`, and no other file lists their members.
 *
 * Order matters for two of them: thread states and timeline kinds are stored by index, in the
 * simulated GIL's shared memory and in the packed columns of saved sessions. Reordering either
 * would silently misread every saved file, so tests/shared/vocabulary.test.ts pins each index
 * to the session format version; changing one means a new version and a migration.
 */

/** The lab's workloads, as the CLI and the UI name them. */
export const WORKLOAD_NAMES = [
  'cpu',
  'primes',
  'hash',
  'io-sleep',
  'io-file',
  'tiny',
  'transfer',
  'counter',
  'convoy',
  'json',
] as const;
export type WorkloadId = (typeof WORKLOAD_NAMES)[number];

/**
 * How a run executes its tasks: one thread, threads under one GIL, free threads, processes,
 * sub-interpreters with a GIL each, or one asyncio event loop. What each one means is in modes.ts.
 */
export const EXECUTION_MODES = [
  'sequential',
  'threads-gil',
  'threads-free',
  'processes',
  'asyncio',
  'interpreters',
] as const;
export type ModeId = (typeof EXECUTION_MODES)[number];

/**
 * What runs a lab's workloads: the simulated GIL on Node's threads and processes, or real
 * CPython on this machine (the lab's own scripts in python/).
 */
export const BACKEND_IDS = ['simulation', 'python'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/**
 * What a worker thread is doing, as drawn in its lane. Stored by index (see above). `ready` is
 * runnable but waiting for a core, as the OS scheduler measured it (Linux schedstat); the others
 * are what the thread itself reports.
 */
export const THREAD_STATES = ['idle', 'running', 'waiting-gil', 'io', 'native', 'ready'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/** The counter workload's ways of doing `x += 1`. */
export const COUNTER_VARIANTS = ['plain', 'call-between', 'lock'] as const;
export type CounterVariant = (typeof COUNTER_VARIANTS)[number];

/** A measurement's two parts: the sequential baseline, then the runs of the chosen mode. */
export const RUN_PHASES = ['baseline', 'run'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** How one round of a run ended. */
export const RUN_OUTCOMES = ['completed', 'cancelled', 'timed-out', 'failed'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** Rows of a saved run's timeline. Stored by index (see above). */
export const TIMELINE_KINDS = ['task-started', 'task-finished', 'task-failed', 'worker-state'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Where the engine reads per-core load from. */
export const LOAD_SOURCES = ['proc-stat', 'os-cpus', 'synthetic'] as const;
export type LoadSource = (typeof LOAD_SOURCES)[number];

/** Which shell hosts the engine: the Electron app, the browser-mode server or the headless CLI. */
export const HOST_KINDS = ['electron', 'browser', 'cli'] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/** Why a request on the contract failed (see ContractError); the wire adds its own "internal". */
export const CONTRACT_ERROR_CODES = ['unknown-channel', 'invalid-payload', 'invalid-message', 'refused'] as const;
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];
export const WIRE_ERROR_CODES = [...CONTRACT_ERROR_CODES, 'internal'] as const;

/** How the monitor's own cost was measured: the sampler thread's schedstat, or its busy time. */
export const MONITOR_COST_METHODS = ['thread-schedstat', 'busy-time'] as const;

/** Whose CPU a round's live load counts: the worker processes, or the engine's own process. */
export const LOAD_COUNTED = ['worker-processes', 'engine-process'] as const;
export type LoadCounted = (typeof LOAD_COUNTED)[number];

/**
 * How a real Python run's threads were measured: each thread's scheduler state read from
 * /proc/<pid>/task/<tid> (Linux), or only each worker's CPU time and task spans (elsewhere).
 */
export const THREAD_MEASURE_METHODS = ['proc-task-sampling', 'task-spans'] as const;
export type ThreadMeasureMethod = (typeof THREAD_MEASURE_METHODS)[number];

/** The build of a real Python: with the GIL, or free-threaded (PEP 703, Py_GIL_DISABLED). */
export const PYTHON_BUILDS = ['gil', 'free-threaded'] as const;
export type PythonBuild = (typeof PYTHON_BUILDS)[number];

/** How a task's CPU time was measured: its thread's schedstat, its process's usage, or wall time. */
export const TASK_CPU_METHODS = ['thread-schedstat', 'process-cpu-usage', 'wall-time'] as const;
export type TaskCpuMethod = (typeof TASK_CPU_METHODS)[number];

/**
 * Who a browser-mode connection is, decided by the listener it arrived on: the loopback one
 * serves the teacher's own app (control), the shared one only ever serves the class (follower).
 */
export const CLASS_ROLES = ['control', 'follower'] as const;
export type ClassRole = (typeof CLASS_ROLES)[number];

/** Why the class board marks a machine's run as one to look at twice. */
export const BOARD_FLAGS = ['speedup-outlier', 'power-saver', 'busy-machine', 'not-verified', 'not-completed'] as const;
export type BoardFlag = (typeof BOARD_FLAGS)[number];

/** Why a run sent to a class board did not arrive: each has its own advice for the student. */
export const BOARD_SEND_PROBLEMS = ['address', 'unreachable', 'token', 'rate-limited', 'too-large', 'refused'] as const;
export type BoardSendProblem = (typeof BOARD_SEND_PROBLEMS)[number];
