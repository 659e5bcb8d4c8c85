/**
 * `npm run bench -- modes [--repeat 3] [--task-ms 1000] [--starts 3]`: the articles' comparisons,
 * headless, in one run on this machine, with CPython's own figures beside them when python3 is
 * here. `--starts` is how many fresh engines the "cold" section starts.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SimulationBackend } from '../src/core/backends/simulation';
import { forkHost } from '../src/core/pool/process-host';
import { runConvoy } from '../src/core/run/convoy';
import type { Measurement } from '../src/shared/measurement';
import { measure as measureValid, type MeasureOptions } from '../src/core/run/measure';
import { parseRunParams } from '../src/core/run/run-params';
import { builtWorkerLocator } from '../src/core/workers/spawn-thread';
import type { RunParamsInput } from '../src/shared/run-params';
import { startBare } from './lib/bare';
import { coldStarts } from './modes-cold';
import { median, printTable, writeResults, type Row } from './lib/report';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string' },
    'task-ms': { type: 'string' },
    'no-python': { type: 'boolean' },
    only: { type: 'string' },
    starts: { type: 'string' },
  },
});
const REPEAT = Number(values.repeat ?? 3);
const TASK_MS = Number(values['task-ms'] ?? 1000);
const STARTS = Math.min(10, Math.max(3, Number(values.starts ?? 3)));
const CORES = os.availableParallelism();
const simulation = new SimulationBackend({
  locateWorker: builtWorkerLocator(new URL('../out/main/cli.js', import.meta.url).href),
  processHost: forkHost,
  log: () => {},
});
const pools = simulation.pools;
/** Measures on the simulation, parsing the parameters here, at the benchmark's edge. */
const measure = (input: RunParamsInput, options?: MeasureOptions): Promise<Measurement> =>
  measureValid(simulation, parseRunParams(input, { simulation }), options);
const results: Record<string, unknown> = {};
const markdown: string[] = [];
const f2 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2);
const ms = (x: number) => `${x.toFixed(0)} ms`;

