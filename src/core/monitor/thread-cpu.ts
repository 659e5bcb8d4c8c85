import { readFileSync } from 'node:fs';

/**
 * CPU time consumed by the calling thread, in nanoseconds, or null where the platform has no
 * per-thread counter. On Linux, /proc/thread-self/schedstat's first field is the scheduler's
 * exact on-CPU time for this thread, so it includes GC and event-loop work, not only the
 * sampling code we can time ourselves.
 */
export function threadCpuNs(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
    const value = Number(text.slice(0, text.indexOf(' ')));
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
