import { SIMULATED_THREADS, type BackendFacts } from '../../shared/measurement';
import type { RunParams } from '../../shared/run-params';
import { EXECUTION_MODES, WORKLOAD_NAMES } from '../../shared/vocabulary';
import { epochNow } from '../gil/gil-layout';
import type { ProcessHost } from '../pool/process-host';
import type { WorkerPool } from '../pool/worker-pool';
import { LabPools } from '../run/lab-pools';
import type { ValidRunParams } from '../run/run-params';
import type { RoundSizing, RunResult, TaskRecord, WorkerFigures } from '../run/run-result';
import { runOnPool, type PoolRun } from '../run/run-on-pool';
import { spread } from '../../shared/stats';
import type { WorkerLocator } from '../workers/spawn-thread';
import { TASK_KINDS, WORKLOADS } from '../workloads/registry';
import { hasExpectedResult } from '../workloads/run-task';
import { sharedValueUnsupported } from '../workloads/shared-value';
import type { WorkloadPlan } from '../workloads/workload';
import type { BackendCapabilities, PreparedRound, RoundOptions, RunBackend } from './run-backend';
import { SIMULATION_MODES, sharesMemory } from './simulation-modes';

export interface SimulationEnv {
  locateWorker: WorkerLocator;
  /** How worker processes start: child_process.fork under Node, utilityProcess in the app. */
  processHost: ProcessHost;
  log?: (line: string) => void;
}

function refuse(params: RunParams): string | null {
  const unsupported = sharedValueUnsupported();
  if (params.workload === 'counter' && params.mode === 'processes' && params.sharedMemory && unsupported) {
    return `counter with shared memory across processes can't run here: ${unsupported}`;
  }
  return SIMULATION_MODES[params.mode].refuse?.(params) ?? WORKLOADS[params.workload].refuse?.(params) ?? null;
}

/**
 * The simulation: the lab's workloads as JavaScript kernels on warm pools of Node worker
 * threads and OS processes, with a simulated GIL that follows CPython's ceval_gil.c.
 */
export class SimulationBackend implements RunBackend {
  readonly id = 'simulation' as const;
  readonly capabilities: BackendCapabilities = {
    modes: EXECUTION_MODES,
    workloads: WORKLOAD_NAMES,
    maxWorkers: (mode, logicalCores) => SIMULATION_MODES[mode].maxWorkers(logicalCores),
    refuse,
  };
  readonly pools: LabPools;

  constructor(env: SimulationEnv) {
    this.pools = new LabPools(env.locateWorker, env.processHost, env.log);
  }

  facts(): BackendFacts {
    return {
      id: this.id,
      runtime: `Node ${process.versions.node}`,
      threads: SIMULATED_THREADS,
      processes: this.pools.processHost.name,
    };
  }

  async prepare(params: ValidRunParams): Promise<PreparedRound> {
    const pool = this.pools[SIMULATION_MODES[params.mode].pool];
    const { calibrations } = this.pools;
    const keys: string[] = [];
    let resized = false;
    const plan = await WORKLOADS[params.workload].plan(params, {
      calibrated: (base, targetMs) => {
        const size = calibrations.size(base, targetMs);
        keys.push(size.key);
        resized ||= size.resized;
        return size.spec;
      },
      sharedMemory: sharesMemory(params.mode),
    });
    // The tasks calibration sized: those of a kind with a size, when the plan asked for one.
    const calibratedTasks = keys.length
      ? plan.specs.flatMap((spec, i) => (TASK_KINDS.get(spec.workload)?.sizing ? [i] : []))
      : [];
    const sizing: RoundSizing = {
      targetMs: plan.targetMs,
      calibratedTasks,
      resized,
      forget: () => keys.forEach((key) => calibrations.forget(key)),
    };
    return {
      taskSpec: plan.shown,
      run: (options) => this.runRound(params, pool, plan, sizing, options),
      dispose: () => plan.cleanup?.(),
    };
  }

