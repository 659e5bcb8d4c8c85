import { describe, expect, it } from 'vitest';
import { RunRecording, SessionRecorder } from '../../../src/core/sessions/recorder';
import { ImportUploads } from '../../../src/core/sessions/import-uploads';
import { syntheticMachine, syntheticMeasurement, SYNTHETIC_APP } from '../../../src/core/sessions/synthetic-session';
import { TimelineBuilder } from '../../../src/core/sessions/trace-builders';
import { decodeLoadTrace, decodeTimeline } from '../../../src/shared/session-content';
import { SessionRunSchema } from '../../../src/shared/session';
import type { CoreSample } from '../../../src/shared/schemas';

const sample = (t: number, cores: number[]): CoreSample => ({
  seq: 0,
  t,
  intervalMs: 100,
  cores,
  total: cores.reduce((a, b) => a + b, 0) / cores.length,
  source: 'proc-stat',
});

describe('recording a run', () => {
  it('keeps the samples taken while the run went, to a tenth of a percent, with its timeline', () => {
    const start = new Date(1_800_000_000_000);
    const recording = new RunRecording('run-a', { now: start });
    recording.sample(sample(start.getTime() - 20, [99, 99])); // mostly before the run: dropped
    recording.sample(sample(start.getTime() + 100, [12.34, 100]));
    recording.sample(sample(start.getTime() + 200, [0, 55.55]));
    recording.event({ type: 'task-started', task: 3, worker: 1, t: start.getTime() + 1 }, 'baseline', 0);
    recording.event({ type: 'worker-state', worker: 1, state: 'waiting-gil', t: start.getTime() + 1.25 }, 'run', 1);
    recording.event({ type: 'worker-lost', worker: 0, reason: 'exited with code 1' }, 'run', 1);
    recording.event(
      { type: 'task-finished', task: 3, worker: 1, t: start.getTime() + 9, ok: false, done: 1, total: 1 },
      'run',
      1,
    );
    const run = recording.finish(syntheticMeasurement(2), {
      machine: syntheticMachine(2),
      app: SYNTHETIC_APP,
      now: new Date(start.getTime() + 300),
    });
    expect(SessionRunSchema.parse(run)).toEqual(run);
    const load = decodeLoadTrace(run.load!);
    expect(Array.from(load.timesMs)).toEqual([start.getTime() + 100, start.getTime() + 200]);
    expect(load.perCore.map((c) => Array.from(c, (v) => Math.round(v * 10) / 10))).toEqual([
      [12.3, 0],
      [100, 55.6],
    ]);
    const events = decodeTimeline(run.timeline!);
    expect(events).toEqual([
      { t: start.getTime() + 1, worker: 1, kind: 'task-started', task: 3, state: null, phase: 'baseline', round: 0 },
      {
        t: start.getTime() + 1.25,
        worker: 1,
        kind: 'worker-state',
        task: null,
        state: 'waiting-gil',
        phase: 'run',
        round: 1,
      },
      { t: start.getTime() + 9, worker: 1, kind: 'task-failed', task: 3, state: null, phase: 'run', round: 1 },
    ]);
    expect(run.timeline!.lost).toEqual([{ worker: 0, reason: 'exited with code 1' }]);
  });

  it('stops the timeline at its limit and says it was cut', () => {
    const timeline = new TimelineBuilder(3);
    for (let i = 0; i < 5; i++) timeline.add({ type: 'worker-state', worker: 0, state: 'running', t: i }, 'run', 0);
    const built = timeline.build()!;
    expect(built.events).toBe(3);
    expect(built.truncated).toBe(true);
  });

  it('records only runs that were begun, from the monitor it was given', () => {
    let feed: ((s: CoreSample) => void) | undefined;
    const recorder = new SessionRecorder({
      onSample: (listener) => {
        feed = listener;
        return () => (feed = undefined);
      },
    });
    recorder.begin('r1');
    feed!(sample(Date.now() + 100, [50]));
    expect(recorder.end('r1')).toBeInstanceOf(RunRecording);
    expect(recorder.end('r1')).toBeUndefined();
    expect(recorder.end('never-begun')).toBeUndefined();
    recorder.close();
    expect(feed).toBeUndefined();
  });
});

describe('chunked import uploads', () => {
  it('reassembles chunks in order and hands over the whole file once', () => {
    const uploads = new ImportUploads();
    const id = uploads.begin('a.json', 6);
    expect(uploads.chunk(id, 0, Buffer.from('abc').toString('base64'))).toBe(3);
    expect(uploads.chunk(id, 1, Buffer.from('def').toString('base64'))).toBe(6);
    expect(uploads.finish(id).bytes.toString()).toBe('abcdef');
    expect(() => uploads.finish(id)).toThrow(/no such import in progress/);
  });

  it('refuses an incomplete file, too many at once, and drops idle ones', async () => {
    const uploads = new ImportUploads({ maxConcurrent: 1, idleMs: 50 });
    const id = uploads.begin('a.json', 4);
    expect(() => uploads.begin('b.json', 1)).toThrow(/too many imports at once/);
    uploads.chunk(id, 0, Buffer.from('ab').toString('base64'));
    expect(() => uploads.finish(id)).toThrow('"a.json" is incomplete: 2 of 4 bytes arrived');
    const idle = uploads.begin('c.json', 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(() => uploads.chunk(idle, 0, 'AA==')).toThrow(/no such import in progress/);
  });
});
