import type { EventChannel } from '../../shared/channels';
import type { EventPayload } from '../../shared/contract';

/** The run events a follower who joins late is sent first, so it sees the runs so far. */
export type ReplayChannel = 'run:progressed' | 'run:load-measured' | 'run:finished';
export interface ReplayEvent<E extends EventChannel = EventChannel> {
  channel: E;
  payload: EventPayload<E>;
}

/** Runs kept for late joiners: the one running and the last few finished, whose lanes they can scrub. */
export const REPLAY_RUNS = 4;
/** Lane events kept per run; a run past it is replayed up to there and then goes on live. */
export const REPLAY_EVENTS_PER_RUN = 200_000;

interface KeptRun {
  runId: string;
  events: ReplayEvent[];
  laneEvents: number;
  /** The last load reading only: a late joiner needs the gauge's value, not its history. */
  load: ReplayEvent<'run:load-measured'> | null;
  finished: ReplayEvent<'run:finished'> | null;
}

/**
 * Keeps the live session's recent runs as they were streamed, in memory and bounded, so that a
 * follower who joins mid-run gets the run so far and can scrub the lanes of runs that finished.
 */
export class LiveReplay {
  private readonly runs: KeptRun[] = [];

  private run(runId: string): KeptRun {
    let kept = this.runs.find((r) => r.runId === runId);
    if (!kept) {
      kept = { runId, events: [], laneEvents: 0, load: null, finished: null };
      this.runs.push(kept);
      if (this.runs.length > REPLAY_RUNS) this.runs.shift();
    }
    return kept;
  }

  progressed(payload: EventPayload<'run:progressed'>): void {
    const kept = this.run(payload.runId);
    if (kept.laneEvents + payload.events.length > REPLAY_EVENTS_PER_RUN) return;
    kept.laneEvents += payload.events.length;
    kept.events.push({ channel: 'run:progressed', payload });
  }

  loadMeasured(payload: EventPayload<'run:load-measured'>): void {
    this.run(payload.runId).load = { channel: 'run:load-measured', payload };
  }

  finished(payload: EventPayload<'run:finished'>): void {
    const kept = this.run(payload.runId);
    kept.finished = { channel: 'run:finished', payload };
    kept.load = null;
  }

  /** Every kept run's events in the order they came, each run's last load before its end. */
  events(): ReplayEvent[] {
    return this.runs.flatMap((r) => [...r.events, ...(r.load ? [r.load] : []), ...(r.finished ? [r.finished] : [])]);
  }

  get laneEvents(): number {
    return this.runs.reduce((sum, r) => sum + r.laneEvents, 0);
  }
}
