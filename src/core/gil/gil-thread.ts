import { CONTROL, epochNow, STAT, THREAD_STATE, type GilViews, type ThreadState } from './gil-layout';

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('the run was cancelled');
  }
}

/**
 * One thread's handle on the shared GIL, modelled on CPython 3.2+'s ceval_gil.c:
 *
 * - take(): grab the lock, or sleep in Atomics.wait for up to one switch interval. A waiter
 *   that times out with no switch in between sets the drop request.
 * - checkpoint(): the eval breaker. Called between small slices of work; if a drop was
 *   requested, the holder releases, waits until someone else has taken the GIL
 *   (FORCE_SWITCHING), then queues to take it back.
 * - blocking(): I/O releases the GIL for its duration and takes it back afterwards, which is
 *   where the convoy effect comes from.
 *
 * With the GIL disabled (free-threaded), the same calls only record states.
 */
export class GilThread {
  private readonly control: Int32Array;
  private readonly row: number;
  private state: ThreadState = THREAD_STATE.IDLE;
  private stateSince = epochNow();
  private holding = false;

  constructor(
    private readonly views: GilViews,
    readonly index: number,
    /** Also told of each state change: how a process worker reports its lane to the host. */
    private readonly onState?: (state: ThreadState, t: number) => void,
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
    if (Atomics.compareExchange(c, CONTROL.LOCKED, 0, 1) !== 0) {
      this.mark(THREAD_STATE.WAITING_GIL);
      const started = epochNow();
      Atomics.add(c, CONTROL.WAITERS, 1);
      const { waiting, wake } = this.views;
      try {
        for (;;) {
          const switchNumber = Atomics.load(c, CONTROL.SWITCH_NUMBER);
          const seen = Atomics.load(wake, this.index);
          // Register before the last look at the lock, so a release in between can't be missed.
          Atomics.store(waiting, this.index, 1);
          if (Atomics.compareExchange(c, CONTROL.LOCKED, 0, 1) === 0) break;
          const outcome = Atomics.wait(wake, this.index, seen, this.intervalMs);
          Atomics.store(waiting, this.index, 0);
          if (Atomics.compareExchange(c, CONTROL.LOCKED, 0, 1) === 0) break;
          this.throwIfCancelled();
          if (outcome === 'timed-out' && Atomics.load(c, CONTROL.SWITCH_NUMBER) === switchNumber) {
            Atomics.store(c, CONTROL.DROP_REQUEST, 1);
          }
        }
      } finally {
        Atomics.store(waiting, this.index, 0);
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
    Atomics.store(c, CONTROL.DROP_REQUEST, 0);
    this.views.stats[this.row + STAT.ACQUISITIONS]! += 1;
    this.mark(THREAD_STATE.RUNNING);
  }

  /** Releases the GIL. `forced`: because another thread asked, so wait until one has taken it. */
  drop(forced = false, nextState: ThreadState = THREAD_STATE.IDLE): void {
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
    if (!forced) return;
    this.views.stats[this.row + STAT.FORCED_DROPS]! += 1;
    if (Atomics.load(c, CONTROL.WAITERS) === 0) return;
    // FORCE_SWITCHING: don't race the thread that asked; let it take the GIL first.
    while (Atomics.load(c, CONTROL.SWITCH_NUMBER) === switchNumber) {
      Atomics.wait(c, CONTROL.SWITCH_NUMBER, switchNumber, 5);
      this.throwIfCancelled();
    }
  }

  /**
   * COND_SIGNAL: wakes one sleeping waiter. CPython doesn't choose which; the OS condition
   * variable does, and on Linux it is not first come, first served: beside two CPU-bound
   * threads, CPython's I/O thread wins only about a third of the hand-offs it waits through.
   * Serving waiters in ticket order let the I/O thread win nearly every time (convoy 0.09–0.16
   * of alone against CPython's 0.06–0.08), so the lab picks a waiter at random.
   */
  private wakeOne(): void {
    const { waiting, wake, threads } = this.views;
    let chosen = -1;
    let seen = 0;
    for (let i = 0; i < threads; i++) {
      if (Atomics.load(waiting, i) === 0) continue;
      seen += 1;
      // Reservoir sampling: each registered waiter ends up chosen with probability 1/seen.
      if (Math.random() * seen < 1) chosen = i;
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
  blocking<T>(work: () => T, state: ThreadState = THREAD_STATE.IO): T {
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

  private mark(next: ThreadState): void {
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

  private throwIfCancelled(): void {
    if (Atomics.load(this.control, CONTROL.CANCELLED) === 1) throw new CancelledError();
  }
}
