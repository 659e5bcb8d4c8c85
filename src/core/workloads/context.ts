import { CONTROL, createGilBuffer, gilViews, THREAD_STATE } from '../gil/gil-layout';
import { GilThread } from '../gil/gil-thread';

/**
 * What a workload kernel sees of its thread: the eval-breaker checkpoint it must call between
 * small slices of work, and a way to run blocking I/O or GIL-releasing native code.
 */
export interface TaskContext {
  /** Non-zero at index `breakerIndex` when checkpoint() has something to do. */
  readonly breaker: Int32Array;
  readonly breakerIndex: number;
  checkpoint(): void;
  io<T>(work: () => T): T;
  native<T>(work: () => T): T;
}

/**
 * One class for every context, so kernels always call the same methods. V8 specialises a
 * kernel's optimised code on what it calls; handing it fresh closures per task made it
 * deoptimise in the middle of a long task and finish that task several times slower.
 */
export class GilTaskContext implements TaskContext {
  readonly breaker: Int32Array;
  readonly breakerIndex = CONTROL.DROP_REQUEST;

  constructor(private readonly gil: GilThread) {
    this.breaker = gil.breaker;
  }

  checkpoint(): void {
    this.gil.checkpoint();
  }

  io<T>(work: () => T): T {
    return this.gil.blocking(work, THREAD_STATE.IO);
  }

  native<T>(work: () => T): T {
    return this.gil.blocking(work, THREAD_STATE.NATIVE);
  }
}

/** A context on a private one-thread GIL, for calibration and warm-up outside any run. */
export function privateContext(enabled: boolean): { gil: GilThread; context: GilTaskContext } {
  const gil = new GilThread(gilViews(createGilBuffer({ threads: 1, enabled, capacity: 4 }), 1, 4), 0);
  return { gil, context: new GilTaskContext(gil) };
}

/** A word nobody ever changes or notifies: waiting on it is a plain sleep. */
const SLEEP_WORD = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps this thread without spinning: the simulated network wait. */
export function sleepBlocking(ms: number): void {
  Atomics.wait(SLEEP_WORD, 0, 0, ms);
}

/**
 * What a coroutine's kernel sees on an event loop (asyncio mode): the eval breaker, as on a
 * thread, and waits it awaits, during which the loop runs its other tasks.
 */
export interface LoopTaskContext {
  checkpoint(): void;
  /** Awaits `work` with the loop free for other tasks meanwhile, as `await` does in a coroutine. */
  wait<T>(work: () => Promise<T>): Promise<T>;
  /** asyncio.sleep: an awaited timer, cut short by a cancel. */
  sleep(ms: number): Promise<void>;
}
