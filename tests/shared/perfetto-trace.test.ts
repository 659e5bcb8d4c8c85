import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/core/sessions/export';
import { laneSegments, replayLanes } from '../../src/shared/lane-replay';
import {
  buildTrace,
  GIL_HOLDER_THREAD,
  traceText,
  type ChromeTrace,
  type TraceEvent,
} from '../../src/shared/perfetto-trace';
import type { SessionDocument } from '../../src/shared/session';
import { decodeLoadTrace, decodeTimeline } from '../../src/shared/session-content';
import { checkSessionValue } from '../../src/shared/session-parse';
import { checkTraceFormat as checkFormat } from '../support/trace-format';

/**
 * A session recorded by the real engine through `npm run lab -- run --session`: threads under the
 * GIL, processes, free threads (each 2 workers × 4 CPU tasks, with a sequential baseline), and
 * I/O-bound threads under the GIL without one.
 */
const FIXTURE = path.join(import.meta.dirname, '../fixtures/four-modes.session.json.gz');
const doc: SessionDocument = checkSessionValue(JSON.parse(gunzipSync(readFileSync(FIXTURE)).toString()));
const numbered = doc.runs.map((run, i) => ({ run, index: i + 1 }));

const metaOf = (trace: ChromeTrace, name: string) => trace.traceEvents.filter((e) => e.ph === 'M' && e.name === name);
const processNames = (trace: ChromeTrace) =>
  new Map(metaOf(trace, 'process_name').map((e) => [e.pid, String(e.args.name)]));
const threadNames = (trace: ChromeTrace) =>
  new Map(metaOf(trace, 'thread_name').map((e) => [`${e.pid}:${e.tid}`, String(e.args.name)]));
const slicesBy = (trace: ChromeTrace) => {
  const tracks = new Map<string, TraceEvent[]>();
  for (const e of trace.traceEvents.filter((x) => x.ph === 'X')) {
    const key = `${e.pid}:${e.tid}`;
    tracks.set(key, [...(tracks.get(key) ?? []), e]);
  }
  return tracks;
};
/** The pid of the one process whose name is exactly `name`. */
const pidNamed = (trace: ChromeTrace, name: string): number => {
  const found = [...processNames(trace)].filter(([, n]) => n === name);
  expect(found, `process "${name}" in ${[...processNames(trace).values()].join(' | ')}`).toHaveLength(1);
  return found[0]![0];
};