function python(script: string, args: string[]): Record<string, unknown> | null {
  if (values['no-python']) return null;
  try {
    return JSON.parse(
      execFileSync('python3', [`python/${script}`, ...args], { encoding: 'utf8', timeout: 300_000 }),
    ) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function modes(tasks: number): Promise<void> {
  console.error(`CPU-bound, ${tasks} tasks of about ${TASK_MS} ms, every mode, ${REPEAT} runs each…`);
  const base: RunParamsInput = { workload: 'cpu', mode: 'sequential', workers: CORES, tasks, taskMs: TASK_MS };
  const runs: Record<string, Measurement> = {};
  for (const mode of ['sequential', 'threads-gil', 'threads-free', 'processes'] as const) {
    runs[mode] = await measure({ ...base, mode }, { repeat: REPEAT, baseline: false });
  }
  const seq = runs.sequential!.wallMs.median;
  const py = python('cpu_bound.py', [String(tasks), String(TASK_MS / 1000)]) as {
    wall_s: Record<string, number>;
  } | null;
  const rows: Row[] = Object.entries(runs).map(([mode, m]) => ({
    measure: mode,
    value: `${ms(m.wallMs.median)} (${ms(m.wallMs.min)}–${ms(m.wallMs.max)})`,
    target: `÷seq ${f2(m.wallMs.median / seq)}, ${f2(m.busyCores.median)} busy cores`,
    note:
      py?.wall_s[mode] !== undefined
        ? `CPython ÷seq ${f2(py.wall_s[mode]! / py.wall_s.sequential!)}`
        : m.verified
          ? 'verified'
          : 'NOT verified',
  }));
  markdown.push(printTable(`CPU-bound, ${tasks} tasks (÷seq = wall ÷ sequential wall)`, rows));
  results[`cpu-${tasks}`] = {
    lab: Object.fromEntries(
      Object.entries(runs).map(([k, m]) => [k, { wallMs: m.wallMs, busyCores: m.busyCores, verified: m.verified }]),
    ),
    cpython: py,
  };
}

/**
 * The pool against bare workers running the same kernel on the same task size, round by round
 * in alternating order so both sides share the machine's state; the ratio is per round.
 */
async function orchestration(): Promise<void> {
  const rounds = Math.max(5, REPEAT);
  const rows: Row[] = [];
  const out: Record<string, unknown> = {};
  for (const [mode, kind] of [
    ['processes', 'fork'],
    ['threads-free', 'thread'],
  ] as const) {
    console.error(`orchestration: ${mode} against bare ${kind}s running the same kernel, ${rounds} rounds…`);
    const params: RunParamsInput = { workload: 'cpu', mode, workers: CORES, tasks: CORES * 2, taskMs: TASK_MS / 2 };
    const warm = await measure(params, { baseline: false });
    const spec = { workload: 'cpu', n: Number(warm.taskSpec.n) } as const;
    const bare = await startBare(kind, CORES, spec);
    const labMs: number[] = [];
    const bareMs: number[] = [];
    try {
      await bare.round(CORES * 2); // its first full-size round, as the lab's pool had one above
      for (let r = 0; r < rounds; r++) {
        const lab = async () => labMs.push((await measure(params, { baseline: false })).wallMs.median);
        const plain = async () => bareMs.push(await bare.round(CORES * 2));
        if (r % 2 === 0) await lab().then(plain);
        else await plain().then(lab);
      }
    } finally {
      await bare.close();
    }
    const ratios = labMs.map((l, i) => l / bareMs[i]!);
    const ratio = median(ratios);
    rows.push(
      {
        measure: `lab ${mode}, ${CORES} workers × 2 tasks`,
        value: ms(median(labMs)),
        target: `÷ bare ${f2(ratio)} median of ${rounds} rounds (${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))}); within 5%`,
      },
      { measure: `bare ${kind}s, same kernel and size`, value: ms(median(bareMs)) },
    );
    out[mode] = { labMs, bareMs, ratios, ratio };
  }
  markdown.push(printTable('Orchestration overhead (lab ÷ bare workers, per round)', rows));
  results.orchestration = out;
}

async function io(): Promise<void> {
  console.error('I/O-bound, 10 × 200 ms…');
  const seq = await measure(
    { workload: 'io-sleep', mode: 'sequential', workers: 1, tasks: 10, taskMs: 200 },
    { repeat: 1, baseline: false },
  );
  const thr = await measure(
    { workload: 'io-sleep', mode: 'threads-gil', workers: 10, tasks: 10, taskMs: 200 },
    { repeat: REPEAT, baseline: false },
  );
  const py = python('io_bound.py', ['10', '0.2']) as { wall_s: Record<string, number> } | null;
  markdown.push(
    printTable('I/O-bound, 10 × 200 ms', [
      { measure: 'sequential', value: ms(seq.wallMs.median) },
      {
        measure: 'threads-gil, 10 threads',
        value: ms(thr.wallMs.median),
        target: `÷seq ${f2(thr.wallMs.median / seq.wallMs.median)} (≤ 0.12)`,
        note: py ? `CPython ÷seq ${f2(py.wall_s['threads-gil']! / py.wall_s.sequential!)}` : '',
      },
    ]),
  );
  results.io = { sequentialMs: seq.wallMs, threadsMs: thr.wallMs, cpython: py };
}

async function tiny(): Promise<void> {
  console.error('tiny tasks: 2000 trivial tasks…');
  const seq = await measure(
    { workload: 'tiny', mode: 'sequential', workers: 1, tasks: 2000 },
    { repeat: REPEAT, baseline: false },
  );
  const proc = await measure(
    { workload: 'tiny', mode: 'processes', workers: CORES, tasks: 2000 },
    { repeat: REPEAT, baseline: false },
  );
  const last = proc.runs.at(-1)!;
  markdown.push(
    printTable('Tiny tasks: overhead beats the work', [
      { measure: 'sequential (one worker thread)', value: ms(seq.wallMs.median) },
      {
        measure: `processes, ${CORES} workers`,
        value: ms(proc.wallMs.median),
        target: `÷seq ${f2(proc.wallMs.median / seq.wallMs.median)}`,
        note: `dispatch ${last.dispatchMs.median.toFixed(2)} ms median per task; start-up ${proc.spawnMs.median.toFixed(0)} ms per process`,
      },
    ]),
  );
  results.tiny = {
    sequentialMs: seq.wallMs,
    processesMs: proc.wallMs,
    dispatchMs: last.dispatchMs,
    spawnMs: proc.spawnMs,
  };
}

/**
 * The convoy effect. Beside two CPU threads the I/O loop's rate swings from run to run, in
 * CPython as in the lab, so every case runs REPEAT times and the medians are compared.
 */
async function convoy(): Promise<void> {
  console.error(`convoy: I/O loop alone and beside CPU threads, at 5, 1 and 0.1 ms, ${REPEAT} runs each…`);
  const py = python('convoy.py', ['2', String(REPEAT)]) as {
    loops_per_s: Record<string, Record<string, number>>;
    runs: Record<string, Record<string, number[]>>;
  } | null;
  const rows: Row[] = [];
  const lab: Record<string, Record<string, number[]>> = {};
  const rate = (runs: number[]) => median(runs);
  for (const interval of [5, 1, 0.1]) {
    const byThreads: Record<string, number[]> = {};
    for (const k of [0, 1, 2]) {
      byThreads[k] = [];
      for (let r = 0; r < REPEAT; r++)
        byThreads[k].push(
          (await runConvoy(pools, { cpuThreads: k, switchIntervalMs: interval, durationMs: 2000 })).loopsPerSecond,
        );
    }
    lab[interval] = byThreads;
    const alone = rate(byThreads[0]!);
    const pyRuns = py?.runs[String(interval)];
    for (const k of [0, 1, 2]) {
      const runs = byThreads[k]!;
      const spreadOf = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
      let note = '';
      if (pyRuns) {
        const pyRate = median(pyRuns[String(k)]!);
        note = `CPython ${pyRate.toFixed(0)}/s (${spreadOf(pyRuns[String(k)]!)})`;
        if (k > 0) note += `, ${f2(pyRate / median(pyRuns['0']!))} of alone`;
      }
      rows.push({
        measure: `${interval} ms, ${k === 0 ? 'alone' : `beside ${k} CPU thread${k > 1 ? 's' : ''}`}`,
        value: `${rate(runs).toFixed(0)}/s (${spreadOf(runs)})`,
        target: k === 0 ? '' : `${f2(rate(runs) / alone)} of alone`,
        note,
      });
    }
  }
  markdown.push(printTable(`Convoy effect: I/O loop rate, median of ${REPEAT} runs (min–max)`, rows));
  results.convoy = { lab, cpython: py };
}

async function counter(): Promise<void> {
  console.error('counter: 4 workers incrementing one counter (1 000 000 each on threads, 100 000 on a shared Value)…');
  const rows: Row[] = [];
  const lab: Record<string, unknown> = {};
  for (const [mode, variant, sharedMemory] of [
    ['threads-gil', 'plain', false],
    ['threads-gil', 'call-between', false],
    ['threads-gil', 'lock', false],
    ['threads-free', 'plain', false],
    ['threads-free', 'lock', false],
    ['processes', 'plain', false],
    ['processes', 'plain', true],
    ['processes', 'lock', true],
  ] as const) {
    const m = await measure(
      { workload: 'counter', mode, workers: 4, tasks: 4, counterVariant: variant, sharedMemory },
      { baseline: false },
    );
    const c = m.runs[0]!.counter!;
    const name = `${mode}${sharedMemory ? ', shared Value' : ''}, ${variant}`;
    lab[name] = c;
    rows.push({
      measure: name,
      value: `${c.final.toLocaleString('en')} of ${c.expected.toLocaleString('en')}`,
      target: `${((100 * c.final) / c.expected).toFixed(0)}% kept`,
      note: m.runs[0]!.verifyNote,
    });
  }
  const py = python('counter.py', ['4', '1000000', '100000']) as {
    expected: number;
    final: Record<string, number>;
    processes: { expected: number; final: Record<string, number> };
  } | null;
  const pyRow = (measure: string, final: number, expected: number): Row => ({
    measure,
    value: `${final.toLocaleString('en')} of ${expected.toLocaleString('en')}`,
    target: `${((100 * final) / expected).toFixed(0)}% kept`,
  });
  if (py) {
    for (const [variant, final] of Object.entries(py.final))
      rows.push(pyRow(`CPython threads, ${variant}`, final, py.expected));
    for (const [variant, final] of Object.entries(py.processes.final))
      rows.push(pyRow(`CPython processes, ${variant}`, final, py.processes.expected));
  }
  markdown.push(printTable('Shared counter', rows));
  results.counter = { lab, cpython: py };
}

/**
 * From Run to work: how long after Run the first task starts, per mode. The first run of a
 * kernel on a pool also sizes and warms it; the later runs are the warm-pool figure.
 */
async function firstTask(): Promise<void> {
  console.error('from Run to work: first task start after Run, every mode…');
  const rows: Row[] = [];
  const lab: Record<string, unknown> = {};
  for (const mode of ['sequential', 'threads-gil', 'threads-free', 'processes'] as const) {
    const m = await measure(
      { workload: 'primes', mode, workers: CORES, tasks: CORES, taskMs: 100 },
      { repeat: REPEAT + 1, baseline: false },
    );
    const starts = m.runs.map((r) => r.firstStartMs ?? Number.NaN);
    const warm = median(starts.slice(1));
    rows.push({
      measure: mode,
      value: `${warm.toFixed(1)} ms`,
      target: `median of ${REPEAT} warm runs (≤ 50 ms)`,
      note: `run 1: ${starts[0]!.toFixed(0)} ms, sizing and warming the kernel where this pool had not run it`,
    });
    lab[mode] = { firstStartMs: starts, warmMedianMs: warm };
  }
  markdown.push(printTable('From Run to work: first task starts after Run', rows));
  results['first-task'] = lab;
}

/**
 * What a class sees first: a fresh engine's first GIL run ÷ its sequential baseline, beside
 * CPython's run of the same shape straight after it, start by start.
 */
async function cold(): Promise<void> {
  const { rows, runs } = coldStarts(
    STARTS,
    TASK_MS,
    () => python('cpu_bound.py', ['4', String(TASK_MS / 1000)]) as { wall_s: Record<string, number> } | null,
  );
  markdown.push(printTable(`First run after start: threads-gil ÷ sequential, ${STARTS} fresh engines`, rows));
  results.cold = { starts: runs, labMedian: median(runs.map((r) => r.lab)) };
}

const SECTIONS: Record<string, () => Promise<void>> = {
  'cpu-4': () => modes(4),
  'cpu-2': () => modes(2),
  orchestration,
  io,
  tiny,
  convoy,
  counter,
  'first-task': firstTask,
  cold,
};

try {
  for (const [name, section] of Object.entries(SECTIONS)) if (!values.only || values.only === name) await section();
  const file = writeResults('modes', results, markdown.join('\n\n'));
  console.log(`wrote ${file}`);
} finally {
  await simulation.close();
}
