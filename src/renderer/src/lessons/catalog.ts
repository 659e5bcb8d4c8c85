/**
 * The lessons, in the order a class takes them: what each explains, the sliders it offers, the
 * prediction it asks for, the runs it plans and the sentences it concludes with. One file, so
 * the whole course reads top to bottom as a teacher gives it, each explanation written as prose;
 * the shared parts (planned runs, predictions, paragraphs, ratios, number formats) live in lesson.ts.
 */
import type { RunParamsInput } from '../../../shared/run-params';
import type { CounterVariant, ModeId } from '../../../shared/vocabulary';
import {
  ask,
  find,
  fmt,
  paragraphs,
  planned,
  ratio,
  wallSeconds,
  type Lesson,
  type PlannedRun,
  type StepResult,
} from './lesson';

export const MODE_LABELS: Record<ModeId, string> = {
  sequential: 'One thread (sequential)',
  'threads-gil': 'Threads, with the GIL',
  'threads-free': 'Threads, free-threaded (PEP 703)',
  processes: 'Processes',
};

/**
 * The same work once per mode, each run keyed and labelled by its mode: sequential on one
 * worker, the others on `workers`.
 */
function modeRuns(
  modes: readonly ModeId[],
  work: Omit<RunParamsInput, 'mode' | 'workers'>,
  workers: number,
  repeat?: number,
): PlannedRun[] {
  return modes.map((mode) =>
    planned(mode, MODE_LABELS[mode], { ...work, mode, workers: mode === 'sequential' ? 1 : workers }, repeat),
  );
}

function busy(result: StepResult | undefined): string {
  return fmt(result?.measurement?.busyCores.median ?? null);
}

const cpuBound: Lesson = {
  id: 'cpu-bound',
  title: 'CPU-bound work',
  summary: 'Four heavy sums: one thread, GIL threads, processes, free threads.',
  explain: paragraphs(`
    Each task adds up i × i for millions of i, the way the articles do, and nothing else: no waiting, just arithmetic.

    Threads in one Python process share a single GIL, so only one of them runs Python code at any instant. Processes each have their own interpreter and their own GIL. A free-threaded build (PEP 703) has no GIL at all.

    Watch the core tiles and the lanes: who is running, who is waiting for the GIL.
  `),
  params: [
    { id: 'tasks', label: 'Tasks', min: 1, max: 16, step: 1, unit: '', value: () => 4 },
    { id: 'workers', label: 'Threads or processes', min: 1, max: 16, step: 1, unit: '', value: () => 4 },
    { id: 'taskSeconds', label: 'Length of one task', min: 0.1, max: 3, step: 0.05, unit: 's', value: () => 1 },
    { id: 'repeat', label: 'Repeats', min: 1, max: 5, step: 1, unit: '×', value: () => 1 },
  ],
  prediction: ask('How many times faster than one thread will the GIL threads be?', '×', [0, 16, 0.1], (results) =>
    ratio(results, 'sequential', 'threads-gil'),
  ),
  view: 'modes',
  plan: (v) =>
    modeRuns(
      ['sequential', 'threads-gil', 'processes', 'threads-free'],
      { workload: 'cpu', tasks: v.tasks!, taskMs: v.taskSeconds! * 1000 },
      v.workers!,
      v.repeat,
    ),
  conclude: (results, cores) => {
    const gil = find(results, 'threads-gil');
    const proc = find(results, 'processes');
    const free = find(results, 'threads-free');
    return [
      `One thread took ${fmt(wallSeconds(find(results, 'sequential')))} s. GIL threads took ${fmt(wallSeconds(gil))} s, a speedup of ${fmt(ratio(results, 'sequential', 'threads-gil'))}×, with ${busy(gil)} of ${cores} cores' worth busy: the GIL let one thread run at a time, however the scheduler spread them.`,
      `Processes took ${fmt(wallSeconds(proc))} s (${fmt(ratio(results, 'sequential', 'processes'))}×) with ${busy(proc)} cores busy; free threads took ${fmt(wallSeconds(free))} s (${fmt(ratio(results, 'sequential', 'threads-free'))}×) with ${busy(free)}. Without a shared lock, the work spreads over the cores.`,
    ];
  },
};

