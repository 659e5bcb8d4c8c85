import type { SessionDocument, SessionRun } from './session';
import { decodeLoadTrace, decodeTimeline } from './session-content';
import { laneSegments, replayLanes, roundOf, type LaneSegmentChoice } from './lane-replay';
import { STATE_TEXT, workerName } from './lane-names';
import { MODE_TRAITS } from './modes';

/**
 * Saved runs as a Chrome Trace Event Format file (JSON object form), which ui.perfetto.dev and
 * chrome://tracing open: per run, a process of per-core load counters, then each round's worker
 * lanes as slices in the thread states the app draws, and under the GIL a "GIL holder" thread
 * whose slices name the worker holding it. Threads and the sequential baseline are one process
 * with a thread per worker; a process pool is a process per worker, under its own pid where the
 * run recorded it. Processes and threads are sorted to read top to bottom as the app's lanes do.
 * Pure, so the engine (session export, the CLI) and the renderer (one run's button) write the same file.
 */

/** One trace event; `ts` and `dur` are microseconds from the trace's first moment. */
export interface TraceEvent {
  name: string;
  ph: 'M' | 'X' | 'C';
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  cat?: string;
  args: Record<string, string | number>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string | number>;
}

/** A run with the number the session views give it (Run 1 is the session's first). */
export interface NumberedRun {
  run: SessionRun;
  index: number;
}

/** The thread that shows who holds the GIL, in rounds that ran under one. */
export const GIL_HOLDER_THREAD = 'GIL holder';

export const TRACE_SUFFIX = '.trace.json';

/** Process and thread ids: a worker process's own pid where free, otherwise a number no real pid in the trace uses. */
class TraceIds {
  private readonly claimed = new Set<number>();
  private next = 1;
  constructor(private readonly reserved: ReadonlySet<number>) {}

  /** The real pid, the first time it is asked for; null once an earlier process has it. */
  real(pid: number | undefined): number | null {
    if (pid === undefined || pid <= 0 || this.claimed.has(pid)) return null;
    this.claimed.add(pid);
    return pid;
  }

  fresh(): number {
    while (this.reserved.has(this.next) || this.claimed.has(this.next)) this.next++;
    this.claimed.add(this.next);
    return this.next++;
  }
}

const processPids = (run: SessionRun): number[] =>
  !MODE_TRAITS[run.measurement.params.mode].osProcesses
    ? []
    : [...(run.measurement.baseline?.runs ?? []), ...run.measurement.runs].flatMap((r) => r.workers.map((w) => w.pid));

