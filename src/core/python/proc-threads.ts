import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import type { SampledState } from './thread-sampler-protocol';

/**
 * One OS thread of a watched process, read from /proc/<pid>/task/<tid>/ through descriptors kept
 * open: `schedstat` (on-CPU and runnable nanoseconds, exact, and how often it was put on a core)
 * and `syscall` (what it sleeps in), each read only when it can tell something new (see tick()).
 * Positioned reads of an open /proc file produce it afresh, at a fraction of the cost of opening
 * it each time.
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

/** What a thread's syscall file says, as small integers so a tick allocates nothing. */
type Sleep = 0 | 1 | 2 | 3;
const SLEEP_NONE = 0; // on a run queue
const SLEEP_FUTEX = 1;
const SLEEP_IO = 2;
const SLEEP_UNKNOWN = 3; // no syscall file to read

/** A restless sleeper's schedstat is read at least this often (ticks), so its totals keep up. */
const RESTLESS_SCHEDSTAT_TICKS = 10;

/** One buffer for every read: the sampler reads one file at a time. */
const BUFFER = Buffer.alloc(256);

export class ProcThread {
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
  /** The last schedstat read, parsed in place. */
  private readRun = 0;
  private readWait = 0;
  private readSlices = 0;
  private prevSlices = 0;
  /**
   * What schedstat reads added since the last tick that read it. A snapshot's read adds here
   * too and leaves it for that tick: it must not hide that the thread ran.
   */
  private pendingRun = 0;
  private pendingWait = 0;
  private pendingSwitchIn = false;
  /** Nanoseconds of ticks since a tick last read schedstat. */
  private sinceSchedstatNs = 0;
  /** Asleep, yet put on a core since the tick before: see tick(). */
  private restless = false;
  private restlessTicks = 0;
  private ended = false;

