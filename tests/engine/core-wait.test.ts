import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuMonitor } from '../../src/core/monitor/cpu-monitor';
import { RunRecording } from '../../src/core/sessions/recorder';
import { SYNTHETIC_APP, syntheticMachine } from '../../src/core/sessions/synthetic-session';
import type { Measurement, RunEvent } from '../../src/shared/measurement';
import type { RunParamsInput } from '../../src/shared/run-params';
import { decodeTimeline } from '../../src/shared/session-content';
import { createTestLab, type TestLab } from '../support/pools';
import { startMonitor } from '../support/monitor';
import { median } from '../support/median';

const CORES = os.availableParallelism();
const linux = process.platform === 'linux';

/**
 * Each lane's share of `ready` in the time it was running or ready, as the lanes draw it: from the
 * worker-state events of one round, up to its last task.
 */
function laneReadyShares(events: RunEvent[]): number[] {
  const end = Math.max(...events.filter((e) => e.type === 'task-finished').map((e) => e.t));
  const byWorker = new Map<number, { t: number; state: string }[]>();
  for (const e of events) {
    if (e.type !== 'worker-state') continue;
    const lane = byWorker.get(e.worker) ?? [];
    lane.push({ t: e.t, state: e.state });
    byWorker.set(e.worker, lane);
  }
  return [...byWorker.values()].map((lane) => {
    let ready = 0;
    let running = 0;
    lane.forEach((e, i) => {
      const span = Math.max(0, Math.min(end, lane[i + 1]?.t ?? end) - e.t);
      if (e.state === 'ready') ready += span;
      if (e.state === 'running') running += span;
    });
    return ready / Math.max(1e-9, ready + running);
  });
}

