import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabCore } from '../../src/core/lab-core';
import type { WorkerPool } from '../../src/core/pool/worker-pool';
import { ContractError } from '../../src/shared/contract';
import type { TestLab } from '../support/pools';
import { startLabCore } from './support/lab-core';

const MiB = 1024 ** 2;

/** Resident memory of a process, from /proc; 0 once it is gone. */
function rssBytes(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Number(line[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The engine's memory: its own, plus its worker processes'. */
function engineRss(pool: WorkerPool, workers: number): number {
  let total = rssBytes(process.pid);
  if (pool.kind === 'process') for (let slot = 0; slot < workers; slot++) total += rssBytes(pool.pid(slot));
  return total;
}

describe('memory of transfer runs', () => {
  let lab: TestLab;
  let core: LabCore;
  beforeAll(() => {
    ({ core, lab } = startLabCore());
  });
  afterAll(() => core.close());

  it('refuses an oversized transfer at run:start, in one line with the budget', async () => {
    const params = { workload: 'transfer', mode: 'threads-free', workers: 32, tasks: 32, payloadBytes: 512 * MiB };
    const refused = core.invoke('run:start', { params, repeat: 1, baseline: false });
    await expect(refused).rejects.toBeInstanceOf(ContractError);
    await expect(refused).rejects.toThrow(/^this run would hold about [\d.]+ GB .*over the memory budget of [\d.]+ GB/);
    // Nothing started: the next run is not told that one is going.
    const ok = await core.invoke('run:start', {
      params: { workload: 'io-sleep', mode: 'threads-gil', workers: 1, tasks: 1, taskMs: 5 },
      repeat: 1,
      baseline: false,
    });
    expect(ok).toHaveProperty('runId');
    await new Promise<void>((resolve) => {
      const off = core.subscribe('run:finished', () => {
        off();
        resolve();
      });
    });
  });

  it.each([
    ['threads-free', 'threads'],
    ['processes', 'processes'],
  ] as const)('returns near its baseline after a large transfer run (%s)', async (mode, poolName) => {
    const pool = lab.pools[poolName];
    const workers = 4;
    const payloadBytes = 64 * MiB;
    await lab.run({ workload: 'io-sleep', mode, workers, tasks: workers, taskMs: 5 });
    const before = engineRss(pool, workers);
    const r = await lab.run({ workload: 'transfer', mode, workers, tasks: 3 * workers, payloadBytes });
    expect(r.verified).toBe(true);
    const peak = engineRss(pool, workers);
    // The workers that held the copies are replaced once the round is over; wait for the new ones.
    const deadline = Date.now() + 10_000;
    let after = Number.POSITIVE_INFINITY;
    // Within the host's own payload, which it frees at its next collection, and some slack.
    const bound = before + payloadBytes + 120 * MiB;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await pool.ensure(workers);
      after = engineRss(pool, workers);
      if (after <= bound) break;
    }
    console.log(
      `transfer ${workers} × 64 MiB (${mode}): engine RSS ${Math.round(before / MiB)} MiB before, ` +
        `${Math.round(peak / MiB)} MiB just after the run, ${Math.round(after / MiB)} MiB after`,
    );
    expect(after).toBeLessThanOrEqual(bound);
  });

  it('runs round after round of large transfers, each on fresh workers, none of them cut short', async () => {
    const m = await lab.measure(
      { workload: 'transfer', mode: 'threads-free', workers: 2, tasks: 4, payloadBytes: 64 * MiB },
      { repeat: 2 },
    );
    expect(m.outcome).toBe('completed');
    expect(m.verified).toBe(true);
    expect(m.baseline?.runs).toHaveLength(2);
    expect(m.runs).toHaveLength(2);
  });
});
