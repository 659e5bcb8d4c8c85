import type { ThreadGilStats } from '../../shared/measurement';
import { THREAD_STATES, type ThreadState } from '../../shared/vocabulary';
import { CONTROL, STAT, type GilViews } from './gil-layout';

export interface TimelineEvent {
  /** Epoch ms. */
  t: number;
  thread: number;
  state: ThreadState;
}

export interface GilReport {
  enabled: boolean;
  switchIntervalMs: number;
  /** GIL acquisitions in all (0 when free-threaded). */
  switches: number;
  /** Times more than one thread held the GIL at once. Always 0 unless the GIL is broken. */
  overlaps: number;
  threads: ThreadGilStats[];
  timeline: TimelineEvent[];
  /** Events overwritten because the ring was full: the timeline shows only the latest. */
  timelineDropped: number;
}

/**
 * Timeline events written since `from` (a count of events ever written), oldest first, and the
 * count to pass next time. Reads only the new slots, so polling during a long run stays cheap.
 * A slot claimed but not yet filled in still reads as time 0; reading stops there for now.
 */
export function readTimelineSince(views: GilViews, from: number): { events: TimelineEvent[]; next: number } {
  const { control, times, events, capacity } = views;
  const written = Atomics.load(control, CONTROL.TIMELINE_NEXT);
  const timeline: TimelineEvent[] = [];
  let k = Math.max(from, written - capacity);
  for (; k < written; k++) {
    const slot = k % capacity;
    const t = times[slot]!;
    if (t === 0) break;
    const code = events[slot]!;
    timeline.push({ t, thread: code >> 3, state: THREAD_STATES[code & 7] ?? 'idle' });
  }
  return { events: timeline, next: k };
}

/** Reads a run's GIL figures and timeline out of the shared buffer, oldest event first. */
export function readGilReport(views: GilViews): GilReport {
  const { control, stats, capacity } = views;
  const written = Atomics.load(control, CONTROL.TIMELINE_NEXT);
  const timeline = readTimelineSince(views, 0).events.sort((a, b) => a.t - b.t);
  const threads: ThreadGilStats[] = [];
  for (let i = 0; i < views.threads; i++) {
    const row = i * STAT.LENGTH;
    threads.push({
      thread: i,
      runMs: stats[row + STAT.RUN_MS]!,
      waitMs: stats[row + STAT.WAIT_MS]!,
      ioMs: stats[row + STAT.IO_MS]!,
      nativeMs: stats[row + STAT.NATIVE_MS]!,
      acquisitions: stats[row + STAT.ACQUISITIONS]!,
      forcedDrops: stats[row + STAT.FORCED_DROPS]!,
      longestWaitMs: stats[row + STAT.LONGEST_WAIT_MS]!,
    });
  }
  return {
    enabled: control[CONTROL.ENABLED] === 1,
    switchIntervalMs: control[CONTROL.INTERVAL_US]! / 1000,
    switches: control[CONTROL.ENABLED] === 1 ? Atomics.load(control, CONTROL.SWITCH_NUMBER) : 0,
    overlaps: Atomics.load(control, CONTROL.OVERLAPS),
    threads,
    timeline,
    timelineDropped: Math.max(0, written - capacity),
  };
}

/** Asks every thread of the run to stop at its next checkpoint or wake-up. */
export function cancelGil(views: GilViews): void {
  Atomics.store(views.control, CONTROL.CANCELLED, 1);
  // Trips the eval breaker too, so kernels polling one word notice at their next slice.
  Atomics.store(views.control, CONTROL.DROP_REQUEST, 1);
  Atomics.notify(views.control, CONTROL.LOCKED);
  Atomics.notify(views.control, CONTROL.SWITCH_NUMBER);
}
