import type { ModeId } from './vocabulary';

/**
 * What each execution mode is, in the terms every layer needs: how many lanes a round of it
 * draws, whose GIL its workers run under, whether its workers share memory, and whether each
 * worker is an OS process of its own. Backends, exports and the renderer read these facts here
 * instead of comparing mode ids.
 */
export interface ModeTraits {
  /** What one worker is called in lanes and traces ("Thread 2", "Interpreter 2"). */
  readonly worker: string;
  /**
   * How many lanes a round draws: one for a plain loop and for one event loop (however many
   * tasks it runs), one per worker otherwise.
   */
  readonly lanes: 'one' | 'per-worker';
  /**
   * Whose GIL the workers run under: one shared by every thread, one each (a process or a
   * sub-interpreter), none (free-threaded), or the one thread's own (sequential, asyncio).
   */
  readonly gil: 'shared' | 'per-worker' | 'none' | 'one-thread';
  /** True when the workers see each other's objects; false when each has its own copy. */
  readonly sharedMemory: boolean;
  /** True when each worker is an OS process of its own. */
  readonly osProcesses: boolean;
}

export const MODE_TRAITS: { readonly [M in ModeId]: ModeTraits } = {
  sequential: { worker: 'Thread', lanes: 'one', gil: 'one-thread', sharedMemory: true, osProcesses: false },
  'threads-gil': { worker: 'Thread', lanes: 'per-worker', gil: 'shared', sharedMemory: true, osProcesses: false },
  'threads-free': { worker: 'Thread', lanes: 'per-worker', gil: 'none', sharedMemory: true, osProcesses: false },
  processes: { worker: 'Process', lanes: 'per-worker', gil: 'per-worker', sharedMemory: false, osProcesses: true },
  asyncio: { worker: 'Event loop', lanes: 'one', gil: 'one-thread', sharedMemory: true, osProcesses: false },
  interpreters: {
    worker: 'Interpreter',
    lanes: 'per-worker',
    gil: 'per-worker',
    sharedMemory: false,
    osProcesses: false,
  },
};

/** How many workers a round of this mode runs on: one for a plain loop or an event loop. */
export function roundWorkers(mode: ModeId, workers: number): number {
  return MODE_TRAITS[mode].lanes === 'one' ? 1 : workers;
}
