import { ownSchedstat } from '../monitor/thread-cpu';
import { privateContext } from './context';
import { parseTaskSpec, runTask } from './run-task';
import type { Sizing, TaskSpec } from './task-kind';

const FREE = privateContext(false).context;
const HELD = privateContext(true);

/** The sizing of a CPU-bound spec's kind, or null for kinds of a fixed size. */
function sizing(spec: TaskSpec): Sizing<TaskSpec> | null {
  return parseTaskSpec(spec).kind.sizing ?? null;
}

/** V8 reaches its top tier only after a while: warm until the speed settles, within bounds. */
const WARM_MIN_MS = 100;
/** The whole call chain of a task must get hot, not just its inner loop: count calls too. */
const WARM_MIN_CALLS = 90;
const WARM_MAX_MS = 1500;

/**
 * Runs a kernel a few times at a small size so V8 has optimised it before anything is timed.
 * V8 only switches to optimised code between calls, so a worker's first long task would
 * otherwise run several times slower than its second, and modes would differ by which worker
 * happened to be fresh. CPython has no JIT: warm code is the closer model of it too.
 *
 * Every path the checkpoint can take gets exercised (no GIL, GIL held, GIL asked for), since
 * V8 also throws optimised code away the first time a never-seen branch runs.
 */
export function warmUp(spec: TaskSpec): void {
  const size = sizing(spec);
  if (!size) return;
  const small = size.resized(spec, size.warmSize);
  HELD.gil.take();
  const started = performance.now();
  const freeTimes: number[] = [];
  for (let i = 0; ; i++) {
    const elapsed = performance.now() - started;
    if (elapsed > WARM_MAX_MS || (i >= WARM_MIN_CALLS && elapsed > WARM_MIN_MS && settled(freeTimes))) break;
    if (i % 3 === 0) {
      const t = performance.now();
      runTask(small, FREE);
      freeTimes.push(performance.now() - t);
    } else {
      if (i % 3 === 2) HELD.gil.requestDrop();
      runTask(small, HELD.context);
      size.warmLongPath?.(HELD.context);
    }
  }
  HELD.gil.idle();
}

/** The last three timings agree within 5%. */
function settled(times: number[]): boolean {
  if (times.length < 4) return false;
  const last = times.slice(-3);
  return Math.max(...last) <= 1.05 * Math.min(...last);
}

/**
 * The clock sizes are measured by, in ms: wall time minus the time this thread spent runnable
 * but waiting for a core (schedstat's second field). Other programs' load then doesn't shrink the
 * tasks: a size calibrated on a busy machine still takes targetMs on a free core. The wait is
 * up to date whenever the thread reads it, since reading means it is running, so this is as
 * fine-grained as the wall clock, which schedstat's own CPU-time field is not (the kernel brings
 * it up to date only every few ms). Plain wall time where the OS doesn't report the wait.
 */
export function onCoreMs(): number {
  const stat = ownSchedstat();
  return performance.now() - (stat ? stat.waitNs / 1e6 : 0);
}

/**
 * Sizes a CPU-bound task to take about `targetMs` of a core on this machine: grows it until
 * one run takes at least 40 ms (after a warm-up, so the JIT is not what gets measured), then
 * scales by the median of three runs, timed on onCoreMs(). I/O and other fixed-size workloads
 * come back unchanged.
 */
export function calibrate(spec: TaskSpec, targetMs: number): { spec: TaskSpec; measuredMs: number } {
  const size = sizing(spec);
  if (!size) return { spec, measuredMs: 0 };
  warmUp(spec);
  let n = size.size(spec);
  for (;;) {
    const started = onCoreMs();
    runTask(size.resized(spec, n), FREE);
    const elapsed = onCoreMs() - started;
    if (elapsed >= 40 || n > 2 ** 40) break;
    n *= elapsed < 5 ? 8 : 2;
  }
  const probe = size.resized(spec, n);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = onCoreMs();
    runTask(probe, FREE);
    times.push(onCoreMs() - started);
  }
  const measuredMs = times.sort((a, b) => a - b)[1]!;
  const scaled = Math.max(1, Math.round(n * (targetMs / Math.max(measuredMs, 0.001)) ** (1 / size.exponent)));
  return { spec: size.resized(spec, scaled), measuredMs };
}
