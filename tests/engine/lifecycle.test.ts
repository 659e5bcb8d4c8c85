import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunParams, RunParamsError } from '../../src/core/run/run-params';
import type { RunEvent } from '../../src/shared/measurement';
import { createTestLab, type TestLab } from '../support/pools';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('run lifecycle', () => {
  let lab: TestLab;
  const logs: string[] = [];
  beforeAll(() => {
    lab = createTestLab((line) => logs.push(line));
  });
  afterAll(() => lab.close());

  it('reports progress per task and per worker state change', async () => {
    const events: RunEvent[] = [];
    await lab.run(
      { workload: 'io-sleep', mode: 'processes', workers: 2, tasks: 4, taskMs: 50 },
      { onEvent: (e) => events.push(e) },
    );
    expect(events.filter((e) => e.type === 'task-started')).toHaveLength(4);
    const finished = events.filter((e) => e.type === 'task-finished');
    expect(finished.map((e) => (e as { done: number }).done)).toEqual([1, 2, 3, 4]);
    expect(events.some((e) => e.type === 'worker-state' && e.state === 'io')).toBe(true);
  });

  it('announces every round first, with the lanes it runs on, whether it has a GIL lane, and what they are named for', async () => {
    const rounds: { phase: string; event: RunEvent }[] = [];
    const firsts = new Map<string, RunEvent>();
    const observe = (event: RunEvent, phase: string, round: number) => {
      if (!firsts.has(`${phase}:${round}`)) firsts.set(`${phase}:${round}`, event);
      if (event.type === 'round-started') rounds.push({ phase, event });
    };
    await lab.measure(
      { workload: 'io-sleep', mode: 'threads-gil', workers: 3, tasks: 3, taskMs: 20 },
      { onEvent: observe },
    );
    await lab.measure(
      { workload: 'io-sleep', mode: 'sequential', workers: 4, tasks: 2, taskMs: 20 },
      { onEvent: observe, baseline: false },
    );
    expect(
      rounds.map(({ phase, event }) => [
        phase,
        event.type === 'round-started' && [event.lanes, event.gilLane, event.mode, event.backend],
      ]),
    ).toEqual([
      ['baseline', [1, false, 'sequential', 'simulation']],
      ['run', [3, true, 'threads-gil', 'simulation']],
      ['run', [1, false, 'sequential', 'simulation']],
    ]);
    expect([...firsts.values()].every((e) => e.type === 'round-started')).toBe(true);
  });

  it('counts from Run to the first task, sizing and warm-up included, and is quick on a warm pool', async () => {
    // A task length no other test uses, so the first run has to size the kernel.
    const params = { workload: 'primes', mode: 'processes', workers: 2, tasks: 2, taskMs: 37 } as const;
    const cold = await lab.run(params);
    const warm = await lab.run(params);
    expect(cold.verified && warm.verified).toBe(true);
    expect(cold.firstStartMs).toBeGreaterThan(warm.firstStartMs);
    expect(warm.firstStartMs).toBeGreaterThanOrEqual(0);
    expect(warm.firstStartMs).toBeLessThan(250);
  });

  it('cancels processes within a second, leaving no orphan, and replaces them', async () => {
    await lab.pools.processes.ensure(2);
    const before = [lab.pools.processes.pid(0), lab.pools.processes.pid(1)];
    const controller = new AbortController();
    let cancelledAt = 0;
    const onEvent = (e: RunEvent) => {
      if (e.type === 'task-started' && !cancelledAt) {
        cancelledAt = Date.now();
        setTimeout(() => controller.abort(), 200);
      }
    };
    const r = await lab.run(
      { workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 5000 },
      { signal: controller.signal, onEvent },
    );
    expect(r.outcome).toBe('cancelled');
    expect(Date.now() - cancelledAt - 200).toBeLessThan(1000);
    for (const pid of before) expect(alive(pid)).toBe(false);
    const next = await lab.run({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 50 });
    expect(next.verified).toBe(true);
  });

  it('reports a worker that dies mid-run with its reason, and the pool replaces it', async () => {
    await lab.pools.processes.ensure(2);
    const victim = lab.pools.processes.pid(0);
    const onEvent = (e: RunEvent) => {
      if (e.type === 'task-started' && e.worker === 0) process.kill(victim, 'SIGKILL');
    };
    const r = await lab.run({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 1500 }, { onEvent });
    expect(r.outcome).toBe('failed');
    expect(r.tasks.some((t) => t.error === 'worker 1 was killed by SIGKILL')).toBe(true);
    expect(logs.some((l) => l.includes('was killed by SIGKILL; replacing it'))).toBe(true);
    const next = await lab.run({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 50 });
    expect(next.verified).toBe(true);
    expect(lab.pools.processes.pid(0)).not.toBe(victim);
  });

  it('accepts the largest allowed pool', () => {
    expect(
      parseRunParams({ workload: 'io-sleep', mode: 'threads-gil', workers: 32, tasks: 1 }, lab.backends, 2).workers,
    ).toBe(32);
  });

  it('cancels a sequential run mid-list: the running task stops and the rest never start', async () => {
    const controller = new AbortController();
    const onEvent = (e: RunEvent) => {
      if (e.type === 'task-started' && e.task === 1) controller.abort();
    };
    const r = await lab.run(
      { workload: 'cpu', mode: 'sequential', workers: 1, tasks: 5, taskMs: 300 },
      { signal: controller.signal, onEvent },
    );
    expect(r.outcome).toBe('cancelled');
    expect(r.tasks[0]!.error).toBeNull();
    expect(r.tasks.slice(1).every((t) => t.error === 'cancelled')).toBe(true);
  });

  it('works on a second set of pools in the same process, where calibration is already cached', async () => {
    await lab.run({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 60 });
    const fresh = createTestLab();
    try {
      const r = await fresh.run({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 60 });
      expect(r.verified).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('times out, cancelling every worker', async () => {
    const r = await lab.run({
      workload: 'cpu',
      mode: 'threads-gil',
      workers: 2,
      tasks: 2,
      taskMs: 5000,
      timeoutMs: 300,
    });
    expect(r.outcome).toBe('timed-out');
  });

  it.each([
    [{ workload: 'cpu', mode: 'processes', workers: 9, tasks: 1 }, /workers must be at most 8 for processes/],
    [{ workload: 'cpu', mode: 'threads-gil', workers: 33, tasks: 1 }, /workers must be at most 32 for threads-gil/],
    [{ workload: 'cpu', mode: 'threads-gil', workers: 1, tasks: 0 }, /tasks/],
    [{ workload: 'cpu', mode: 'threads-gil', workers: 1, tasks: 10_001 }, /tasks/],
    [{ workload: 'gpu', mode: 'threads-gil', workers: 1, tasks: 1 }, /workload/],
    [{ workload: 'cpu', mode: 'threads-gil', workers: 1, tasks: 1, switchIntervalMs: 0.01 }, /switchIntervalMs/],
    [{ workload: 'cpu', mode: 'threads-gil', workers: 1, tasks: 1, taskMs: 120_000 }, /taskMs/],
  ])('rejects %j with a clear message', (params, pattern) => {
    expect(() => parseRunParams(params, lab.backends, 2)).toThrow(RunParamsError);
    expect(() => parseRunParams(params, lab.backends, 2)).toThrow(pattern);
  });
});
