import { CONTROL, epochNow, STAT, THREAD_STATE, type GilViews, type ThreadStateCode } from './gil-layout';

/**
 * How long a thread that asked for a drop stays awake for the holder's answer (see
 * awaitAnswer): several times the few microseconds the cpu kernel runs between two
 * eval-breaker polls. Kernels with longer slices answer later, and find the requester
 * asleep more often.
 */
const ANSWER_WINDOW_MS = 0.05;

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('the run was cancelled');
  }
}

/**
 * One thread's handle on the shared GIL, modelled on CPython 3.2+'s ceval_gil.c:
 *
 * - take(): grab the lock, or wait for it one switch interval at a time (take_gil's
 *   COND_TIMED_WAIT loop). A waiter that times out with no switch in between sets the drop
 *   request, then stays awake until the holder answers.
 * - checkpoint(): the eval breaker. Called between small slices of work; if a drop was
 *   requested, the holder releases, waits until someone else has taken the GIL
 *   (FORCE_SWITCHING), then queues to take it back.
 * - Releasing wakes the thread that has waited longest in its current wait, as the kernel's
 *   futex queue under glibc's condition variable does.
 * - blocking(): I/O releases the GIL for its duration and takes it back afterwards, which is
 *   where the convoy effect comes from.
 *
 * With the GIL disabled (free-threaded), the same calls only record states.
 */
export class GilThread {
  private readonly control: Int32Array;
  private readonly row: number;
  private state: ThreadStateCode = THREAD_STATE.IDLE;
  private stateSince = epochNow();
  private holding = false;

  constructor(
    private readonly views: GilViews,
    readonly index: number,
    /** Also told of each state change: how a process worker reports its lane to the host. */
    private readonly onState?: (state: ThreadStateCode, t: number) => void,
  ) {
    this.control = views.control;
    this.row = index * STAT.LENGTH;
  }

  /** The word kernels poll between slices; non-zero means call checkpoint(). */
  get breaker(): Int32Array {
    return this.control;
  }

  get enabled(): boolean {
    return this.control[CONTROL.ENABLED] === 1;
  }

  get intervalMs(): number {
    return Atomics.load(this.control, CONTROL.INTERVAL_US) / 1000;
  }

  take(): void {
    this.throwIfCancelled();
    if (!this.enabled) {
      this.mark(THREAD_STATE.RUNNING);
      return;
    }
    const c = this.control;
    // take_gil's first look: a free GIL is taken without waiting.
    if (Atomics.compareExchange(c, CONTROL.LOCKED, 0, 1) !== 0) {
      this.mark(THREAD_STATE.WAITING_GIL);
      const started = epochNow();
      Atomics.add(c, CONTROL.WAITERS, 1);
      try {
        while (!this.timedWait()) this.throwIfCancelled();
      } finally {
        Atomics.store(this.views.waiting, this.index, 0);
        Atomics.sub(c, CONTROL.WAITERS, 1);
      }
      const waited = epochNow() - started;
      this.views.stats[this.row + STAT.LONGEST_WAIT_MS] = Math.max(
        this.views.stats[this.row + STAT.LONGEST_WAIT_MS]!,
        waited,
      );
    }
    if (Atomics.add(c, CONTROL.INSIDE, 1) !== 0) Atomics.add(c, CONTROL.OVERLAPS, 1);
    this.holding = true;
    Atomics.store(c, CONTROL.HOLDER, this.index);
    // As in take_gil: only a change of holder counts as a switch.
    if (Atomics.exchange(c, CONTROL.LAST_HOLDER, this.index) !== this.index) {
      Atomics.add(c, CONTROL.SWITCH_NUMBER, 1);
      Atomics.notify(c, CONTROL.SWITCH_NUMBER);
    }
    // As in take_gil: whoever asked for the drop has been served, or will ask again.
    this.resetDropRequest();
    this.views.stats[this.row + STAT.ACQUISITIONS]! += 1;
    this.mark(THREAD_STATE.RUNNING);
  }

