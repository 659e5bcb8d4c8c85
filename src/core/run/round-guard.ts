import type { ModeId, RunOutcome } from '../../shared/vocabulary';
import { epochNow } from '../gil/gil-layout';
import type { WorkerPool } from '../pool/worker-pool';
import { copiedBytes, needsWarmUp } from '../workloads/run-task';
import type { TaskSpec } from '../workloads/task-kind';
import type { PoolRun } from './run-on-pool';

/** How a round was stopped from outside: its timeout, or a cancel. */
export type StoppedOutcome = Extract<RunOutcome, 'timed-out' | 'cancelled'>;

/**
 * A round's limits, enforced by the host whatever its workers do: timeoutMs counted from Run
 * (sizing, start-up and warm-up included), and the run's cancel. `reached` resolves at the first.
 */
export class RoundDeadline {
  readonly reached: Promise<StoppedOutcome>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offAbort: () => void = () => {};
  private outcome: StoppedOutcome | null = null;

  constructor(options: { timeoutMs?: number; requestedAt?: number; signal?: AbortSignal }) {
    this.reached = new Promise<StoppedOutcome>((resolve) => {
      const reach = (outcome: StoppedOutcome): void => {
        if (this.outcome) return;
        this.outcome = outcome;
        resolve(outcome);
      };
      const { signal, timeoutMs } = options;
      if (signal?.aborted) reach('cancelled');
      const onAbort = (): void => reach('cancelled');
      signal?.addEventListener('abort', onAbort);
      this.offAbort = () => signal?.removeEventListener('abort', onAbort);
      if (timeoutMs) {
        const left = timeoutMs - Math.max(0, epochNow() - (options.requestedAt ?? epochNow()));
        this.timer = setTimeout(() => reach('timed-out'), Math.max(0, left));
      }
    });
  }

  /** What stopped the round so far, or null while it may go on. */
  get stopped(): StoppedOutcome | null {
    return this.outcome;
  }

  /** Waits for `work`, unless the deadline comes first: then null. */
  async before<T>(work: Promise<T>): Promise<{ value: T } | null> {
    if (this.outcome) return null;
    return Promise.race([work.then((value) => ({ value })), this.reached.then(() => null)]);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.offAbort();
  }
}

/**
 * Gets a round's first `workers` slots started and warm before the clock starts, within the
 * deadline. A worker that hasn't answered when the deadline comes (stopped, hung before its
 * first task) is killed, so the pool replaces it. Returns what stopped the round, or null.
 */
export async function readyWorkers(
  pool: WorkerPool,
  workers: number,
  tasks: readonly TaskSpec[],
  deadline: RoundDeadline,
): Promise<StoppedOutcome | null> {
  const slots = Array.from({ length: workers }, (_, slot) => slot);
  const started = await deadline.before(pool.ensure(workers));
  if (!started) {
    await Promise.all(slots.filter((slot) => !pool.isReady(slot)).map((slot) => pool.discard(slot)));
    return deadline.stopped;
  }
  // Every worker warms each kind of kernel the round runs (see warmUp), one kind at a time.
  const kinds = new Map<string, TaskSpec>();
  for (const spec of tasks) if (needsWarmUp(spec) && !kinds.has(spec.workload)) kinds.set(spec.workload, spec);
  for (const spec of kinds.values()) {
    const answered = new Set<number>();
    const warmed = Promise.all(
      slots.map((slot) =>
        pool
          .request(slot, { type: 'warm', id: 0, spec }, (report) => (report.type === 'warmed' ? true : undefined))
          .then(() => answered.add(slot)),
      ),
    );
    // A warm-up left behind by the deadline fails when its worker is killed; nobody waits for it.
    warmed.catch(() => {});
    if (!(await deadline.before(warmed))) {
      await Promise.all(slots.filter((slot) => !answered.has(slot)).map((slot) => pool.discard(slot)));
      return deadline.stopped;
    }
  }
  return null;
}

/** A round stopped before any task was handed out: it ran nothing and measured nothing. */
export function unstartedRound(mode: ModeId, workers: number, outcome: StoppedOutcome): PoolRun {
  const now = epochNow();
  const clock = Date.now();
  return {
    mode,
    workers,
    pids: [],
    startedAt: now,
    endedAt: now,
    wallMs: 0,
    firstStartMs: Number.NaN,
    tasks: [],
    outcome,
    stopReason: null,
    timeline: [],
    gil: null,
    cpuMethod: 'unknown',
    waitingForCore: null,
    coreWaitCost: null,
    clock: { from: clock, to: clock },
    labBusyCores: 0,
  };
}

/** Past this many bytes of payload copies held by a round's workers, they are replaced afterwards. */
export const RELEASE_COPIES_BYTES = 128 * 1024 * 1024;

/**
 * Gives back the memory a round's payloads took: each worker holds its copies until its heap is
 * collected, which an idle worker may not do for minutes, so workers that took large payloads are
 * retired, and fresh ones take their slots before the next round can ask for them.
 */
export function releaseCopies(pool: WorkerPool, workers: number, tasks: readonly TaskSpec[]): void {
  const perTask = tasks.length ? copiedBytes(tasks[0]!) : 0;
  // Each worker keeps the message it was sent and its own copy.
  if (perTask * 2 * Math.min(workers, tasks.length) < RELEASE_COPIES_BYTES) return;
  for (let slot = 0; slot < workers; slot++) pool.retire(slot);
}
