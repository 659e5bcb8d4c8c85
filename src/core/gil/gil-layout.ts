import { SWITCH_INTERVAL_DEFAULT_MS } from '../../shared/limits';
import { THREAD_STATES } from '../../shared/vocabulary';

/**
 * The simulated GIL lives in one SharedArrayBuffer that every thread of a run maps. Layout:
 *
 *   control   Int32Array   the lock word, holder, switch counter, drop request, settings
 *   stats     Float64Array per thread: time running, waiting for the GIL, in I/O, counts
 *   timeline  a ring of (time, thread, state) events, bounded however long the run lasts
 *   queue     per thread: the ticket of its current wait for the GIL (0: not waiting), and
 *             the word it sleeps on
 *
 * Each thread writes only its own stats row, so only the control words need atomics.
 */
export const CONTROL = {
  LOCKED: 0,
  HOLDER: 1,
  /** Bumped on every acquisition; a waiter that sees it unchanged after a timeout asks for a drop. */
  SWITCH_NUMBER: 2,
  /** Set when a waiter wants the GIL or the run is cancelled: the eval breaker's one word to poll. */
  DROP_REQUEST: 3,
  INTERVAL_US: 4,
  /** 1 under the GIL, 0 free-threaded (PEP 703). */
  ENABLED: 5,
  TIMELINE_NEXT: 6,
  CANCELLED: 7,
  /** Threads currently between acquire and release; must never exceed 1 under the GIL. */
  INSIDE: 8,
  /** Times INSIDE was seen above 1: the mutual-exclusion check tests assert is zero. */
  OVERLAPS: 9,
  /** Threads sleeping in take(). A forced drop only waits for a switch if there is a taker. */
  WAITERS: 10,
  /** The thread that last took the GIL; a switch is counted only when the holder changes. */
  LAST_HOLDER: 11,
  /** Numbers each wait for the GIL, so a release can wake the one waiting longest. */
  TICKET: 12,
  LENGTH: 16,
} as const;

export const STAT = {
  RUN_MS: 0,
  WAIT_MS: 1,
  IO_MS: 2,
  NATIVE_MS: 3,
  ACQUISITIONS: 4,
  /** Times this thread gave the GIL up because another asked for it. */
  FORCED_DROPS: 5,
  LONGEST_WAIT_MS: 6,
  LENGTH: 8,
} as const;

/**
 * What a thread is doing, as the index of its name in THREAD_STATES: the code a thread writes
 * into the shared timeline and a process worker reports.
 */
export const THREAD_STATE = {
  IDLE: THREAD_STATES.indexOf('idle'),
  /** Running Python bytecode: holding the GIL, or free-threaded. */
  RUNNING: THREAD_STATES.indexOf('running'),
  WAITING_GIL: THREAD_STATES.indexOf('waiting-gil'),
  IO: THREAD_STATES.indexOf('io'),
  /** In native code that released the GIL (hashlib on a large buffer). */
  NATIVE: THREAD_STATES.indexOf('native'),
} as const;
/** A THREAD_STATE code. */
export type ThreadStateCode = number;

export const DEFAULT_TIMELINE_CAPACITY = 32_768;

export interface GilViews {
  control: Int32Array;
  stats: Float64Array;
  times: Float64Array;
  events: Int32Array;
  /** Per thread: the ticket of its current wait for the GIL, 0 when not waiting; a release wakes the oldest. */
  waiting: Int32Array;
  /** Per thread: the word it sleeps on, bumped by whoever hands it the GIL. */
  wake: Int32Array;
  threads: number;
  capacity: number;
}

function byteLength(
  threads: number,
  capacity: number,
): { stats: number; times: number; events: number; waiting: number; wake: number; total: number } {
  const stats = CONTROL.LENGTH * 4;
  const times = stats + threads * STAT.LENGTH * 8;
  const events = times + capacity * 8;
  const waiting = events + capacity * 4;
  const wake = waiting + threads * 4;
  return { stats, times, events, waiting, wake, total: wake + threads * 4 };
}

export function createGilBuffer(options: {
  threads: number;
  enabled: boolean;
  switchIntervalMs?: number;
  capacity?: number;
}): SharedArrayBuffer {
  const capacity = options.capacity ?? DEFAULT_TIMELINE_CAPACITY;
  const buffer = new SharedArrayBuffer(byteLength(options.threads, capacity).total);
  const { control } = gilViews(buffer, options.threads, capacity);
  control[CONTROL.HOLDER] = -1;
  control[CONTROL.LAST_HOLDER] = -1;
  control[CONTROL.ENABLED] = options.enabled ? 1 : 0;
  control[CONTROL.INTERVAL_US] = Math.round((options.switchIntervalMs ?? SWITCH_INTERVAL_DEFAULT_MS) * 1000);
  return buffer;
}

export function gilViews(buffer: SharedArrayBuffer, threads: number, capacity = DEFAULT_TIMELINE_CAPACITY): GilViews {
  const at = byteLength(threads, capacity);
  return {
    control: new Int32Array(buffer, 0, CONTROL.LENGTH),
    stats: new Float64Array(buffer, at.stats, threads * STAT.LENGTH),
    times: new Float64Array(buffer, at.times, capacity),
    events: new Int32Array(buffer, at.events, capacity),
    waiting: new Int32Array(buffer, at.waiting, threads),
    wake: new Int32Array(buffer, at.wake, threads),
    threads,
    capacity,
  };
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable across threads. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
