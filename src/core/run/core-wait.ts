import type { RunSummary } from '../../shared/measurement';
import { SchedstatReader, type SchedStat } from '../monitor/thread-cpu';

/** The OS thread that runs a worker's tasks: a thread of the engine, or a process's main thread. */
export interface WorkerThreadId {
  pid: number;
  tid: number;
}

/** One reading of every worker: how long each waited for a core since the last, in ms. */
export interface CoreWaitReading {
  from: number;
  to: number;
  readyMs: number[];
}

/**
 * Reads how long each worker of a round was runnable but waiting for a core, from the Linux
 * scheduler's per-thread schedstat (its second field), at the start, at every sample and at the
 * end. Where no worker's schedstat can be read (another OS, an unknown thread) there is none.
 */
export class CoreWaitSampler {
  private readonly last: (SchedStat | null)[];
  private at: number;
  /**
   * What sampling cost the host: readings taken, and the ms of a core they took (the host
   * thread's wall time minus its own wait for a core, so a busy machine doesn't inflate it).
   */
  readonly cost = { readings: 0, ms: 0 };
  private readonly self = SchedstatReader.own();

  private constructor(
    private readonly readers: readonly (SchedstatReader | null)[],
    private readonly first: readonly (SchedStat | null)[],
    t: number,
  ) {
    this.last = [...first];
    this.at = t;
  }

  /** Starts reading at epoch ms `t`, or null when no worker's wait can be read. */
  static start(threads: readonly (WorkerThreadId | null)[], t: number): CoreWaitSampler | null {
    const readers = threads.map((id) => (id ? SchedstatReader.open(id.pid, id.tid) : null));
    const first = readers.map((reader) => reader?.read() ?? null);
    if (first.some((s) => s !== null)) return new CoreWaitSampler(readers, first, t);
    for (const reader of readers) reader?.close();
    return null;
  }

  /** Reads every worker now (epoch ms `t`); a worker that can't be read waited 0 since the last. */
  sample(t: number): CoreWaitReading {
    const started = performance.now();
    const selfBefore = this.self?.read();
    const readyMs = this.readers.map((reader, i) => {
      const now = reader?.read() ?? null;
      const before = this.last[i];
      if (!now) return 0;
      this.last[i] = now;
      return before ? Math.max(0, now.waitNs - before.waitNs) / 1e6 : 0;
    });
    const selfAfter = this.self?.read();
    const waitedMs = selfBefore && selfAfter ? (selfAfter.waitNs - selfBefore.waitNs) / 1e6 : 0;
    this.cost.readings++;
    this.cost.ms += Math.max(0, performance.now() - started - waitedMs);
    const reading = { from: this.at, to: t, readyMs };
    this.at = t;
    return reading;
  }

  /**
   * The round's wait for a core, summed over its workers, and its share of the time they were
   * running or waiting: ready ÷ (ready + running), up to the last reading.
   */
  total(): NonNullable<RunSummary['waitingForCore']> {
    let waitNs = 0;
    let runNs = 0;
    this.first.forEach((first, i) => {
      const last = this.last[i];
      if (!first || !last) return;
      waitNs += Math.max(0, last.waitNs - first.waitNs);
      runNs += Math.max(0, last.runNs - first.runNs);
    });
    return { ms: waitNs / 1e6, share: waitNs + runNs > 0 ? waitNs / (waitNs + runNs) : 0 };
  }

  close(): void {
    for (const reader of this.readers) reader?.close();
    this.self?.close();
  }
}
