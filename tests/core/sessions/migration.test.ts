import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeSessionBytes } from '../../../src/core/sessions/session-file';
import { SessionStore } from '../../../src/core/sessions/session-store';
import { decodeEvents } from '../../../src/renderer/src/lib/run-replay';
import { laneSegments, replayLanes } from '../../../src/shared/lane-replay';
import { SESSION_SCHEMA_VERSION } from '../../../src/shared/session';
import { useTempDirs } from './helpers';

/**
 * A session saved by GIL Lab before runs named their backend and rounds announced their lanes
 * (format version 1): two real runs from the CLI, GIL threads doing I/O on 2 workers, and
 * processes doing CPU work on 2 workers, each with a sequential baseline.
 */
const V1_FILE = new URL('../../fixtures/session-v1.session.json.gz', import.meta.url);

describe('sessions saved by an older GIL Lab', () => {
  const tempDir = useTempDirs();

  it('are version 1 on disk', () => {
    const raw = JSON.parse(gunzipSync(readFileSync(V1_FILE)).toString()) as { schemaVersion: number };
    expect(raw.schemaVersion).toBe(1);
    expect(SESSION_SCHEMA_VERSION).toBeGreaterThan(1);
  });

  it('open as the current version: the simulation named as their backend, every round with its lanes', async () => {
    const doc = await decodeSessionBytes(readFileSync(V1_FILE));
    expect(doc.schemaVersion).toBe(SESSION_SCHEMA_VERSION);
    const [gil, processes] = doc.runs;
    for (const run of doc.runs) {
      expect(run.measurement.params.backend).toBe('simulation');
      expect(run.measurement.backend).toMatchObject({ id: 'simulation', processes: 'child_process.fork' });
      expect(run.measurement.backend.runtime).toMatch(/^Node \d+\.\d+/);
      expect(run.measurement.baseline!.runs.map((r) => r.lanes)).toEqual([1]);
      expect(run.measurement.runs.map((r) => r.lanes)).toEqual([2]);
    }
    expect(gil!.timeline!.segments).toEqual([
      { phase: 'baseline', round: 0, lanes: 1, gilLane: false, t0Ms: null },
      { phase: 'run', round: 0, lanes: 2, gilLane: true, t0Ms: null },
    ]);
    expect(processes!.timeline!.segments).toEqual([
      { phase: 'baseline', round: 0, lanes: 1, gilLane: false, t0Ms: null },
      { phase: 'run', round: 0, lanes: 2, gilLane: false, t0Ms: null },
    ]);
  });

  it('say what they did not measure: no lesson, no wait for a core, the weather only where the monitor saw it', async () => {
    const doc = await decodeSessionBytes(readFileSync(V1_FILE));
    for (const run of doc.runs) {
      expect(run.tag).toBeNull();
      expect(run.measurement.outcome).toBe('completed');
      expect(run.measurement.taskLength).toMatchObject({ measuredMs: null, resized: false });
      for (const round of [...run.measurement.runs, ...run.measurement.baseline!.runs]) {
        expect(round.waitingForCore).toBeNull();
        if (round.coreLoad)
          expect(round.otherBusyCores).toBeCloseTo(Math.max(0, round.coreLoad.busyCores - round.busyCores));
        else expect(round.otherBusyCores).toBeNull();
      }
    }
    expect(doc.runs[0]!.measurement.taskLength.targetMs).toBe(30);
  });

  it('replay their lanes as they were drawn: one for the baseline, one per worker and a GIL lane for threads', async () => {
    const doc = await decodeSessionBytes(readFileSync(V1_FILE));
    const timeline = doc.runs[0]!.timeline!;
    const events = decodeEvents(timeline);
    const [baseline, run] = laneSegments(timeline, events);
    const replayedBaseline = replayLanes(events, baseline!);
    const replayedRun = replayLanes(events, run!);
    expect([replayedBaseline.workers, replayedBaseline.gil]).toEqual([1, false]);
    expect([replayedRun.workers, replayedRun.gil]).toEqual([2, true]);
    expect(replayedRun.recorder.summary(0).every((lane) => lane.ioMs > 0)).toBe(true);
  });

  it('open from the data folder beside new ones, untouched on disk until changed', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'sessions'), { recursive: true });
    const file = path.join(dataDir, 'sessions', 'saved-before-backends-d0d6ff.session.json.gz');
    copyFileSync(V1_FILE, file);
    const store = await SessionStore.open(dataDir);
    const list = store.list();
    expect(list.notices).toEqual([]);
    expect(list.sessions.map((s) => [s.name, s.runs])).toEqual([['Saved before backends', 2]]);
    expect(readFileSync(file)).toEqual(readFileSync(V1_FILE));
  });
});
