import type { TaskSpec } from '../workloads/task-kind';
import type { WorkerPool } from './worker-pool';

/**
 * Task sizes calibrated on this machine, kept for as long as the pools live, so repeated runs
 * of a workload do the same work. Sizing runs on a worker, never on the host's own thread.
 */
export class Calibrations {
  private readonly sized = new Map<string, Promise<TaskSpec>>();

  constructor(private readonly pool: WorkerPool) {}

  /** `base` grown or shrunk to take about targetMs; asked once per spec and length. */
  calibrated<S extends TaskSpec>(base: S, targetMs: number): Promise<S> {
    const key = `${JSON.stringify(base)}@${targetMs}`;
    let sized = this.sized.get(key);
    if (!sized) {
      sized = this.pool.request(0, { type: 'calibrate', id: 0, spec: base, targetMs }, (report) =>
        report.type === 'calibrated' ? (report.spec as TaskSpec) : undefined,
      );
      this.sized.set(key, sized);
      // A failed sizing is not kept: the next run asks again.
      sized.catch(() => this.sized.delete(key));
    }
    return sized as Promise<S>;
  }
}
