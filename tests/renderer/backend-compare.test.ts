import { describe, expect, it } from 'vitest';
import type { RunParamsInput } from '../../src/shared/run-params';
import type { LessonGo, StepResult } from '../../src/renderer/src/lessons/lesson';
import { agreementLine, pairRuns } from '../../src/renderer/src/lib/backend-compare';
import { backendSteps, onBackend } from '../../src/renderer/src/lib/backend-plan';
import { planned } from '../../src/renderer/src/lessons/lesson';
import type { InterpreterInfo } from '../../src/shared/python-contract';
import { measurement, type Measured } from './lesson-fixtures';

const PY: InterpreterInfo = {
  chosen: 'python3',
  path: '/usr/bin/python3',
  version: '3.12.3',
  implementation: 'cpython',
  build: 'gil',
  gilEnabled: null,
  startMethod: 'fork',
  modes: { sequential: null, 'threads-gil': null, processes: null, 'threads-free': 'needs a free-threaded build' },
};

type Waits = { waiting: number[]; io?: number[] };

/** A step on one backend, with each thread's waits as that backend measures them. */
function result(
  key: string,
  params: RunParamsInput,
  backend: 'simulation' | 'python',
  m: Measured,
  waits?: Waits,
): StepResult {
  const run = onBackend(planned(key, key, params), backend, PY);
  const measured = measurement(run.request.params, m);
  const round = measured.runs[0]!;
  if (waits && backend === 'simulation') {
    round.gil = {
      switches: 10,
      overlaps: 0,
      switchIntervalMs: 5,
      timelineEvents: 0,
      threads: waits.waiting.map((w, i) => ({
        thread: i,
        runMs: 0,
        waitMs: w * round.wallMs,
        ioMs: (waits.io?.[i] ?? 0) * round.wallMs,
        nativeMs: 0,
        acquisitions: 1,
        forcedDrops: 0,
        longestWaitMs: 1,
      })),
    };
  }
  if (waits && backend === 'python') {
    round.threads = {
      method: 'proc-task-sampling',
      hz: 100,
      ticks: 100,
      samplerCost: 0.01,
      list: waits.waiting.map((w, i) => {
        const io = waits.io?.[i] ?? 0;
        return {
          pid: 1,
          tid: 10 + i,
          worker: i,
          name: 't',
          onCpuMs: 1,
          runnableMs: 0,
          futexMs: 1,
          ioMs: 1,
          shares: { running: 1 - w - io, runnable: 0, futex: w, io },
        };
      }),
    };
  }
  return { run, measurement: measured, error: null };
}

const cpu = (mode: 'sequential' | 'threads-gil' | 'processes', workers = 1): RunParamsInput => ({
  workload: 'cpu',
  mode,
  workers,
  tasks: 4,
  taskMs: 250,
});

function both(sim: StepResult[], real: StepResult[], refused: LessonGo['refused'] = []): LessonGo {
  return { go: 1, values: {}, settings: '', results: sim, paired: real, backends: ['simulation', 'python'], refused };
}

describe('a go on both backends, compared', () => {
  it('plans each run once per backend, the simulation first, and real Python in the chosen interpreter', () => {
    const plan = [
      planned('seq', 'One thread', cpu('sequential')),
      planned('free', 'No GIL', { ...cpu('sequential'), mode: 'threads-free' }),
    ];
    const steps = backendSteps(plan, ['simulation', 'python'], PY);
    expect(
      steps.map((s) => [
        s.step,
        s.backend,
        s.run.request.params.backend ?? 'simulation',
        s.run.request.params.python ?? null,
        s.refused,
      ]),
    ).toEqual([
      [0, 'simulation', 'simulation', null, null],
      [0, 'python', 'python', '/usr/bin/python3', null],
      [1, 'simulation', 'simulation', null, null],
      [1, 'python', 'python', '/usr/bin/python3', 'needs a free-threaded build'],
    ]);
  });

  it('says they agree on every run when speedup, cores and waits are close', () => {
    const go = both(
      [
        result('seq', cpu('sequential'), 'simulation', { wallMs: 4000 }),
        result(
          'gil',
          cpu('threads-gil', 4),
          'simulation',
          { wallMs: 4100, busy: 1 },
          { waiting: [0.7, 0.7, 0.72, 0.7] },
        ),
      ],
      [
        result('seq', cpu('sequential'), 'python', { wallMs: 4400 }),
        result(
          'gil',
          cpu('threads-gil', 4),
          'python',
          { wallMs: 4600, busy: 1.05 },
          { waiting: [0.6, 0.62, 0.65, 0.6] },
        ),
      ],
    );
    const pairs = pairRuns(go);
    expect(pairs[0]!.sides.map((s) => s.figures!.speedup)).toEqual([null, null]);
    expect(pairs[1]!.sides[0]!.figures!.speedup).toBeCloseTo(4000 / 4100, 9);
    expect(pairs[1]!.sides[1]!.figures!.speedup).toBeCloseTo(4400 / 4600, 9);
    expect(agreementLine(pairs)).toBe(
      'The simulation and real Python agree on every run. seq: 1.00 vs 1.00 cores busy; gil: speedup 0.98× vs 0.96×, 1.00 vs 1.05 cores busy, waiting 70% vs 61% per thread.',
    );
  });

  it('says where they differ, with both figures, and compares nothing for a run one side did not make', () => {
    const go = both(
      [
        result('seq', cpu('sequential'), 'simulation', { wallMs: 4000 }),
        result('proc', cpu('processes', 2), 'simulation', { wallMs: 2000, busy: 1.95 }),
      ],
      [
        result('seq', cpu('sequential'), 'python', { wallMs: 4000 }),
        result('proc', cpu('processes', 2), 'python', { wallMs: 3600, busy: 1.1 }),
      ],
      [{ key: 'free', label: 'No GIL', backend: 'python', reason: 'needs a free-threaded build' }],
    );
    go.results.push(
      result('free', { ...cpu('sequential'), mode: 'threads-free' }, 'simulation', { wallMs: 2000, busy: 2 }),
    );
    const pairs = pairRuns(go);
    expect(pairs.at(-1)!.sides[1]!.note).toBe('needs a free-threaded build');
    expect(agreementLine(pairs)).toBe(
      'The simulation and real Python agree on seq: 1.00 vs 1.00 cores busy. They differ on proc: speedup 2.00× vs 1.11×, 1.95 vs 1.10 cores busy.',
    );
  });

  it('compares the convoy by its I/O thread: the one that spent most of the round asleep', () => {
    const convoy: RunParamsInput = { workload: 'convoy', mode: 'threads-gil', workers: 2, tasks: 2 };
    const go = both(
      [result('c', convoy, 'simulation', { wallMs: 2000, busy: 1 }, { waiting: [0.25, 0.02], io: [0.7, 0] })],
      [result('c', convoy, 'python', { wallMs: 2000, busy: 1 }, { waiting: [0.55, 0.05], io: [0.4, 0] })],
    );
    const pairs = pairRuns(go);
    expect(pairs[0]!.sides.map((s) => s.figures!.ioThreadWaiting)).toEqual([0.25, 0.55]);
    expect(agreementLine(pairs)).toBe(
      'The simulation and real Python differ on every run. c: I/O thread waiting 25% vs 55%.',
    );
  });

  it('has nothing to say of a go on one backend, or before anything completed', () => {
    expect(pairRuns({ go: 1, values: {}, settings: '', results: [] })).toEqual([]);
    const go = both([result('seq', cpu('sequential'), 'simulation', { outcome: 'cancelled' })], []);
    expect(agreementLine(pairRuns(go))).toBeNull();
  });
});
