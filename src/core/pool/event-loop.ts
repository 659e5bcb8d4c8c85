import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError, type GilThread } from '../gil/gil-thread';
import { epochNow, THREAD_STATE, type ThreadStateCode } from '../gil/gil-layout';
import { GilTaskContext, type LoopTaskContext } from '../workloads/context';
import { parseTaskSpec } from '../workloads/run-task';
import type { TaskSpec } from '../workloads/task-kind';
import { taskDone, type WorkerReport } from './task-protocol';

/** How often an awaited timer looks for a cancel: a cancelled run ends well within its grace. */
const CANCEL_POLL_MS = 50;

export interface EventLoopDeps {
  /** The worker's one thread on the round's GIL, which its states are written to. */
  gil: GilThread;
  send(report: WorkerReport): void;
  /** The thread's CPU time so far, in ms. */
  cpuMs(): { ms: number; method: Extract<WorkerReport, { type: 'done' }>['cpuMethod'] };
}

/**
 * asyncio.gather on one thread: every task starts as a coroutine on this worker's own event
 * loop, and runs until it awaits, when the next one runs. I/O kinds await their waits, so the
 * waits of every task overlap; CPU kinds have nothing to await and run start to end, one after
 * another. The lane shows the loop as it is: running while some task's code runs, in I/O while
 * every unfinished task awaits, idle once none is left.
 */
export class EventLoop {
  private unfinished = 0;

  constructor(private readonly deps: EventLoopDeps) {}

  /** Runs the tasks firstId, firstId + 1, … together, and reports each as it starts and ends. */
  async gather(firstId: number, specs: readonly TaskSpec[]): Promise<void> {
    this.unfinished = specs.length;
    const tasks = specs.map((spec, i) => this.runTask(firstId + i, spec));
    await Promise.all(tasks);
  }

  private async runTask(id: number, spec: TaskSpec): Promise<void> {
    const { gil, send } = this.deps;
    const startedAt = epochNow();
    send({ type: 'started', id, t: startedAt });
    const coroutine = new Coroutine(this.deps);
    try {
      const task = parseTaskSpec(spec);
      coroutine.resume();
      const result = task.kind.runAwaited
        ? await task.kind.runAwaited(task.spec, coroutine)
        : task.kind.run(task.spec, new GilTaskContext(gil));
      coroutine.suspend(this.finished());
      const cpu = { ms: coroutine.cpuMs, method: this.deps.cpuMs().method };
      send(taskDone(id, result, { startedAt, endedAt: epochNow() }, cpu));
    } catch (error) {
      coroutine.suspend(this.finished());
      const cancelled = error instanceof CancelledError;
      send({ type: 'failed', id, cancelled, message: (error as Error).message });
    }
  }

  /** A task ended: the loop's state next, waiting on the others' I/O or with nothing left. */
  private finished(): ThreadStateCode {
    this.unfinished--;
    return this.unfinished > 0 ? THREAD_STATE.IO : THREAD_STATE.IDLE;
  }
}

/** One task on the loop: its own CPU time, counted only while its code runs. */
class Coroutine implements LoopTaskContext {
  cpuMs = 0;
  private since: number | null = null;

  constructor(private readonly thread: EventLoopDeps) {}

  /** The task's code runs again: it holds the loop's thread, and its CPU time counts. */
  resume(): void {
    this.thread.gil.take();
    this.since = this.thread.cpuMs().ms;
  }

  /** The task stops running: it awaits (the loop is in I/O), or is over (`next` says what the loop does then). */
  suspend(next: ThreadStateCode = THREAD_STATE.IO): void {
    if (this.since !== null) this.cpuMs += Math.max(0, this.thread.cpuMs().ms - this.since);
    this.since = null;
    this.thread.gil.drop(false, next);
  }

  checkpoint(): void {
    this.thread.gil.checkpoint();
  }

  async wait<T>(work: () => Promise<T>): Promise<T> {
    this.suspend();
    try {
      return await work();
    } finally {
      this.resume();
    }
  }

  sleep(ms: number): Promise<void> {
    const end = performance.now() + ms;
    return this.wait(async () => {
      for (let left = ms; left > 0; left = end - performance.now()) {
        await delay(Math.min(left, CANCEL_POLL_MS));
        this.thread.gil.throwIfCancelled();
      }
    });
  }
}
