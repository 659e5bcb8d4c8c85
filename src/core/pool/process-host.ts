import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.once('exit', (code, signal) =>
          listener(signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`),
        ),
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
