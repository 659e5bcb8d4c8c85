import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FatalReportSchema } from '../workers/parent-port';
import type { WorkerLocator } from '../workers/spawn-thread';
import type { WorkerHandle, WorkerSpawner } from './worker-handle';

/**
 * What the process pool needs from the platform: start one OS process running the task
 * worker. Electron's utilityProcess and Node's child_process.fork both fit.
 */
export interface ProcessHost {
  readonly name: string;
  start(entry: { url: URL; argv?: string[] }, serviceName: string): WorkerHandle;
}

/** A failed send needs no handling of its own: the child's exit follows, with its reason. */
const ignoreSendError = (): void => {};

/**
 * Why a worker process ended, in words: what it threw if it said so before exiting (see
 * reportUncaught in parent-port.ts), else its signal or exit code. Shared by every process host.
 */
export function processExitReason(lastWord: string | null, code: number | null, signal?: string | null): string {
  if (lastWord !== null) return `threw: ${lastWord}`;
  return signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
}

/** A worker process's last word, if this message is that; null for every other message. */
export function lastWordOf(message: unknown): string | null {
  // Every task report passes through here: only a message typed 'fatal' is worth parsing.
  if ((message as { type?: unknown } | null)?.type !== 'fatal') return null;
  const parsed = FatalReportSchema.safeParse(message);
  return parsed.success ? parsed.data.message : null;
}

/** child_process.fork, with V8 serialization so typed arrays cross intact. */
export const forkHost: ProcessHost = {
  name: 'child_process.fork',
  start(entry, serviceName) {
    const child = fork(fileURLToPath(entry.url), entry.argv ?? [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, GIL_LAB_SERVICE: serviceName },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let lastWord: string | null = null;
    child.on('message', (message) => (lastWord ??= lastWordOf(message)));
    // 'close' comes after the exit and after the IPC channel is drained: a last word sent just
    // before the exit has been read by then.
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('close', (code, signal) => resolve([code, signal])),
    );
    const alive = (): boolean => child.connected && child.exitCode === null && child.signalCode === null;
    return {
      kind: 'process',
      pid: child.pid ?? -1,
      get alive() {
        return alive();
      },
      // A send to a child that died a moment ago fails with EPIPE; its exit reports why.
      post: (message) => {
        if (alive()) child.send(message as never, ignoreSendError);
      },
      onMessage: (listener) =>
        child.on('message', (message) => {
          if (lastWordOf(message) === null) listener(message);
        }),
      onExit: (listener) => void closed.then(([code, signal]) => listener(processExitReason(lastWord, code, signal))),
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  },
};

export function processSpawner(host: ProcessHost, locate: WorkerLocator): WorkerSpawner {
  return {
    kind: 'process',
    spawn: (slot) => host.start(locate('task'), `GIL Lab worker ${slot + 1}`),
  };
}