  close(): Promise<void> {
    return this.pools.close();
  }

  private async runRound(
    params: ValidRunParams,
    pool: WorkerPool,
    plan: WorkloadPlan,
    sizing: RoundSizing,
    options: RoundOptions,
  ): Promise<RunResult> {
    const run = await runOnPool(pool, {
      mode: params.mode,
      workers: params.workers,
      tasks: plan.specs,
      switchIntervalMs: params.switchIntervalMs,
      timeoutMs: params.timeoutMs,
      signal: options.signal,
      onEvent: options.onEvent,
      onRoundStarted: options.onRoundStarted,
      requestedAt: options.requestedAt ?? epochNow(),
    });
    const answers =
      run.outcome === 'completed'
        ? await this.checkAnswers(run, plan)
        : { ok: false, note: run.stopReason ?? run.outcome };
    const own = plan.check?.(run.tasks) ?? { ok: true, note: '' };
    const cpuMs = run.tasks.reduce((sum, t) => sum + t.cpuMs, 0);
    // A loop (plain or event) gets the whole list at once, so only the first task shows dispatch time.
    const started = run.tasks.filter((t) => t.startedAt > 0);
    const dispatch = (SIMULATION_MODES[params.mode].dispatch === 'each' ? started : started.slice(0, 1)).map(
      (t) => t.startedAt - t.dispatchedAt,
    );
    return {
      params,
      outcome: run.outcome,
      lanes: run.workers,
      wallMs: run.wallMs,
      cpuMs,
      busyCores: run.wallMs > 0 ? cpuMs / run.wallMs : 0,
      firstStartMs: run.firstStartMs,
      workers: perWorker(run.tasks, run.pids),
      tasks: run.tasks,
      verified: answers.ok && own.ok,
      verifyNote: [answers.note, own.note].filter(Boolean).join('; '),
      dispatchMs: { median: spread(dispatch).median, max: Math.max(0, ...dispatch) },
      spawnMs: [...pool.spawnTimesMs],
      taskSpec: plan.shown,
      counter: own.counter ?? null,
      ioLoop: own.ioLoop ?? null,
      gil: run.gil,
      timeline: run.timeline,
      cpuMethod: run.cpuMethod,
      waitingForCore: run.waitingForCore,
      coreWaitCost: run.coreWaitCost,
      sizing,
      clock: run.clock,
      labBusyCores: run.labBusyCores,
    };
  }

  /** Every task's answer against one computed a different way, on a worker, after the clock stops. */
  private async checkAnswers(run: PoolRun, plan: WorkloadPlan): Promise<{ ok: boolean; note: string }> {
    const failed = run.tasks.filter((t) => t.error !== null);
    if (failed.length)
      return {
        ok: false,
        note: `${failed.length} ${failed.length === 1 ? 'task' : 'tasks'} failed: ${failed[0]!.error}`,
      };
    const first = plan.specs[0];
    if (!first || !hasExpectedResult(first)) return { ok: true, note: '' };
    // All tasks of such a run share one spec, so one reference answer checks them all.
    const expected = await this.pools.threads.request(0, { type: 'expect', id: 0, spec: first }, (report) =>
      report.type === 'expected' ? { value: report.result } : undefined,
    );
    const wrong = run.tasks.filter((t) => t.result !== expected.value).length;
    return {
      ok: wrong === 0,
      note: wrong ? `${wrong} tasks gave a wrong answer (expected ${String(expected.value)})` : '',
    };
  }
}

function perWorker(tasks: readonly TaskRecord[], pids: readonly number[]): WorkerFigures[] {
  const figures = new Map<number, WorkerFigures>();
  for (const t of tasks) {
    const w = figures.get(t.worker) ?? { worker: t.worker, pid: pids[t.worker] ?? -1, tasks: 0, cpuMs: 0 };
    w.tasks++;
    w.cpuMs += t.cpuMs;
    figures.set(t.worker, w);
  }
  return [...figures.values()].sort((a, b) => a.worker - b.worker);
}
