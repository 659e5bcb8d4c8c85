import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import type { CoreSample, MonitorCost } from '../../src/shared/schemas';
import { waitFor } from '../support/wait';
import { sourceWorkerLocator } from '../support/workers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CpuMonitor with a real sampler thread', () => {
  let monitor: CpuMonitor | undefined;
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
  });

  function collect(m: CpuMonitor): CoreSample[] {
    const samples: CoreSample[] = [];
    m.onSample((s) => samples.push(s));
    return samples;
  }

  it('streams one load per logical core, in sequence, at the requested rate', async () => {
    monitor = new CpuMonitor({ locateWorker: sourceWorkerLocator, hz: 10 });
    const samples = collect(monitor);
    monitor.start();
    await waitFor(() => (samples.length > 0 ? true : undefined), 10_000, 'first sample');
    const from = samples.length;
    await sleep(2000);
    const got = samples.slice(from);
    // 10 Hz for 2 s is 20; allow for a loaded machine, but not for a different rate.
    expect(got.length).toBeGreaterThanOrEqual(14);
    expect(got.length).toBeLessThanOrEqual(23);
    for (const s of got) {
      expect(s.cores).toHaveLength(os.cpus().length);
      expect(s.source).toBe(process.platform === 'linux' ? 'proc-stat' : 'os-cpus');
    }
    got.slice(1).forEach((s, i) => expect(s.seq).toBe(got[i]!.seq + 1));
  });

  it('changes rate on request', async () => {
    monitor = new CpuMonitor({ locateWorker: sourceWorkerLocator, hz: 10 });
    const samples = collect(monitor);
    monitor.start();
    await waitFor(() => (samples.length > 0 ? true : undefined), 10_000, 'first sample');
    expect(monitor.setRate(2)).toBe(2);
    await sleep(300);
    const from = samples.length;
    await sleep(2000);
    const count = samples.length - from;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(5);
    expect((await monitor.machineInfo()).rateHz).toBe(2);
  });

  it('reports machine facts and its own measured cost', async () => {
    monitor = new CpuMonitor({ locateWorker: sourceWorkerLocator, hz: 10 });
    const costs: MonitorCost[] = [];
    monitor.onCost((c) => costs.push(c));
    monitor.start();
    const info = await monitor.machineInfo();
    expect(info.logicalCores).toBe(os.cpus().length);
    expect(info.physicalCores).toBeLessThanOrEqual(info.logicalCores);
    expect(info.cpuModel.length).toBeGreaterThan(0);
    await waitFor(() => (costs.length >= 2 ? true : undefined), 10_000, 'two cost reports');
    const last = costs.at(-1)!;
    expect(last.method).toBe(process.platform === 'linux' ? 'thread-schedstat' : 'busy-time');
    expect(last.percentOfCore).toBeCloseTo(last.samplerPercent + last.deliveryPercent, 2);
    // The thread really did cost something, and far less than a core.
    expect(last.samplerPercent).toBeGreaterThan(0);
    expect(last.percentOfCore).toBeLessThan(25);
  });

  it('restarts the sampler thread if it dies, and keeps streaming', async () => {
    const logs: string[] = [];
    monitor = new CpuMonitor({ locateWorker: sourceWorkerLocator, hz: 10, log: (m) => logs.push(m) });
    const samples = collect(monitor);
    monitor.start();
    await waitFor(() => (samples.length > 0 ? true : undefined), 10_000, 'first sample');
    const worker = (monitor as unknown as { worker: Worker }).worker;
    await worker.terminate();
    const after = samples.length;
    await waitFor(() => (samples.length > after + 3 ? true : undefined), 10_000, 'samples after restart');
    expect(logs.some((l) => l.includes('restarting'))).toBe(true);
  });

  it('serves a labelled synthetic feed only when asked', async () => {
    monitor = new CpuMonitor({ locateWorker: sourceWorkerLocator, hz: 10, syntheticCores: 256 });
    const samples = collect(monitor);
    monitor.start();
    const first = await waitFor(() => samples[1], 10_000, 'synthetic samples');
    expect(first.cores).toHaveLength(256);
    expect(first.source).toBe('synthetic');
    expect((await monitor.machineInfo()).cpuModel).toMatch(/Synthetic/);
  });
});
