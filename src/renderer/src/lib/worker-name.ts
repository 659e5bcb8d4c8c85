import type { ModeId } from '../../../shared/vocabulary';

/** What a worker is called in the lanes and their notes: "Process 2" in a process pool, "Thread 2" otherwise. */
export function workerName(mode: ModeId | undefined, worker: number): string {
  return `${mode === 'processes' ? 'Process' : 'Thread'} ${worker + 1}`;
}
