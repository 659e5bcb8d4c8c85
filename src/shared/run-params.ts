import { z } from 'zod';
import { SWITCH_INTERVAL_DEFAULT_MS, SWITCH_INTERVAL_MAX_MS, SWITCH_INTERVAL_MIN_MS } from './limits';
import { BACKEND_IDS, COUNTER_VARIANTS, EXECUTION_MODES, WORKLOAD_NAMES } from './vocabulary';

export const TASKS_MAX = 10_000;
export const TASK_MS_MAX = 60_000;

/**
 * One experiment's parameters, from the CLI or the UI. Bounds that depend on the machine and
 * the backend (workers ≤ 4 × logical cores, the modes it has) are checked by the engine's
 * parseRunParams, which knows both.
 */
export const RunParamsSchema = z
  .object({
    /** What runs it: the simulated GIL on Node's threads and processes, or real Python. */
    backend: z.enum(BACKEND_IDS).default('simulation'),
    /** python backend: the interpreter to run, a path or a command on the PATH (default python3). */
    python: z.string().min(1).max(4096).optional(),
    workload: z.enum(WORKLOAD_NAMES),
    mode: z.enum(EXECUTION_MODES),
    workers: z.number().int().min(1).max(4096),
    tasks: z.number().int().min(1).max(TASKS_MAX),
    /** Switch interval, as sys.setswitchinterval, in ms. */
    switchIntervalMs: z
      .number()
      .min(SWITCH_INTERVAL_MIN_MS)
      .max(SWITCH_INTERVAL_MAX_MS)
      .default(SWITCH_INTERVAL_DEFAULT_MS),
    /** Target length of one CPU-bound task on this machine, or the wait of one I/O task. */
    taskMs: z.number().min(1).max(TASK_MS_MAX).optional(),
    /** hash: run the SHA-256 updates as native code that releases the GIL, as hashlib does. */
    releasesGil: z.boolean().default(false),
    counterVariant: z.enum(COUNTER_VARIANTS).default('plain'),
    /** counter, processes: share the counter through shared memory (multiprocessing.Value). */
    sharedMemory: z.boolean().default(false),
    /** transfer: bytes sent to the worker with each task. */
    payloadBytes: z
      .number()
      .int()
      .min(1)
      .max(512 * 1024 * 1024)
      .default(16 * 1024 * 1024),
    /** Give up after this long; cancels every worker. */
    timeoutMs: z.number().int().min(100).max(3_600_000).default(600_000),
  })
  .strict();

export type RunParams = z.output<typeof RunParamsSchema>;
export type RunParamsInput = z.input<typeof RunParamsSchema>;
