import type { RunParamsInput } from '../../../shared/run-params';
import type { ModeId } from '../../../shared/vocabulary';
import { planned, type PlannedRun } from './lesson';

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

function question(id: string, text: string, answers: [label: string, next: string][]): GuideQuestion {
  return { kind: 'question', id, text, answers: answers.map(([label, next]) => ({ label, next })) };
}

function verdict(id: string, title: string, text: string, proof: GuideVerdict['proof']): GuideVerdict {
  return { kind: 'verdict', id, title, text, proof };
}

/** The advised way against one thread doing the same work, the one thread first. */
function againstOneThread(
  key: string,
  label: string,
  mode: ModeId,
  workers: number,
  { workload, ...work }: Omit<RunParamsInput, 'mode' | 'workers'>,
): PlannedRun[] {
  return [
    planned('sequential', 'One thread', { workload, mode: 'sequential', workers: 1, ...work }),
    planned(key, label, { workload, mode, workers, ...work }),
  ];
}

/** The articles' decision tree, asked about the slow part of the listener's program. */
export const GUIDE: Record<string, GuideNode> = Object.fromEntries(
  [
    question('start', 'What does the slow part of your program spend its time doing?', [
      ['Waiting: network, disk, a database', 'waits'],
      ['Computing: loops, maths, parsing', 'size'],
    ]),
    question('waits', 'How many of those waits are there at once?', [
      ['A few, up to tens: some files, a handful of API calls', 'io'],
      ['Hundreds or thousands: many connections or requests', 'asyncio'],
    ]),
    verdict(
      'io',
      'Threads',
      'While a thread waits it releases the GIL, so threads overlap their waiting. They start fast, share memory, and your code stays as it is.',
      () =>
        againstOneThread('threads', 'Ten threads', 'threads-gil', 10, { workload: 'io-sleep', tasks: 10, taskMs: 200 }),
    ),
    verdict(
      'asyncio',
      'asyncio',
      'One event loop runs every wait as a coroutine: while one awaits its reply, the loop runs the next, so thousands of waits overlap on one thread, with no thread for each. Keep the work between awaits short: a coroutine that computes holds up every other one.',
      () =>
        againstOneThread('asyncio', 'One event loop (asyncio)', 'asyncio', 1, {
          workload: 'io-sleep',
          tasks: 40,
          taskMs: 50,
        }),
    ),
    question('size', 'How long does one piece of that work take?', [
      ['Under a millisecond, and there are thousands', 'tiny'],
      ['A good fraction of a second or more', 'native'],
    ]),
    verdict(
      'tiny',
      'A plain loop, or bigger batches',
      'Sending each tiny task to another process costs more than doing it. Keep the loop, or hand a pool large batches (a bigger chunksize).',
      (cores) => [
        planned('pool', 'A process pool', { workload: 'tiny', mode: 'processes', workers: spread(cores), tasks: 2000 }),
        planned('loop', 'A plain loop', { workload: 'tiny', mode: 'sequential', workers: 1, tasks: 2000 }),
      ],
    ),
    question(
      'native',
      'Does the heavy part run inside a library that releases the GIL, such as NumPy or hashlib on large buffers?',
      [
        ['Yes', 'threads-native'],
        ['No, it is Python code', 'processes'],
      ],
    ),
    verdict(
      'threads-native',
      'Threads are fine',
      'Native code that releases the GIL runs in parallel on threads, without the cost of processes.',
      (cores) =>
        againstOneThread('threads', 'Threads, hashing with the GIL released', 'threads-gil', spread(cores), {
          workload: 'hash',
          tasks: spread(cores),
          taskMs: 500,
          releasesGil: true,
        }),
    ),
    verdict(
      'processes',
      'Processes (or a free-threaded build)',
      'Python code holds the GIL while it computes, so threads take turns. Processes each have their own GIL and use every core.',
      (cores) =>
        againstOneThread('processes', 'Processes', 'processes', spread(cores), {
          workload: 'cpu',
          tasks: spread(cores),
          taskMs: 500,
        }),
    ),
  ].map((node) => [node.id, node]),
);
