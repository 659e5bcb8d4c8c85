/**
 * `npm run bench -- python [--repeat 3] [--task-ms 1000] [--python PATH]`: the articles'
 * comparisons on both backends in one run, side by side: the simulation, and real CPython with
 * its threads measured from /proc. CPU-bound threads ÷ sequential, the cores' worth busy of
 * processes, each GIL thread's futex share, and the convoy's I/O rate beside a CPU thread.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createBackends, closeBackends } from '../src/core/backends/registry';
import { type PythonBackend } from '../src/core/backends/python';
import { forkHost } from '../src/core/pool/process-host';
import { measure } from '../src/core/run/measure';
import { parseRunParams } from '../src/core/run/run-params';
import { builtWorkerLocator } from '../src/core/workers/spawn-thread';
import type { Measurement } from '../src/shared/measurement';
import type { RunParamsInput } from '../src/shared/run-params';
import type { BackendId } from '../src/shared/vocabulary';
import { coreSpeeds } from './lib/core-speeds';
import { median, printTable, writeResults, type Row } from './lib/report';

const { values } = parseArgs({
  options: { repeat: { type: 'string' }, 'task-ms': { type: 'string' }, python: { type: 'string' } },
});
const REPEAT = Number(values.repeat ?? 3);
const TASK_MS = Number(values['task-ms'] ?? 1000);
const CORES = os.availableParallelism();
const backends = createBackends({
  locateWorker: builtWorkerLocator(new URL('../out/main/cli.js', import.meta.url).href),
  processHost: forkHost,
  log: () => {},
});
const f2 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

async function run(backend: BackendId, input: Omit<RunParamsInput, 'backend' | 'python'>): Promise<Measurement> {
  const params = parseRunParams(
    { ...input, backend, ...(backend === 'python' ? { python: values.python } : {}) },
    backends,
  );
  const m = await measure(backends[backend], params, { repeat: REPEAT, baseline: false });
  if (!m.verified)
    throw new Error(`${backend} ${input.mode} ${input.workload}: ${m.runs.find((r) => !r.verified)?.verifyNote}`);
  return m;
}

async function main(): Promise<void> {
  const python = backends.python as PythonBackend;
  const interpreter = await python.interpreter(values.python);
  console.error(
    `real Python: ${interpreter.implementation} ${interpreter.version} (${interpreter.build}) at ${interpreter.path}`,
  );
  const cpu = { workload: 'cpu', workers: 4, tasks: 4, taskMs: TASK_MS } as const;
  const figures: Record<string, Record<BackendId, number | null>> = {};
  const rows: Row[] = [];
  const side = (key: string, measure: string, lab: number | null, py: number | null, target: string, note = '') => {
    figures[key] = { simulation: lab, python: py };
    rows.push({ measure, value: `${f2(lab)} / ${f2(py)}`, target, note });
  };

  const by: Partial<Record<BackendId, Record<string, Measurement>>> = {};
  for (const backend of ['simulation', 'python'] as const) {
    console.error(
      `${backend}: CPU-bound, 4 tasks of ${TASK_MS} ms, sequential, threads-gil and processes, ${REPEAT} runs each…`,
    );
    by[backend] = {
      sequential: await run(backend, { ...cpu, mode: 'sequential' }),
      'threads-gil': await run(backend, { ...cpu, mode: 'threads-gil' }),
      processes: await run(backend, { ...cpu, mode: 'processes', workers: CORES }),
    };
  }
  // Each measurement may be sized anew when the last size drifted (this machine's speed wanders),
  // so the two are compared per unit of work: wall time ÷ the task size each one ran.
  const size = (m: Measurement) => (typeof m.taskSpec.n === 'number' ? m.taskSpec.n : 1);
  const ratio = (b: BackendId) => {
    const [threads, sequential] = [by[b]!['threads-gil']!, by[b]!.sequential!];
    return threads.wallMs.median / size(threads) / (sequential.wallMs.median / size(sequential));
  };
  const sizes = (b: BackendId) => `${size(by[b]!.sequential!)} / ${size(by[b]!['threads-gil']!)}`;
  side(
    'threadsOverSequential',
    'CPU, 4 tasks: threads-gil ÷ sequential (per unit of work)',
    ratio('simulation'),
    ratio('python'),
    'within ±0.08',
    `task sizes (sequential / threads): simulation ${sizes('simulation')}, python ${sizes('python')}`,
  );
  const busy = (b: BackendId) => by[b]!.processes!.busyCores.median;
  // Tasks per worker in each round: 2+2 on even cores, 3+1 when one core ran slower.
  const split = (b: BackendId) => by[b]!.processes!.runs.map((r) => r.workers.map((w) => w.tasks).join('+')).join(' ');
  side(
    'processesBusyCores',
    `CPU, 4 tasks: processes, cores' worth busy`,
    busy('simulation'),
    busy('python'),
    '≥ 1.8',
    `tasks per worker: simulation ${split('simulation')}, python ${split('python')}`,
  );
  const gilThreads = by.python!['threads-gil']!.runs.at(-1)!.threads!;
  const workers = gilThreads.list.filter((t) => t.worker !== null);
  const onCpu = gilThreads.list.reduce((s, t) => s + t.onCpuMs, 0) / by.python!['threads-gil']!.runs.at(-1)!.wallMs;
  rows.push({
    measure: 'real GIL threads: futex share per thread (running / runnable / futex / I/O)',
    value: workers.map((t) => pct(t.shares.futex)).join(' '),
    target: '≥ 50% each',
    note: `on-CPU ÷ wall ${f2(onCpu)} (≤ 1.2); ${workers.map((t) => `${pct(t.shares.running)}/${pct(t.shares.runnable)}/${pct(t.shares.futex)}/${pct(t.shares.io)}`).join(' ')}`,
  });
  console.error(`python: the /proc sampler over 16 CPU threads under the GIL, ${REPEAT} runs…`);
  const sixteen = await run('python', { workload: 'cpu', mode: 'threads-gil', workers: 16, tasks: 16, taskMs: 250 });
  const sampled = sixteen.runs.map((r) => r.threads!);
  rows.push({
    measure: 'the /proc sampler: share of a core, 16 CPU threads under the GIL',
    value: `${(100 * median(sampled.map((t) => t.samplerCost ?? 0))).toFixed(1)}% at ${sampled[0]!.hz} Hz over ${sampled[0]!.list.length} threads`,
    target: '≤ 3% (16 threads at 100 Hz)',
    note: `runs: ${sampled.map((t) => `${(100 * (t.samplerCost ?? 0)).toFixed(1)}%`).join(', ')}`,
  });
  figures.samplerCost16 = { simulation: null, python: median(sampled.map((t) => t.samplerCost ?? 0)) };

  const convoy = async (b: BackendId, tasks: number) =>
    (
      await run(b, {
        workload: 'convoy',
        mode: 'threads-gil',
        workers: tasks,
        tasks,
        taskMs: 2000,
        switchIntervalMs: 5,
      })
    ).runs.map((r) => r.ioLoop?.loopsPerSecond ?? 0);
  const rate: Partial<Record<BackendId, number>> = {};
  for (const backend of ['simulation', 'python'] as const) {
    console.error(`${backend}: the convoy at 5 ms, the I/O loop alone and beside 1 CPU thread…`);
    rate[backend] = median(await convoy(backend, 2)) / median(await convoy(backend, 1));
  }
  side(
    'convoyRateRatio',
    'convoy at 5 ms: I/O rate beside 1 CPU thread ÷ alone',
    rate.simulation!,
    rate.python!,
    'within a factor of 1.5 of each other',
    `factor ${f2(Math.max(rate.simulation!, rate.python!) / Math.min(rate.simulation!, rate.python!))}`,
  );

  console.error('python: the same loop pinned to each core, 3 times each…');
  const speeds = coreSpeeds(interpreter.path);
  rows.push({
    measure: 'each core: one pinned Python loop, seconds',
    value: speeds ? speeds.map((s, core) => `${core}: ${s.toFixed(3)}`).join(', ') : 'not measured off Linux',
    note: speeds ? `slowest ÷ fastest ${f2(Math.max(...speeds) / Math.min(...speeds))}` : '',
  });
  figures.coreSpeedSpread = { simulation: null, python: speeds ? Math.max(...speeds) / Math.min(...speeds) : null };

  const md = printTable(
    `Simulation / real Python ${interpreter.version}, medians of ${REPEAT}, load average ${os.loadavg()[0]!.toFixed(1)} on ${CORES} cores`,
    rows,
  );
  console.log(`wrote ${writeResults('python', { interpreter, figures }, md)}`);
}

main()
  .catch((error: unknown) => {
    console.error(`bench python: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(() => closeBackends(backends));
