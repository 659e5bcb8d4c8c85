import { parentPort } from 'node:worker_threads';
import { exitWithParent } from './parent-watch';

/**
 * The one way a worker entry talks to whoever started it, whichever of the three hosts that is:
 * a worker_threads Worker (`parentPort`), an Electron utilityProcess (`process.parentPort`,
 * whose messages arrive wrapped as `{ data }`), or a child_process fork (`process.send`). A
 * worker process connected this way exits when its parent dies (see exitWithParent).
 */
export interface ParentPort {
  readonly host: 'worker-thread' | 'utility-process' | 'child-process';
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentPort {
  if (parentPort) {
    const port = parentPort;
    return {
      host: 'worker-thread',
      post: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', listener),
    };
  }
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  // A worker process never outlives the engine that started it.
  if (utility || process.send) exitWithParent();
  if (utility) {
    return {
      host: 'utility-process',
      post: (message) => utility.postMessage(message),
      onMessage: (listener) => utility.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    return {
      host: 'child-process',
      post: (message) => send(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('This module is a worker entry: start it as a worker thread, utility process or fork.');
}
