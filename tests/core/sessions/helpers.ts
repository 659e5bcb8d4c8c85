import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach } from 'vitest';
import {
  SESSION_FORMAT,
  SESSION_SCHEMA_VERSION,
  type SessionDocument,
  type SessionRun,
} from '../../../src/shared/session';
import { LoadTraceBuilder, TimelineBuilder } from '../../../src/core/sessions/trace-builders';
import { SYNTHETIC_APP, syntheticMachine, syntheticMeasurement } from '../../../src/core/sessions/synthetic-session';
import { THREAD_STATES } from '../../../src/shared/vocabulary';

/** A fresh temp folder per test, removed afterwards. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-sessions-'));
    made.push(dir);
    return dir;
  };
}

/** A small, valid run with `ticks` samples on `cores` cores and a few timeline events. */
export function smallRun(options: { cores?: number; ticks?: number; index?: number; cpu?: string } = {}): SessionRun {
  const cores = options.cores ?? 4;
  const ticks = options.ticks ?? 20;
  const t0 = Date.UTC(2026, 10, 22, 10, 0, 0) + (options.index ?? 0) * 60_000;
  const load = new LoadTraceBuilder();
  for (let k = 0; k < ticks; k++) {
    load.add({
      t: t0 + k * 100,
      cores: Array.from({ length: cores }, (_, c) => ((k * 7 + c * 13) % 101) + 0.3),
      source: 'proc-stat',
    });
  }
  const timeline = new TimelineBuilder();
  timeline.add({ type: 'task-started', task: 0, worker: 0, t: t0 + 1 }, 'baseline', 0);
  timeline.add({ type: 'worker-state', worker: 1, state: 'waiting-gil', t: t0 + 2.5 }, 'run', 0);
  timeline.add({ type: 'task-finished', task: 0, worker: 0, t: t0 + 250, ok: true, done: 1, total: 1 }, 'run', 0);
  const machine = syntheticMachine(cores);
  return {
    id: `run-${options.index ?? 0}`,
    startedAt: new Date(t0).toISOString(),
    finishedAt: new Date(t0 + ticks * 100).toISOString(),
    measurement: syntheticMeasurement(cores, 500 + (options.index ?? 0)),
    machine: options.cpu ? { ...machine, cpuModel: options.cpu } : machine,
    app: SYNTHETIC_APP,
    load: load.build(),
    timeline: timeline.build(),
    tag: null,
  };
}

export function smallSession(name = 'Lesson 1', runs = 2): SessionDocument {
  return {
    format: SESSION_FORMAT,
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: 'lesson-1-abc123',
    name,
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:05:00.000Z',
    imported: null,
    runs: Array.from({ length: runs }, (_, i) => smallRun({ index: i })),
  };
}

const finite = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
  .map((v) => (Object.is(v, -0) ? 0 : v));

/** Arbitrary text, including quotes, commas, line breaks, pipes, markup and astral characters. */
export const nastyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('=SUM(A1)', 'a,b', 'say "hi"', 'line\nbreak', '|pipe|', '<script>x</script>', ' padded ', '-3', '@x'),
);

/** Arbitrary valid runs: varied loads, times, timeline events and free-text fields. */
export const arbitraryRun: fc.Arbitrary<SessionRun> = fc
  .record({
    cores: fc.integer({ min: 1, max: 6 }),
    ticks: fc.integer({ min: 0, max: 12 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    wall: finite.map(Math.abs),
    speedup: fc.option(finite, { nil: null }),
    cpu: nastyText,
    note: nastyText,
    events: fc.array(
      fc.record({
        kind: fc.constantFrom('task-started', 'task-finished', 'worker-state'),
        worker: fc.integer({ min: 0, max: 64 }),
        dt: fc.integer({ min: 0, max: 10_000 }),
        state: fc.constantFrom(...THREAD_STATES),
        ok: fc.boolean(),
        phase: fc.constantFrom('baseline' as const, 'run' as const),
        round: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 8 },
    ),
  })
  .map((r) => {
    const run = smallRun({ cores: r.cores, ticks: 0, index: r.seed });
    const load = new LoadTraceBuilder();
    const t0 = Date.parse(run.startedAt);
    for (let k = 0; k < r.ticks; k++) {
      load.add({
        t: t0 + k * 100 + ((r.seed * k) % 7),
        cores: Array.from({ length: r.cores }, (_, c) => ((r.seed + k * 31 + c * 17) % 1001) / 10),
        source: 'os-cpus',
      });
    }
    const timeline = new TimelineBuilder();
    let t = t0;
    for (const e of r.events) {
      t += e.dt / 100;
      if (e.kind === 'worker-state')
        timeline.add({ type: 'worker-state', worker: e.worker, state: e.state, t }, e.phase, e.round);
      else if (e.kind === 'task-started')
        timeline.add({ type: 'task-started', task: e.worker, worker: e.worker, t }, e.phase, e.round);
      else
        timeline.add(
          { type: 'task-finished', task: 1, worker: e.worker, t, ok: e.ok, done: 1, total: 2 },
          e.phase,
          e.round,
        );
    }
    const measurement = syntheticMeasurement(r.cores, r.wall);
    return {
      ...run,
      machine: { ...run.machine, cpuModel: r.cpu },
      measurement: {
        ...measurement,
        speedup: r.speedup,
        runs: measurement.runs.map((x) => ({ ...x, verifyNote: r.note })),
      },
      load: load.build(),
      timeline: timeline.build(),
    };
  });

export const arbitrarySession: fc.Arbitrary<SessionDocument> = fc
  .record({ name: nastyText.filter((n) => n.length > 0), runs: fc.array(arbitraryRun, { maxLength: 3 }) })
  .map(({ name, runs }) => ({ ...smallSession(name.slice(0, 120), 0), runs }));
