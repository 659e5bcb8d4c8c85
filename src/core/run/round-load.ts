import type { RunSummary } from '../../shared/measurement';
import type { CoreSample } from '../../shared/schemas';
import type { CpuMonitor } from '../monitor/cpu-monitor';

type CoreLoad = NonNullable<RunSummary['coreLoad']>;

/**
 * The monitor's per-core load during a round. A sample covers the interval that ends at its time
 * t, on Date.now()'s clock, which the round's own span is also taken on: the engine's other
 * times run on a monotonic clock that stops while a laptop sleeps, so they drift from it. Each
 * sample counts in proportion to how much of its interval lies inside the round, so the edges of
 * a short round are neither lost nor counted whole.
 */
export function coreLoadDuring(samples: readonly CoreSample[], from: number, to: number): CoreLoad | null {
  let weight = 0;
  let count = 0;
  let sums: number[] = [];
  for (const s of samples) {
    const overlap = Math.min(s.t, to) - Math.max(s.t - s.intervalMs, from);
    if (overlap <= 0 || s.intervalMs <= 0) continue;
    if (count === 0) sums = s.cores.map(() => 0);
    count++;
    weight += overlap;
    s.cores.forEach((load, i) => {
      if (i < sums.length) sums[i]! += load * overlap;
    });
  }
  if (count === 0 || weight <= 0) return null;
  const meanPerCore = sums.map((sum) => sum / weight);
  return {
    samples: count,
    meanPerCore: meanPerCore.map((v) => Math.round(v * 10) / 10),
    busyCores: Math.round((meanPerCore.reduce((a, b) => a + b, 0) / 100) * 100) / 100,
  };
}

/**
 * The monitor's samples while a measurement goes, kept so each round's load can be read once the
 * sample that covers its end has come in.
 */
export class SampleLog {
  readonly samples: CoreSample[] = [];
  private readonly stop: (() => void) | undefined;
  private waiter: { until: number; resolve: () => void } | undefined;

  constructor(private readonly monitor: CpuMonitor | undefined) {
    this.stop = monitor?.onSample((sample) => {
      this.samples.push(sample);
      if (this.waiter && sample.t >= this.waiter.until) this.waiter.resolve();
    });
  }

  /**
   * Resolves once a sample covering Date.now()-time `t` has arrived, or after about one and a
   * half sampling periods if none does: a sample describes the interval before it, so the end of
   * a round is only known a sample later. A measurement shorter than a sampling period may have
   * seen no sample yet; it waits for the next all the same, or it would have no load at all.
   */
  async covering(t: number): Promise<void> {
    if (!this.monitor?.running || (this.samples.length > 0 && this.samples.at(-1)!.t >= t)) return;
    const periodMs = 1000 / this.monitor.rateHz;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(2000, 1.5 * periodMs + Math.max(0, t - Date.now())));
      this.waiter = {
        until: t,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
    this.waiter = undefined;
  }

  close(): void {
    this.stop?.();
  }
}