const ioBound: Lesson = {
  id: 'io-bound',
  title: 'I/O-bound work',
  summary: 'Ten downloads that mostly wait: threads overlap the waiting.',
  explain: paragraphs(`
    A web scraper spends its time waiting for servers. Here each task waits, as a network call would, without using the CPU.

    A thread that waits for I/O gives the GIL up, so the other threads run, or wait, at the same time. One after another, every wait adds to the total; on as many threads as there are waits, they can all wait at once.
  `),
  params: [
    { id: 'tasks', label: 'Downloads', min: 1, max: 64, step: 1, unit: '', value: () => 10 },
    { id: 'workers', label: 'Threads', min: 1, max: 32, step: 1, unit: '', value: () => 10 },
    { id: 'waitSeconds', label: 'Wait per download', min: 0.05, max: 2, step: 0.05, unit: 's', value: () => 0.2 },
  ],
  prediction: ask('How many seconds will the threads take for all the downloads?', 's', [0, 60, 0.05], (results) =>
    wallSeconds(find(results, 'threads-gil')),
  ),
  view: 'modes',
  plan: (v) =>
    modeRuns(
      ['sequential', 'threads-gil'],
      { workload: 'io-sleep', tasks: v.tasks!, taskMs: v.waitSeconds! * 1000 },
      v.workers!,
    ),
  conclude: (results) => {
    const gil = find(results, 'threads-gil');
    return [
      `One after another, the waits took ${fmt(wallSeconds(find(results, 'sequential')))} s. On threads they took ${fmt(wallSeconds(gil))} s, ${fmt(ratio(results, 'sequential', 'threads-gil'))}× faster, while only ${busy(gil)} cores' worth of CPU was busy: the threads were waiting together, not computing.`,
    ];
  },
};

const overhead: Lesson = {
  id: 'overhead',
  title: 'Overhead: tiny tasks and big payloads',
  summary: 'When starting, sending and pickling cost more than the work.',
  explain: paragraphs(`
    Handing a task to another process costs something: the task and its result are serialised (pickled, in Python), sent, and read back. Starting the processes costs more again.

    With thousands of tiny tasks that cost dominates, and a plain loop wins. With a large payload, the copying itself is the cost.
  `),
  params: [
    { id: 'tasks', label: 'Tiny tasks', min: 100, max: 10000, step: 100, unit: '', value: () => 2000 },
    { id: 'workers', label: 'Processes', min: 1, max: 64, step: 1, unit: '', value: (cores) => Math.min(64, cores) },
    { id: 'payloadMiB', label: 'Payload per task', min: 1, max: 256, step: 1, unit: 'MiB', value: () => 16 },
  ],
  prediction: ask(
    'How many times faster than the plain loop will the process pool run the tiny tasks?',
    '×',
    [0, 16, 0.1],
    (results) => ratio(results, 'sequential', 'processes'),
  ),
  view: 'modes',
  plan: (v) => [
    planned('sequential', 'Plain loop', { workload: 'tiny', mode: 'sequential', workers: 1, tasks: v.tasks! }),
    planned('processes', 'Process pool', { workload: 'tiny', mode: 'processes', workers: v.workers!, tasks: v.tasks! }),
    {
      ...planned('transfer', `Send ${v.payloadMiB} MiB to a process, 4 times`, {
        workload: 'transfer',
        mode: 'processes',
        workers: 1,
        tasks: 4,
        payloadBytes: v.payloadMiB! * 1024 * 1024,
      }),
      compared: false,
    },
  ],
  conclude: (results) => {
    const proc = find(results, 'processes')?.measurement;
    const transfer = find(results, 'transfer')?.measurement;
    const lines = [
      `The plain loop took ${fmt(wallSeconds(find(results, 'sequential')), 3)} s; the process pool took ${fmt(wallSeconds(find(results, 'processes')), 3)} s (${fmt(ratio(results, 'sequential', 'processes'))}×). Each hand-off to a process waited ${fmt(proc?.runs.at(-1)?.dispatchMs.median ?? null, 3)} ms on median before it started.`,
    ];
    if (proc) lines.push(`Starting a worker process took ${fmt(proc.spawnMs.median, 0)} ms on median.`);
    if (transfer) {
      const mib = (transfer.params.payloadBytes / 1024 / 1024) * transfer.params.tasks;
      lines.push(
        `Sending ${fmt(mib, 0)} MiB to a process took ${fmt(transfer.wallMs.median / 1000, 3)} s in all: ${fmt(mib / (transfer.wallMs.median / 1000), 0)} MiB/s of serialising and copying.`,
      );
    }
    return lines;
  },
};

