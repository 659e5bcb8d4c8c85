import { describe, expect, it } from 'vitest';
import { EventLoopWatch } from '../../src/core/util/event-loop-watch';

describe('EventLoopWatch', () => {
  it('reports a stall of about the time the loop was blocked', async () => {
    const watch = new EventLoopWatch().start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    watch.reset();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const end = performance.now() + 30;
    while (performance.now() < end) {
      // block the loop for 30 ms
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const report = watch.report();
    watch.stop();
    expect(report.maxStallMs).toBeGreaterThanOrEqual(28);
    expect(report.maxStallMs).toBeLessThan(200);
    expect(report.samples).toBeGreaterThan(10);
  });
});
