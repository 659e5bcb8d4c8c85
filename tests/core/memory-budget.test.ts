import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseRunParams, RunParamsError } from '../../src/core/run/run-params';
import { refuseOverBudget, runMemoryBudget } from '../../src/core/run/memory-budget';
import { transferFootprint } from '../../src/core/workloads/transfer';
import { RUN_MEMORY_SHARE_OF_RAM } from '../../src/shared/limits';
import { createTestBackends } from '../support/pools';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('the memory budget of a run', () => {
  it('is a quarter of RAM, from the one shared constant', () => {
    expect(RUN_MEMORY_SHARE_OF_RAM).toBe(0.25);
    expect(runMemoryBudget(16 * GiB)).toBe(4 * GiB);
  });

  it('counts the host copy and, per task in flight, the messages and the worker copy', () => {
    expect(transferFootprint({ mode: 'processes', workers: 8, tasks: 8, payloadBytes: 512 * MiB }).bytes).toBe(
      512 * MiB * 33,
    );
    // Fewer tasks than workers: only those are in flight; sequential runs one at a time.
    expect(transferFootprint({ mode: 'threads-free', workers: 32, tasks: 2, payloadBytes: 64 * MiB }).bytes).toBe(
      64 * MiB * 5,
    );
    expect(transferFootprint({ mode: 'sequential', workers: 8, tasks: 8, payloadBytes: 64 * MiB }).bytes).toBe(
      64 * MiB * 3,
    );
  });

  it('refuses in one line that shows the budget, and lets a run that fits through', () => {
    const message = refuseOverBudget(8.5 * GiB, '512 MiB × 17', 16 * GiB);
    expect(message).toBe(
      "this run would hold about 8.5 GB (512 MiB × 17), over the memory budget of 4.0 GB (25% of this machine's 16.0 GB RAM); send smaller payloads or use fewer workers",
    );
    expect(message).not.toContain('\n');
    expect(refuseOverBudget(3 * GiB, 'x', 16 * GiB)).toBeNull();
  });

  it('stops an oversized transfer before it starts, as a run-params error', () => {
    const backends = createTestBackends();
    // 32 threads × 512 MiB: about 32 GiB, over a quarter of any machine with less than 130 GiB.
    const oversized = { workload: 'transfer', mode: 'threads-free', workers: 32, tasks: 32, payloadBytes: 512 * MiB };
    if (transferFootprint(oversized as never).bytes <= runMemoryBudget()) return;
    expect(() => parseRunParams(oversized, backends)).toThrow(RunParamsError);
    expect(() => parseRunParams(oversized, backends)).toThrow(
      `over the memory budget of ${(runMemoryBudget() / GiB).toFixed(1)} GB`,
    );
    // The lab's own transfer lesson, 256 MiB to one process, fits on a machine of 4 GB and up.
    if (os.totalmem() >= 4 * GiB) {
      const lesson = { workload: 'transfer', mode: 'processes', workers: 1, tasks: 4, payloadBytes: 256 * MiB };
      expect(parseRunParams(lesson, backends).payloadBytes).toBe(256 * MiB);
    }
  });
});
