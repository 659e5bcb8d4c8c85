import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/shared/contract';
import { StartRunRequestSchema } from '../../src/shared/measurement';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { RunManager } from '../../src/core/run/run-manager';
import { createTestLab, type TestLab } from '../support/pools';
import { startMonitor } from '../support/monitor';

const CORES = os.availableParallelism();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The live "cores' worth busy" of a run, read from the OS while it goes, on real pools. */
describe('live CPU ÷ wall of a running round', () => {
  let lab: TestLab;
  let monitor: CpuMonitor;
  let runs: RunManager;
  beforeAll(() => {
    lab = createTestLab();
    monitor = startMonitor(4);
    runs = new RunManager(lab.backends, monitor);
  });
  afterAll(async () => {
    await monitor.stop();
    runs.close();
    await lab.close();
  });

  async function liveLoad(mode: 'threads-gil' | 'processes'): Promise<EventPayload<'run:load-measured'>[]> {
    const seen: EventPayload<'run:load-measured'>[] = [];
    const off = runs.loadMeasured.add((p) => seen.push(p));
    const { runId } = runs.start(
      StartRunRequestSchema.parse({
        params: { workload: 'cpu', mode, workers: CORES, tasks: 2 * CORES, taskMs: 700 },
        baseline: false,
      }),
    );
    await new Promise<void>((resolve) => {
      const stop = runs.finished.add((f) => {
        if (f.runId !== runId) return;
        stop();
        resolve();
      });
    });
    off();
    // The first readings cover a few ms of start-up; judge the round by the rest.
    return seen.filter((p) => p.runId === runId && p.phase === 'run' && p.wallMs > 300);
  }

  it('counts the engine process for GIL threads: about one core, however many threads', async () => {
    const seen = await liveLoad('threads-gil');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p) => p.counted === 'engine-process')).toBe(true);
    for (const figure of ['busyCores', 'recentBusyCores'] as const) {
      expect(median(seen.map((p) => p[figure]))).toBeLessThanOrEqual(1.15);
      expect(median(seen.map((p) => p[figure]))).toBeGreaterThan(0.6);
    }
  });

  it('counts the worker processes for a process pool: every core', async () => {
    const seen = await liveLoad('processes');
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => p.counted === 'worker-processes')).toBe(true);
    expect(Math.max(...seen.map((p) => p.recentBusyCores))).toBeGreaterThanOrEqual(0.85 * CORES);
    expect(Math.max(...seen.map((p) => p.busyCores))).toBeGreaterThanOrEqual(0.85 * CORES);
  });
});
