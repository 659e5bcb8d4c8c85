import { Worker, type ResourceLimits } from 'node:worker_threads';

export type WorkerName = 'sampler' | 'task' | 'session-codec' | 'thread-sampler';

/**
 * Where a worker entry lives. The composition root knows: built files sit beside the bundle in
 * the app and browser mode, while tests point at the TypeScript source through a loader.
 */
export type WorkerLocator = (name: WorkerName) => { url: URL; argv?: string[] };

export function spawnThread(
  locate: WorkerLocator,
  name: WorkerName,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const { url, argv } = locate(name);
  return new Worker(url, { workerData, argv, resourceLimits, name: `gil-lab-${name}` });
}

/** For the built app: workers are emitted to `workers/<name>.js` next to the entry bundle. */
export function builtWorkerLocator(entryUrl: string): WorkerLocator {
  return (name) => ({ url: new URL(`./workers/${name}.js`, entryUrl) });
}
