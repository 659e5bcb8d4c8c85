import { describe, expect, it } from 'vitest';
import type { BackendCapabilities } from '../../src/core/backends/run-backend';
import { checkRunParams, parseRunParams, RunParamsError, sequentialOf } from '../../src/core/run/run-params';
import { RunParamsSchema } from '../../src/shared/run-params';

/** A backend that runs only GIL threads and processes, of the cpu workload, on two workers per core. */
const narrow: BackendCapabilities = {
  modes: ['sequential', 'threads-gil', 'processes'],
  workloads: ['cpu'],
  maxWorkers: (_mode, cores) => ({ workers: 2 * cores, rule: `2 × ${cores} logical cores` }),
  refuse: (p) => (p.tasks === 13 ? 'thirteen tasks are not run here' : null),
};
const backends = { simulation: { capabilities: narrow } };

describe('run parameters', () => {
  it('pass when the backend runs that mode and workload on a pool this machine allows', () => {
    const valid = parseRunParams({ workload: 'cpu', mode: 'processes', workers: 4, tasks: 2 }, backends, 2);
    expect(valid).toMatchObject({ backend: 'simulation', workload: 'cpu', workers: 4, switchIntervalMs: 5 });
  });

  it.each([
    [{ mode: 'threads-free' }, "the simulation backend can't run threads-free here"],
    [{ workload: 'hash' }, "the simulation backend can't run the hash workload here"],
    [{ workers: 5 }, 'workers must be at most 4 for processes (2 × 2 logical cores), got 5'],
    [{ tasks: 13 }, 'thirteen tasks are not run here'],
    [{ workers: 0 }, /^Invalid run parameters: workers/],
  ])('are refused in one line when %j', (change, message) => {
    const input = { workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, ...change };
    expect(() => parseRunParams(input, backends, 2)).toThrow(RunParamsError);
    expect(() => parseRunParams(input, backends, 2)).toThrow(message);
  });

  it('are checked without parsing again when the contract has parsed them', () => {
    const parsed = RunParamsSchema.parse({ workload: 'cpu', mode: 'threads-free', workers: 1, tasks: 1 });
    expect(() => checkRunParams(parsed, backends, 2)).toThrow("can't run threads-free");
  });

  it('give a sequential baseline of the same experiment', () => {
    const valid = parseRunParams(
      { workload: 'cpu', mode: 'threads-gil', workers: 4, tasks: 8, taskMs: 50 },
      backends,
      2,
    );
    expect(sequentialOf(valid)).toEqual({ ...valid, mode: 'sequential' });
  });
});
