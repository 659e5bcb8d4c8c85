import { describe, expect, it } from 'vitest';
import { forkHost, processSpawner } from '../../src/core/pool/process-host';
import { threadSpawner } from '../../src/core/pool/thread-spawner';
import { WorkerPool } from '../../src/core/pool/worker-pool';
import { runOnPool } from '../../src/core/run/run-on-pool';
import type { WorkerLocator } from '../../src/core/workers/spawn-thread';

const faulty =
  (fault: 'throw' | 'oom' | 'exit'): WorkerLocator =>
  () => ({
    url: new URL('../support/ts-worker-bootstrap.mjs', import.meta.url),
    argv: [fault, new URL('../support/faulty-worker.ts', import.meta.url).href],
  });

async function failOnce(pool: WorkerPool) {
  const lost: string[] = [];
  const run = await runOnPool(pool, {
    mode: pool.kind === 'thread' ? 'threads-gil' : 'processes',
    workers: 1,
    tasks: [{ workload: 'io-sleep', ms: 1 }],
    switchIntervalMs: 5,
    onEvent: (e) => {
      if (e.type === 'worker-lost') lost.push(e.reason);
    },
  });
  return { run, lost };
}

describe('a worker that fails', () => {
  it.each([
    ['throws', 'throw', /^worker 1 threw: boom$/],
    ['runs out of memory', 'oom', /^worker 1 ran out of memory \(heap limit 64 MB\)$/],
    ['exits', 'exit', /^worker 1 exited with code 3$/],
  ] as const)('as a thread that %s is reported with its reason and replaced', async (_label, fault, reason) => {
    const logs: string[] = [];
    const pool = new WorkerPool(threadSpawner(faulty(fault), 64), (line) => logs.push(line));
    try {
      const { run, lost } = await failOnce(pool);
      expect(run.outcome).toBe('failed');
      expect(run.tasks[0]!.error).toMatch(reason);
      expect(lost).toHaveLength(1);
      // A fresh worker took its place, and the host is still here to see it.
      await pool.ensure(1);
      expect(pool.spawnTimesMs.length).toBe(2);
      expect(logs.some((l) => l.includes('replacing it'))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('as a process that exits is reported with its code and replaced', async () => {
    const pool = new WorkerPool(processSpawner(forkHost, faulty('exit')), () => {});
    try {
      const before = (await pool.ensure(1), pool.pid(0));
      const { run } = await failOnce(pool);
      expect(run.tasks[0]!.error).toBe('worker 1 exited with code 3');
      await pool.ensure(1);
      expect(pool.pid(0)).not.toBe(before);
    } finally {
      await pool.close();
    }
  });

  it('as a process that throws is reported with what it threw, not only its exit code, and replaced', async () => {
    const logs: string[] = [];
    const pool = new WorkerPool(processSpawner(forkHost, faulty('throw')), (line) => logs.push(line));
    try {
      const before = (await pool.ensure(1), pool.pid(0));
      const { run, lost } = await failOnce(pool);
      expect(run.outcome).toBe('failed');
      expect(run.tasks[0]!.error).toBe('worker 1 threw: boom');
      expect(lost).toEqual(['threw: boom']);
      // Its last word is the host's to read, not a report the pool calls malformed.
      expect(logs.filter((l) => l.includes('malformed'))).toEqual([]);
      await pool.ensure(1);
      expect(pool.pid(0)).not.toBe(before);
    } finally {
      await pool.close();
    }
  });

  it('fails a request it was waiting on, with the reason, rather than waiting for the timeout', async () => {
    const pool = new WorkerPool(processSpawner(forkHost, faulty('exit')), () => {});
    try {
      const started = Date.now();
      const asked = pool.request(0, { type: 'task', id: 0, spec: { workload: 'io-sleep', ms: 1 } }, () => undefined);
      await expect(asked).rejects.toThrow(/^worker 1 exited with code 3 before it answered "task"$/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await pool.close();
    }
  });

  it('gives up on a request nobody answers, after its timeout', async () => {
    const pool = new WorkerPool(threadSpawner(faulty('exit')), () => {});
    try {
      const asked = pool.request(0, { type: 'expect', id: 0, spec: { workload: 'cpu', n: 1 } }, () => undefined, 300);
      await expect(asked).rejects.toThrow('worker 1 did not answer "expect" within 0.3 s');
    } finally {
      await pool.close();
    }
  });
});