export function buildTrace(sessionName: string, runs: readonly NumberedRun[]): ChromeTrace {
  const ids = new TraceIds(new Set(runs.flatMap(({ run }) => processPids(run))));
  const origin = runs.length ? Math.min(...runs.map(({ run }) => earliestMs(run))) : 0;
  const us = (ms: number): number => Math.round((ms - origin) * 1000);
  const events: TraceEvent[] = [];
  let processOrder = 0;

  const meta = (name: string, pid: number, tid: number, args: TraceEvent['args']): void => {
    events.push({ name, ph: 'M', pid, tid, ts: 0, args });
  };
  const process = (pid: number, name: string): void => {
    meta('process_name', pid, pid, { name });
    meta('process_sort_index', pid, pid, { sort_index: processOrder++ });
  };
  const thread = (pid: number, tid: number, name: string, order: number): void => {
    meta('thread_name', pid, tid, { name });
    meta('thread_sort_index', pid, tid, { sort_index: order });
  };
  const slice = (
    pid: number,
    tid: number,
    name: string,
    cat: string,
    from: number,
    to: number,
    args: TraceEvent['args'],
  ) => {
    if (to > from) events.push({ name, cat, ph: 'X', pid, tid, ts: from, dur: to - from, args });
  };

  for (const { run, index } of runs) {
    const mode = run.measurement.params.mode;
    const prefix = `Run ${index} (${mode})`;
    if (run.load) {
      const pid = ids.fresh();
      process(pid, `${prefix} · per-core load`);
      const load = decodeLoadTrace(run.load);
      load.perCore.forEach((series, core) => {
        series.forEach((value, k) => {
          const ts = us(load.timesMs[k]!);
          events.push({ name: `Core ${core}`, ph: 'C', pid, tid: pid, ts, args: { load: round1(value) } });
        });
      });
    }
    if (!run.timeline) continue;
    const decoded = decodeTimeline(run.timeline);
    for (const segment of laneSegments(run.timeline, decoded)) {
      const { recorder, t0 } = replayLanes(decoded, segment);
      const end = recorder.endMs(0);
      const recorded = roundOf(run.measurement, segment)?.workers ?? [];
      const name = (worker: number): string => workerName(mode, worker);
      // Each worker's track: its own process in a pool of processes, a thread of the round's process otherwise.
      const shared = MODE_TRAITS[mode].osProcesses ? null : ids.fresh();
      if (shared !== null) process(shared, `${prefix} · ${segment.label}`);
      const lanes = recorder.lanes(end);
      const tracks = lanes.map((_, worker) => {
        if (shared !== null) {
          const tid = ids.fresh();
          thread(shared, tid, name(worker), worker);
          return { pid: shared, tid };
        }
        const realPid = recorded.find((w) => w.worker === worker)?.pid;
        const pid = ids.real(realPid) ?? ids.fresh();
        const note = realPid !== undefined && pid !== realPid ? ` (pid ${realPid})` : '';
        process(pid, `${prefix} · ${segment.label} · ${name(worker)}${note}`);
        thread(pid, pid, name(worker), 0);
        return { pid, tid: pid };
      });
      lanes.forEach((lane, worker) => {
        const { pid, tid } = tracks[worker]!;
        for (const s of lane) {
          if (s.state === 'idle') continue;
          slice(pid, tid, STATE_TEXT[s.state], s.state, us(t0 + s.start), us(t0 + s.end), laneArgs(segment, worker));
        }
      });
      if (recorder.gil && shared !== null) {
        const tid = ids.fresh();
        thread(shared, tid, GIL_HOLDER_THREAD, recorder.workers);
        // The lanes are polled, so two holds can overlap by a poll; on one track the later starts where the earlier ends.
        let free = Number.NEGATIVE_INFINITY;
        for (const hold of recorder.gilHolds(end)) {
          const from = Math.max(free, us(t0 + hold.start));
          const to = us(t0 + hold.end);
          slice(shared, tid, name(hold.worker), 'gil', from, to, laneArgs(segment, hold.worker));
          free = Math.max(free, to);
        }
      }
    }
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    otherData: {
      producer: 'GIL Lab',
      session: sessionName,
      runs: runs.map((r) => r.index).join(', '),
      startedAt: runs.length ? new Date(origin).toISOString() : '',
    },
  };
}

function laneArgs(segment: LaneSegmentChoice, worker: number): TraceEvent['args'] {
  return { round: segment.label, worker: worker + 1 };
}

/** The trace's first moment: Run, or anything recorded before it (a round's start, a sample). */
function earliestMs(run: SessionRun): number {
  const times = [Date.parse(run.startedAt)];
  if (run.load) times.push(run.load.startMs);
  if (run.timeline) {
    // A timeline with no events (only lost workers) has no start of its own.
    if (run.timeline.events > 0) times.push(run.timeline.startMs);
    for (const s of run.timeline.segments) if (s.t0Ms !== null) times.push(s.t0Ms);
  }
  return Math.min(...times);
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** The file's text: one event per line, so a long trace still reads and diffs line by line. */
export function traceText(trace: ChromeTrace): string {
  const head = `{"displayTimeUnit":${JSON.stringify(trace.displayTimeUnit)},"otherData":${JSON.stringify(trace.otherData)},`;
  return `${head}"traceEvents":[\n${trace.traceEvents.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}

/** Every run of a session in one trace, numbered as the session views number them. */
export function sessionTraceText(doc: Pick<SessionDocument, 'name' | 'runs'>): string {
  return traceText(
    buildTrace(
      doc.name,
      doc.runs.map((run, i) => ({ run, index: i + 1 })),
    ),
  );
}
