/**
 * An engine process for tests that kill it: starts a process pool from the TypeScript sources,
 * hands each worker a task far longer than any test, and prints one line of JSON with the
 * workers' pids once both have started. Run through ts-worker-bootstrap.mjs.
 */
import { forkHost, processSpawner } from '../../../src/core/pool/process-host';
import { WorkerPool } from '../../../src/core/pool/worker-pool';
import { runOnPool } from '../../../src/core/run/run-on-pool';
import { sourceWorkerLocator } from '../../support/workers';

const workload = process.argv.at(-2) === 'io' ? 'io-sleep' : 'cpu';
const pool = new WorkerPool(processSpawner(forkHost, sourceWorkerLocator), () => {});
const started = new Set<number>();
void runOnPool(pool, {
  mode: 'processes',
  workers: 2,
  // About a minute of work each: what a real run's long tasks look like to a dying host.
  tasks:
    workload === 'cpu'
      ? [0, 1].map(() => ({ workload: 'cpu', n: 60_000_000_000 }))
      : [0, 1].map(() => ({ workload: 'io-sleep', ms: 60_000 })),
  switchIntervalMs: 5,
  onEvent: (event) => {
    if (event.type !== 'task-started') return;
    started.add(event.worker);
    if (started.size === 2) console.log(JSON.stringify({ host: process.pid, workers: [pool.pid(0), pool.pid(1)] }));
  },
});
