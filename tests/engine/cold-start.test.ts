import { afterEach, describe, expect, it } from 'vitest';
import { processSpawner, forkHost } from '../../src/core/pool/process-host';
import { threadSpawner } from '../../src/core/pool/thread-spawner';
import type { WorkerSpawner } from '../../src/core/pool/worker-handle';
import { WorkerPool } from '../../src/core/pool/worker-pool';
import type { TaskSpec } from '../../src/core/workloads/task-kind';
import { sourceWorkerLocator } from '../support/workers';

/** About a third of a second of the `cpu` kernel here: long enough for V8's tiers to show. */
const TASK: TaskSpec = { workload: 'cpu', n: 300_000_000 };
/** A task of a fresh pool's first round may differ from a warm one by this factor either way. */
const FACTOR = 1.5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs one task on a slot and returns its CPU time in ms, as the worker measured it. */
function cpuMsOf(pool: WorkerPool, slot: number, id: number): Promise<number> {
  return pool.request(slot, { type: 'task', id, spec: TASK }, (report) =>
    report.type === 'done' && report.id === id ? report.cpuMs : report.type === 'failed' ? Number.NaN : undefined,
  );
}

/**
 * A fresh pool's first task against a warm worker's, on CPU time (the worker's own thread), so
 * other programs' load on the machine does not enter the comparison. A kernel V8 has not
 * optimised yet runs its first long task at a speed of its own, several times slower or up to
 * twice as fast as the warm code that calibration measured, and which one varies from start to
 * start; a worker warm from its start runs the warm code from its first task.
 */
describe('a freshly started pool', () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  for (const [name, spawner] of [
    ['thread', () => threadSpawner(sourceWorkerLocator)],
    ['process', () => processSpawner(forkHost, sourceWorkerLocator)],
  ] as const satisfies readonly (readonly [string, () => WorkerSpawner])[]) {
    it(`runs its first ${name} task of a warmed kernel at a warm task's speed`, async () => {
      pool = new WorkerPool(spawner(), () => {});
      await pool.ensure(2);
      // Slot 1 is the warm reference: warmed as a round warms it, then run until it is steady.
      await pool.request(1, { type: 'warm', id: 0, spec: TASK }, (r) => (r.type === 'warmed' ? true : undefined));
      for (const slot of [0, 1]) pool.post(slot, { type: 'run', switchIntervalMs: 5 });
      // Slot 0 gets its first task straight away, as a fresh engine's first round would.
      const first = await cpuMsOf(pool, 0, 0);
      const warm: number[] = [];
      for (let id = 1; id <= 3; id++) warm.push(await cpuMsOf(pool, 1, id));
      const reference = median(warm);
      console.log(
        `${name} pool: first task of a fresh worker ${first.toFixed(0)} ms CPU, warm worker ${warm.map((x) => x.toFixed(0)).join(' / ')} ms (ratio ${(first / reference).toFixed(2)}); ` +
          `start-up per worker ${pool.spawnTimesMs.map((x) => x.toFixed(0)).join(', ')} ms, of which warming ${pool.warmTimesMs.map((x) => x.toFixed(0)).join(', ')} ms`,
      );
      expect(first / reference).toBeLessThan(FACTOR);
      expect(first / reference).toBeGreaterThan(1 / FACTOR);
      // Every worker says what its warm-up cost, so the pool's start-up can be reported.
      for (const ms of pool.warmTimesMs) expect(ms).toBeGreaterThan(0);
    });
  }
});
