import type { CounterVariant } from '../../shared/vocabulary';
import type { TaskContext } from './context';
import type { SharedValue } from './shared-value';

/**
 * The articles' shared counter. `cell` is the counter, shared by every thread of a run (or a
 * private copy in a process without shared memory); `lock` is a lock word for the 'lock' variant.
 *
 * - plain: `x += 1`. Under the GIL, CPython 3.11+ only switches threads at eval-breaker points,
 *   and there is none between the read and the write, so no update is lost. Free-threaded, the
 *   read-modify-write races for real on shared memory.
 * - call-between: `tmp = x; f(); x = tmp + 1`. The call is an eval-breaker point, so a switch
 *   can land between the read and the write, and updates are lost in some runs.
 * - lock: `with lock: x += 1`. Always exact. Waiting for the lock releases the GIL, as
 *   threading.Lock.acquire does.
 */

export function incrementCounter(
  counter: { cell: Int32Array; lock: Int32Array },
  times: number,
  variant: CounterVariant,
  ctx: TaskContext,
): number {
  const { cell, lock } = counter;
  const breaker = ctx.breaker;
  const index = ctx.breakerIndex;
  for (let i = 0; i < times; i++) {
    if (variant === 'plain') {
      cell[0] = cell[0]! + 1;
      if ((i & 63) === 63 && Atomics.load(breaker, index) !== 0) ctx.checkpoint();
    } else if (variant === 'call-between') {
      const read = cell[0]!;
      // The call is an eval-breaker point: a pending switch happens right here.
      if (Atomics.load(breaker, index) !== 0) ctx.checkpoint();
      cell[0] = read + 1;
    } else {
      acquireLock(lock, ctx);
      cell[0] = cell[0]! + 1;
      releaseLock(lock);
      if ((i & 63) === 63 && Atomics.load(breaker, index) !== 0) ctx.checkpoint();
    }
  }
  return times;
}

function acquireLock(lock: Int32Array, ctx: TaskContext): void {
  if (Atomics.compareExchange(lock, 0, 0, 1) === 0) return;
  ctx.io(() => {
    while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) Atomics.wait(lock, 0, 1, 5);
  });
}

function releaseLock(lock: Int32Array): void {
  Atomics.store(lock, 0, 0);
  Atomics.notify(lock, 0, 1);
}

/**
 * The counter in processes that share a multiprocessing.Value('i'). Like CPython's
 * synchronized Value, every read and every write takes the Value's lock, but `v.value += 1`
 * is still a read and then a write, so processes lose updates between the two. With the
 * lock held around both (`with v.get_lock(): v.value += 1`), the count is exact.
 *
 * A process waiting for the lock sleeps in the kernel, but its state isn't reported as I/O:
 * its own GIL has nobody to hand over to, and a lane update per increment would flood the host.
 */
export function incrementSharedValue(
  value: SharedValue,
  times: number,
  variant: CounterVariant,
  ctx: TaskContext,
): number {
  const breaker = ctx.breaker;
  const index = ctx.breakerIndex;
  for (let i = 0; i < times; i++) {
    if (variant === 'lock') {
      value.acquire();
      value.set(value.get() + 1);
      value.release();
    } else {
      value.acquire();
      const read = value.get();
      value.release();
      // call-between: the call is an eval-breaker point, as with threads.
      if (variant === 'call-between' && Atomics.load(breaker, index) !== 0) ctx.checkpoint();
      value.acquire();
      value.set(read + 1);
      value.release();
    }
    if ((i & 63) === 63 && Atomics.load(breaker, index) !== 0) ctx.checkpoint();
  }
  return times;
}
