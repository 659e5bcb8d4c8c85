/**
 * The lessons, in the order a class takes them: what each explains, the sliders it offers, the
 * prediction it asks for and the runs it plans. One file, so the whole course reads top to
 * bottom as a teacher gives it, each explanation written as prose. What each lesson expects of
 * its measurements, and how that is judged, lives in the claims modules; the shared parts
 * (planned runs, predictions, paragraphs, ratios, number formats) in lesson.ts.
 */
import { roundWorkers } from '../../../shared/modes';
import type { RunParamsInput } from '../../../shared/run-params';
import type { CounterVariant, ModeId } from '../../../shared/vocabulary';
import { concludeIoBound } from './claims-io';
import { concludeCpuBound, concludeGuide, concludeOverhead, concludePoolSize } from './claims-speed';
import { concludeConvoy, concludeCounter, loopRate, type CounterClaim } from './claims-threads';
import {
  ask,
  completed,
  find,
  paragraphs,
  planned,
  ratio,
  wallSeconds,
  withPlan,
  type Lesson,
  type PlannedRun,
} from './lesson';

export const MODE_LABELS: Record<ModeId, string> = {
  sequential: 'One thread (sequential)',
  'threads-gil': 'Threads, with the GIL',
  'threads-free': 'Threads, free-threaded (PEP 703)',
  processes: 'Processes',
  asyncio: 'asyncio, one event loop',
  interpreters: 'Sub-interpreters, a GIL each (PEP 684)',
};

/**
 * The same work once per mode, each run keyed and labelled by its mode: sequential and asyncio
 * on their one thread, the others on `workers`.
 */
function modeRuns(
  modes: readonly ModeId[],
  work: Omit<RunParamsInput, 'mode' | 'workers'>,
  workers: number,
  repeat?: number,
): PlannedRun[] {
  return modes.map((mode) =>
    planned(mode, MODE_LABELS[mode], { ...work, mode, workers: roundWorkers(mode, workers) }, repeat),
  );
}

const cpuBoundPlan: Lesson['plan'] = (v) =>
  modeRuns(
    ['sequential', 'threads-gil', 'processes', 'threads-free'],
    { workload: 'cpu', tasks: v.tasks!, taskMs: v.taskSeconds! * 1000 },
    v.workers!,
    v.repeat,
  );

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
  plan: cpuBoundPlan,
  conclude: withPlan(cpuBoundPlan, concludeCpuBound),
};

const ioBoundPlan: Lesson['plan'] = (v) =>
  modeRuns(
    ['sequential', 'threads-gil', 'asyncio'],
    { workload: 'io-sleep', tasks: v.tasks!, taskMs: v.waitSeconds! * 1000 },
    v.workers!,
  );

const ioBound: Lesson = {
  id: 'io-bound',
  title: 'I/O-bound work',
  summary: 'Ten downloads that mostly wait: threads, or one asyncio event loop, overlap the waiting.',
  explain: paragraphs(`
    A web scraper spends its time waiting for servers. Here each task waits, as a network call would, without using the CPU.

    A thread that waits for I/O gives the GIL up, so the other threads run, or wait, at the same time. One after another, every wait adds to the total; on as many threads as there are waits, they can all wait at once.

    asyncio overlaps the waits without threads: each download is a coroutine on one event loop, and while one awaits its reply the loop runs the next. One thread, one lane: it runs a task's code, or waits on all of them at once.
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
  plan: ioBoundPlan,
  conclude: withPlan(ioBoundPlan, concludeIoBound),
};

const overheadPlan: Lesson['plan'] = (v) => [
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
];

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
  plan: overheadPlan,
  conclude: withPlan(overheadPlan, concludeOverhead),
};

/**
 * The counter race, run by run: how the workers run, how they add and where the counter lives;
 * then what the lesson expects of it, and what that shows when it holds.
 */
const COUNTER_RUNS: readonly (CounterClaim & {
  label: string;
  mode: ModeId;
  counterVariant: CounterVariant;
  sharedMemory?: true;
})[] = [
  {
    key: 'plain',
    label: 'GIL threads, x += 1',
    mode: 'threads-gil',
    counterVariant: 'plain',
    expect: 'exact',
    shows: 'Under the GIL, a plain x += 1 was never interrupted between its read and its write.',
  },
  {
    key: 'call-between',
    label: 'GIL threads, call between',
    mode: 'threads-gil',
    counterVariant: 'call-between',
    expect: 'loses',
    shows: 'A switch landed between a read and its write, and the other thread’s updates were written over.',
  },
  {
    key: 'lock',
    label: 'GIL threads, with a lock',
    mode: 'threads-gil',
    counterVariant: 'lock',
    expect: 'exact',
    shows: 'The lock made each read and write one step.',
  },
  {
    key: 'free',
    label: 'Free threads, x += 1',
    mode: 'threads-free',
    counterVariant: 'plain',
    expect: 'loses',
    shows: 'With no GIL, threads read and wrote the counter at the same instant.',
  },
  {
    key: 'processes',
    label: 'Processes, x += 1',
    mode: 'processes',
    counterVariant: 'plain',
    expect: 'own-copies',
    shows: 'Nothing was lost: each process added to its own copy, and the parent’s was never touched.',
  },
  {
    key: 'value',
    label: 'Processes sharing a Value, v.value += 1',
    mode: 'processes',
    counterVariant: 'plain',
    sharedMemory: true,
    expect: 'loses',
    shows:
      'Each access took the Value’s lock, yet += is a read and then a write, and another process wrote in between.',
  },
  {
    key: 'value-lock',
    label: 'Processes sharing a Value, with its lock',
    mode: 'processes',
    counterVariant: 'lock',
    sharedMemory: true,
    expect: 'exact',
    shows: 'Holding the lock for the whole += made it one step.',
  },
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
      const step = find(results, 'call-between');
      const c = completed(step) ? step.measurement.runs.at(-1)?.counter : null;
      return c ? (100 * c.lost) / c.expected : null;
    },
  ),
  view: 'counter',
  plan: (v) =>
    COUNTER_RUNS.map(({ key, label, mode, counterVariant, sharedMemory }) =>
      planned(key, label, {
        workload: 'counter',
        workers: v.workers!,
        tasks: v.workers!,
        mode,
        counterVariant,
        ...(sharedMemory ? { sharedMemory } : {}),
      }),
    ),
  conclude: (go, context) => concludeCounter(go, context, COUNTER_RUNS),
};

const poolSizePlan: Lesson['plan'] = (v) =>
  Array.from({ length: v.maxWorkers! }, (_, i) => i + 1).map((n) =>
    planned(`w${n}`, `${n} process${n === 1 ? '' : 'es'}`, {
      workload: 'cpu',
      mode: 'processes',
      workers: n,
      tasks: v.maxWorkers! * 2,
      taskMs: v.taskSeconds! * 1000,
    }),
  );

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
  plan: poolSizePlan,
  conclude: withPlan(poolSizePlan, concludePoolSize),
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
    { id: 'seconds', label: 'Work per thread', min: 0.5, max: 5, step: 0.5, unit: 's', value: () => 2 },
  ],
  prediction: ask(
    'Beside the CPU-bound threads, what share of its rate alone will the I/O loop keep (%)?',
    '%',
    [0, 100, 1],
    (results) => {
      const rate = (r: (typeof results)[number] | undefined) => (completed(r) ? loopRate(r) : null);
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
  conclude: concludeConvoy,
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
  conclude: withPlan(() => [], concludeGuide),
};

export const LESSONS: readonly Lesson[] = [cpuBound, ioBound, overhead, sharedState, poolSize, convoy, guide];
