/**
 * The modes benchmark's "cold" section: what a class sees first. Each start is a fresh engine
 * process (modes-cold-engine.ts) whose first GIL run of 4 CPU tasks is divided by its sequential
 * baseline, then CPython runs the same shape at once, so both share the machine's state.
 */
import { execFileSync } from 'node:child_process';
import { PARENT_PID_ENV } from '../scripts/lib/parent-watch.mjs';
import { median, type Row } from './lib/report';

/** One fresh engine, or one CPython run, may take this long before the section gives it up. */
const START_TIMEOUT_MS = 120_000;

export interface ColdStart {
  lab: number;
  cpython: number | null;
  warmMs: number[];
}

function freshEngine(taskMs: number): { sequentialMs: number; threadsMs: number; warmMs: number[] } {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      new URL('../scripts/lib/exit-with-parent.mjs', import.meta.url).href,
      new URL('./modes-cold-engine.ts', import.meta.url).pathname,
      String(taskMs),
    ],
    {
      encoding: 'utf8',
      timeout: START_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      env: { ...process.env, [PARENT_PID_ENV]: String(process.pid) },
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as { sequentialMs: number; threadsMs: number; warmMs: number[] };
}

/** Runs `starts` fresh engines, each followed by CPython (when `python` gives a figure). */
export function coldStarts(
  starts: number,
  taskMs: number,
  python: () => { wall_s: Record<string, number> } | null,
): { rows: Row[]; runs: ColdStart[] } {
  const runs: ColdStart[] = [];
  const rows: Row[] = [];
  const f2 = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(2));
  for (let i = 0; i < starts; i++) {
    console.error(`cold: fresh engine ${i + 1} of ${starts}, its first GIL run of 4 tasks, then CPython…`);
    const engine = freshEngine(taskMs);
    const py = python();
    const run: ColdStart = {
      lab: engine.threadsMs / engine.sequentialMs,
      cpython: py ? py.wall_s['threads-gil']! / py.wall_s.sequential! : null,
      warmMs: engine.warmMs,
    };
    runs.push(run);
    rows.push({
      measure: `start ${i + 1}: threads-gil ÷seq, first run`,
      value: f2(run.lab),
      target: run.cpython === null ? '' : `CPython ${f2(run.cpython)}, difference ${f2(run.lab - run.cpython)}`,
      note: `warm-up at worker start ${engine.warmMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
    });
  }
  const labMedian = median(runs.map((r) => r.lab));
  const pyRuns = runs.filter((r) => r.cpython !== null);
  const pyMedian = pyRuns.length ? median(pyRuns.map((r) => r.cpython!)) : null;
  rows.push({
    measure: `median of ${starts} starts`,
    value: f2(labMedian),
    target: pyMedian === null ? '' : `CPython ${f2(pyMedian)}, difference ${f2(labMedian - pyMedian)} (within ±0.12)`,
  });
  return { rows, runs };
}