/** The counter race, run by run: how the workers run, how they add, and where the counter lives. */
const COUNTER_RUNS: readonly [
  key: string,
  label: string,
  mode: ModeId,
  counterVariant: CounterVariant,
  sharedMemory?: true,
][] = [
  ['plain', 'GIL threads, x += 1', 'threads-gil', 'plain'],
  ['call-between', 'GIL threads, call between', 'threads-gil', 'call-between'],
  ['lock', 'GIL threads, with a lock', 'threads-gil', 'lock'],
  ['free', 'Free threads, x += 1', 'threads-free', 'plain'],
  ['processes', 'Processes, x += 1', 'processes', 'plain'],
  ['value', 'Processes sharing a Value, v.value += 1', 'processes', 'plain', true],
  ['value-lock', 'Processes sharing a Value, with its lock', 'processes', 'lock', true],
];

const sharedState: Lesson = {
  id: 'shared-state',
  title: 'Shared state: the counter race',
  summary: 'Four workers add to one counter: with and without a lock.',
  explain: paragraphs(`
    Threads share memory, so four threads can add to one counter. Whether updates get lost depends on where a thread can be interrupted.

    In CPython 3.11 and later, a plain x += 1 is only interrupted between bytecodes at points where the GIL can switch, so under the GIL it loses nothing. Put a function call between reading and writing the counter and a switch can land in between: updates get lost. Free threads lose updates outright. A lock is always exact.

    Processes do not share memory: each adds to its own copy, and the parent’s counter stays at 0. To share one, multiprocessing offers a Value (or an Array) in shared memory. Every access to it takes its lock, yet v.value += 1 is still a read and then a write, so processes lose updates too, unless the whole += holds the lock.
  `),
  params: [{ id: 'workers', label: 'Workers', min: 2, max: 8, step: 1, unit: '', value: () => 4 }],
  prediction: ask(
    'What share of the updates will be lost with a call between read and write (%)?',
    '%',
    [0, 100, 1],
    (results) => {
      const c = find(results, 'call-between')?.measurement?.runs.at(-1)?.counter;
      return c ? (100 * c.lost) / c.expected : null;
    },
  ),
  view: 'counter',
  plan: (v) =>
    COUNTER_RUNS.map(([key, label, mode, counterVariant, sharedMemory]) =>
      planned(key, label, {
        workload: 'counter',
        workers: v.workers!,
        tasks: v.workers!,
        mode,
        counterVariant,
        ...(sharedMemory ? { sharedMemory } : {}),
      }),
    ),
  conclude: (results) =>
    results.map((r) => {
      const c = r.measurement?.runs.at(-1)?.counter;
      if (!c) return `${r.run.label}: ${r.error ?? 'no result'}`;
      const line = `${r.run.label}: ${c.final.toLocaleString('en')} of ${c.expected.toLocaleString('en')} (${c.lost === 0 ? 'exact' : `${fmt((100 * c.lost) / c.expected, 1)}% lost`}).`;
      return c.returned === undefined
        ? line
        : `${line} The parent's counter never moved; the counts the processes sent back with their results, as through a queue, add up to ${c.returned.toLocaleString('en')}.`;
    }),
};

const poolSize: Lesson = {
  id: 'pool-size',
  title: 'How many workers?',
  summary: 'Sweep the pool from 1 to 2 × cores and fit Amdahl’s law.',
  explain: paragraphs(`
    More processes help only while there are idle cores to put them on. Past the core count they take turns, and the fixed costs of starting and coordinating them remain.

    The usual starting point for CPU-bound work is one process per core (os.cpu_count()). Threads that mostly wait on I/O are a different matter: tens or hundreds can pay off.

    Amdahl’s law says a program whose serial part is a fraction f can never run more than 1 ÷ f times faster. The fit below estimates f from what this machine measured.
  `),
  params: [
    {
      id: 'maxWorkers',
      label: 'Up to this many processes',
      min: 2,
      max: 64,
      step: 1,
      unit: '',
      value: (c) => Math.min(64, 2 * c),
    },
    { id: 'taskSeconds', label: 'Length of one task', min: 0.05, max: 2, step: 0.05, unit: 's', value: () => 0.25 },
  ],
  prediction: ask('What speedup will the largest pool reach?', '×', [0, 64, 0.1], (results) => {
    const last = results.at(-1);
    return last ? ratio(results, 'w1', last.run.key) : null;
  }),
  view: 'sweep',
  plan: (v) =>
    Array.from({ length: v.maxWorkers! }, (_, i) => i + 1).map((n) =>
      planned(`w${n}`, `${n} process${n === 1 ? '' : 'es'}`, {
        workload: 'cpu',
        mode: 'processes',
        workers: n,
        tasks: v.maxWorkers! * 2,
        taskMs: v.taskSeconds! * 1000,
      }),
    ),
  conclude: (results, cores) => {
    const best = results.reduce<{ key: string; s: number } | null>((acc, r) => {
      const s = ratio(results, 'w1', r.run.key);
      return s !== null && (!acc || s > acc.s) ? { key: r.run.label, s } : acc;
    }, null);
    return best
      ? [`The best was ${best.key}, at ${fmt(best.s)}× the single process, on a machine with ${cores} logical cores.`]
      : [];
  },
};

