import type { MeasuredThreads, RunEvent } from '../../shared/measurement';
import type { ThreadState } from '../../shared/vocabulary';
import type { RoundOptions } from '../backends/run-backend';
import type { TimelineEvent } from '../gil/gil-report';
import type { ValidRunParams } from '../run/run-params';
import type { RoundSizing, RunResult, TaskRecord } from '../run/run-result';
import { spread } from '../../shared/stats';
import type { Interpreter } from './interpreter';
import { measuredThreads } from './measured-threads';
import { RunnerProcess } from './runner-process';
import type { RunnerMessage, RunnerRequest } from './runner-protocol';
import type { SampledState, SamplerTotals } from './thread-sampler-protocol';
import type { ThreadSampler } from './thread-sampler';

/** What one round of real Python needs from its backend. */
export interface PythonRoundInput {
  params: ValidRunParams;
  interpreter: Interpreter;
  scriptsDir: string;
  /** A size this interpreter calibrated before for this task, if any. */
  size: Record<string, number> | undefined;
  sizing: RoundSizing;
  /** The /proc sampler (Linux), or null where threads can't be sampled. */
  sampler: ThreadSampler | null;
  options: RoundOptions;
  onSized(size: Record<string, number>): void;
  onHello(gilEnabled: boolean | null, startMethod: string | null): void;
}

/** A lane drawn for a sampled state: a futex wait shares the GIL wait's lane, labelled in `threads`. */
const LANE_STATE: Record<SampledState, ThreadState> = {
  running: 'running',
  runnable: 'ready',
  futex: 'waiting-gil',
  io: 'io',
};

type End =
  | { kind: 'done'; done: Extract<RunnerMessage, { type: 'done' }> }
  | { kind: 'stopped'; outcome: 'cancelled' | 'timed-out' }
  | { kind: 'failed'; reason: string };

/** Why a round never began: refused by the interpreter, or a runner that failed before its start. */
export class PythonRoundError extends Error {
  override readonly name = 'PythonRoundError';
}

/**
 * One round in real Python: starts the runner, turns its messages into the engine's events and
 * task records, lays the sampler's measured thread states over each worker's lane while it has
 * a task, and measures every thread between the round's start and end from the OS.
 */
