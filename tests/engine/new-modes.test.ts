import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { createTestLab, type TestLab } from '../support/pools';
import { startMonitor } from '../support/monitor';
import { lastTaskRecorder, reachable } from '../support/reach';

const CORES = os.availableParallelism();

/** Wall time of a run's tasks from the first start to the last end, in ms. */
const span = (r: { tasks: { startedAt: number; endedAt: number }[] }) =>
  Math.max(...r.tasks.map((t) => t.endedAt)) - Math.min(...r.tasks.map((t) => t.startedAt));

describe('asyncio and sub-interpreters, simulated on real workers', () => {
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

  it('asyncio overlaps ten 0.1 s waits on one thread: about 0.1 s, not 1 s', async () => {
    const r = await lab.run({ workload: 'io-sleep', mode: 'asyncio', workers: 1, tasks: 10, taskMs: 100 });
    console.log(
      `asyncio, 10 × 0.1 s waits: ${r.wallMs.toFixed(0)} ms on ${r.lanes} lane(s), ${r.busyCores.toFixed(3)} busy`,
    );
    expect(r.verified).toBe(true);
    expect(r.lanes).toBe(1);
    expect(r.workers).toHaveLength(1);
    expect(r.wallMs).toBeGreaterThanOrEqual(100);
    expect(r.wallMs).toBeLessThan(300);
    // Every wait ran at the same time as every other.
    const starts = r.tasks.map((t) => t.startedAt);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(50);
    // The lane is honest: the loop is in I/O while every task awaits, and never waits for a GIL.
    const states = new Set(r.timeline.map((e) => e.state));
    expect(states.has('io')).toBe(true);
    expect(states.has('waiting-gil')).toBe(false);
    const io = r.timeline.filter((e) => e.state === 'io');
    expect(io.length).toBeGreaterThan(0);
    expect(r.timeline.every((e) => e.thread === 0)).toBe(true);
  });

  it('asyncio runs CPU work one task after another: about as long as one thread', async () => {
    const cpu = { workload: 'cpu', tasks: 4, taskMs: 150 } as const;
    await lab.run({ ...cpu, mode: 'asyncio', workers: 1 });
    const one = await lab.run({ ...cpu, mode: 'sequential', workers: 1 });
    const loop = await lab.run({ ...cpu, mode: 'asyncio', workers: 4 });
    console.log(
      `asyncio on CPU: ${loop.wallMs.toFixed(0)} ms against one thread's ${one.wallMs.toFixed(0)} ms, ${loop.busyCores.toFixed(2)} cores busy`,
    );
    expect(loop.verified).toBe(true);
    expect(loop.lanes).toBe(1);
    // Spread over 2 cores it would be about 0.5; the machine is shared, so the margin is wide.
    expect(loop.wallMs / one.wallMs).toBeGreaterThan(0.7);
    expect(loop.wallMs / one.wallMs).toBeLessThan(1.4);
    expect(loop.busyCores).toBeLessThanOrEqual(1.15);
    // No task starts before the one before it ends.
    const sorted = [...loop.tasks].sort((a, b) => a.startedAt - b.startedAt);
    sorted.slice(1).forEach((t, i) => expect(t.startedAt).toBeGreaterThanOrEqual(sorted[i]!.endedAt - 1));
    expect(span(loop)).toBeGreaterThan(4 * 150 * 0.7);
  });

  it('asyncio stops within a second when cancelled mid-wait', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const r = await lab.run(
      { workload: 'io-sleep', mode: 'asyncio', workers: 1, tasks: 20, taskMs: 5000 },
      { signal: controller.signal },
    );
    console.log(`asyncio cancelled after ${Date.now() - started} ms`);
    expect(r.outcome).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it.runIf(CORES >= 2)('sub-interpreters spread CPU work over the cores, as processes do', async () => {
    const cpu = { workload: 'cpu', tasks: 4 * CORES, taskMs: 150, mode: 'interpreters', workers: CORES } as const;
    await lab.run({ ...cpu, tasks: CORES });
    const lastTask = lastTaskRecorder();
    const m = await lab.measure(cpu, { repeat: 3, baseline: false, monitor, onEvent: lastTask.onEvent });
    console.log(
      `interpreters, ${CORES} workers: ${m.busyCores.median.toFixed(2)} cores' worth busy (median of 3), ` +
        `other load ${m.runs.map((r) => r.otherBusyCores?.toFixed(2)).join(' ')}, idle at the end ${lastTask.idleCores(m).toFixed(2)}`,
    );
    expect(m.verified).toBe(true);
    expect(m.busyCores.median).toBeGreaterThanOrEqual(reachable(m, 1.6) - lastTask.idleCores(m));
    // Threads of this one process, none of them waiting for another's GIL.
    const round = m.runs.at(-1)!;
    expect(round.workers.every((w) => w.pid === process.pid)).toBe(true);
    expect(round.gil?.switches ?? 0).toBe(0);
  });

  it('sub-interpreters each count their own copy of the counter: no update reaches a shared one', async () => {
    const r = await lab.run({ workload: 'counter', mode: 'interpreters', workers: 2, tasks: 2, switchIntervalMs: 1 });
    expect(r.counter!.final).toBe(0);
    expect(r.tasks.every((t) => t.result === 1_000_000)).toBe(true);
    expect(r.counter!.returned).toBe(r.counter!.expected);
    expect(r.verifyNote).toContain('each interpreter counted its own copy');
    // Threads under one GIL, the same run, share one counter.
    const threads = await lab.run({ workload: 'counter', mode: 'threads-gil', workers: 2, tasks: 2 });
    expect(threads.counter!.final).toBe(2_000_000);
  });

  it('refuses a counter shared through multiprocessing.Value among sub-interpreters', () => {
    expect(() =>
      lab.params({ workload: 'counter', mode: 'interpreters', workers: 2, tasks: 2, sharedMemory: true }),
    ).toThrow(/sub-interpreters share no multiprocessing.Value/);
  });
});
