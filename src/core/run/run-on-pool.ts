import { cancelGil, readGilReport, type GilReport, type TimelineEvent } from '../gil/gil-report';
import type { RunEvent, RunSummary } from '../../shared/measurement';
import { THREAD_STATES, type ModeId, type RunOutcome } from '../../shared/vocabulary';
import { createGilBuffer, epochNow, gilViews } from '../gil/gil-layout';
import type { WorkerReport } from '../pool/task-protocol';
import type { WorkerPool } from '../pool/worker-pool';
import type { RoundStart } from '../backends/run-backend';
import { processCpuMs } from '../monitor/process-cpu';
import { needsWarmUp } from '../workloads/run-task';
import type { TaskSpec } from '../workloads/task-kind';
import type { TaskRecord } from './run-result';
import { RoundLanes } from './round-lanes';
import { MODE_TRAITS, roundWorkers } from '../../shared/modes';
import { SIMULATION_MODES } from '../backends/simulation-modes';

export interface PoolRun {
  mode: ModeId;
  workers: number;
  startedAt: number;
  endedAt: number;
  wallMs: number;
  /** From Run (requestedAt, or the start of the timed part) to the first task starting work. */
  firstStartMs: number;
  tasks: TaskRecord[];
  outcome: RunOutcome;
  /**
   * Worker states over time, oldest first, as the lanes showed them: what the threads wrote to
   * the shared GIL's ring or the processes reported, with `ready` where they waited for a core.
   */
  timeline: TimelineEvent[];
  gil: GilReport | null;
  cpuMethod: string;
  /** The round's wait for a core, from the OS scheduler; null where it can't be read. */
  waitingForCore: RunSummary['waitingForCore'];
  /** What measuring that wait cost the host: readings and ms spent reading. */
  coreWaitCost: { readings: number; ms: number } | null;
  /** Date.now() when the round began handing out tasks and when its last task was done: the monitor's clock. */
  clock: { from: number; to: number };
  /** CPU ÷ wall over `clock` of every GIL Lab process in the round: the engine's and the workers'. */
  labBusyCores: number;
}

export interface PoolRunOptions {
  mode: ModeId;
  workers: number;
  tasks: readonly TaskSpec[];
  switchIntervalMs: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Once the workers are warm, just before the first task is handed out. */
  onRoundStarted?: (start: RoundStart) => void;
  timelineCapacity?: number;
  /** Epoch ms when Run was asked for, before sizing and warm-up; firstStartMs counts from here. */
  requestedAt?: number;
}

const CANCEL_GRACE_MS = 1000;

/** Every worker of the run warms each kind of kernel before the clock starts (see warmUp). */
async function warmWorkers(pool: WorkerPool, workers: number, tasks: readonly TaskSpec[]): Promise<void> {
  const kinds = new Map<string, TaskSpec>();
  for (const spec of tasks) if (needsWarmUp(spec) && !kinds.has(spec.workload)) kinds.set(spec.workload, spec);
  for (const spec of kinds.values()) {
    await Promise.all(
      Array.from({ length: workers }, (_, slot) =>
        pool.request(slot, { type: 'warm', id: 0, spec }, (report) => (report.type === 'warmed' ? true : undefined)),
      ),
    );
  }
}

