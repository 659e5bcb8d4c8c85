import { describe, expect, it } from 'vitest';
import type { ValidRunParams } from '../../src/core/run/run-params';
import { TASK_KINDS, WORKLOADS } from '../../src/core/workloads/registry';
import { parseTaskSpec, runTask, TaskSpecError } from '../../src/core/workloads/run-task';
import { privateContext } from '../../src/core/workloads/context';
import type { TaskSpec } from '../../src/core/workloads/task-kind';
import type { WorkloadTools } from '../../src/core/workloads/workload';
import { RunParamsSchema } from '../../src/shared/run-params';
import { WORKLOAD_NAMES } from '../../src/shared/vocabulary';

/** Parameters as parseRunParams would pass them, for descriptors that never look at the machine. */
const params = (input: object) => RunParamsSchema.parse(input) as ValidRunParams;

/** A backend's tools that size every spec to n = 42, and record what was asked. */
function fakeTools(sharedMemory = true): WorkloadTools & { asked: [TaskSpec, number][] } {
  const asked: [TaskSpec, number][] = [];
  return {
    asked,
    sharedMemory,
    calibrated: <S extends TaskSpec>(base: S, targetMs: number) => {
      asked.push([base, targetMs]);
      return Promise.resolve({ ...base, n: 42 } as S);
    },
  };
}

describe('the workload registry', () => {
  it('has one descriptor for every workload name, filed under its own id', () => {
    expect(Object.keys(WORKLOADS).sort()).toEqual([...WORKLOAD_NAMES].sort());
    for (const [name, descriptor] of Object.entries(WORKLOADS)) expect(descriptor.id).toBe(name);
  });

  it('knows every kind of task a workload hands out, each under one name', () => {
    for (const descriptor of Object.values(WORKLOADS)) {
      for (const kind of descriptor.kinds) expect(TASK_KINDS.get(kind.name)).toBe(kind);
    }
  });

  it('refuses a task of a kind nobody knows, or with fields its kind refuses, in one line', () => {
    expect(() => parseTaskSpec({ workload: 'gpu' })).toThrow(TaskSpecError);
    expect(() => parseTaskSpec({ workload: 'gpu' })).toThrow('no such kind of task: "gpu"');
    expect(() => parseTaskSpec({ workload: 'cpu', n: -1 })).toThrow(/a cpu task was refused/);
    expect(() => parseTaskSpec({ workload: 'cpu', n: 1, extra: true })).toThrow(TaskSpecError);
  });

  it('runs a task through its kind: sum(i*i for i in range(10)) is 285', () => {
    expect(runTask({ workload: 'cpu', n: 10 }, privateContext(false).context)).toBe(285);
  });

  it('sizes CPU-bound workloads through the backend, to the task length asked, 1 s when none is', async () => {
    const tools = fakeTools();
    const plan = await WORKLOADS.cpu.plan(
      params({ workload: 'cpu', mode: 'threads-gil', workers: 2, tasks: 3 }),
      tools,
    );
    expect(tools.asked).toEqual([[{ workload: 'cpu', n: 1000 }, 1000]]);
    expect(plan.specs).toEqual([42, 42, 42].map((n) => ({ workload: 'cpu', n })));
    const timed = fakeTools();
    await WORKLOADS.primes.plan(
      params({ workload: 'primes', mode: 'processes', workers: 2, tasks: 1, taskMs: 250 }),
      timed,
    );
    expect(timed.asked[0]![1]).toBe(250);
  });

  it('gives the convoy one I/O loop and the rest CPU tasks of the same length', async () => {
    const plan = await WORKLOADS.convoy.plan(
      params({ workload: 'convoy', mode: 'threads-gil', workers: 3, tasks: 3, taskMs: 600 }),
      fakeTools(),
    );
    expect(plan.specs.map((s) => s.workload)).toEqual(['io-loop', 'cpu', 'cpu']);
    expect(plan.specs[0]).toMatchObject({ durationMs: 600, ioMs: 1 });
    expect(plan.shown).toEqual({ workload: 'convoy', ioMs: 1, cpuTasks: 2 });
  });

  it('shares one counter between threads, and gives processes their own copies', async () => {
    const input = { workload: 'counter', workers: 2, tasks: 2 } as const;
    const threads = await WORKLOADS.counter.plan(params({ ...input, mode: 'threads-gil' }), fakeTools(true));
    const processes = await WORKLOADS.counter.plan(params({ ...input, mode: 'processes' }), fakeTools(false));
    expect(threads.specs[0]!.cell).toBeInstanceOf(SharedArrayBuffer);
    expect(threads.specs[0]!.cell).toBe(threads.specs[1]!.cell);
    expect(processes.specs[0]!.cell).toBeUndefined();
    const done = (result: number) => ({
      index: 0,
      worker: 0,
      dispatchedAt: 0,
      startedAt: 0,
      endedAt: 0,
      cpuMs: 0,
      result,
      error: null,
    });
    expect(processes.check!([done(1_000_000), done(1_000_000)]).counter).toEqual({
      expected: 2_000_000,
      final: 0,
      lost: 2_000_000,
      returned: 2_000_000,
    });
  });

  it('writes the io-file data once per round and removes it afterwards', async () => {
    const { existsSync } = await import('node:fs');
    const plan = await WORKLOADS['io-file'].plan(
      params({ workload: 'io-file', mode: 'threads-gil', workers: 1, tasks: 2 }),
      fakeTools(),
    );
    const file = String(plan.specs[0]!.path);
    expect(existsSync(file)).toBe(true);
    plan.cleanup!();
    expect(existsSync(file)).toBe(false);
  });
});