  /**
   * One COND_TIMED_WAIT of take_gil's loop; true once this thread holds the lock. Every call
   * takes a fresh ticket at the back of the queue, as every pthread_cond_timedwait call does.
   */
  private timedWait(): boolean {
    const c = this.control;
    const { waiting, wake } = this.views;
    const switchNumber = Atomics.load(c, CONTROL.SWITCH_NUMBER);
    const deadline = performance.now() + this.intervalMs;
    // Never 0, which means "not waiting"; compared with wrap-around in wakeOne().
    const ticket = (Atomics.add(c, CONTROL.TICKET, 1) + 1) | 0 || 1;
    Atomics.store(waiting, this.index, ticket);
    let seen = Atomics.load(wake, this.index);
    // Registered before this last look, so a release in between wakes us and can't be missed.
    if (this.tryLock()) return true;
    let timedOut = false;
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        timedOut = true;
        break;
      }
      const outcome = Atomics.wait(wake, this.index, seen, remaining);
      if (Atomics.load(c, CONTROL.CANCELLED) === 1) break;
      const now = Atomics.load(wake, this.index);
      if (now !== seen) {
        seen = now;
        if (this.tryLock()) return true;
        // Signalled, but a thread that was awake got there first: glibc lets an awake waiter
        // take the signal, and the sleeper goes back to the same wait, keeping its place.
        continue;
      }
      if (outcome === 'timed-out') {
        timedOut = true;
        break;
      }
    }
    Atomics.store(waiting, this.index, 0);
    if (this.tryLock()) return true;
    if (!timedOut || Atomics.load(c, CONTROL.SWITCH_NUMBER) !== switchNumber) return false;
    // Timed out with no switch in between: ask the holder to drop it.
    Atomics.store(c, CONTROL.DROP_REQUEST, 1);
    return this.awaitAnswer(switchNumber);
  }

  /**
   * After asking for a drop, stay awake until the holder answers, for a short while. In
   * CPython the requester sets gil_drop_request while it holds the GIL's mutex, and the holder
   * can only release once that mutex is free again, so the release comes while the requester
   * is still on its way back into the wait. glibc lets a waiter that is still awake take the
   * signal ahead of one the kernel must first wake, so the requester usually wins, and a
   * thread that comes back from I/O loses hand-off after hand-off to the CPU threads.
   *
   * CPython's holder answers within a few bytecodes; the lab's kernels poll the eval breaker
   * once per slice of work, so the requester waits up to ANSWER_WINDOW_MS for it. A holder
   * slower than that finds the requester asleep again, and the release wakes the longest
   * sleeper instead.
   */
  private awaitAnswer(switchNumber: number): boolean {
    const c = this.control;
    const until = performance.now() + ANSWER_WINDOW_MS;
    while (performance.now() < until) {
      if (this.tryLock()) return true;
      if (Atomics.load(c, CONTROL.SWITCH_NUMBER) !== switchNumber) return false;
      if (Atomics.load(c, CONTROL.CANCELLED) === 1) return false;
    }
    return false;
  }

  private tryLock(): boolean {
    return Atomics.compareExchange(this.control, CONTROL.LOCKED, 0, 1) === 0;
  }

  /** Clears the drop request, unless a cancel is using it to trip every eval breaker. */
  private resetDropRequest(): void {
    Atomics.store(this.control, CONTROL.DROP_REQUEST, 0);
    if (Atomics.load(this.control, CONTROL.CANCELLED) === 1) Atomics.store(this.control, CONTROL.DROP_REQUEST, 1);
  }

  /**
   * Releases the GIL. `forced`: because another thread asked (counted as a forced drop).
   * As in drop_gil, whenever a drop request is pending, even for I/O, the releaser waits
   * until another thread has taken the GIL (FORCE_SWITCHING), so it can't take it straight
   * back.
   */
  drop(forced = false, nextState: ThreadStateCode = THREAD_STATE.IDLE): void {
    if (!this.enabled || !this.holding) {
      this.mark(nextState);
      return;
    }
    const c = this.control;
    this.mark(nextState);
    this.holding = false;
    Atomics.sub(c, CONTROL.INSIDE, 1);
    Atomics.store(c, CONTROL.HOLDER, -1);
    const switchNumber = Atomics.load(c, CONTROL.SWITCH_NUMBER);
    Atomics.store(c, CONTROL.LOCKED, 0);
    this.wakeOne();
    if (forced) this.views.stats[this.row + STAT.FORCED_DROPS]! += 1;
    if (Atomics.load(c, CONTROL.DROP_REQUEST) !== 1 || Atomics.load(c, CONTROL.WAITERS) === 0) return;
    this.resetDropRequest();
    while (Atomics.load(c, CONTROL.SWITCH_NUMBER) === switchNumber) {
      if (Atomics.load(c, CONTROL.CANCELLED) === 1 || Atomics.load(c, CONTROL.WAITERS) === 0) return;
      Atomics.wait(c, CONTROL.SWITCH_NUMBER, switchNumber, 5);
    }
  }

  /**
   * COND_SIGNAL: wakes one sleeping waiter, the one whose current wait began first. glibc
   * signals its oldest group of waiters first, and the kernel wakes futex sleepers in the
   * order they went to sleep. A waiter that gave up its place to ask for a drop is at the
   * back (see awaitAnswer for why it usually wins anyway).
   */
  private wakeOne(): void {
    const { waiting, wake, threads } = this.views;
    let chosen = -1;
    let oldest = 0;
    for (let i = 0; i < threads; i++) {
      const ticket = Atomics.load(waiting, i);
      if (ticket === 0) continue;
      if (chosen < 0 || ((ticket - oldest) | 0) < 0) {
        chosen = i;
        oldest = ticket;
      }
    }
    if (chosen < 0) return;
    Atomics.add(wake, chosen, 1);
    Atomics.notify(wake, chosen, 1);
  }

  /** The eval breaker: yield the GIL if another thread asked for it. Cheap when nobody did. */
  checkpoint(): void {
    if (Atomics.load(this.control, CONTROL.CANCELLED) === 1) throw new CancelledError();
    if (this.holding && Atomics.load(this.control, CONTROL.DROP_REQUEST) === 1) {
      this.drop(true, THREAD_STATE.WAITING_GIL);
      this.take();
    }
  }

  /** Runs `work` with the GIL released: blocking I/O, or native code that releases it. */
  blocking<T>(work: () => T, state: ThreadStateCode = THREAD_STATE.IO): T {
    this.drop(false, state);
    try {
      return work();
    } finally {
      this.take();
    }
  }

  /** Asks the holder to yield at its next checkpoint, as a timed-out waiter would. */
  requestDrop(): void {
    Atomics.store(this.control, CONTROL.DROP_REQUEST, 1);
  }

  /** Records the thread as idle (between tasks), releasing the GIL if held. */
  idle(): void {
    this.drop(false, THREAD_STATE.IDLE);
  }

  private mark(next: ThreadStateCode): void {
    if (next === this.state) return;
    const now = epochNow();
    const elapsed = now - this.stateSince;
    const stats = this.views.stats;
    if (this.state === THREAD_STATE.RUNNING) stats[this.row + STAT.RUN_MS]! += elapsed;
    else if (this.state === THREAD_STATE.WAITING_GIL) stats[this.row + STAT.WAIT_MS]! += elapsed;
    else if (this.state === THREAD_STATE.IO) stats[this.row + STAT.IO_MS]! += elapsed;
    else if (this.state === THREAD_STATE.NATIVE) stats[this.row + STAT.NATIVE_MS]! += elapsed;
    this.state = next;
    this.stateSince = now;
    const slot = Atomics.add(this.control, CONTROL.TIMELINE_NEXT, 1) % this.views.capacity;
    this.views.times[slot] = now;
    this.views.events[slot] = (this.index << 3) | next;
    this.onState?.(next, now);
  }

  /** Ends the task with a CancelledError once the run is cancelled. */
  throwIfCancelled(): void {
    if (Atomics.load(this.control, CONTROL.CANCELLED) === 1) throw new CancelledError();
  }
}