describe.runIf(linux)('waiting for a core, measured from the scheduler', () => {
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

  /** Three rounds, each round's events kept apart, and each worker's lane checked for time order. */
  async function rounds(input: RunParamsInput): Promise<{ m: Measurement; events: RunEvent[][] }> {
    const events: RunEvent[][] = [];
    const m = await lab.measure(input, {
      repeat: 3,
      baseline: false,
      monitor,
      onEvent: (event, phase, round) => {
        if (phase === 'run') (events[round] ??= []).push(event);
      },
    });
    for (const round of events) {
      const last = new Map<number, number>();
      for (const e of round) {
        if (e.type !== 'worker-state') continue;
        expect(e.t).toBeGreaterThanOrEqual(last.get(e.worker) ?? -Infinity);
        last.set(e.worker, e.t);
      }
    }
    console.log(
      `${input.mode} × ${input.workers}: waiting share ${m.runs.map((r) => r.waitingForCore?.share.toFixed(2)).join(' ')}, ` +
        `lanes ${events
          .map((e) =>
            laneReadyShares(e)
              .map((s) => s.toFixed(2))
              .join('/'),
          )
          .join(' ')}, ` +
        `busy ${m.runs.map((r) => r.busyCores.toFixed(2)).join(' ')}, other load ${m.runs.map((r) => r.otherBusyCores?.toFixed(2)).join(' ')}`,
    );
    return { m, events };
  }

  /**
   * What holds on any machine, busy or not: the share is what the busy cores leave over (workers
   * that kept busyCores of `lanes` cores busy waited for the rest), and the lanes draw about it.
   */
  function consistent(m: Measurement, events: RunEvent[][]): void {
    const gap = m.runs.map((r) => Math.abs(r.waitingForCore!.share - (1 - r.busyCores / r.lanes)));
    expect(median(gap)).toBeLessThan(0.15);
    const drawn = median(events.flatMap(laneReadyShares));
    expect(Math.abs(drawn - median(m.runs.map((r) => r.waitingForCore!.share)))).toBeLessThan(0.15);
  }

  /** Other programs' load during the rounds: where it is small, the share can be held to its textbook value. */
  const quiet = (m: Measurement) => median(m.runs.map((r) => r.otherBusyCores ?? 0)) < 0.3;

  const cpu = { workload: 'cpu', taskMs: 500 } as const;

  it('shows each of twice as many processes as cores about half ready, in the figure and in every lane', async () => {
    const { m, events } = await rounds({ ...cpu, mode: 'processes', workers: 2 * CORES, tasks: 2 * CORES });
    expect(m.outcome).toBe('completed');
    const share = median(m.runs.map((r) => r.waitingForCore!.share));
    // At least half: other programs can only add to the wait.
    expect(share).toBeGreaterThan(0.3);
    expect(median(m.runs.map((r) => r.waitingForCore!.ms))).toBeGreaterThan(0.3 * 2 * CORES * 500);
    const lanes = events.flatMap(laneReadyShares);
    expect(lanes).toHaveLength(3 * 2 * CORES);
    expect(median(lanes)).toBeGreaterThan(0.3);
    if (quiet(m)) {
      expect(share).toBeLessThan(0.7);
      expect(median(lanes)).toBeLessThan(0.7);
    }
    consistent(m, events);
  });

  it('shows twice as many free threads as cores about half ready too', async () => {
    const { m, events } = await rounds({ ...cpu, mode: 'threads-free', workers: 2 * CORES, tasks: 2 * CORES });
    const share = median(m.runs.map((r) => r.waitingForCore!.share));
    expect(share).toBeGreaterThan(0.3);
    expect(median(events.flatMap(laneReadyShares))).toBeGreaterThan(0.3);
    if (quiet(m)) expect(share).toBeLessThan(0.7);
    consistent(m, events);
  });

  it('shows little waiting with one process per core, unless other programs took the cores', async () => {
    const { m, events } = await rounds({ ...cpu, mode: 'processes', workers: CORES, tasks: CORES });
    const share = median(m.runs.map((r) => r.waitingForCore!.share));
    // On a quiet machine one process per core hardly waits; on a busy one it waits for what the others took.
    if (quiet(m)) {
      expect(share).toBeLessThan(0.2);
      expect(median(events.flatMap(laneReadyShares))).toBeLessThan(0.2);
    }
    consistent(m, events);
  });

  it('keeps the ready stretches in the saved session timeline, and the sampling costs the host little', async () => {
    const recording = new RunRecording('core-wait');
    const measurement = await lab.measure(
      { ...cpu, mode: 'processes', workers: 2 * CORES, tasks: 2 * CORES },
      { baseline: false, onEvent: (event, phase, round) => recording.event(event, phase, round) },
    );
    const run = recording.finish(measurement, { machine: syntheticMachine(CORES), app: SYNTHETIC_APP });
    const saved = decodeTimeline(run.timeline!).filter((e) => e.kind === 'worker-state');
    const readyLanes = new Set(saved.filter((e) => e.state === 'ready').map((e) => e.worker));
    expect(readyLanes.size).toBe(2 * CORES);

    const round = await lab.run({ ...cpu, mode: 'processes', workers: 2 * CORES, tasks: 2 * CORES });
    const cost = round.coreWaitCost!;
    console.log(
      `core-wait sampling: ${cost.readings} readings of ${2 * CORES} workers in ${round.wallMs.toFixed(0)} ms, ` +
        `${cost.ms.toFixed(2)} ms in all (${((100 * cost.ms) / round.wallMs).toFixed(3)}% of a core)`,
    );
    expect(cost.readings).toBeGreaterThan(round.wallMs / 200);
    expect(cost.ms / round.wallMs).toBeLessThan(0.01);
  });
});

describe.runIf(!linux)('waiting for a core where the OS does not report it', () => {
  it('is null, and no lane shows ready', async () => {
    const lab = createTestLab();
    try {
      const events: RunEvent[] = [];
      const m = await lab.measure(
        { workload: 'cpu', taskMs: 100, mode: 'processes', workers: 2, tasks: 2 },
        { baseline: false, onEvent: (e) => events.push(e) },
      );
      expect(m.runs[0]!.waitingForCore).toBeNull();
      expect(events.some((e) => e.type === 'worker-state' && e.state === 'ready')).toBe(false);
    } finally {
      await lab.close();
    }
  });
});
