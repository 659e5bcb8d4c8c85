import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConvoy } from '../../src/core/run/convoy';
import { createTestLab, type TestLab } from '../support/pools';

describe('the convoy effect', () => {
  let lab: TestLab;
  beforeAll(() => {
    lab = createTestLab();
  });
  afterAll(() => lab.close());

  it('slows an I/O loop beside a CPU thread, and it recovers as the switch interval shrinks', async () => {
    const alone = await runConvoy(lab.pools, { cpuThreads: 0, switchIntervalMs: 5, durationMs: 800 });
    const beside5 = await runConvoy(lab.pools, { cpuThreads: 1, switchIntervalMs: 5, durationMs: 800 });
    const beside01 = await runConvoy(lab.pools, { cpuThreads: 1, switchIntervalMs: 0.1, durationMs: 800 });
    // Each I/O round waits up to one interval to win the GIL back: ~1 ms of I/O + ~5 ms of waiting.
    expect(beside5.loopsPerSecond).toBeLessThan(0.4 * alone.loopsPerSecond);
    expect(beside01.loopsPerSecond).toBeGreaterThan(2 * beside5.loopsPerSecond);
  });

  it('hurts the I/O loop more beside two CPU threads than beside one', async () => {
    for (const switchIntervalMs of [5, 1]) {
      const one = await runConvoy(lab.pools, { cpuThreads: 1, switchIntervalMs, durationMs: 800 });
      const two = await runConvoy(lab.pools, { cpuThreads: 2, switchIntervalMs, durationMs: 800 });
      // A thread back from I/O queues behind a CPU thread that asked for the GIL first, and the
      // asker, still awake, usually wins the hand-off: with two, it loses most of them.
      expect(two.loopsPerSecond).toBeLessThan(0.8 * one.loopsPerSecond);
    }
  });

  it('runs as the convoy workload, reporting the I/O loop rate beside the CPU tasks', async () => {
    const convoy = (tasks: number) =>
      lab.run({ workload: 'convoy', mode: 'threads-gil', workers: tasks, tasks, taskMs: 600 });
    const alone = await convoy(1);
    const beside = await convoy(2);
    expect(alone.verified).toBe(true);
    expect(beside.verified).toBe(true);
    expect(alone.ioLoop!.loops).toBeGreaterThan(0);
    expect(beside.ioLoop!.loopsPerSecond).toBeLessThan(0.4 * alone.ioLoop!.loopsPerSecond);
    expect(beside.gil!.switches).toBeGreaterThan(10);
  });
});
