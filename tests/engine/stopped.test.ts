import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { RunManager } from '../../src/core/run/run-manager';
import { SessionService, type RunKept } from '../../src/core/sessions/session-service';
import { SessionStore } from '../../src/core/sessions/session-store';
import { SYNTHETIC_APP, syntheticMachine } from '../../src/core/sessions/synthetic-session';
import type { RunParamsInput } from '../../src/shared/run-params';
import type { RunPhase } from '../../src/shared/vocabulary';
import { createTestLab, type TestLab } from '../support/pools';
import { startMonitor } from '../support/monitor';

/** Stopped means stopped: nothing a stopped round measured enters a figure, and the session says how it ended. */
describe('a run that is stopped or fails', () => {
  let lab: TestLab;
  let monitor: CpuMonitor;
  let runs: RunManager;
  let store: SessionStore;
  let dataDir: string;
  beforeAll(async () => {
    lab = createTestLab();
    monitor = startMonitor();
    runs = new RunManager(lab.backends, monitor);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-stopped-'));
    store = await SessionStore.open(dataDir);
  });
  afterAll(async () => {
    runs.close();
    await monitor.stop();
    await lab.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Starts a run of three rounds, lets `act` stop it a moment after a task of `phase` starts, and
   * waits until it is saved.
   */
  async function saved(params: RunParamsInput, phase: RunPhase, act: (runId: string) => void) {
    const sessions = new SessionService({
      dataDir: store,
      app: SYNTHETIC_APP,
      monitor,
      readMachine: () => Promise.resolve(syntheticMachine(os.availableParallelism())),
    });
    const { id } = await store.create(`stopped ${Date.now()}`);
    const stop = sessions.follow(runs);
    const kept = new Promise<RunKept>((resolve) => sessions.kept.add(resolve));
    let acted = false;
    const off = runs.progressed.add((batch) => {
      if (acted || batch.phase !== phase || !batch.events.some((e) => e.type === 'task-started')) return;
      acted = true;
      setTimeout(() => act(batch.runId), 300);
    });
    const { runId } = runs.begin({
      params: lab.params(params),
      repeat: 3,
      baseline: phase === 'baseline',
      sessionId: id,
    });
    const where = await kept;
    off();
    stop();
    await sessions.close();
    expect(where.runId).toBe(runId);
    expect(where.session?.saved).toBe(true);
    // As it is on disk, read back by a store of its own.
    const reopened = await SessionStore.open(dataDir);
    return reopened.get(id).runs[0]!.measurement;
  }

  it('cancelled in its baseline: saved as cancelled, no later round run, no speedup, no spread', async () => {
    const m = await saved(
      { workload: 'cpu', mode: 'processes', workers: 2, tasks: 4, taskMs: 400 },
      'baseline',
      (runId) => runs.cancel(runId),
    );
    expect(m.outcome).toBe('cancelled');
    expect(m.baseline?.runs.map((r) => r.outcome)).toEqual(['cancelled']);
    expect(m.baseline?.wallMs.n).toBe(0);
    expect(m.runs).toEqual([]);
    expect([m.speedup, m.efficiency]).toEqual([null, null]);
    expect(m.wallMs.n).toBe(0);
    expect(m.busyCores.n).toBe(0);
  });

  it('failed when a worker process dies mid-round: saved as failed, with no figure from that round', async () => {
    const m = await saved({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 4, taskMs: 400 }, 'run', () => {
      process.kill(lab.pools.processes.pid(0), 'SIGKILL');
    });
    expect(m.outcome).toBe('failed');
    expect(m.runs.map((r) => r.outcome)).toEqual(['failed']);
    expect(m.wallMs.n).toBe(0);
    expect([m.speedup, m.efficiency]).toEqual([null, null]);
  });
});
