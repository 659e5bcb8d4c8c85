/**
 * A run's lanes: the recorder that turns its events into per-worker segments and GIL holds. Over
 * 300 lines because the recorder is one class: its lanes, holds and hand-off count are kept
 * consistent by the same private methods. What lanes and states are called is in lane-names.ts.
 */
import type { RoundStarted, RunEvent } from './measurement';
import { THREAD_STATES, type ThreadState } from './vocabulary';

/** What a lane takes: every event of a round but its start, which made the recorder. */
export type LaneEvent = Exclude<RunEvent, RoundStarted>;

/** A lane is drawn in the engine's own thread states. */
export type LaneState = ThreadState;

/** One stretch of a worker's lane, in ms since the run's t0. */
export interface LaneSegment {
  start: number;
  end: number;
  state: LaneState;
}

/** Who held the simulated GIL, from when to when (ms since t0). */
export interface GilHold {
  start: number;
  end: number;
  worker: number;
}

export interface LaneSummary {
  worker: number;
  runningMs: number;
  waitingMs: number;
  ioMs: number;
  nativeMs: number;
}

/** Time a lane spent in each state, in ms, indexed in THREAD_STATES order. */
export type StateTimes = Record<LaneState, number>;

const STATE_INDEX = Object.fromEntries(THREAD_STATES.map((state, i) => [state, i])) as Record<LaneState, number>;

/**
 * One worker's lane as parallel append-only arrays: segment i runs from starts[i] to starts[i + 1],
 * and the last one to closedAt, or is still open. Identical consecutive states are never stored
 * twice, so a lane grows with state changes, not with events.
 */
class Lane {
  readonly starts: number[] = [];
  readonly states: LaneState[] = [];
  closedAt: number | null = null;
  lost = false;
  /** Time per state in closed segments; the open one is added on demand. */
  readonly totals = THREAD_STATES.map(() => 0);
  /** The hold this lane has open in the GIL lane, while it is running under the GIL. */
  openHold: MutableHold | null = null;

  get length(): number {
    return this.starts.length;
  }

  /** End of segment i, with the open segment clipped to nowMs (never before its own start). */
  endOf(i: number, nowMs: number): number {
    const start = this.starts[i]!;
    const next = this.starts[i + 1];
    if (next !== undefined) return next;
    if (this.closedAt !== null) return Math.max(start, this.closedAt);
    return Math.max(start, nowMs);
  }

