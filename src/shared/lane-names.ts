import { MODE_TRAITS } from './modes';
import type { ModeId, ThreadState } from './vocabulary';

/** What lanes and their states are called, in the app's lanes and in every file exported from them. */

/** What a worker is called in the lanes and their notes: "Process 2" in a process pool, "Thread 2" in threads… */
export function workerName(mode: ModeId | undefined, worker: number): string {
  return `${mode ? MODE_TRAITS[mode].worker : 'Thread'} ${worker + 1}`;
}

/** How each state is named in text, everywhere the lanes are described. */
export const STATE_TEXT: Record<ThreadState, string> = {
  idle: 'idle',
  running: 'running',
  'waiting-gil': 'waiting for the GIL',
  io: 'in I/O',
  native: 'in native code',
  ready: 'waiting for a core',
};

/**
 * Where a real Python run's threads were not sampled from /proc (off Linux): what was not
 * measured and what is shown instead, said alike by the app and the CLI so that no one reads a
 * missing state as a measured 0%.
 */
export const TASK_SPANS_TEXT =
  "Per-thread states (running, runnable, waiting on a futex, in a sleep or I/O syscall) are read from /proc on Linux only and were not measured here: each worker's CPU time and task spans are shown instead.";

/** A lane's drawn state where the lane is a task span, not time the OS measured on a core. */
export const TASK_SPAN_STATE_TEXT = 'in a task (state not measured)';
