import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { createTestLab, type TestLab } from '../support/pools';
import { startMonitor } from '../support/monitor';
import { lastTaskRecorder, reachable } from '../support/reach';

const CORES = os.availableParallelism();
const cpu = { workload: 'cpu', tasks: 4, taskMs: 250 } as const;

describe('the four execution modes on CPU-bound work', () => {
  let lab: TestLab;
  let monitor: CpuMonitor;
  beforeAll(() => {
    lab = createTestLab();
    monitor = startMonitor();
  });
  afterAll(async () => {
    await monitor.stop();
    await lab.close();
  });

  it('sequential runs every task in turn on one thread, about one core busy', async () => {
    const r = await lab.run({ ...cpu, mode: 'sequential', workers: 4 });
    expect(r.verified).toBe(true);
    expect(r.workers).toHaveLength(1);
    expect(r.busyCores).toBeLessThanOrEqual(1.15);
    // Tasks never overlap.
    const sorted = [...r.tasks].sort((a, b) => a.startedAt - b.startedAt);
    sorted.slice(1).forEach((t, i) => expect(t.startedAt).toBeGreaterThanOrEqual(sorted[i]!.endedAt - 1));
  });

  it('sizes a task to take about as long as asked, however many terms that is', async () => {
    // A second and a half is billions of terms on a current CPU, past where V8's small
    // integers end. A loop that outgrew them once ran ten times longer than calibration said.
    const r = await lab.run({ workload: 'cpu', mode: 'sequential', workers: 1, tasks: 2, taskMs: 1500 });
    expect(r.verified).toBe(true);
    for (const t of r.tasks) {
      expect(t.endedAt - t.startedAt).toBeGreaterThan(1500 / 2);
      expect(t.endedAt - t.startedAt).toBeLessThan(1500 * 2);
    }
  });

  it('threads under the GIL keep about one core busy however many threads there are', async () => {
    const r = await lab.run({ ...cpu, mode: 'threads-gil', workers: CORES });
    expect(r.verified).toBe(true);
    expect(r.busyCores).toBeLessThanOrEqual(1.15);
    expect(r.gil?.overlaps).toBe(0);
    expect(r.gil?.switches).toBeGreaterThan(cpu.tasks);
    // Every thread really ran and really waited for the GIL.
    for (const t of r.gil!.threads) {
      expect(t.runMs).toBeGreaterThan(0);
      expect(t.waitMs).toBeGreaterThan(0);
    }
  });

  it.runIf(CORES >= 2)('free threads and processes use every core', async () => {
    // Many short tasks keep the end-of-run tail small, and a first run warms every worker's
    // V8: what is measured is the mode, not a fresh process still compiling its kernel.
    const many = { ...cpu, tasks: 4 * CORES, taskMs: 150 };
    await lab.run({ ...many, mode: 'processes', workers: CORES, tasks: CORES });
    // This machine is shared and noisy: judge the median of three runs, as the benchmarks do.
    const three = { repeat: 3, baseline: false, monitor };
    const [freeTail, procsTail] = [lastTaskRecorder(), lastTaskRecorder()];
    const free = await lab.measure(
      { ...many, mode: 'threads-free', workers: CORES },
      { ...three, onEvent: freeTail.onEvent },
    );
    const procs = await lab.measure(
      { ...many, mode: 'processes', workers: CORES },
      { ...three, onEvent: procsTail.onEvent },
    );
    console.log(
      `free threads ${free.busyCores.median.toFixed(2)}, processes ${procs.busyCores.median.toFixed(2)} cores' worth busy; ` +
        `other load ${[free, procs].map((m) => m.runs.map((r) => r.otherBusyCores?.toFixed(2)).join(' ')).join(' | ')}; ` +
        `idle at the end ${freeTail.idleCores(free).toFixed(2)} | ${procsTail.idleCores(procs).toFixed(2)}`,
    );
    expect(free.verified).toBe(true);
    expect(procs.verified).toBe(true);
    // Less the cores' worth left idle at a round's end while one worker ended the last task.
    expect(free.busyCores.median).toBeGreaterThanOrEqual(reachable(free, 1.6) - freeTail.idleCores(free));
    expect(procs.busyCores.median).toBeGreaterThanOrEqual(reachable(procs, 1.7) - procsTail.idleCores(procs));
    expect(free.runs.every((r) => r.gil?.switches === 0)).toBe(true);
    // Processes are separate OS processes, none of them this one.
    const pids = new Set(procs.runs[0]!.workers.map((w) => w.pid));
    expect(pids.size).toBe(CORES);
    expect(pids.has(process.pid)).toBe(false);
  });

  it('starts the first task within moments of Run on a warm pool', async () => {
    await lab.run({ ...cpu, mode: 'threads-gil', workers: 2, tasks: 2 });
    const r = await lab.run({ ...cpu, mode: 'threads-gil', workers: 2, tasks: 2 });
    expect(r.firstStartMs).toBeGreaterThanOrEqual(0);
    expect(r.firstStartMs).toBeLessThan(250);
  });
});
