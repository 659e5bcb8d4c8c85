import { Worker } from 'node:worker_threads';

/** How often a worker process checks that the process that started it is still there. */
export const PARENT_CHECK_MS = 200;

/**
 * Runs on its own thread, so it fires while the worker's main thread is deep in a task: when the
 * process's parent changes (it died, and the OS handed the worker to init or a subreaper), the
 * worker kills itself. CommonJS, as an eval'd worker is.
 */
const WATCH_SOURCE = `
const { workerData } = require('node:worker_threads');
const check = () => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL');
};
check();
setInterval(check, workerData.everyMs);
`;

/**
 * Makes a worker process go when its parent does, whatever it is doing: at once when the IPC
 * channel to an idle worker closes, and within PARENT_CHECK_MS from a watch thread when the
 * main thread is busy in a task, or the parent died without closing the channel (kill -9).
 * `parent` is the pid the process started under.
 */
export function exitWithParent(parent = process.ppid): void {
  process.once('disconnect', () => process.exit(0));
  const watch = new Worker(WATCH_SOURCE, {
    eval: true,
    name: 'gil-lab-parent-watch',
    workerData: { parent, everyMs: PARENT_CHECK_MS },
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
  });
  // It never keeps the process alive on its own.
  watch.unref();
}
