import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunParamsSchema, type RunParams, type RunParamsInput } from '../../shared/run-params';
import { describeIssues } from '../../shared/contract';
import type { GilReport } from '../gil/gil-report';
import { epochNow } from '../gil/gil-layout';
import { generatedBlock, bufferChecksum } from '../workloads/kernels';
import { createSharedValue, sharedValueUnsupported } from '../workloads/shared-value';
import type { TaskSpec } from '../workloads/task-spec';
import type { WorkerCommand, WorkerReport } from '../pool/task-protocol';
import type { WorkerPool } from '../pool/worker-pool';
import type { LabPools } from './lab-pools';
import type { RunEvent } from '../../shared/measurement';
import { runOnPool, type PoolRun, type TaskRecord } from './run-on-pool';

export class RunParamsError extends Error {
  override readonly name = 'RunParamsError';
}

export interface WorkerFigures {
  worker: number;
  pid: number;
  tasks: number;
  cpuMs: number;
}

export interface RunResult {
  params: RunParams;
  outcome: PoolRun['outcome'];
  wallMs: number;
  cpuMs: number;
  /** CPU ÷ wall: how many cores' worth of work the run kept busy. */
  busyCores: number;
  /** From Run to the first task starting: sizing the task (once per workload), warm-up, hand-out. */
  firstStartMs: number;
  workers: WorkerFigures[];
  tasks: TaskRecord[];
  /** Every task's answer checked against an independent computation. */
  verified: boolean;
  verifyNote: string;
  /** Time from handing a task to the pool to the worker starting it: dispatch plus serialization. */
  dispatchMs: { median: number; max: number };
  /** Spawn times of the pool's workers (pools are warm, so not inside wallMs). */
  spawnMs: number[];
  /** The task size actually run, after calibration to taskMs on this machine. */
  taskSpec: { workload: string } & Record<string, string | number | boolean>;
  /** returned: the sum of the counts processes sent back with their results, when each had its own copy. */
  counter: { expected: number; final: number; lost: number; returned?: number } | null;
  /** convoy: how often the I/O thread got round its loop. */
  ioLoop: { loops: number; loopsPerSecond: number } | null;
  gil: GilReport | null;
  timeline: PoolRun['timeline'];
  cpuMethod: string;
}

const DEFAULT_CPU_TASK_MS = 1000;
const DEFAULT_IO_TASK_MS = 200;
const DEFAULT_CONVOY_MS = 2000;

/**
 * Processes are capped at 4 × logical cores. Threads get at least 32: the articles' I/O advice
 * is tens of threads even on a small machine, and an idle waiting thread costs little.
 */
export function maxWorkers(mode: RunParams['mode'], logicalCores = os.availableParallelism()): number {
  return mode === 'processes' ? 4 * logicalCores : Math.max(4 * logicalCores, 32);
}

/** Checks parameters, including the machine-dependent bounds, with one clear message. */
export function parseRunParams(input: unknown, logicalCores = os.availableParallelism()): RunParams {
  const parsed = RunParamsSchema.safeParse(input);
  if (!parsed.success) throw new RunParamsError(`Invalid run parameters: ${describeIssues(parsed.error)}`);
  const params = parsed.data;
  const limit = maxWorkers(params.mode, logicalCores);
  if (params.workers > limit) {
    const rule =
      params.mode === 'processes' ? `4 × ${logicalCores} logical cores` : `4 × ${logicalCores} logical cores, or 32`;
    throw new RunParamsError(`workers must be at most ${limit} for ${params.mode} (${rule}), got ${params.workers}`);
  }
  const unsupported = sharedValueUnsupported();
  if (params.workload === 'counter' && params.mode === 'processes' && params.sharedMemory && unsupported) {
    throw new RunParamsError(`counter with shared memory across processes can't run here: ${unsupported}`);
  }
  return params;
}

