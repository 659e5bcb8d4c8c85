import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
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

/**
 * A worker process's last word: the error nobody caught, sent before it exits, so the host can
 * say what happened ("threw: …") as it does for a worker thread, not only "exited with code 1".
 */
export const FatalReportSchema = z.object({ type: z.literal('fatal'), message: z.string().max(2000) }).strict();
export type FatalReport = z.output<typeof FatalReportSchema>;

/** How long a utility process waits for its last word to leave before it exits: it has no send callback. */
const LAST_WORD_MS = 100;

/** Sends an uncaught error to the host, then exits with code 1 as Node would have. */
function reportUncaught(send: (report: FatalReport, sent: () => void) => void): void {
  process.once('uncaughtException', (error) => {
    console.error(error);
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    send({ type: 'fatal', message }, () => process.exit(1));
  });
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
    reportUncaught((report, sent) => {
      utility.postMessage(report);
      setTimeout(sent, LAST_WORD_MS);
    });
    return {
      host: 'utility-process',
      post: (message) => utility.postMessage(message),
      onMessage: (listener) => utility.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    reportUncaught((report, sent) => {
      try {
        send(report, () => sent());
      } catch {
        sent();
      }
    });
    return {
      host: 'child-process',
      post: (message) => send(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('This module is a worker entry: start it as a worker thread, utility process or fork.');
}
