import os from 'node:os';
import { otherBusyCores, type Measurement, type RunSummary } from '../../shared/measurement';
import type { RunPhase } from '../../shared/vocabulary';
import type { CoreSample } from '../../shared/schemas';
import type { CpuMonitor } from '../monitor/cpu-monitor';
import { spread } from '../util/stats';
import type { RoundStart, RunBackend } from '../backends/run-backend';
import { runExperiment } from './experiment';
import { sequentialOf, type ValidRunParams } from './run-params';
import type { RunResult } from './run-result';
import type { RunEvent } from '../../shared/measurement';

type CoreLoad = NonNullable<RunSummary['coreLoad']>;

export interface MeasureOptions {
  repeat?: number;
  baseline?: boolean;
  monitor?: CpuMonitor;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent, phase: RunPhase, round: number) => void;
  onRoundStarted?: (start: RoundStart, phase: RunPhase, round: number) => void;
}

function coreLoadDuring(samples: CoreSample[], from: number, to: number): CoreLoad | null {
  // A sample describes the interval that ends at t; keep those that end inside the run.
  const inside = samples.filter((s) => s.t > from + s.intervalMs / 2 && s.t <= to + s.intervalMs / 2);
  if (inside.length === 0) return null;
  const cores = inside[0]!.cores.length;
  const meanPerCore = Array.from(
    { length: cores },
    (_, i) => inside.reduce((sum, s) => sum + (s.cores[i] ?? 0), 0) / inside.length,
  );
  return {
    samples: inside.length,
    meanPerCore: meanPerCore.map((v) => Math.round(v * 10) / 10),
    busyCores: Math.round((meanPerCore.reduce((a, b) => a + b, 0) / 100) * 100) / 100,
  };
}

function summarise(result: RunResult, samples: CoreSample[]): RunSummary {
  const start = result.tasks.reduce((m, t) => Math.min(m, t.dispatchedAt), Number.POSITIVE_INFINITY);
  const end = result.tasks.reduce((m, t) => Math.max(m, t.endedAt), 0);
  const coreLoad = Number.isFinite(start) ? coreLoadDuring(samples, start, end) : null;
  return {
    outcome: result.outcome,
    lanes: result.lanes,
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    busyCores: result.busyCores,
    firstStartMs: Number.isFinite(result.firstStartMs) ? result.firstStartMs : null,
    verified: result.verified,
    verifyNote: result.verifyNote,
    dispatchMs: result.dispatchMs,
    workers: result.workers,
    counter: result.counter,
    ioLoop: result.ioLoop,
    gil: result.gil
      ? {
          switches: result.gil.switches,
          overlaps: result.gil.overlaps,
          switchIntervalMs: result.gil.switchIntervalMs,
          threads: result.gil.threads,
          timelineEvents: result.timeline.length,
        }
      : null,
    coreLoad,
    otherBusyCores: coreLoad ? otherBusyCores(coreLoad.busyCores, result.busyCores) : null,
    waitingForCore: null,
  };
}

/**
 * Runs an experiment `repeat` times, plus a sequential baseline to measure speedup against,
 * and reports each run with the spread across runs.
 */
export async function measure(
  backend: RunBackend,
  params: ValidRunParams,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const repeat = options.repeat ?? 1;
  const samples: CoreSample[] = [];
  const stopSampling = options.monitor?.onSample((s) => samples.push(s));
  try {
    const once = async (p: ValidRunParams, phase: RunPhase, round: number) => {
      const result = await runExperiment(backend, p, {
        signal: options.signal,
        onEvent: (event) => options.onEvent?.(event, phase, round),
        onRoundStarted: (start) => options.onRoundStarted?.(start, phase, round),
      });
      return { result, summary: summarise(result, samples) };
    };
    let baseline: Measurement['baseline'] = null;
    const wantBaseline = (options.baseline ?? true) && params.mode !== 'sequential';
    if (wantBaseline) {
      const runs: RunSummary[] = [];
      for (let round = 0; round < repeat; round++)
        runs.push((await once(sequentialOf(params), 'baseline', round)).summary);
      baseline = { runs, wallMs: spread(runs.map((r) => r.wallMs)) };
    }
    const runs: RunSummary[] = [];
    let last: RunResult | undefined;
    for (let round = 0; round < repeat; round++) {
      const { result, summary } = await once(params, 'run', round);
      runs.push(summary);
      last = result;
      if (result.outcome !== 'completed') break;
    }
    // A round that was stopped measured part of the work: it never enters a figure.
    const outcome = [...(baseline?.runs ?? []), ...runs].find((r) => r.outcome !== 'completed')?.outcome ?? 'completed';
    const completed = runs.filter((r) => r.outcome === 'completed');
    const wallMs = spread(completed.map((r) => r.wallMs));
    const reference = params.mode === 'sequential' ? wallMs.median : baseline?.wallMs.median;
    const speedup =
      outcome === 'completed' && reference !== undefined && wallMs.median > 0 ? reference / wallMs.median : null;
    return {
      params,
      backend: backend.facts(),
      outcome,
      taskLength: { targetMs: params.taskMs ?? null, measuredMs: null, resized: false },
      machine: {
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        logicalCores: os.availableParallelism(),
        platform: `${process.platform}-${process.arch}`,
        node: process.versions.node,
      },
      taskSpec: last!.taskSpec,
      runs,
      wallMs,
      busyCores: spread(completed.map((r) => r.busyCores)),
      baseline,
      speedup,
      efficiency: speedup === null ? null : speedup / runs.at(-1)!.lanes,
      spawnMs: spread(last!.spawnMs),
      verified: runs.every((r) => r.verified) && (baseline?.runs.every((r) => r.verified) ?? true),
    };
  } finally {
    stopSampling?.();
  }
}