interface Prepared {
  specs: TaskSpec[];
  shown: RunResult['taskSpec'];
  verifyExtra: (tasks: TaskRecord[]) => {
    ok: boolean;
    note: string;
    counter: RunResult['counter'];
    ioLoop?: RunResult['ioLoop'];
  };
  cleanup: () => void;
}

/** Calibrated task sizes, per workload, so repeated runs do the same work. */
const calibrated = new Map<string, TaskSpec>();

const ASK_TIMEOUT_MS = 120_000;

/**
 * One request and its reply from worker 0 of a pool, for calibration and answer checks. It
 * starts the worker if needed and gives up with an error rather than waiting forever.
 */
async function ask<T>(
  pool: WorkerPool,
  command: WorkerCommand,
  reply: (report: WorkerReport) => T | undefined,
): Promise<T> {
  await pool.ensure(1);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`worker 1 did not answer "${command.type}" within ${ASK_TIMEOUT_MS / 1000} s`));
    }, ASK_TIMEOUT_MS);
    const off = pool.onReport(({ slot, report }) => {
      if (slot !== 0) return;
      const value = reply(report);
      if (value === undefined) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
    pool.post(0, command);
  });
}

async function calibratedSpec(pool: WorkerPool, base: TaskSpec, targetMs: number): Promise<TaskSpec> {
  const key = `${JSON.stringify(base)}@${targetMs}`;
  const cached = calibrated.get(key);
  if (cached) return cached;
  const spec = await ask(pool, { type: 'calibrate', id: 0, spec: base, targetMs }, (r) =>
    r.type === 'calibrated' ? r.spec : undefined,
  );
  calibrated.set(key, spec);
  return spec;
}