describe('Perfetto traces of recorded runs', () => {
  const trace = buildTrace(doc.name, numbered);

  it('is Trace Event Format, and the file text parses back to the same trace', () => {
    expect(doc.runs.map((r) => r.measurement.params.mode)).toEqual([
      'threads-gil',
      'processes',
      'threads-free',
      'threads-gil',
    ]);
    checkFormat(trace);
    expect(JSON.parse(traceText(trace))).toEqual(trace);
    const exported = exportSession(doc, 'perfetto');
    expect(exported.fileName).toBe('perfetto-fixture.trace.json');
    expect(exported.mediaType).toBe('application/json');
    expect(JSON.parse(exported.text)).toEqual(trace);
  });

  it('names a process and thread for every worker of every round, and a pool process by its own pid', () => {
    const threads = threadNames(trace);
    const gilRun = pidNamed(trace, 'Run 1 (threads-gil) · Run');
    expect(
      [...threads].filter(([k]) => k.startsWith(`${gilRun}:`)).map(([, n]) => n),
      'the threads of a GIL round',
    ).toEqual(['Thread 1', 'Thread 2', GIL_HOLDER_THREAD]);
    expect(
      [...threads]
        .filter(([k]) => k.startsWith(`${pidNamed(trace, 'Run 1 (threads-gil) · Sequential baseline')}:`))
        .map(([, n]) => n),
    ).toEqual(['Thread 1']);
    const pool = doc.runs[1]!.measurement.runs[0]!.workers;
    for (const w of pool) {
      const pid = pidNamed(trace, `Run 2 (processes) · Run · Process ${w.worker + 1}`);
      expect(pid).toBe(w.pid);
      expect(threads.get(`${pid}:${pid}`)).toBe(`Process ${w.worker + 1}`);
    }
    const baselinePid = doc.runs[1]!.measurement.baseline!.runs[0]!.workers[0]!.pid;
    expect(pidNamed(trace, 'Run 2 (processes) · Sequential baseline · Process 1')).toBe(baselinePid);
    // Every thread that has slices is named, and every process with a thread is too.
    for (const key of slicesBy(trace).keys()) {
      expect(threads.has(key), key).toBe(true);
      expect(processNames(trace).has(Number(key.split(':')[0]))).toBe(true);
    }
  });

  it('draws each lane as slices that never overlap on one thread, as long as the app draws them', () => {
    for (const [key, slices] of slicesBy(trace)) {
      const sorted = [...slices].sort((a, b) => a.ts - b.ts);
      for (let i = 1; i < sorted.length; i++) {
        expect(
          sorted[i]!.ts,
          `${key}: ${JSON.stringify(sorted[i - 1])} then ${JSON.stringify(sorted[i])}`,
        ).toBeGreaterThanOrEqual(sorted[i - 1]!.ts + sorted[i - 1]!.dur!);
      }
    }
    // Time in each state per worker agrees with the lanes the session view replays.
    const run = doc.runs[0]!;
    const events = decodeTimeline(run.timeline!);
    const segment = laneSegments(run.timeline!, events).find((s) => s.phase === 'run')!;
    const { recorder } = replayLanes(events, segment);
    const times = recorder.stateTimes(recorder.endMs(0));
    const pid = pidNamed(trace, 'Run 1 (threads-gil) · Run');
    const threads = threadNames(trace);
    for (const worker of [0, 1]) {
      const tid = [...threads].find(([k, n]) => k.startsWith(`${pid}:`) && n === `Thread ${worker + 1}`)![0];
      const slices = slicesBy(trace).get(tid)!;
      const total = (name: string) => slices.filter((s) => s.name === name).reduce((sum, s) => sum + s.dur!, 0) / 1000;
      expect(times[worker]!.running).toBeGreaterThan(0);
      expect(times[worker]!['waiting-gil']).toBeGreaterThan(0);
      expect(total('running')).toBeCloseTo(times[worker]!.running, 1);
      expect(total('waiting for the GIL')).toBeCloseTo(times[worker]!['waiting-gil'], 1);
      expect(slices.some((s) => s.name === 'idle')).toBe(false);
    }
  });

  it('has a GIL holder track, naming the holder, only in rounds under the GIL', () => {
    const holders = [...threadNames(trace)].filter(([, n]) => n === GIL_HOLDER_THREAD).map(([k]) => k);
    const owners = holders.map((k) => processNames(trace).get(Number(k.split(':')[0])));
    expect(owners).toEqual(['Run 1 (threads-gil) · Run', 'Run 4 (threads-gil) · Run']);
    for (const key of holders) {
      const names = new Set(
        slicesBy(trace)
          .get(key)
          ?.map((s) => s.name),
      );
      expect(names.size).toBeGreaterThan(0);
      for (const n of names) expect(['Thread 1', 'Thread 2']).toContain(n);
    }
    const lone = buildTrace(doc.name, [numbered[1]!, numbered[2]!]);
    expect([...threadNames(lone).values()]).not.toContain(GIL_HOLDER_THREAD);
  });

  it('counts each core of each run in its own counter track, one value per monitor sample', () => {
    for (const { run, index } of numbered) {
      const pid = pidNamed(trace, `Run ${index} (${run.measurement.params.mode}) · per-core load`);
      const counters = trace.traceEvents.filter((e) => e.ph === 'C' && e.pid === pid);
      const load = decodeLoadTrace(run.load!);
      expect(new Set(counters.map((c) => c.name))).toEqual(new Set(load.perCore.map((_, c) => `Core ${c}`)));
      load.perCore.forEach((series, core) => {
        const mine = counters.filter((c) => c.name === `Core ${core}`);
        expect(mine).toHaveLength(load.timesMs.length);
        expect(mine.map((c) => c.args.load)).toEqual(Array.from(series, (v) => Math.round(v * 10) / 10));
      });
    }
  });

  it('sorts processes and threads as the app lays out its lanes', () => {
    const order = metaOf(trace, 'process_sort_index').map((e) => processNames(trace).get(e.pid));
    expect(order.slice(0, 6)).toEqual([
      'Run 1 (threads-gil) · per-core load',
      'Run 1 (threads-gil) · Sequential baseline',
      'Run 1 (threads-gil) · Run',
      'Run 2 (processes) · per-core load',
      'Run 2 (processes) · Sequential baseline · Process 1',
      'Run 2 (processes) · Run · Process 1',
    ]);
    expect(metaOf(trace, 'process_sort_index').map((e) => e.args.sort_index)).toEqual(
      metaOf(trace, 'process_sort_index').map((_, i) => i),
    );
    const pid = pidNamed(trace, 'Run 1 (threads-gil) · Run');
    const sortOf = (name: string) =>
      metaOf(trace, 'thread_sort_index').find(
        (e) => e.pid === pid && threadNames(trace).get(`${e.pid}:${e.tid}`) === name,
      )!.args.sort_index;
    expect([sortOf('Thread 1'), sortOf('Thread 2'), sortOf(GIL_HOLDER_THREAD)]).toEqual([0, 1, 2]);
  });

  it('gives a pid to one process only: a pool process seen again keeps its pid in its name', () => {
    const twice = buildTrace(doc.name, [numbered[1]!, { run: doc.runs[1]!, index: 5 }]);
    checkFormat(twice);
    const pids = metaOf(twice, 'process_name').map((e) => e.pid);
    expect(new Set(pids).size).toBe(pids.length);
    const w = doc.runs[1]!.measurement.runs[0]!.workers[0]!;
    const again = pidNamed(twice, `Run 5 (processes) · Run · Process 1 (pid ${w.pid})`);
    expect(again).not.toBe(w.pid);
    expect(pidNamed(twice, 'Run 2 (processes) · Run · Process 1')).toBe(w.pid);
  });

  it('starts at the earliest moment recorded, and an empty session is an empty trace', () => {
    expect(Math.min(...trace.traceEvents.filter((e) => e.ph !== 'M').map((e) => e.ts))).toBeLessThan(1_000_000);
    expect(trace.otherData.startedAt).toBe(doc.runs[0]!.startedAt);
    const empty = buildTrace('Nothing yet', []);
    expect(empty.traceEvents).toEqual([]);
    expect(JSON.parse(traceText(empty))).toEqual(empty);
  });
});
