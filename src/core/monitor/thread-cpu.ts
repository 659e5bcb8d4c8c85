import { closeSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';

/**
 * What the Linux scheduler reports of one thread in /proc/.../schedstat: nanoseconds on a core,
 * nanoseconds runnable but waiting in a run queue for a core, and timeslices run. The wait is
 * what no clock inside the thread can see: its own time stands still while it waits.
 */
export interface SchedStat {
  runNs: number;
  waitNs: number;
}

/** The first two fields of a schedstat line, or null if it isn't one. */
export function parseSchedstat(text: string): SchedStat | null {
  const [run, wait] = text.trim().split(/\s+/, 2).map(Number);
  return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run!, waitNs: wait! } : null;
}

function readSchedstat(file: string): SchedStat | null {
  if (process.platform !== 'linux') return null;
  try {
    return parseSchedstat(readFileSync(file, 'latin1'));
  } catch {
    return null;
  }
}

/**
 * One thread's schedstat, read again and again through one open file: a positioned read of a
 * /proc file produces it afresh, at a tenth of the cost of opening it each time.
 */
export class SchedstatReader {
  private readonly buffer = Buffer.alloc(128);

  private constructor(private fd: number | null) {}

  /** Another thread, by process and thread id; null where it can't be opened (gone, or not Linux). */
  static open(pid: number, tid: number): SchedstatReader | null {
    return SchedstatReader.openFile(`/proc/${pid}/task/${tid}/schedstat`);
  }

  /** The calling thread. */
  static own(): SchedstatReader | null {
    return SchedstatReader.openFile('/proc/thread-self/schedstat');
  }

  private static openFile(file: string): SchedstatReader | null {
    if (process.platform !== 'linux') return null;
    try {
      return new SchedstatReader(openSync(file, 'r'));
    } catch {
      return null;
    }
  }

  /** Now; null once the thread is gone. */
  read(): SchedStat | null {
    if (this.fd === null) return null;
    try {
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      return parseSchedstat(this.buffer.toString('latin1', 0, n));
    } catch {
      this.close();
      return null;
    }
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * CPU time consumed by the calling thread, in nanoseconds, or null where the platform has no
 * per-thread counter. On Linux, /proc/thread-self/schedstat's first field is the scheduler's
 * exact on-CPU time for this thread, so it includes GC and event-loop work, not only the
 * sampling code we can time ourselves.
 */
export function threadCpuNs(): number | null {
  return ownSchedstat()?.runNs ?? null;
}

/** The calling thread's own schedstat; null off Linux. */
export function ownSchedstat(): SchedStat | null {
  return readSchedstat('/proc/thread-self/schedstat');
}

/**
 * The calling thread's OS id (what /proc/<pid>/task/ names it), so its host can read its
 * schedstat from outside; null off Linux. A process's main thread has its pid as its id.
 */
export function ownThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}