export async function runPythonRound(input: PythonRoundInput): Promise<RunResult & { threads: MeasuredThreads }> {
  const { params, options, sampler, interpreter } = input;
  const request: RunnerRequest = {
    mode: params.mode,
    workload: params.workload,
    workers: params.workers,
    tasks: params.tasks,
    ...(params.taskMs === undefined ? {} : { taskMs: params.taskMs }),
    switchIntervalMs: params.switchIntervalMs,
    counterVariant: params.counterVariant,
    sharedMemory: params.sharedMemory,
    payloadBytes: params.payloadBytes,
    ...(input.size ? { size: input.size } : {}),
  };
  const env: Record<string, string> =
    interpreter.build === 'free-threaded' ? { PYTHON_GIL: params.mode === 'threads-free' ? '0' : '1' } : {};

  const byTid = new Map<number, { worker: number; pid: number }>();
  const inFlight = new Map<number, number>(); // worker → tasks running
  const lastSampled = new Map<number, SampledState>();
  const lastT = new Map<number, number>();
  const tasks = new Map<number, TaskRecord>();
  const timeline: TimelineEvent[] = [];
  let shown: RunResult['taskSpec'] = { workload: params.workload };
  let startedAt = 0;
  let clockFrom = 0;
  let finished = 0;
  let startTotals: Promise<SamplerTotals> | null = null;
  let endTotals: Promise<SamplerTotals> | null = null;
  let runnerPid = 0;
  let end!: (how: End) => void;
  const ended = new Promise<End>((resolve) => (end = resolve));

  const emit = (event: RunEvent): void => options.onEvent?.(event);
  const laneState = (worker: number, state: ThreadState, t: number): void => {
    const at = Math.max(t, lastT.get(worker) ?? t);
    lastT.set(worker, at);
    timeline.push({ t: at, thread: worker, state });
    emit({ type: 'worker-state', worker, state, t: at });
  };
  const watch = (): void => sampler?.watch([runnerPid, ...[...byTid.values()].map((w) => w.pid)]);
  const stopStates = sampler?.states.add((changes) => {
    for (const change of changes) {
      lastSampled.set(change.tid, change.state);
      const w = byTid.get(change.tid);
      if (w && (inFlight.get(w.worker) ?? 0) > 0) laneState(w.worker, LANE_STATE[change.state], change.t);
    }
  });

  const onMessage = (m: RunnerMessage): void => {
    switch (m.type) {
      case 'hello':
        runnerPid = m.pid;
        input.onHello(m.gilEnabled, m.startMethod);
        return watch();
      case 'refused':
      case 'error':
        return end({ kind: 'failed', reason: m.reason });
      case 'sized':
        shown = { workload: params.workload, ...m.shown };
        return input.onSized(m.size);
      case 'worker':
        byTid.set(m.tid, { worker: m.worker ?? byTid.size, pid: m.pid });
        return watch();
      case 'started': {
        startedAt = m.t;
        clockFrom = Date.now();
        startTotals = sampler?.snapshot() ?? null;
        const pids = [runnerPid, ...[...byTid.values()].map((w) => w.pid)];
        const event = {
          type: 'round-started',
          lanes: Math.max(1, byTid.size),
          gilLane: false,
          t: m.t,
          mode: params.mode,
          backend: 'python',
          threadMethod: sampler ? 'proc-task-sampling' : 'task-spans',
        } as const;
        options.onRoundStarted?.({ event, load: { counted: 'worker-processes', pids: [...new Set(pids)] } });
        return emit(event);
      }
      case 'task-started': {
        const worker = byTid.get(m.tid)?.worker ?? m.worker ?? 0;
        const previous = [...tasks.values()].filter((t) => t.worker === worker).at(-1);
        tasks.set(m.task, {
          index: m.task,
          worker,
          dispatchedAt: Math.max(startedAt, previous?.endedAt ?? 0),
          startedAt: m.t,
          endedAt: 0,
          cpuMs: 0,
          result: null,
          error: null,
        });
        inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
        emit({ type: 'task-started', task: m.task, worker, t: m.t });
        return laneState(worker, LANE_STATE[lastSampled.get(m.tid) ?? 'running'], m.t);
      }
      case 'task-finished': {
        const record = tasks.get(m.task);
        if (!record) return;
        Object.assign(record, { endedAt: m.t, cpuMs: m.cpuMs, result: m.result, error: m.error });
        finished++;
        const left = (inFlight.get(record.worker) ?? 1) - 1;
        inFlight.set(record.worker, left);
        const ok = m.error === null;
        emit({
          type: 'task-finished',
          task: m.task,
          worker: record.worker,
          t: m.t,
          ok,
          done: finished,
          total: params.tasks,
        });
        if (left === 0) laneState(record.worker, 'idle', m.t);
        return;
      }
      case 'worker-lost':
        return emit({ type: 'worker-lost', worker: m.worker ?? -1, reason: m.reason });
      case 'done':
        endTotals = sampler?.snapshot() ?? null;
        return end({ kind: 'done', done: m });
    }
  };

  const runner = new RunnerProcess(interpreter.command, input.scriptsDir, request, env, onMessage, (reason) =>
    end({ kind: 'failed', reason }),
  );
  const abort = (): void => end({ kind: 'stopped', outcome: 'cancelled' });
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) abort();
  const timer = setTimeout(() => end({ kind: 'stopped', outcome: 'timed-out' }), params.timeoutMs);
  const how = await ended;
  const clockTo = Date.now();
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', abort);
  if (how.kind === 'done') await runner.finish();
  else {
    runner.stop();
    await runner.exited;
  }
  const [from, to] = await Promise.all([startTotals, endTotals]).catch(() => [null, null] as const);
  stopStates?.();
  // The round's processes are gone: the sampler sleeps until the next round names new ones.
  sampler?.watch([]);
  if (!startedAt) {
    if (how.kind === 'stopped') throw new PythonRoundError(`the Python round was ${how.outcome} before it began`);
    throw new PythonRoundError(how.kind === 'failed' ? how.reason : 'the Python runner ended before the round began');
  }

  const records = [...tasks.values()].sort((a, b) => a.index - b.index);
  const wallMs = how.kind === 'done' ? how.done.wallMs : clockTo - clockFrom;
  const threads = measuredThreads({ records, byTid, from, to, hz: sampler?.hz ?? null, wallMs });
  const taskCpu = records.reduce((sum, t) => sum + t.cpuMs, 0);
  const cpuMs = threads.method === 'proc-task-sampling' ? threads.list.reduce((s, t) => s + t.onCpuMs, 0) : taskCpu;
  const workerThreads = threads.list.filter((t) => t.worker !== null);
  const run = workerThreads.reduce((s, t) => s + t.onCpuMs, 0);
  const ready = workerThreads.reduce((s, t) => s + t.runnableMs, 0);
  const outcome =
    how.kind === 'done' ? (how.done.failed ? 'failed' : 'completed') : how.kind === 'stopped' ? how.outcome : 'failed';
  const note = how.kind === 'done' ? how.done.note : how.kind === 'failed' ? how.reason : how.outcome;
  const started = records.filter((t) => t.startedAt > 0);
  const dispatch = started.map((t) => t.startedAt - t.dispatchedAt);
  const perWorker = new Map<number, RunResult['workers'][number]>();
  for (const t of records) {
    const w = perWorker.get(t.worker) ?? { worker: t.worker, pid: pidOf(byTid, t.worker), tasks: 0, cpuMs: 0 };
    w.tasks++;
    w.cpuMs += t.cpuMs;
    perWorker.set(t.worker, w);
  }
  return {
    params,
    outcome,
    lanes: Math.max(1, byTid.size),
    wallMs,
    cpuMs,
    busyCores: wallMs > 0 ? cpuMs / wallMs : 0,
    firstStartMs: started.length
      ? Math.min(...started.map((t) => t.startedAt)) - (options.requestedAt ?? clockFrom)
      : NaN,
    workers: [...perWorker.values()].sort((a, b) => a.worker - b.worker),
    tasks: records,
    verified: how.kind === 'done' && how.done.ok && outcome === 'completed',
    verifyNote: note,
    dispatchMs: { median: spread(dispatch).median, max: Math.max(0, ...dispatch) },
    spawnMs: [],
    taskSpec: shown,
    counter: how.kind === 'done' ? (how.done.counter ?? null) : null,
    ioLoop: how.kind === 'done' ? (how.done.ioLoop ?? null) : null,
    gil: null,
    timeline: timeline.sort((a, b) => a.t - b.t),
    cpuMethod: threads.method === 'proc-task-sampling' ? 'thread-schedstat' : 'process-cpu-usage',
    waitingForCore:
      threads.method === 'proc-task-sampling'
        ? { ms: ready, share: run + ready > 0 ? ready / (run + ready) : 0 }
        : null,
    coreWaitCost: null,
    sizing: input.sizing,
    clock: { from: clockFrom, to: clockTo },
    labBusyCores: wallMs > 0 ? cpuMs / wallMs : 0,
    threads,
  };
}

function pidOf(byTid: Map<number, { worker: number; pid: number }>, worker: number): number {
  for (const w of byTid.values()) if (w.worker === worker) return w.pid;
  return 0;
}