const convoy: Lesson = {
  id: 'convoy',
  title: 'The convoy effect and the switch interval',
  summary: 'An I/O thread beside CPU-bound threads, at the switch interval you choose.',
  explain: paragraphs(`
    A thread that does a little I/O over and over gives the GIL away every time, then has to win it back from the CPU-bound threads. Under CPython it waits up to one switch interval (5 ms by default) to ask, and longer when several threads compete.

    Shrinking the interval with sys.setswitchinterval makes the hand-backs quicker, at the cost of more switching.
  `),
  params: [
    { id: 'interval', label: 'Switch interval', min: 0.1, max: 20, step: 0.1, unit: 'ms', value: () => 5 },
    { id: 'cpuThreads', label: 'CPU-bound threads beside it', min: 1, max: 4, step: 1, unit: '', value: () => 2 },
    { id: 'seconds', label: 'Length of each run', min: 0.5, max: 5, step: 0.5, unit: 's', value: () => 2 },
  ],
  prediction: ask(
    'Beside the CPU-bound threads, what share of its rate alone will the I/O loop keep (%)?',
    '%',
    [0, 100, 1],
    (results) => {
      const rate = (r: StepResult | undefined) => r?.measurement?.runs.at(-1)?.ioLoop?.loopsPerSecond ?? null;
      const alone = rate(results[0]);
      const beside = results.length > 1 ? rate(results.at(-1)) : null;
      return alone && beside !== null ? (100 * beside) / alone : null;
    },
  ),
  view: 'convoy',
  plan: (v) =>
    Array.from({ length: v.cpuThreads! + 1 }, (_, k) =>
      planned(`cpu${k}`, k === 0 ? 'I/O loop alone' : `Beside ${k} CPU thread${k === 1 ? '' : 's'}`, {
        workload: 'convoy',
        mode: 'threads-gil',
        workers: k + 1,
        tasks: k + 1,
        taskMs: v.seconds! * 1000,
        switchIntervalMs: v.interval!,
      }),
    ),
  conclude: (results) => {
    const rate = (r: StepResult | undefined): number | null =>
      r?.measurement?.runs.at(-1)?.ioLoop?.loopsPerSecond ?? null;
    const alone = rate(results[0]);
    return results.slice(1).map((r) => {
      const x = rate(r);
      return `${r.run.label}: ${fmt(x, 0)} loops/s, ${fmt(alone && x !== null ? x / alone : null)} of its rate alone (${fmt(alone, 0)}/s), at a ${r.run.request.params.switchIntervalMs} ms switch interval.`;
    });
  },
};

const guide: Lesson = {
  id: 'guide',
  title: 'Which one should I use?',
  summary: 'A few questions, then a run that checks the answer on this machine.',
  explain: paragraphs(`
    Answer for the slow part of your program. The guide ends with a run that tests its advice here.
  `),
  params: [],
  prediction: null,
  view: 'guide',
  plan: () => [],
  conclude: (results) =>
    results.length >= 2
      ? [
          `${results[1]!.run.label} ran ${fmt(ratio(results, results[0]!.run.key, results[1]!.run.key))}× as fast as ${results[0]!.run.label.toLowerCase()}.`,
        ]
      : [],
};

export const LESSONS: readonly Lesson[] = [cpuBound, ioBound, overhead, sharedState, poolSize, convoy, guide];