  private constructor(
    readonly pid: number,
    readonly tid: number,
    private sched: number,
    private syscall: number | null,
  ) {
    this.name = threadName(pid, tid);
    if (this.readSchedstat()) {
      this.prevRun = this.readRun;
      this.prevWait = this.readWait;
      this.prevSlices = this.readSlices;
    }
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

  /** Bytes read into the shared buffer, or -1. */
  private static readFd(fd: number): number {
    try {
      return readSync(fd, BUFFER, 0, BUFFER.length, 0);
    } catch {
      return -1;
    }
  }

  /**
   * schedstat's three numbers (ns on a core, ns runnable, times put on a core) into the read
   * fields; false once the thread is gone.
   * Parsed in place, with no string, array or closure per read: the sampler runs this for every
   * thread a hundred times a second, mostly before the JIT has optimised it.
   */
  private readSchedstat(): boolean {
    const n = ProcThread.readFd(this.sched);
    if (n <= 0) return false;
    let i = 0;
    while (i < n && (BUFFER[i]! < 48 || BUFFER[i]! > 57)) i++;
    let run = 0;
    while (i < n && BUFFER[i]! >= 48 && BUFFER[i]! <= 57) run = run * 10 + (BUFFER[i++]! - 48);
    while (i < n && (BUFFER[i]! < 48 || BUFFER[i]! > 57)) i++;
    let wait = 0;
    while (i < n && BUFFER[i]! >= 48 && BUFFER[i]! <= 57) wait = wait * 10 + (BUFFER[i++]! - 48);
    while (i < n && (BUFFER[i]! < 48 || BUFFER[i]! > 57)) i++;
    let slices = 0;
    while (i < n && BUFFER[i]! >= 48 && BUFFER[i]! <= 57) slices = slices * 10 + (BUFFER[i++]! - 48);
    this.readRun = run;
    this.readWait = wait;
    this.readSlices = slices;
    return true;
  }

  /** What the syscall file says: on a run queue ("running"), asleep in futex or in another call. */
  private readSleep(): Sleep {
    if (this.syscall === null) return SLEEP_UNKNOWN;
    const n = ProcThread.readFd(this.syscall);
    if (n <= 0) return SLEEP_UNKNOWN;
    if (BUFFER[0] === 114 /* r */) return SLEEP_NONE;
    if (BUFFER[0] === 45 /* -1: blocked outside a syscall */) return SLEEP_IO;
    let v = 0;
    for (let i = 0; i < n && BUFFER[i]! >= 48 && BUFFER[i]! <= 57; i++) v = v * 10 + (BUFFER[i]! - 48);
    return v === FUTEX ? SLEEP_FUTEX : SLEEP_IO;
  }

  /**
   * Brings the exact totals up to date from schedstat, and adds what the thread did to the
   * pending fields; false once the thread has gone.
   */
  private catchUp(): boolean {
    if (!this.readSchedstat()) {
      this.close();
      return false;
    }
    const run = Math.max(0, this.readRun - this.prevRun);
    const wait = Math.max(0, this.readWait - this.prevWait);
    if (this.readSlices !== this.prevSlices) this.pendingSwitchIn = true;
    this.prevRun = this.readRun;
    this.prevWait = this.readWait;
    this.prevSlices = this.readSlices;
    this.runNs += run;
    this.waitNs += wait;
    this.pendingRun += run;
    this.pendingWait += wait;
    return true;
  }

  /** Totals as of now, for a snapshot: ticks that read only the syscall file left them behind. */
  refresh(): void {
    if (!this.ended) this.catchUp();
  }

  /**
   * One tick of dtNs. A thread that ran for most of the time since schedstat was last read is
   * running; otherwise its syscall file says whether it is asleep (and in what) or runnable
   * ("running" there means on a run queue). Returns its state when it changed.
   *
   * Two shortcuts keep the cost down without guessing. A sleeper the scheduler has not put on a
   * core since the last tick is in the same sleep (it could not change its syscall without
   * running), so its syscall file is not read. A restless sleeper, one that keeps waking for a
   * moment, as CPython's GIL waiters do every switch interval, is read the other way round: its
   * syscall file says it is asleep now, which is its state for the tick, and schedstat waits
   * for a tick that finds it on a run queue, for a snapshot, or for RESTLESS_SCHEDSTAT_TICKS.
   */
  tick(dtNs: number): SampledState | null {
    if (this.ended) return null;
    this.lifeNs += dtNs;
    this.sinceSchedstatNs += dtNs;
    const asleep = this.state === 'futex' || this.state === 'io';
    if (asleep && this.restless && ++this.restlessTicks < RESTLESS_SCHEDSTAT_TICKS) {
      const sleep = this.readSleep();
      if (sleep === SLEEP_FUTEX || sleep === SLEEP_IO) return this.asleep(sleep);
    }
    this.restlessTicks = 0;
    const span = this.sinceSchedstatNs;
    if (!this.catchUp()) return null;
    this.sinceSchedstatNs = 0;
    const run = this.pendingRun;
    const wait = this.pendingWait;
    const switchedIn = this.pendingSwitchIn;
    this.pendingRun = 0;
    this.pendingWait = 0;
    this.pendingSwitchIn = false;
    if (run >= span / 2) {
      this.restless = false;
      return this.become('running');
    }
    // (One woken during the tick but still queued reads as asleep until it gets a core.)
    const still = asleep && !switchedIn && run === 0;
    this.restless = asleep && switchedIn;
    let sleep = still ? (this.state === 'futex' ? SLEEP_FUTEX : SLEEP_IO) : this.readSleep();
    if (sleep === SLEEP_UNKNOWN) sleep = wait > 0 ? SLEEP_NONE : SLEEP_IO;
    if (sleep === SLEEP_NONE) return this.become(run > wait ? 'running' : 'runnable');
    return this.asleep(sleep);
  }

  /** A tick that found it asleep: counted in the sleep it was in. */
  private asleep(sleep: typeof SLEEP_FUTEX | typeof SLEEP_IO): SampledState | null {
    if (sleep === SLEEP_FUTEX) {
      this.futexSamples++;
      return this.become('futex');
    }
    this.ioSamples++;
    return this.become('io');
  }

  private become(state: SampledState): SampledState | null {
    if (state === this.state) return null;
    this.state = state;
    return state;
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    closeSync(this.sched);
    if (this.syscall !== null) closeSync(this.syscall);
  }
}
