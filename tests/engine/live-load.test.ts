import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/shared/contract';
import { StartRunRequestSchema, type Measurement } from '../../src/shared/measurement';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { RunManager } from '../../src/core/run/run-manager';
import { createTestLab, type TestLab } from '../support/pools';
import { startMonitor } from '../support/monitor';
import { reachable } from '../support/reach';
import { median } from '../support/median';

const CORES = os.availableParallelism();

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

  /** The live readings of one run, and its measurement (with the other programs' load beside it). */
  async function liveLoad(
    mode: 'threads-gil' | 'processes',
  ): Promise<{ seen: EventPayload<'run:load-measured'>[]; measurement: Measurement | null }> {
    const seen: EventPayload<'run:load-measured'>[] = [];
    let measurement: Measurement | null = null;
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
        measurement = f.measurement;
        stop();
        resolve();
      });
    });
    off();
    // The first readings cover a few ms of start-up; judge the round by the rest.
    return { seen: seen.filter((p) => p.runId === runId && p.phase === 'run' && p.wallMs > 300), measurement };
  }

  it('counts the engine process for GIL threads: about one core, however many threads', async () => {
    const { seen } = await liveLoad('threads-gil');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p) => p.counted === 'engine-process')).toBe(true);
    for (const figure of ['busyCores', 'recentBusyCores'] as const) {
      expect(median(seen.map((p) => p[figure]))).toBeLessThanOrEqual(1.15);
      expect(median(seen.map((p) => p[figure]))).toBeGreaterThan(0.6);
    }
  });

  it('counts the worker processes for a process pool: every core', async () => {
    const { seen, measurement } = await liveLoad('processes');
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => p.counted === 'worker-processes')).toBe(true);
    // Every core on a quiet machine; what other programs left on a busy one (half a core of
    // other load here took the live figure to 1.63).
    const reach = reachable(measurement!, 0.85 * CORES);
    console.log(
      `processes, live: ${Math.max(...seen.map((p) => p.recentBusyCores)).toFixed(2)} over the last second at most, ` +
        `other load ${measurement!.runs.map((r) => r.otherBusyCores?.toFixed(2)).join(' ')}, held to ${reach.toFixed(2)}`,
    );
    expect(Math.max(...seen.map((p) => p.recentBusyCores))).toBeGreaterThanOrEqual(reach);
    expect(Math.max(...seen.map((p) => p.busyCores))).toBeGreaterThanOrEqual(reach);
  });
});
