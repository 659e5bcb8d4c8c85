/**
 * What lesson 2 (I/O-bound work) expects of its go: threads, and one asyncio event loop, each
 * overlap the waits that one thread makes one after another, with the CPU all but idle. Judged by
 * claims.ts.
 */
import type { RunParamsInput } from '../../../shared/run-params';
import {
  busyOf,
  fairShare,
  fewTasks,
  idealSpeedup,
  judge,
  overheadOutweighs,
  plannedParams,
  raced,
  seconds,
  type Claim,
  type Done,
} from './claims';
import { fmt, type ClaimContext, type Conclusion, type LessonGo } from './lesson';

/** The most cores' worth busy a run that only waits may keep. */
const BUSY_IO_MAX = 0.5;

/** How lesson 2 names a way of overlapping waits, in its claim and in what it found. */
interface Overlap {
  key: string;
  name: string;
  /** Where the waits overlap at best: "on 10 threads". */
  where: (params: RunParamsInput | null) => string;
  /** Where they overlapped in the run, as it measured: "On 10 threads". */
  on: (run: Done) => string;
  /** Beyond speed and CPU, what the run must show; true when there is nothing more. */
  shape?: (run: Done) => boolean;
  /** Why the shape didn't hold, as measured. */
  misshapen?: (run: Done) => string | null;
  shows: string;
}

/** Waits overlapped against one after another: a fair share of the overlap the plan allows, the CPU idle. */
function overlapsWaits(go: LessonGo, context: ClaimContext, o: Overlap): Claim {
  const params = plannedParams(go, context, o.key);
  const ideal = params ? idealSpeedup(params, context.cores) : null;
  const floor = ideal === null || !params ? 1 : fairShare(params) * ideal;
  return {
    claim: `${o.name} at least ${fmt(floor)}× faster than one after another (${fmt(ideal)}× if all ${params?.tasks ?? '—'} waits overlap ${o.where(params)}), at most ${BUSY_IO_MAX} cores' worth busy`,
    needs: ['sequential', o.key],
    check: (step) => {
      const { one, run, s } = raced(step, 'sequential', o.key);
      return {
        holds: s >= floor && busyOf(run) <= BUSY_IO_MAX && (o.shape?.(run) ?? true),
        found: `One after another, the waits took ${seconds(one)}. ${o.on(run)} they took ${seconds(run)}, ${fmt(s)}× faster, while ${fmt(busyOf(run))} cores' worth of CPU was busy.`,
        shows: o.shows,
      };
    },
    reasons: (step) => [
      o.misshapen?.(step(o.key)) ?? null,
      fewTasks(step(o.key)),
      overheadOutweighs(step(o.key), step('sequential')),
    ],
  };
}

/** The most lanes any round of a run drew: the threads it ran on. */
const lanesOf = (run: Done): number => Math.max(0, ...run.measurement.runs.map((r) => r.lanes));

export function concludeIoBound(go: LessonGo, context: ClaimContext): Conclusion[] {
  const threads = overlapsWaits(go, context, {
    key: 'threads-gil',
    name: 'Threads',
    where: (params) => `on ${params?.workers ?? '—'} threads`,
    on: (run) => `On ${run.measurement.params.workers} threads`,
    shows: 'The threads were waiting together, not computing.',
  });
  const loop = overlapsWaits(go, context, {
    key: 'asyncio',
    name: 'asyncio',
    where: () => "on its event loop's one thread",
    on: (run) => `On one event loop, on ${lanesOf(run)} thread${lanesOf(run) === 1 ? '' : 's'},`,
    shape: (run) => lanesOf(run) === 1,
    misshapen: (run) => (lanesOf(run) === 1 ? null : `the event loop ran on ${lanesOf(run)} lanes, not one`),
    shows:
      "Its waits overlapped as the threads' did, on one thread: while a task awaited its reply, the loop ran the next.",
  });
  return [judge(go, context.cores, threads), judge(go, context.cores, loop)];
}
