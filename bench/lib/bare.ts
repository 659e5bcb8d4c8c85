import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TaskSpec } from '../../src/core/workloads/task-kind';
import type { BareCommand } from './bare-worker';

const ENTRY = new URL('./bare-worker.ts', import.meta.url);

interface Bare {
  send(command: BareCommand): void;
  next(): Promise<{ type: string }>;
}

function wrap(onMessage: (listener: (m: unknown) => void) => void, post: (m: BareCommand) => void): Bare {
  const queue: { type: string }[] = [];
  const waiting: ((m: { type: string }) => void)[] = [];
  onMessage((m) => {
    const message = m as { type: string };
    const resolve = waiting.shift();
    if (resolve) resolve(message);
    else queue.push(message);
  });
  return {
    send: post,
    next: () => new Promise((resolve) => (queue.length ? resolve(queue.shift()!) : waiting.push(resolve))),
  };
}

/**
 * Bare workers for the orchestration comparison: `count` forks or worker threads running the
 * lab's kernel with nothing around it. `round` hands each its share of the tasks at once and
 * times until all are done.
 */
export async function startBare(
  kind: 'fork' | 'thread',
  count: number,
  spec: TaskSpec,
): Promise<{ round: (tasks: number) => Promise<number>; close: () => Promise<void> }> {
  const workers: Bare[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'fork') {
      const child: ChildProcess = fork(fileURLToPath(ENTRY), [], {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(
        wrap(
          (l) => child.on('message', l),
          (m) => child.send(m as never),
        ),
      );
      stops.push(() => new Promise((resolve) => (child.once('exit', resolve), child.send('exit'))));
    } else {
      const worker = new Worker(new URL('./ts-thread.mjs', import.meta.url), { argv: [ENTRY.href] });
      workers.push(
        wrap(
          (l) => worker.on('message', l),
          (m) => worker.postMessage(m),
        ),
      );
      stops.push(() => worker.terminate());
    }
  }
  await Promise.all(workers.map((w) => w.next()));
  for (const w of workers) w.send({ type: 'warm', spec });
  await Promise.all(workers.map((w) => w.next()));
  return {
    async round(tasks) {
      const started = performance.now();
      // Each worker gets its share, as a pool that hands out one task at a time ends up giving it.
      await Promise.all(
        workers.map((w, i) => {
          const share = Math.floor(tasks / count) + (i < tasks % count ? 1 : 0);
          w.send({ type: 'run', spec, tasks: share });
          return w.next();
        }),
      );
      return performance.now() - started;
    },
    close: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
