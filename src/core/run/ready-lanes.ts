import type { ThreadState } from '../../shared/vocabulary';
import type { TimelineEvent } from '../gil/gil-report';

/**
 * A worker's lane as drawn: the states it reports itself (running, waiting for the GIL, in I/O,
 * idle), with `ready` laid over them where the OS scheduler says it was runnable but waiting for
 * a core. The worker can't see that wait (its own clock runs on while it is off the core), so
 * the host measures it from outside, a sample at a time, and places each sample's wait here.
 *
 * Where in a sample the wait went, the scheduler doesn't say: it is laid at the end of the
 * sample's running (or native) stretches, as one block, never over idle, I/O or GIL waits. A
 * lane then shows how much of each sample was spent waiting, at the sample's grain.
 *
 * A sample is placed once every state the worker reported during it has arrived, so the host
 * holds each lane's events briefly and lets them out in time order, merged with the waits.
 */

/** Runnable states: the only ones a wait for a core can be laid over. */
const RUNNABLE: ReadonlySet<ThreadState> = new Set<ThreadState>(['running', 'native']);

/** A wait shorter than this in one sample is not drawn (it still counts in the round's figure). */
export const MIN_READY_BLOCK_MS = 1;

/** One sample of one worker: how long it waited for a core between `from` and `to` (epoch ms). */
export interface ReadySample {
  from: number;
  to: number;
  readyMs: number;
}

interface Lane {
  /** Reported, not yet let out; in time order. */
  pending: TimelineEvent[];
  samples: ReadySample[];
  /** The worker's own state at `settledTo`. */
  own: ThreadState;
  /** The state last let out. */
  shown: ThreadState | null;
  lastT: number;
  /** Everything up to here has been let out. */
  settledTo: number;
}

export class ReadyLanes {
  private readonly lanes: Lane[] = [];

  /**
   * @param emit receives every lane event, each lane's in time order
   * @param measured false where no wait can be measured: reported states then go straight out
   */
  constructor(
    private readonly emit: (event: TimelineEvent) => void,
    private readonly measured: boolean,
  ) {}

  /** A state a worker reported itself. */
  reported(event: TimelineEvent): void {
    if (!this.measured) {
      this.emit(event);
      return;
    }
    const lane = this.lane(event.thread);
    // Later than its sample was placed: let out now, at the lane's latest time so it stays in order.
    if (event.t <= lane.settledTo) {
      lane.own = event.state;
      this.out(event.thread, lane, Math.max(event.t, lane.lastT), event.state);
      return;
    }
    const at = lane.pending.length ? lane.pending[lane.pending.length - 1]!.t : -Infinity;
    lane.pending.push(event.t >= at ? event : { ...event, t: at });
  }

  /** A worker's measured wait for a core over one sample. */
  waited(worker: number, sample: ReadySample): void {
    if (this.measured) this.lane(worker).samples.push(sample);
  }

  /** Places every sample that ended by `until`, letting out the events it covers. */
  release(until: number): void {
    this.lanes.forEach((lane, worker) => {
      while (lane.samples.length && lane.samples[0]!.to <= until) this.place(worker, lane, lane.samples.shift()!);
    });
  }

  /** The round is over: places every sample and lets every held event out. */
  flush(): void {
    this.release(Infinity);
    this.lanes.forEach((lane, worker) => {
      if (lane.shown !== lane.own && lane.settledTo > -Infinity) this.out(worker, lane, lane.settledTo, lane.own);
      for (const event of lane.pending.splice(0)) {
        lane.own = event.state;
        this.out(worker, lane, event.t, event.state);
      }
    });
  }

  private lane(worker: number): Lane {
    while (this.lanes.length <= worker) {
      this.lanes.push({ pending: [], samples: [], own: 'idle', shown: null, lastT: -Infinity, settledTo: -Infinity });
    }
    return this.lanes[worker]!;
  }

  private out(worker: number, lane: Lane, t: number, state: ThreadState): void {
    if (state === lane.shown) return;
    lane.shown = state;
    lane.lastT = Math.max(lane.lastT, t);
    this.emit({ t: lane.lastT, thread: worker, state });
  }

  private place(worker: number, lane: Lane, sample: ReadySample): void {
    // Events from before the sample (the first sample of a round, or a gap) go out as they are.
    while (lane.pending.length && lane.pending[0]!.t < sample.from) {
      const event = lane.pending.shift()!;
      lane.own = event.state;
      this.out(worker, lane, event.t, event.state);
    }
    // The sample as stretches of the worker's own states; each after the first begins with an event.
    const spans: { start: number; end: number; state: ThreadState; ready: number }[] = [];
    let start = sample.from;
    let state = lane.own;
    while (lane.pending.length && lane.pending[0]!.t <= sample.to) {
      const event = lane.pending.shift()!;
      spans.push({ start, end: event.t, state, ready: 0 });
      start = event.t;
      state = event.state;
    }
    spans.push({ start, end: sample.to, state, ready: 0 });
    // The wait goes at the end of the runnable stretches, latest first.
    let left = sample.readyMs >= MIN_READY_BLOCK_MS ? sample.readyMs : 0;
    for (let i = spans.length - 1; i >= 0 && left > 0; i--) {
      const span = spans[i]!;
      if (!RUNNABLE.has(span.state)) continue;
      span.ready = Math.min(left, span.end - span.start);
      left -= span.ready;
    }
    for (const span of spans) {
      const length = span.end - span.start;
      // A state that lasted no time says nothing; the next sample shows it if it is still the state.
      if (length <= 0) continue;
      if (span.ready > 0 && span.ready >= length) {
        this.out(worker, lane, span.start, 'ready');
        continue;
      }
      this.out(worker, lane, span.start, span.state);
      if (span.ready > 0) this.out(worker, lane, span.end - span.ready, 'ready');
    }
    lane.own = state;
    lane.settledTo = sample.to;
  }
}
