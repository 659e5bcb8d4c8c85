import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedValueUnsupported } from '../../src/core/workloads/shared-value';
import { createTestLab, type TestLab } from '../support/pools';

describe('workloads, checked answers, on threads and processes', () => {
  let lab: TestLab;
  beforeAll(() => {
    lab = createTestLab();
  });
  afterAll(() => lab.close());

  it.each([
    ['cpu', 'threads-gil'],
    ['cpu', 'processes'],
    ['primes', 'threads-free'],
    ['primes', 'processes'],
    ['hash', 'processes'],
    ['io-file', 'threads-gil'],
    ['io-file', 'processes'],
    ['transfer', 'threads-gil'],
    ['transfer', 'processes'],
    ['json', 'threads-gil'],
    ['json', 'processes'],
  ] as const)('%s on %s gives verified answers', async (workload, mode) => {
    const r = await lab.run({
      workload,
      mode,
      workers: 2,
      tasks: 3,
      taskMs: 100,
      payloadBytes: 1024 * 1024,
    });
    expect(r.outcome).toBe('completed');
    expect(r.verified).toBe(true);
    expect(r.tasks).toHaveLength(3);
  });

  it('runs thousands of tiny tasks, and shows what handing each one out costs', async () => {
    const r = await lab.run({ workload: 'tiny', mode: 'processes', workers: 2, tasks: 2000 });
    expect(r.verified).toBe(true);
    expect(r.tasks).toHaveLength(2000);
    expect(r.dispatchMs.median).toBeGreaterThan(0);
  });

  it('cleans up the temporary file io-file reads', async () => {
    const r = await lab.run({ workload: 'io-file', mode: 'threads-gil', workers: 1, tasks: 1 });
    expect(r.verified).toBe(true);
    const file = String(r.taskSpec.path);
    expect(file).toMatch(/gil-lab-io-/);
    expect(existsSync(file)).toBe(false);
  });

  describe('the shared counter, as CPython 3.11+ behaves', () => {
    const counter = (
      mode: 'threads-gil' | 'threads-free' | 'processes',
      counterVariant: 'plain' | 'call-between' | 'lock',
    ) => lab.run({ workload: 'counter', mode, workers: 4, tasks: 4, counterVariant, switchIntervalMs: 1 });

    it('loses nothing with a plain x += 1 under the GIL', async () => {
      expect((await counter('threads-gil', 'plain')).counter).toEqual({
        expected: 4_000_000,
        final: 4_000_000,
        lost: 0,
      });
    });

    it('loses updates when a call sits between the read and the write', async () => {
      expect((await counter('threads-gil', 'call-between')).counter!.lost).toBeGreaterThan(0);
    });

    it('loses updates free-threaded', async () => {
      // Each thread's million increments take a few milliseconds; on a busy machine the four may
      // happen not to overlap in one run, so give them three.
      let lost = 0;
      for (let run = 0; run < 3 && lost === 0; run++) lost = (await counter('threads-free', 'plain')).counter!.lost;
      expect(lost).toBeGreaterThan(0);
    });

    it('is always exact with a lock', async () => {
      expect((await counter('threads-gil', 'lock')).counter!.lost).toBe(0);
      expect((await counter('threads-free', 'lock')).counter!.lost).toBe(0);
    });

    it('leaves the parent’s counter at 0 with processes: each has its own copy', async () => {
      const r = await counter('processes', 'plain');
      expect(r.counter!.final).toBe(0);
      // Each child counted its own million, and what they sent back adds up.
      expect(r.tasks.every((t) => t.result === 1_000_000)).toBe(true);
      expect(r.counter!.returned).toBe(r.counter!.expected);
    });

    describe('processes sharing one counter, as multiprocessing.Value', () => {
      const shared = (counterVariant: 'plain' | 'lock') =>
        lab.run({
          workload: 'counter',
          mode: 'processes',
          workers: 2,
          tasks: 2,
          counterVariant,
          sharedMemory: true,
        });

      it('loses updates without the lock: v.value += 1 is a read, then a write', async () => {
        const r = await shared('plain');
        expect(r.verified).toBe(true);
        expect(r.counter!.expected).toBe(200_000);
        // Both processes did all their increments, on the one value the parent reads...
        expect(r.tasks.map((t) => t.result)).toEqual([100_000, 100_000]);
        expect(r.counter!.final).toBeGreaterThan(0);
        // ...and some were overwritten by the other process between its read and its write.
        expect(r.counter!.lost).toBeGreaterThan(0);
        // Two processes, each its own pid: not threads of one process.
        expect(new Set(r.workers.map((w) => w.pid)).size).toBe(2);
      });

      it('is refused, with the reason, where there are no named pipes', () => {
        expect(sharedValueUnsupported('win32')).toMatch(/named pipe/);
        expect(sharedValueUnsupported('linux')).toBeNull();
      });

      it('is exact with the lock held around the read and the write, and removes its files', async () => {
        const r = await shared('lock');
        expect(r.counter).toEqual({ expected: 200_000, final: 200_000, lost: 0 });
        const file = String(r.taskSpec.sharedValue);
        expect(file).toMatch(/gil-lab-value-/);
        expect(existsSync(path.dirname(file))).toBe(false);
      });
    });
  });
});
