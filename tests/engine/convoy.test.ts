import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConvoy } from '../../src/core/run/convoy';
import type { LabPools } from '../../src/core/run/lab-pools';
import { createTestPools } from '../support/pools';

describe('the convoy effect', () => {
  let pools: LabPools;
  beforeAll(() => {
    pools = createTestPools();
  });
  afterAll(() => pools.close());

  it('slows an I/O loop beside a CPU thread, and it recovers as the switch interval shrinks', async () => {
    const alone = await runConvoy(pools, { cpuThreads: 0, switchIntervalMs: 5, durationMs: 800 });
    const beside5 = await runConvoy(pools, { cpuThreads: 1, switchIntervalMs: 5, durationMs: 800 });
    const beside01 = await runConvoy(pools, { cpuThreads: 1, switchIntervalMs: 0.1, durationMs: 800 });
    // Each I/O round waits up to one interval to win the GIL back: ~1 ms of I/O + ~5 ms of waiting.
    expect(beside5.loopsPerSecond).toBeLessThan(0.4 * alone.loopsPerSecond);
    expect(beside01.loopsPerSecond).toBeGreaterThan(2 * beside5.loopsPerSecond);
  });
});
