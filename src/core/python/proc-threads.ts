import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import type { SampledState } from './thread-sampler-protocol';

/**
 * One OS thread of a watched process, read from /proc/<pid>/task/<tid>/ through descriptors kept
 * open: `schedstat` every tick (on-CPU and runnable nanoseconds, exact), and `syscall` only when
 * the thread slept for part of the tick, to say what it slept in. Positioned reads of an open
 * /proc file produce it afresh, at a fraction of the cost of opening it each time.
 */

/** futex(2) on x86_64 and on arm64: where CPython's GIL and locks wait. */
const FUTEX_SYSCALLS: Record<string, number> = { x64: 202, arm64: 98 };
const FUTEX = FUTEX_SYSCALLS[process.arch] ?? 202;

/** The threads of a process now; empty once it has gone. */
export function listThreads(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

function threadName(pid: number, tid: number): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'latin1').trim().slice(0, 64);
  } catch {
    return '';
  }
}

export class ProcThread {
  private static readonly buffer = Buffer.alloc(256);
  /** Exact nanoseconds on a core and runnable, from schedstat, since the thread was opened. */
  runNs = 0;
  waitNs = 0;
  /** Nanoseconds the thread has been watched: what it didn't run or wait for a core, it slept. */
  lifeNs = 0;
  /** Ticks that found it asleep in futex, or in any other syscall: how its sleep is split. */
  futexSamples = 0;
  ioSamples = 0;
  state: SampledState | null = null;
  readonly name: string;
  private prevRun = 0;
  private prevWait = 0;
  private gone = false;

  private constructor(
    readonly pid: number,
    readonly tid: number,
    private sched: number,
    private syscall: number | null,
  ) {
    this.name = threadName(pid, tid);
    const first = this.readSchedstat();
    if (first) [this.prevRun, this.prevWait] = first;
  }

  static open(pid: number, tid: number): ProcThread | null {
    const dir = `/proc/${pid}/task/${tid}`;
    try {
      const sched = openSync(`${dir}/schedstat`, 'r');
      let syscall: number | null = null;
      try {
        syscall = openSync(`${dir}/syscall`, 'r');
      } catch {
        // Without ptrace access to the process its sleeps are counted as I/O.
      }
      return new ProcThread(pid, tid, sched, syscall);
    } catch {
      return null;
    }
  }

  /** Bytes read into the shared buffer, or -1. Parsed in place: no string per read. */
  private readFd(fd: number): number {
    try {
      return readSync(fd, ProcThread.buffer, 0, ProcThread.buffer.length, 0);
    } catch {
      return -1;
    }
  }

  private readSchedstat(): [number, number] | null {
    const n = this.readFd(this.sched);
    if (n <= 0) return null;
    const b = ProcThread.buffer;
    let i = 0;
    const field = (): number => {
      let v = 0;
      while (i < n && (b[i]! < 48 || b[i]! > 57)) i++;
      while (i < n && b[i]! >= 48 && b[i]! <= 57) v = v * 10 + (b[i++]! - 48);
      return v;
    };
    return [field(), field()];
  }

  /** What the syscall file says: null while on a run queue ("running"), else futex or other. */
  private readSleep(): 'futex' | 'io' | null | undefined {
    if (this.syscall === null) return undefined;
    const n = this.readFd(this.syscall);
    if (n <= 0) return undefined;
    const b = ProcThread.buffer;
    if (b[0] === 114 /* r */) return null;
    let v = 0;
    for (let i = 0; i < n && b[i]! >= 48 && b[i]! <= 57; i++) v = v * 10 + (b[i]! - 48);
    return b[0] === 45 /* -1: blocked outside a syscall */ ? 'io' : v === FUTEX ? 'futex' : 'io';
  }

  /**
   * One tick of dtNs. A thread that ran for most of it is running; otherwise its syscall file
   * says whether it is asleep (and in what) or runnable ("running" there means on a run queue).
   * Returns its state when it changed.
   */
  tick(dtNs: number): SampledState | null {
    if (this.gone) return null;
    const now = this.readSchedstat();
    if (!now) {
      this.close();
      return null;
    }
    const run = Math.max(0, now[0] - this.prevRun);
    const wait = Math.max(0, now[1] - this.prevWait);
    [this.prevRun, this.prevWait] = now;
    this.runNs += run;
    this.waitNs += wait;
    this.lifeNs += dtNs;
    let state: SampledState;
    if (run >= dtNs / 2) state = 'running';
    else {
      const read = this.readSleep();
      const kind = read === undefined ? (wait > 0 ? null : 'io') : read;
      if (kind === 'futex') this.futexSamples++;
      else if (kind === 'io') this.ioSamples++;
      state = kind ?? (run > wait ? 'running' : 'runnable');
    }
    if (state === this.state) return null;
    this.state = state;
    return state;
  }

  close(): void {
    if (this.gone) return;
    this.gone = true;
    closeSync(this.sched);
    if (this.syscall !== null) closeSync(this.syscall);
  }
}
