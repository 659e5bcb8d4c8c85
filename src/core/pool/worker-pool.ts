import { Listeners } from '../util/listeners';
import { WorkerReportSchema, type WorkerCommand, type WorkerReport } from './task-protocol';
import type { WorkerHandle, WorkerSpawner } from './worker-handle';

export interface SlotExit {
  slot: number;
  pid: number;
  reason: string;
}

interface Slot {
  handle: WorkerHandle;
  ready: Promise<void>;
  /** Whether it said it was ready; a worker that never does is killed at READY_TIMEOUT_MS. */
  isReady: boolean;
  /** False from the moment its exit is seen: nothing is posted to it after that. */
  alive: boolean;
  /** The OS thread that runs its tasks, once it is ready; null where it can't be known. */
  tid: number | null;
}

const READY_TIMEOUT_MS = 15_000;
/** Calibrating a long task on a busy machine takes a while; past this, something is wrong. */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * A warm pool of task workers, threads or processes alike. Workers start once and are reused
 * run after run; one that dies is reported with its reason and replaced at once, so the next
 * run finds a full pool.
 */
export class WorkerPool {
  readonly kind: 'thread' | 'process';
  /** Milliseconds from spawn to ready, for every worker ever started, its warm-up included. */
  readonly spawnTimesMs: number[] = [];
  /** Of each spawn time, the milliseconds the worker spent warming kernels up (0 if it said none). */
  readonly warmTimesMs: number[] = [];
  private readonly slots: Slot[] = [];
  private readonly reports = new Listeners<{ slot: number; report: WorkerReport }>();
  private readonly exits = new Listeners<SlotExit>();
  private closing = false;

  constructor(
    private readonly spawner: WorkerSpawner,
    private readonly log: (line: string) => void = (line) => console.error(`[gil-lab] ${line}`),
  ) {
    this.kind = spawner.kind;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Grows the pool to at least `size` workers and waits until all are ready. */
  async ensure(size: number): Promise<void> {
    while (this.slots.length < size) this.slots.push(this.spawn(this.slots.length));
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  /**
   * Posts to the worker in a slot; false, posting nothing, if the slot has no live worker (one
   * whose exit is on its way is reported through onExit, with its reason).
   */
  post(slot: number, command: WorkerCommand): boolean {
    const current = this.slots[slot];
    if (!current?.alive || !current.handle.alive) return false;
    current.handle.post(command);
    return true;
  }

  /** Whether the worker in a slot is ready and can still be reached: what a task may be posted to. */
  isAlive(slot: number): boolean {
    const current = this.slots[slot];
    return current !== undefined && current.alive && current.isReady && current.handle.alive;
  }

  /** Whether the worker in a slot has started and said it is ready. */
  isReady(slot: number): boolean {
    return this.slots[slot]?.isReady ?? false;
  }

  pid(slot: number): number {
    return this.slots[slot]?.handle.pid ?? -1;
  }

  /** The OS thread id that runs a worker's tasks (its pid, for a process), or null. */
  tid(slot: number): number | null {
    return this.slots[slot]?.tid ?? null;
  }

  /**
   * One command and its reply: sends `command` to a worker and resolves with the first report
   * from it that `match` accepts. Starts the worker if needed, and fails with a message, rather
   * than waiting forever, if the worker exits first or doesn't answer in time.
   */
  async request<T>(
    slot: number,
    command: WorkerCommand,
    match: (report: WorkerReport) => T | undefined,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<T> {
    await this.ensure(slot + 1);
    return new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        offReport();
        offExit();
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`worker ${slot + 1} did not answer "${command.type}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const offReport = this.reports.add((event) => {
        if (event.slot !== slot) return;
        const value = match(event.report);
        if (value === undefined) return;
        settle();
        resolve(value);
      });
      const offExit = this.exits.add((exit) => {
        if (exit.slot !== slot) return;
        settle();
        reject(new Error(`worker ${slot + 1} ${exit.reason} before it answered "${command.type}"`));
      });
      this.post(slot, command);
    });
  }

  onReport(listener: (event: { slot: number; report: WorkerReport }) => void): () => void {
    return this.reports.add(listener);
  }

  onExit(listener: (exit: SlotExit) => void): () => void {
    return this.exits.add(listener);
  }

  /**
   * Kills a worker now, whatever it is doing (running, hung, stopped by SIGSTOP), and resolves
   * once it is gone; the pool starts a fresh one in its place without anyone waiting for it.
   */
  async discard(slot: number): Promise<void> {
    await this.slots[slot]?.handle.kill();
  }

  /**
   * Takes a worker out of its slot now and starts a fresh one there (to give back what the old
   * one holds); the old one is killed, and its exit is no one's concern.
   */
  retire(slot: number): void {
    const old = this.slots[slot];
    if (!old || this.closing) return;
    old.alive = false;
    this.slots[slot] = this.spawn(slot);
    void old.handle.kill();
  }

  /** Stops a worker now (to cancel what it runs), and waits for the fresh one in its place. */
  async restart(slot: number): Promise<void> {
    const current = this.slots[slot];
    if (!current) return;
    await current.handle.kill();
    // A replacement that fails to start reports its own exit and is replaced in turn; the next
    // ensure() waits for a worker that is really ready.
    await this.slots[slot]?.ready.catch(() => {});
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.handle.kill()));
    this.slots.length = 0;
  }

  private spawn(index: number): Slot {
    const started = performance.now();
    const handle = this.spawner.spawn(index);
    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // One that never says it is ready is hung: it goes, and its exit brings a replacement.
    const timer = setTimeout(() => {
      failReady(new Error(`worker ${index + 1} did not start within ${READY_TIMEOUT_MS / 1000} s`));
      void handle.kill();
    }, READY_TIMEOUT_MS);
    const slot: Slot = { handle, ready, isReady: false, alive: true, tid: null };
    handle.onMessage((message) => {
      const parsed = WorkerReportSchema.safeParse(message);
      if (!parsed.success) {
        this.log(`worker ${index + 1} sent a malformed report; ignored`);
        return;
      }
      if (parsed.data.type === 'ready') {
        clearTimeout(timer);
        slot.tid = parsed.data.tid ?? null;
        slot.isReady = true;
        this.spawnTimesMs.push(performance.now() - started);
        this.warmTimesMs.push(parsed.data.warmMs ?? 0);
        markReady();
        return;
      }
      if (this.slots[index] === slot) this.reports.emit({ slot: index, report: parsed.data });
    });
    handle.onExit((reason) => {
      slot.alive = false;
      clearTimeout(timer);
      failReady(new Error(`worker ${index + 1} ${reason} before it was ready`));
      if (this.closing || this.slots[index] !== slot) return;
      this.exits.emit({ slot: index, pid: handle.pid, reason });
      this.log(`worker ${index + 1} (pid ${handle.pid}) ${reason}; replacing it`);
      this.slots[index] = this.spawn(index);
    });
    ready.catch(() => {});
    return slot;
  }
}
