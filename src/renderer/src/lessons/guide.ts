import type { StartRunRequest } from '../../../shared/measurement';
import type { RunParamsInput } from '../../../shared/run-params';
import type { PlannedRun } from './lesson';

export interface GuideQuestion {
  kind: 'question';
  id: string;
  text: string;
  answers: { label: string; next: string }[];
}

export interface GuideVerdict {
  kind: 'verdict';
  id: string;
  title: string;
  text: string;
  /** Two runs, the obvious way and the advised one, sized for this machine's cores. */
  proof: (cores: number) => PlannedRun[];
}

export type GuideNode = GuideQuestion | GuideVerdict;

/** Enough tasks to fill this machine's cores, up to 8, so the one-thread run stays short. */
const spread = (cores: number): number => Math.min(8, Math.max(2, cores));

function run(key: string, label: string, params: RunParamsInput): PlannedRun {
  const request: StartRunRequest = { params, repeat: 1, baseline: false };
  return { key, label, mode: params.mode, request };
}

/** The articles' decision tree, asked about the slow part of the listener's program. */
export const GUIDE: Record<string, GuideNode> = {
  start: {
    kind: 'question',
    id: 'start',
    text: 'What does the slow part of your program spend its time doing?',
    answers: [
      { label: 'Waiting: network, disk, a database', next: 'io' },
      { label: 'Computing: loops, maths, parsing', next: 'size' },
    ],
  },
  io: {
    kind: 'verdict',
    id: 'io',
    title: 'Threads (or asyncio)',
    text: 'While a thread waits it releases the GIL, so threads overlap their waiting. They start fast and share memory; for thousands of connections, asyncio does the same with less overhead.',
    proof: () => [
      run('sequential', 'One thread', { workload: 'io-sleep', mode: 'sequential', workers: 1, tasks: 10, taskMs: 200 }),
      run('threads', 'Ten threads', { workload: 'io-sleep', mode: 'threads-gil', workers: 10, tasks: 10, taskMs: 200 }),
    ],
  },
  size: {
    kind: 'question',
    id: 'size',
    text: 'How long does one piece of that work take?',
    answers: [
      { label: 'Under a millisecond, and there are thousands', next: 'tiny' },
      { label: 'A good fraction of a second or more', next: 'native' },
    ],
  },
  tiny: {
    kind: 'verdict',
    id: 'tiny',
    title: 'A plain loop, or bigger batches',
    text: 'Sending each tiny task to another process costs more than doing it. Keep the loop, or hand a pool large batches (a bigger chunksize).',
    proof: (cores) => [
      run('pool', 'A process pool', { workload: 'tiny', mode: 'processes', workers: spread(cores), tasks: 2000 }),
      run('loop', 'A plain loop', { workload: 'tiny', mode: 'sequential', workers: 1, tasks: 2000 }),
    ],
  },
  native: {
    kind: 'question',
    id: 'native',
    text: 'Does the heavy part run inside a library that releases the GIL, such as NumPy or hashlib on large buffers?',
    answers: [
      { label: 'Yes', next: 'threads-native' },
      { label: 'No, it is Python code', next: 'processes' },
    ],
  },
  'threads-native': {
    kind: 'verdict',
    id: 'threads-native',
    title: 'Threads are fine',
    text: 'Native code that releases the GIL runs in parallel on threads, without the cost of processes.',
    proof: (cores) => [
      run('sequential', 'One thread', {
        workload: 'hash',
        mode: 'sequential',
        workers: 1,
        tasks: spread(cores),
        taskMs: 500,
        releasesGil: true,
      }),
      run('threads', 'Threads, hashing with the GIL released', {
        workload: 'hash',
        mode: 'threads-gil',
        workers: spread(cores),
        tasks: spread(cores),
        taskMs: 500,
        releasesGil: true,
      }),
    ],
  },
  processes: {
    kind: 'verdict',
    id: 'processes',
    title: 'Processes (or a free-threaded build)',
    text: 'Python code holds the GIL while it computes, so threads take turns. Processes each have their own GIL and use every core.',
    proof: (cores) => [
      run('sequential', 'One thread', {
        workload: 'cpu',
        mode: 'sequential',
        workers: 1,
        tasks: spread(cores),
        taskMs: 500,
      }),
      run('processes', 'Processes', {
        workload: 'cpu',
        mode: 'processes',
        workers: spread(cores),
        tasks: spread(cores),
        taskMs: 500,
      }),
    ],
  },
};