  /** Index of the last segment starting at or before t, or -1. */
  indexAt(t: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

interface MutableHold {
  start: number;
  end: number;
  worker: number;
}

/**
 * Turns a run's progress events into per-worker lanes and, under the GIL, a lane of who holds
 * it. Built for long runs: 10⁵ events cost 10⁵ appends at most, and every look-up by time is a
 * binary search. Only per-worker order is guaranteed by the engine (threads' states are polled
 * from a shared ring while process reports arrive on their own channels), so the GIL lane is kept
 * sorted by insertion from the end rather than assumed to arrive in order.
 */
export class LaneRecorder {
  private readonly laneList: Lane[] = [];
  private readonly holds: MutableHold[] = [];
  private holderChanges = 0;
  private finishedAt: number | null = null;
  private latest = 0;
  private changeCount = 0;

  constructor(
    workers: number,
    private readonly t0: number,
    readonly gil: boolean,
  ) {
    this.grow(Math.max(0, Math.floor(workers)) - 1);
  }

  /** Bumps on every change, so a view can redraw only when there is something new. */
  get version(): number {
    return this.changeCount;
  }

  get workers(): number {
    return this.laneList.length;
  }

  get finished(): boolean {
    return this.finishedAt !== null;
  }

  /** The latest time the recorder knows of: the finish, or the newest event. */
  endMs(nowMs: number): number {
    return this.finishedAt ?? Math.max(nowMs, this.latest);
  }

  isLost(worker: number): boolean {
    return this.laneList[worker]?.lost ?? false;
  }

  push(event: LaneEvent): void {
    if (this.finishedAt !== null || event.worker < 0 || !Number.isInteger(event.worker)) return;
    if (event.type === 'worker-lost') {
      const lane = this.grow(event.worker);
      if (lane.lost) return;
      lane.lost = true;
      this.close(lane, Math.max(this.latest, lane.starts.at(-1) ?? 0));
      this.changeCount++;
      return;
    }
    const t = event.t - this.t0;
    if (!Number.isFinite(t)) return;
    // Task events carry no state of their own: every mode reports states, and task reports reach
    // the page by a different path from the states, so mixing the two would reorder a lane.
    if (event.type !== 'worker-state') {
      if (t > this.latest) {
        this.latest = t;
        this.changeCount++;
      }
      return;
    }
    const lane = this.grow(event.worker);
    if (lane.closedAt !== null) return;
    const n = lane.length;
    const lastStart = n > 0 ? lane.starts[n - 1]! : null;
    // Per-worker order is promised; a clock step backwards is clamped rather than reordered.
    const at = lastStart === null ? t : Math.max(lastStart, t);
    if (at > this.latest) this.latest = at;
    const prev = n > 0 ? lane.states[n - 1]! : 'idle';
    if (n > 0 && prev === event.state) return;
    if (lastStart !== null) {
      lane.totals[STATE_INDEX[prev]]! += at - lastStart;
      if (at === lastStart) {
        // A zero-length segment says nothing: drop it, and if the one before it has the new
        // state, that one simply carries on (its closed time goes back to being open time).
        lane.starts.pop();
        lane.states.pop();
        const k = lane.length - 1;
        if (k >= 0 && lane.states[k] === event.state) {
          lane.totals[STATE_INDEX[event.state]]! -= at - lane.starts[k]!;
          this.onStateChange(event.worker, lane, event.state, at);
          this.changeCount++;
          return;
        }
      }
    }
    lane.starts.push(at);
    lane.states.push(event.state);
    this.onStateChange(event.worker, lane, event.state, at);
    this.changeCount++;
  }

  /** The run is over: every open lane ends at this epoch time, and later events are ignored. */
  finish(tEpochMs: number): void {
    if (this.finishedAt !== null) return;
    const at = Math.max(this.latest, tEpochMs - this.t0);
    for (const lane of this.laneList) this.close(lane, at);
    this.finishedAt = at;
    this.latest = at;
    this.changeCount++;
  }

  lanes(nowMs: number): LaneSegment[][] {
    return this.laneList.map((lane) => {
      const out: LaneSegment[] = new Array<LaneSegment>(lane.length);
      for (let i = 0; i < lane.length; i++) {
        out[i] = { start: lane.starts[i]!, end: lane.endOf(i, nowMs), state: lane.states[i]! };
      }
      return out;
    });
  }

  /**
   * Calls back for each segment of one lane that overlaps [from, to], without allocating: the
   * drawing path, which runs every frame over lanes that may hold 10⁵ segments.
   */
  eachSegment(
    worker: number,
    from: number,
    to: number,
    nowMs: number,
    visit: (start: number, end: number, state: LaneState) => void,
  ): void {
    const lane = this.laneList[worker];
    if (!lane) return;
    for (let i = Math.max(0, lane.indexAt(from)); i < lane.length; i++) {
      const start = lane.starts[i]!;
      if (start > to) break;
      const end = lane.endOf(i, nowMs);
      if (end >= from) visit(start, end, lane.states[i]!);
    }
  }

  /** Segments stored across all lanes; merging keeps this to the number of real state changes. */
  segmentCount(): number {
    return this.laneList.reduce((sum, lane) => sum + lane.length, 0);
  }

  gilHolds(nowMs: number): GilHold[] {
    if (!this.gil) return [];
    return this.holds.map((h) => ({ start: h.start, end: this.holdEnd(h, nowMs), worker: h.worker }));
  }

  /** Like eachSegment, for the GIL lane. */
  eachHold(from: number, to: number, nowMs: number, visit: (start: number, end: number, worker: number) => void): void {
    if (!this.gil) return;
    for (let i = Math.max(0, this.holdIndexAt(from) - 1); i < this.holds.length; i++) {
      const h = this.holds[i]!;
      if (h.start > to) break;
      const end = this.holdEnd(h, nowMs);
      if (end >= from) visit(h.start, end, h.worker);
    }
  }

  /** Times the GIL passed from one worker to a different one, as CPython's take_gil counts them. */
  switches(): number {
    return this.holderChanges;
  }

  /** Each lane's time in every state up to nowMs, the open segment included. */
  stateTimes(nowMs: number): StateTimes[] {
    return this.laneList.map((lane) => {
      const totals = [...lane.totals];
      const n = lane.length;
      if (n > 0 && lane.closedAt === null) {
        const open = lane.states[n - 1]!;
        totals[STATE_INDEX[open]]! += lane.endOf(n - 1, nowMs) - lane.starts[n - 1]!;
      }
      return Object.fromEntries(THREAD_STATES.map((state, i) => [state, totals[i]!])) as StateTimes;
    });
  }

  summary(nowMs: number): LaneSummary[] {
    return this.stateTimes(nowMs).map((times, worker) => ({
      worker,
      runningMs: times.running,
      waitingMs: times['waiting-gil'],
      ioMs: times.io,
      nativeMs: times.native,
    }));
  }

  stateAt(worker: number, tMs: number): LaneState {
    const lane = this.laneList[worker];
    if (!lane) return 'idle';
    if (lane.closedAt !== null && tMs >= lane.closedAt) return 'idle';
    const i = lane.indexAt(tMs);
    return i < 0 ? 'idle' : lane.states[i]!;
  }

  holderAt(tMs: number): number | null {
    if (!this.gil) return null;
    const i = this.holdIndexAt(tMs) - 1;
    const h = this.holds[i];
    if (!h) return null;
    return tMs < h.end ? h.worker : null;
  }

  private grow(worker: number): Lane {
    while (this.laneList.length <= worker) this.laneList.push(new Lane());
    return this.laneList[worker]!;
  }

  private close(lane: Lane, at: number): void {
    if (lane.closedAt !== null) return;
    const n = lane.length;
    const end = n > 0 ? Math.max(at, lane.starts[n - 1]!) : at;
    if (n > 0) lane.totals[STATE_INDEX[lane.states[n - 1]!]]! += end - lane.starts[n - 1]!;
    lane.closedAt = end;
    if (lane.openHold) {
      lane.openHold.end = end;
      if (end <= lane.openHold.start) this.removeHold(lane.openHold);
      lane.openHold = null;
    }
  }

  /**
   * A thread holds the GIL from when it starts running until it does something else, except
   * being put aside by the OS for want of a core: a preempted thread keeps the GIL (nobody else
   * can run Python meanwhile), so `ready` straight after running keeps its hold open. Ready after
   * waiting for the GIL is a thread woken to take it that has no core yet: no hold.
   */
  private onStateChange(worker: number, lane: Lane, to: LaneState, at: number): void {
    if (!this.gil) return;
    if (lane.openHold && to !== 'running' && to !== 'ready') {
      lane.openHold.end = at;
      if (lane.openHold.end <= lane.openHold.start) this.removeHold(lane.openHold);
      lane.openHold = null;
    } else if (!lane.openHold && to === 'running') {
      const hold = { start: at, end: Number.POSITIVE_INFINITY, worker };
      this.insertHold(hold);
      lane.openHold = hold;
    }
  }

  private holdEnd(h: MutableHold, nowMs: number): number {
    return h.end === Number.POSITIVE_INFINITY ? Math.max(h.start, nowMs) : h.end;
  }

  /** Index of the first hold starting after t (so the one before it is the candidate holder). */
  private holdIndexAt(t: number): number {
    let lo = 0;
    let hi = this.holds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.holds[mid]!.start <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertHold(hold: MutableHold): void {
    const list = this.holds;
    // Arrivals are almost in order, so the place is found by walking back from the end.
    let i = list.length;
    while (i > 0 && list[i - 1]!.start > hold.start) i--;
    const before = list[i - 1];
    const after = list[i];
    if (before && after && before.worker !== after.worker) this.holderChanges--;
    if (before && before.worker !== hold.worker) this.holderChanges++;
    if (after && after.worker !== hold.worker) this.holderChanges++;
    if (i === list.length) list.push(hold);
    else list.splice(i, 0, hold);
  }

  private removeHold(hold: MutableHold): void {
    const list = this.holds;
    let i = list.length - 1;
    while (i >= 0 && list[i] !== hold) i--;
    if (i < 0) return;
    const before = list[i - 1];
    const after = list[i + 1];
    if (before && before.worker !== hold.worker) this.holderChanges--;
    if (after && after.worker !== hold.worker) this.holderChanges--;
    if (before && after && before.worker !== after.worker) this.holderChanges++;
    list.splice(i, 1);
  }
}
