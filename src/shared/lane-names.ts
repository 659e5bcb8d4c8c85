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