async function prepare(params: RunParams, calibrationPool: WorkerPool, shared: boolean): Promise<Prepared> {
  const cpuMs = params.taskMs ?? DEFAULT_CPU_TASK_MS;
  const nothing = { ok: true, note: '', counter: null };
  const same = (spec: TaskSpec): Prepared => ({
    specs: Array.from({ length: params.tasks }, () => spec),
    shown: spec as RunResult['taskSpec'],
    verifyExtra: () => nothing,
    cleanup: () => {},
  });
  switch (params.workload) {
    case 'cpu':
      return same(await calibratedSpec(calibrationPool, { workload: 'cpu', n: 1000 }, cpuMs));
    case 'primes':
      return same(await calibratedSpec(calibrationPool, { workload: 'primes', n: 1000 }, cpuMs));
    case 'hash':
      return same({
        ...(await calibratedSpec(calibrationPool, { workload: 'hash', blocks: 1, releasesGil: false }, cpuMs)),
        releasesGil: params.releasesGil,
      } as TaskSpec);
    case 'tiny':
      // Trivial on purpose: the point is how much each task costs to hand out.
      return same({ workload: 'tiny', n: 100 });
    case 'io-sleep': {
      const ms = params.taskMs ?? DEFAULT_IO_TASK_MS;
      return {
        ...same({ workload: 'io-sleep', ms }),
        verifyExtra: (tasks) => {
          const short = tasks.filter((t) => typeof t.result === 'number' && t.result < ms - 1);
          return {
            ok: short.length === 0,
            note: short.length ? `${short.length} waits ended early` : '',
            counter: null,
          };
        },
      };
    }
    case 'io-file': {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-io-'));
      const file = path.join(dir, 'data.bin');
      const data = generatedBlock(8 * 1024 * 1024, 7);
      writeFileSync(file, data);
      const expected = bufferChecksum(data);
      return {
        ...same({ workload: 'io-file', path: file }),
        verifyExtra: (tasks) => {
          const bad = tasks.filter((t) => t.result !== expected).length;
          return { ok: bad === 0, note: bad ? `${bad} reads gave a wrong checksum` : '', counter: null };
        },
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'transfer': {
      const payload = generatedBlock(params.payloadBytes, 11);
      const expected = bufferChecksum(payload);
      return {
        specs: Array.from({ length: params.tasks }, () => ({ workload: 'transfer', payload }) as TaskSpec),
        shown: { workload: 'transfer', payloadBytes: params.payloadBytes } as RunResult['taskSpec'],
        verifyExtra: (tasks) => {
          const bad = tasks.filter((t) => t.result !== expected).length;
          return { ok: bad === 0, note: bad ? `${bad} payloads arrived damaged` : '', counter: null };
        },
        cleanup: () => {},
      };
    }
    case 'convoy': {
      // Task 0 is an I/O loop (sleep 1 ms, repeat) for taskMs; the rest are CPU-bound tasks of the
      // same length, so the loop has company for all of its life.
      const ms = params.taskMs ?? DEFAULT_CONVOY_MS;
      const cpu = await calibratedSpec(calibrationPool, { workload: 'cpu', n: 1000 }, ms);
      const probe: TaskSpec = { workload: 'io-loop', durationMs: ms, ioMs: 1 };
      return {
        specs: [probe, ...Array.from({ length: params.tasks - 1 }, () => cpu)],
        shown: { workload: 'convoy', ioMs: 1, cpuTasks: params.tasks - 1 },
        verifyExtra: (tasks) => {
          const loop = tasks.find((t) => t.index === 0);
          if (!loop || typeof loop.result !== 'number' || loop.endedAt <= loop.startedAt)
            return { ok: false, note: 'the I/O loop did not finish', counter: null, ioLoop: null };
          const loopsPerSecond = (1000 * loop.result) / (loop.endedAt - loop.startedAt);
          return {
            ok: true,
            note: `the I/O loop ran ${Math.round(loopsPerSecond)} times a second`,
            counter: null,
            ioLoop: { loops: loop.result, loopsPerSecond },
          };
        },
        cleanup: () => {},
      };
    }
    case 'counter': {
      if (params.mode === 'processes' && params.sharedMemory) return sharedValueCounter(params);
      // Long enough that each task spans several switch intervals, as the articles' loops do
      // in CPython; a task shorter than one interval would never be interrupted at all.
      const times = 1_000_000;
      const cell = shared ? new SharedArrayBuffer(4) : undefined;
      const lock = shared ? new SharedArrayBuffer(4) : undefined;
      const spec: TaskSpec = { workload: 'counter', times, variant: params.counterVariant, cell, lock };
      return {
        specs: Array.from({ length: params.tasks }, () => spec),
        shown: { workload: 'counter', times, variant: params.counterVariant },
        verifyExtra: (tasks) => {
          const expected = times * params.tasks;
          // Threads share one counter; a process without shared memory counted its own copy,
          // and the parent's counter never moved. What each process sends back with its result
          // (as a multiprocessing.Queue would carry it) still adds up.
          const final = cell ? new Int32Array(cell)[0]! : 0;
          const returned = cell
            ? undefined
            : tasks.reduce((sum, t) => sum + (typeof t.result === 'number' ? t.result : 0), 0);
          return {
            ok: true,
            note: cell
              ? `${expected - final} of ${expected} updates lost`
              : 'each process counted its own copy; the parent still sees 0',
            counter: { expected, final, lost: expected - final, ...(returned === undefined ? {} : { returned }) },
          };
        },
        cleanup: () => {},
      };
    }
  }
}

/**
 * The counter in processes sharing a multiprocessing.Value (see shared-value.ts). Every access
 * is a system call, about a hundred times slower than a thread's, so each task does a tenth of
 * the increments: still hundreds of thousands of races between processes.
 */
function sharedValueCounter(params: RunParams): Prepared {
  const times = 100_000;
  const value = createSharedValue();
  const spec: TaskSpec = { workload: 'counter', times, variant: params.counterVariant, shared: value.paths };
  return {
    specs: Array.from({ length: params.tasks }, () => spec),
    shown: { workload: 'counter', times, variant: params.counterVariant, sharedValue: value.paths.value },
    verifyExtra: () => {
      const expected = times * params.tasks;
      const final = value.read();
      return {
        ok: true,
        note: `${expected - final} of ${expected} updates lost (processes sharing a Value)`,
        counter: { expected, final, lost: expected - final },
      };
    },
    cleanup: value.cleanup,
  };
}

async function verify(pool: WorkerPool, run: PoolRun, specs: TaskSpec[]): Promise<{ ok: boolean; note: string }> {
  const failed = run.tasks.filter((t) => t.error !== null);
  if (failed.length) return { ok: false, note: `${failed.length} tasks failed: ${failed[0]!.error}` };
  const first = specs[0];
  if (!first || !['cpu', 'primes', 'hash', 'tiny'].includes(first.workload)) return { ok: true, note: '' };
  // All tasks of a run share one spec, so one reference answer checks them all.
  const expected = await ask(pool, { type: 'expect', id: 0, spec: first }, (r) =>
    r.type === 'expected' ? { value: r.result } : undefined,
  ).then((answer) => answer.value);
  const wrong = run.tasks.filter((t) => t.result !== expected).length;
  return { ok: wrong === 0, note: wrong ? `${wrong} tasks gave a wrong answer (expected ${String(expected)})` : '' };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One run of one experiment: calibrate, run on the right warm pool, check, measure. */
export async function runExperiment(
  pools: LabPools,
  input: RunParamsInput,
  options: { signal?: AbortSignal; onEvent?: (event: RunEvent) => void } = {},
): Promise<RunResult> {
  const requestedAt = epochNow();
  const params = parseRunParams(input);
  const pool = params.mode === 'processes' ? pools.processes : pools.threads;
  const prepared = await prepare(params, pools.threads, params.mode !== 'processes');
  try {
    const run = await runOnPool(pool, {
      mode: params.mode,
      workers: params.workers,
      tasks: prepared.specs,
      switchIntervalMs: params.switchIntervalMs,
      timeoutMs: params.timeoutMs,
      signal: options.signal,
      onEvent: options.onEvent,
      requestedAt,
    });
    const checked =
      run.outcome === 'completed' ? await verify(pools.threads, run, prepared.specs) : { ok: false, note: run.outcome };
    const extra = prepared.verifyExtra(run.tasks);
    const perWorker = new Map<number, WorkerFigures>();
    for (const t of run.tasks) {
      const w = perWorker.get(t.worker) ?? { worker: t.worker, pid: pool.pid(t.worker), tasks: 0, cpuMs: 0 };
      w.tasks++;
      w.cpuMs += t.cpuMs;
      perWorker.set(t.worker, w);
    }
    const cpuMs = run.tasks.reduce((sum, t) => sum + t.cpuMs, 0);
    // Sequential hands its worker the whole list at once, so only the first task shows dispatch time.
    const started = run.tasks.filter((t) => t.startedAt > 0);
    const dispatch = (params.mode === 'sequential' ? started.slice(0, 1) : started).map(
      (t) => t.startedAt - t.dispatchedAt,
    );
    return {
      params,
      outcome: run.outcome,
      wallMs: run.wallMs,
      cpuMs,
      busyCores: run.wallMs > 0 ? cpuMs / run.wallMs : 0,
      firstStartMs: run.firstStartMs,
      workers: [...perWorker.values()].sort((a, b) => a.worker - b.worker),
      tasks: run.tasks,
      verified: checked.ok && extra.ok,
      verifyNote: [checked.note, extra.note].filter(Boolean).join('; '),
      dispatchMs: { median: median(dispatch), max: Math.max(0, ...dispatch) },
      spawnMs: [...pool.spawnTimesMs],
      taskSpec: prepared.shown,
      counter: extra.counter,
      ioLoop: extra.ioLoop ?? null,
      gil: run.gil,
      timeline: run.timeline,
      cpuMethod: run.cpuMethod,
    };
  } finally {
    prepared.cleanup();
  }
}
