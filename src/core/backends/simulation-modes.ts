import { MODE_TRAITS } from '../../shared/modes';
import type { RunParams } from '../../shared/run-params';
import type { ModeId } from '../../shared/vocabulary';

/**
 * How the simulation runs one execution mode: which warm pool, what the round's simulated GIL
 * does, and how tasks reach the workers. One descriptor per mode, collected in SIMULATION_MODES;
 * what a mode is (its lanes, its memory) is in shared/modes.ts.
 */
export interface SimulationMode {
  readonly id: ModeId;
  /** Worker threads of the engine's process, or OS processes. */
  readonly pool: 'threads' | 'processes';
  /**
   * The round's shared GIL: a lock the threads take turns on ('locked'), or off, recording only
   * their states ('states-only'); processes keep one each, in their own process ('own-process').
   */
  readonly gil: 'locked' | 'states-only' | 'own-process';
  /**
   * How tasks reach the workers: one at a time as an executor hands them out ('each'), the whole
   * list to one plain loop ('batch'), or the whole list gathered on one event loop ('gather').
   */
  readonly dispatch: 'each' | 'batch' | 'gather';
  /** The largest pool on a machine with this many logical cores, and the rule in words. */
  maxWorkers(logicalCores: number): { workers: number; rule: string };
  /** Why these parameters can't run in this mode, or null. */
  refuse?(params: RunParams): string | null;
}

/** Processes are capped at 4 × logical cores: each is a whole OS process. */
function processLimit(logicalCores: number): { workers: number; rule: string } {
  return { workers: 4 * logicalCores, rule: `4 × ${logicalCores} logical cores` };
}

/**
 * Threads get at least 32: the articles' I/O advice is tens of threads even on a small machine,
 * and an idle waiting thread costs little.
 */
function threadLimit(logicalCores: number): { workers: number; rule: string } {
  return { workers: Math.max(4 * logicalCores, 32), rule: `4 × ${logicalCores} logical cores, or 32` };
}

const sequential: SimulationMode = {
  id: 'sequential',
  pool: 'threads',
  gil: 'locked',
  dispatch: 'batch',
  maxWorkers: threadLimit,
};

const threadsGil: SimulationMode = {
  id: 'threads-gil',
  pool: 'threads',
  gil: 'locked',
  dispatch: 'each',
  maxWorkers: threadLimit,
};

const threadsFree: SimulationMode = {
  id: 'threads-free',
  pool: 'threads',
  gil: 'states-only',
  dispatch: 'each',
  maxWorkers: threadLimit,
};

const processes: SimulationMode = {
  id: 'processes',
  pool: 'processes',
  gil: 'own-process',
  dispatch: 'each',
  maxWorkers: processLimit,
};

/**
 * asyncio: one thread, one event loop, every task a coroutine on it (see pool/event-loop.ts).
 * The thread takes a one-thread GIL that nothing else ever waits for, so its lane shows when
 * the loop runs a task and when it only waits.
 */
const asyncio: SimulationMode = {
  id: 'asyncio',
  pool: 'threads',
  gil: 'locked',
  dispatch: 'gather',
  maxWorkers: threadLimit,
};

/**
 * Sub-interpreters with a GIL each (PEP 684), as InterpreterPoolExecutor runs them: threads of
 * one process, each running one task at a time under its own interpreter's GIL. No other
 * thread ever wants that GIL, so the round's shared one is off and records states only; tasks
 * and payloads are copied to the worker, never shared (the counter counts its own copy).
 */
const interpreters: SimulationMode = {
  id: 'interpreters',
  pool: 'threads',
  gil: 'states-only',
  dispatch: 'each',
  maxWorkers: threadLimit,
  refuse: (params) =>
    params.workload === 'counter' && params.sharedMemory
      ? "sub-interpreters share no multiprocessing.Value: each interpreter's counter is its own copy"
      : null,
};

/** Every mode the simulation runs: one line each. */
export const SIMULATION_MODES: { readonly [M in ModeId]: SimulationMode } = {
  sequential,
  'threads-gil': threadsGil,
  'threads-free': threadsFree,
  processes,
  asyncio,
  interpreters,
};

/** Whether a round's workers see each other's memory, as the workloads plan for. */
export function sharesMemory(mode: ModeId): boolean {
  return MODE_TRAITS[mode].sharedMemory && SIMULATION_MODES[mode].pool === 'threads';
}
