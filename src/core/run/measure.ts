import os from 'node:os';
import { otherBusyCores, type Measurement, type RunEvent, type RunSummary } from '../../shared/measurement';
import type { RunPhase } from '../../shared/vocabulary';
import type { CoreSample } from '../../shared/schemas';
import type { CpuMonitor } from '../monitor/cpu-monitor';
import { coreLoadDuring, SampleLog } from './round-load';
import { taskLength } from './task-length';
import { spread } from '../../shared/stats';
import type { RoundStart, RunBackend } from '../backends/run-backend';
import { runExperiment } from './experiment';
import { sequentialOf, type ValidRunParams } from './run-params';
import type { RunResult } from './run-result';

export interface MeasureOptions {
  repeat?: number;
  baseline?: boolean;
  monitor?: CpuMonitor;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent, phase: RunPhase, round: number) => void;
  onRoundStarted?: (start: RoundStart, phase: RunPhase, round: number) => void;
}

/** One round as the measurement reports it; its core load is filled in once its samples are in. */
function summarise(result: RunResult): RunSummary {
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
    coreLoad: null,
    otherBusyCores: null,
    waitingForCore: result.waitingForCore,
    ...(result.threads ? { threads: result.threads } : {}),
  };
}

/**
 * The machine's load during a round, and how much of it was not GIL Lab's: the monitor's figure
 * minus what every GIL Lab process used (the workers' tasks, and the engine handing them out).
 */
function withLoad(summary: RunSummary, result: RunResult, samples: readonly CoreSample[]): RunSummary {
  const coreLoad = coreLoadDuring(samples, result.clock.from, result.clock.to);
  return {
    ...summary,
    coreLoad,
    otherBusyCores: coreLoad ? otherBusyCores(coreLoad.busyCores, result.labBusyCores) : null,
  };
}

/**
 * Runs an experiment `repeat` times, plus a sequential baseline to measure speedup against,
 * and reports each run with the spread across runs. A round that doesn't complete ends the
 * measurement: no later round runs, and nothing it measured enters a figure.
 */
export async function measure(
  backend: RunBackend,
  params: ValidRunParams,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const repeat = options.repeat ?? 1;
  const started = performance.now();
  const log = new SampleLog(options.monitor);
  try {
    const rounds: { phase: RunPhase; result: RunResult }[] = [];
    const once = async (p: ValidRunParams, phase: RunPhase, round: number): Promise<boolean> => {
      const result = await runExperiment(backend, p, {
        signal: options.signal,
        onEvent: (event) => options.onEvent?.(event, phase, round),
        onRoundStarted: (start) => options.onRoundStarted?.(start, phase, round),
      });
      rounds.push({ phase, result });
      return result.outcome === 'completed';
    };
    const wantBaseline = (options.baseline ?? true) && params.mode !== 'sequential';
    let going = true;
    for (let round = 0; going && wantBaseline && round < repeat; round++)
      going = await once(sequentialOf(params), 'baseline', round);
    for (let round = 0; going && round < repeat; round++) going = await once(params, 'run', round);

    const elapsedMs = performance.now() - started;
    // Each round's load needs the monitor's samples up to its end: the last arrives a sample later.
    await log.covering(rounds.at(-1)!.result.clock.to);
    const summaries = rounds.map(({ phase, result }) => ({
      phase,
      summary: withLoad(summarise(result), result, log.samples),
    }));
    const baselineRuns = summaries.filter((r) => r.phase === 'baseline').map((r) => r.summary);
    const runs = summaries.filter((r) => r.phase === 'run').map((r) => r.summary);
    const baseline: Measurement['baseline'] = wantBaseline
      ? { runs: baselineRuns, wallMs: spread(completedWalls(baselineRuns)) }
      : null;
    const last = rounds.at(-1)!.result;
    const outcome = summaries.find((r) => r.summary.outcome !== 'completed')?.summary.outcome ?? 'completed';
    const completed = runs.filter((r) => r.outcome === 'completed');
    const wallMs = spread(completed.map((r) => r.wallMs));
    const reference = params.mode === 'sequential' ? wallMs.median : baseline?.wallMs.median;
    const speedup =
      outcome === 'completed' && reference !== undefined && wallMs.median > 0 ? reference / wallMs.median : null;
    return {
      params,
      backend: backend.facts(),
      outcome,
      elapsedMs,
      taskLength: taskLength(rounds.map((r) => r.result)),
      machine: {
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        logicalCores: os.availableParallelism(),
        platform: `${process.platform}-${process.arch}`,
        node: process.versions.node,
      },
      taskSpec: last.taskSpec,
      runs,
      wallMs,
      busyCores: spread(completed.map((r) => r.busyCores)),
      baseline,
      speedup,
      efficiency: speedup === null ? null : speedup / (runs.at(-1)?.lanes ?? 1),
      spawnMs: spread(last.spawnMs),
      verified: runs.every((r) => r.verified) && baselineRuns.every((r) => r.verified),
    };
  } finally {
    log.close();
  }
}

/** Wall times of the rounds that completed: a stopped one measured only part of the work. */
function completedWalls(runs: readonly RunSummary[]): number[] {
  return runs.filter((r) => r.outcome === 'completed').map((r) => r.wallMs);
}
