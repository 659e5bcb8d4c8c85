import { cancelGil, readGilReport, type GilReport, type TimelineEvent } from '../gil/gil-report';
import type { RunEvent, RunSummary } from '../../shared/measurement';
import { THREAD_STATES, type ModeId, type RunOutcome } from '../../shared/vocabulary';
import { createGilBuffer, epochNow, gilViews } from '../gil/gil-layout';
import type { WorkerReport } from '../pool/task-protocol';
import type { WorkerPool } from '../pool/worker-pool';
import type { RoundStart } from '../backends/run-backend';
import { processCpuMs } from '../monitor/process-cpu';
import type { TaskSpec } from '../workloads/task-kind';
import type { TaskRecord } from './run-result';
import { RoundLanes } from './round-lanes';
import { readyWorkers, releaseCopies, RoundDeadline, unstartedRound } from './round-guard';
import { MODE_TRAITS, roundWorkers } from '../../shared/modes';
import { SIMULATION_MODES } from '../backends/simulation-modes';

export interface PoolRun {
  mode: ModeId;
  workers: number;
  /** Each worker's OS process id as the round ran (the host's for threads), by slot. */
  pids: number[];
  startedAt: number;
  endedAt: number;
  wallMs: number;
  /** From Run (requestedAt, or the start of the timed part) to the first task starting work. */
  firstStartMs: number;
  tasks: TaskRecord[];
  outcome: RunOutcome;
  /** Why a failed round stopped early, in words ("worker 2 (pid 4711) was killed by SIGKILL"); else null. */
  stopReason: string | null;
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

/** Runs `tasks` on the first `workers` slots of a warm pool, as an executor would. */
export async function runOnPool(pool: WorkerPool, options: PoolRunOptions): Promise<PoolRun> {
  const { mode, tasks } = options;
  // The one place that says how many workers a round runs on: one for a plain or an event loop.
  const workers = roundWorkers(mode, options.workers);
  const deadline = new RoundDeadline(options);
  try {
    const stoppedEarly = await readyWorkers(pool, workers, tasks, deadline);
    return stoppedEarly
      ? unstartedRound(mode, workers, stoppedEarly)
      : await runReady(pool, options, workers, deadline);
  } finally {
    deadline.dispose();
  }
}

async function runReady(
  pool: WorkerPool,
  options: PoolRunOptions,
  workers: number,
  deadline: RoundDeadline,
): Promise<PoolRun> {
  const { mode, tasks, onEvent } = options;
  const { dispatch: handOut, gil: roundGil } = SIMULATION_MODES[mode];
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

  const records: (TaskRecord | undefined)[] = new Array(tasks.length);
  const inFlight = new Map<number, number>(); // task index → worker
  const gone = new Set<number>(); // workers that died during the round
  const busyWorkers = () => new Set(inFlight.values());
  let next = 0;
  let finished = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let cpuMethod = 'unknown';
  let outcome: PoolRun['outcome'] = 'completed';
  let stopReason: string | null = null;
  const pids = Array.from({ length: workers }, (_, slot) => pool.pid(slot));
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
      mode,
      backend: 'simulation',
    },
    load: threads
      ? { counted: 'engine-process', pids: [process.pid] }
      : { counted: 'worker-processes', pids: [...pids] },
  };
  options.onRoundStarted?.(roundStart);
  onEvent?.(roundStart.event);
  const lanes = new RoundLanes({
    workers,
    views,
    // A process runs its tasks on its main thread, whose id is its pid.
    threads: Array.from({ length: workers }, (_, slot) => {
      const pid = threads ? process.pid : pids[slot]!;
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

  let over = false;
  let settle: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (settle = resolve)).then(() => {
    over = true;
  });
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
  // A worker whose exit is on its way gets nothing: its exit stops the round.
  const dispatch = (worker: number): void => {
    if (stopping.value || next >= tasks.length || gone.has(worker) || !pool.isAlive(worker)) {
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
  // A worker lost mid-round fails the round at once, with its reason: the others are stopped
  // rather than left to run the rest of the list short-handed.
  const offExit = pool.onExit(({ slot, pid, reason }) => {
    if (slot >= workers) return;
    gone.add(slot);
    const lost = [...inFlight].filter(([, worker]) => worker === slot).map(([index]) => index);
    const error = stopping.value ? 'cancelled' : `worker ${slot + 1} ${reason}`;
    const unfinished = lost.length > 0 || next < tasks.length;
    if (!stopping.value) onEvent?.({ type: 'worker-lost', worker: slot, reason });
    const fails = !stopping.value && unfinished;
    for (const index of lost) finish(slot, index, { endedAt: epochNow(), error });
    if (fails) {
      stopReason = `worker ${slot + 1} (pid ${pid}) ${reason}`;
      void stop('failed');
    }
  });

  const stop = async (why: PoolRun['outcome']): Promise<void> => {
    if (stopping.value || over) return;
    stopping.value = true;
    outcome = why;
    if (views) cancelGil(views);
    else await Promise.all([...busyWorkers()].map((slot) => pool.discard(slot)));
    // A thread stuck outside any checkpoint is stopped the hard way.
    setTimeout(() => {
      for (const slot of busyWorkers()) void pool.restart(slot);
    }, CANCEL_GRACE_MS).unref();
    if (inFlight.size === 0) settle();
  };
  void deadline.reached.then((why) => stop(why));

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

  offReport();
  offExit();
  releaseCopies(pool, workers, tasks);

  const done = records.filter((r): r is TaskRecord => r !== undefined);
  const endedAt = Math.max(startedAt, ...done.map((r) => r.endedAt));
  if (outcome === 'completed' && done.some((r) => r.error !== null)) outcome = 'failed';
  const gil = views ? readGilReport(views) : null;
  return {
    mode,
    workers,
    pids,
    startedAt,
    endedAt,
    wallMs: endedAt - startedAt,
    firstStartMs: Number.isFinite(firstStart) ? firstStart - (options.requestedAt ?? startedAt) : Number.NaN,
    tasks: done,
    outcome,
    stopReason,
    timeline: laneResult.timeline,
    gil,
    cpuMethod,
    waitingForCore: laneResult.waitingForCore,
    coreWaitCost: laneResult.coreWaitCost,
    clock: { from: clockFrom, to: clockTo },
    labBusyCores: clockTo > clockFrom ? labCpuMs / (clockTo - clockFrom) : 0,
  };
}
