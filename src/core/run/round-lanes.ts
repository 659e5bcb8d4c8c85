import type { RunEvent, RunSummary } from '../../shared/measurement';
import { epochNow, type GilViews } from '../gil/gil-layout';
import { readTimelineSince, type TimelineEvent } from '../gil/gil-report';
import { CoreWaitSampler, type WorkerThreadId } from './core-wait';
import { ReadyLanes } from './ready-lanes';

/** How often threads' states are read from the shared ring, and held samples let out. */
const POLL_MS = 50;
/**
 * How long a lane's events are held before they go out with the waits laid over them: enough for
 * a process's state message to arrive, and for the ring to be read, after the sample they fall in.
 */
export const LANE_HOLD_MS = 150;

/**
 * The scheduler is read about every 50 ms, less often with many workers, so the lanes gain at
 * most a few hundred events a second and the readings cost the host well under 1% of a core.
 */
export function coreWaitPeriodMs(workers: number): number {
  return Math.min(1000, Math.max(POLL_MS, 5 * workers));
}

export interface RoundLanesOptions {
  workers: number;
  /** The round's shared GIL, whose ring the threads write their states to; absent for processes. */
  views?: GilViews;
  /** Each worker's OS thread, for reading its wait for a core; null where it isn't known. */
  threads: readonly (WorkerThreadId | null)[];
  /** The most lane events the round keeps for its result. */
  capacity: number;
  onEvent?: (event: RunEvent) => void;
}

/** What a round's lanes come to once it is over. */
export interface RoundLanesResult {
  /** Every lane event let out, oldest first: the workers' own states and `ready`. */
  timeline: TimelineEvent[];
  waitingForCore: RunSummary['waitingForCore'];
  /** What reading the scheduler cost the host. */
  coreWaitCost: { readings: number; ms: number } | null;
}

/**
 * A round's worker lanes while it runs: the states threads write to the shared ring (polled) and
 * processes send, merged with the wait for a core the host measures from outside, streamed as
 * worker-state events in each worker's own time order.
 */
export class RoundLanes {
  private readonly sampler: CoreWaitSampler | null;
  private readonly lanes: ReadyLanes;
  private readonly timeline: TimelineEvent[] = [];
  private readonly period: number;
  private cursor = 0;
  private lastSample: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RoundLanesOptions) {
    const now = epochNow();
    this.sampler = CoreWaitSampler.start(options.threads, now);
    this.lastSample = now;
    this.period = coreWaitPeriodMs(options.workers);
    this.lanes = new ReadyLanes((event) => {
      if (this.timeline.length < options.capacity) this.timeline.push(event);
      options.onEvent?.({ type: 'worker-state', worker: event.thread, state: event.state, t: event.t });
    }, this.sampler !== null);
    if (options.views || this.sampler) {
      this.timer = setInterval(() => this.tick(false), POLL_MS);
      // The round's own wait keeps the process alive; this never should on its own.
      this.timer.unref();
    }
  }

  /** A state a process worker reported. */
  reported(event: TimelineEvent): void {
    this.lanes.reported(event);
  }

  /** The round is over: reads the last states and waits, and lets every held event out. */
  finish(): RoundLanesResult {
    if (this.timer) clearInterval(this.timer);
    this.tick(true);
    this.lanes.flush();
    this.sampler?.close();
    return {
      timeline: [...this.timeline].sort((a, b) => a.t - b.t),
      waitingForCore: this.sampler?.total() ?? null,
      coreWaitCost: this.sampler ? { ...this.sampler.cost } : null,
    };
  }

  private tick(last: boolean): void {
    if (this.options.views) {
      const fresh = readTimelineSince(this.options.views, this.cursor);
      this.cursor = fresh.next;
      for (const event of fresh.events) this.lanes.reported(event);
    }
    if (!this.sampler) return;
    const now = epochNow();
    if (last || now - this.lastSample >= this.period) {
      const reading = this.sampler.sample(now);
      this.lastSample = now;
      reading.readyMs.forEach((readyMs, worker) =>
        this.lanes.waited(worker, { from: reading.from, to: reading.to, readyMs }),
      );
    }
    if (!last) this.lanes.release(now - LANE_HOLD_MS);
  }
}