/** Runs `tasks` on the first `workers` slots of a warm pool, as an executor would. */
export async function runOnPool(pool: WorkerPool, options: PoolRunOptions): Promise<PoolRun> {
  const { mode, tasks, onEvent } = options;
  // The one place that says how many workers a round runs on: one for a plain or an event loop.
  const workers = roundWorkers(mode, options.workers);
  const { dispatch: handOut, gil: roundGil } = SIMULATION_MODES[mode];
  await pool.ensure(workers);
  const capacity = options.timelineCapacity ?? 32_768;
  const threads = pool.kind === 'thread';
  const gilBuffer = threads
    ? createGilBuffer({
        threads: workers,
        enabled: roundGil === 'locked',
        switchIntervalMs: options.switchIntervalMs,
        capacity,
      })
    : undefined;
  const views = gilBuffer ? gilViews(gilBuffer, workers, capacity) : undefined;

  await warmWorkers(pool, workers, tasks);

  const records: (TaskRecord | undefined)[] = new Array(tasks.length);
  const inFlight = new Map<number, number>(); // task index → worker
  const gone = new Set<number>(); // workers that died during the round
  const busyWorkers = () => new Set(inFlight.values());
  let next = 0;
  let finished = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let cpuMethod = 'unknown';
  let outcome: PoolRun['outcome'] = 'completed';
  const startedAt = epochNow();
  const clockFrom = Date.now();
  // GIL Lab's own processes: the engine's (whose threads are the workers, or which hands tasks to
  // the worker processes and copies their payloads) and the workers'. The rest is other programs.
  const labPids = [process.pid, ...(threads ? [] : Array.from({ length: workers }, (_, slot) => pool.pid(slot)))];
  const labCpuFrom = labPids.map((pid) => processCpuMs(pid));
  const roundStart: RoundStart = {
    event: {
      type: 'round-started',
      lanes: workers,
      gilLane: gilBuffer !== undefined && MODE_TRAITS[mode].gil === 'shared',
      t: startedAt,
    },
    load: threads
      ? { counted: 'engine-process', pids: [process.pid] }
      : { counted: 'worker-processes', pids: Array.from({ length: workers }, (_, slot) => pool.pid(slot)) },
  };
  options.onRoundStarted?.(roundStart);
  onEvent?.(roundStart.event);
  const lanes = new RoundLanes({
    workers,
    views,
    // A process runs its tasks on its main thread, whose id is its pid.
    threads: Array.from({ length: workers }, (_, slot) => {
      const pid = threads ? process.pid : pool.pid(slot);
      const tid = pool.tid(slot) ?? (threads ? null : pid);
      return tid === null || pid < 0 ? null : { pid, tid };
    }),
    capacity,
    onEvent,
  });

  for (let w = 0; w < workers; w++) {
    pool.post(
      w,
      gilBuffer
        ? {
            type: 'run',
            gil: { buffer: gilBuffer, threads: workers, capacity, index: w },
            switchIntervalMs: options.switchIntervalMs,
          }
        : { type: 'run', switchIntervalMs: options.switchIntervalMs },
    );
  }

  let settle: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (settle = resolve));
  const stopping = { value: false };

  const record = (index: number, worker: number): void => {
    records[index] = {
      index,
      worker,
      dispatchedAt: epochNow(),
      startedAt: 0,
      endedAt: 0,
      cpuMs: 0,
      result: null,
      error: null,
    };
    inFlight.set(index, worker);
  };

  // Pools hand tasks out one at a time, as an executor does; a plain loop (sequential) or an
  // event loop (asyncio) is one worker that gets the whole list at once, with no hand-out per task.
  const dispatch = (worker: number): void => {
    if (stopping.value || next >= tasks.length) {
      if (inFlight.size === 0) settle();
      return;
    }
    if (handOut !== 'each') {
      const first = next;
      for (; next < tasks.length; next++) record(next, worker);
      pool.post(worker, { type: handOut, firstId: first, specs: tasks.slice(first) });
      return;
    }
    const index = next++;
    record(index, worker);
    pool.post(worker, { type: 'task', id: index, spec: tasks[index]! });
  };

  const finish = (worker: number, index: number, patch: Partial<TaskRecord>): void => {
    const entry = records[index];
    if (!entry || inFlight.get(index) !== worker) return;
    Object.assign(entry, patch);
    inFlight.delete(index);
    finished++;
    onEvent?.({
      type: 'task-finished',
      task: index,
      worker,
      t: entry.endedAt,
      ok: entry.error === null,
      done: finished,
      total: tasks.length,
    });
    // A worker that died gets nothing more this round: its replacement never joined it.
    if (gone.has(worker)) {
      if (inFlight.size === 0) settle();
    } else if (![...inFlight.values()].includes(worker)) dispatch(worker);
    else if (inFlight.size === 0) settle();
  };

  const offReport = pool.onReport(({ slot, report }: { slot: number; report: WorkerReport }) => {
    if (slot >= workers) return;
    switch (report.type) {
      case 'started': {
        const record = records[report.id];
        if (record) record.startedAt = report.t;
        firstStart = Math.min(firstStart, report.t);
        onEvent?.({ type: 'task-started', task: report.id, worker: slot, t: report.t });
        break;
      }
      case 'done':
        cpuMethod = report.cpuMethod;
        finish(slot, report.id, { endedAt: report.endedAt, cpuMs: report.cpuMs, result: report.result });
        break;
      case 'failed':
        finish(slot, report.id, { endedAt: epochNow(), error: report.cancelled ? 'cancelled' : report.message });
        break;
      case 'state':
        lanes.reported({ t: report.t, thread: slot, state: THREAD_STATES[report.state] ?? 'idle' });
        break;
    }
  });
  const offExit = pool.onExit(({ slot, reason }) => {
    if (slot >= workers) return;
    gone.add(slot);
    const lost = [...inFlight].filter(([, worker]) => worker === slot).map(([index]) => index);
    if (!stopping.value) {
      onEvent?.({ type: 'worker-lost', worker: slot, reason });
      if (lost.length > 0) outcome = 'failed';
    }
    const error = stopping.value ? 'cancelled' : `worker ${slot + 1} ${reason}`;
    for (const index of lost) finish(slot, index, { endedAt: epochNow(), error });
  });

  const stop = async (why: PoolRun['outcome']): Promise<void> => {
    if (stopping.value) return;
    stopping.value = true;
    outcome = why;
    if (views) cancelGil(views);
    else await Promise.all([...busyWorkers()].map((slot) => pool.restart(slot)));
    // A thread stuck outside any checkpoint is stopped the hard way.
    setTimeout(() => {
      for (const slot of busyWorkers()) void pool.restart(slot);
    }, CANCEL_GRACE_MS).unref();
    if (inFlight.size === 0) settle();
  };
  const onAbort = () => void stop('cancelled');
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) void stop('cancelled');
  const timeout = options.timeoutMs ? setTimeout(() => void stop('timed-out'), options.timeoutMs) : undefined;

  for (let w = 0; w < workers; w++) dispatch(w);
  if (tasks.length === 0) settle();
  await allDone;
  const clockTo = Date.now();
  const labCpuMs = labPids.reduce((sum, pid, i) => {
    const now = processCpuMs(pid);
    const from = labCpuFrom[i];
    // A worker that died took its CPU time with it: what the lab used can only be under-counted.
    return now !== null && from !== null && from !== undefined && now >= from ? sum + now - from : sum;
  }, 0);
  const laneResult = lanes.finish();

  if (timeout) clearTimeout(timeout);
  options.signal?.removeEventListener('abort', onAbort);
  offReport();
  offExit();

  const done = records.filter((r): r is TaskRecord => r !== undefined);
  const endedAt = Math.max(startedAt, ...done.map((r) => r.endedAt));
  if (outcome === 'completed' && done.some((r) => r.error !== null)) outcome = 'failed';
  const gil = views ? readGilReport(views) : null;
  return {
    mode,
    workers,
    startedAt,
    endedAt,
    wallMs: endedAt - startedAt,
    firstStartMs: Number.isFinite(firstStart) ? firstStart - (options.requestedAt ?? startedAt) : Number.NaN,
    tasks: done,
    outcome,
    timeline: laneResult.timeline,
    gil,
    cpuMethod,
    waitingForCore: laneResult.waitingForCore,
    coreWaitCost: laneResult.coreWaitCost,
    clock: { from: clockFrom, to: clockTo },
    labBusyCores: clockTo > clockFrom ? labCpuMs / (clockTo - clockFrom) : 0,
  };
}
