import type { TaskSpec } from '../workloads/task-kind';
import type { WorkerPool } from './worker-pool';

/** A size asked for: the spec, the key it is kept under, and whether it is being sized again. */
export interface Sizing<S extends TaskSpec> {
  spec: Promise<S>;
  key: string;
  /** Sized afresh because a run measured the last size too far from its target (see forget). */
  resized: boolean;
}

/**
 * Task sizes calibrated on this machine, kept for as long as the pools live, so repeated runs
 * of a workload do the same work. Sizing runs on a worker, never on the host's own thread. A
 * size whose tasks a run measured too far from their target is forgotten, and sized again by the
 * next run that asks for it.
 */
export class Calibrations {
  private readonly sized = new Map<string, Promise<TaskSpec>>();
  private readonly forgotten = new Set<string>();

  constructor(private readonly pool: WorkerPool) {}

  /** `base` grown or shrunk to take about targetMs; asked once per spec and length. */
  calibrated<S extends TaskSpec>(base: S, targetMs: number): Promise<S> {
    return this.size(base, targetMs).spec;
  }

  /** As calibrated(), with the key to forget it by and whether this is a fresh sizing after one. */
  size<S extends TaskSpec>(base: S, targetMs: number): Sizing<S> {
    const key = `${JSON.stringify(base)}@${targetMs}`;
    let sized = this.sized.get(key);
    let resized = false;
    if (!sized) {
      resized = this.forgotten.delete(key);
      sized = this.pool.request(0, { type: 'calibrate', id: 0, spec: base, targetMs }, (report) =>
        report.type === 'calibrated' ? (report.spec as TaskSpec) : undefined,
      );
      this.sized.set(key, sized);
      // A failed sizing is not kept: the next run asks again.
      sized.catch(() => this.sized.delete(key));
    }
    return { spec: sized as Promise<S>, key, resized };
  }

  /** Drops a size, so the next run that asks for it sizes again and says it did. */
  forget(key: string): void {
    if (this.sized.delete(key)) this.forgotten.add(key);
  }
}
