import { spawnThread, type WorkerLocator } from '../workers/spawn-thread';
import type { WorkerHandle, WorkerSpawner } from './worker-handle';

/** Task workers as worker_threads: the lab's Python threads. */
export function threadSpawner(locate: WorkerLocator, heapLimitMb = 1024): WorkerSpawner {
  return {
    kind: 'thread',
    spawn(): WorkerHandle {
      const worker = spawnThread(locate, 'task', undefined, { maxOldGenerationSizeMb: heapLimitMb });
      let exitReason: string | undefined;
      let exited = false;
      worker.once('exit', () => (exited = true));
      worker.on('error', (error) => {
        exitReason =
          (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `ran out of memory (heap limit ${heapLimitMb} MB)`
            : `threw: ${error.message}`;
      });
      return {
        kind: 'thread',
        pid: process.pid,
        get alive() {
          return !exited;
        },
        post: (message) => worker.postMessage(message),
        onMessage: (listener) => worker.on('message', listener),
        onExit: (listener) => worker.once('exit', (code) => listener(exitReason ?? `exited with code ${code}`)),
        kill: async () => {
          await worker.terminate();
        },
      };
    },
  };
}
