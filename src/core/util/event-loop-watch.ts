import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const RESOLUTION_MS = 1;

export interface EventLoopReport {
  /** Longest time the loop could not run a 1 ms timer, beyond the 1 ms itself, ms. */
  maxStallMs: number;
  p99StallMs: number;
  samples: number;
}

/** Watches how long this thread's event loop is blocked, for the responsiveness budget. */
export class EventLoopWatch {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  start(): this {
    this.histogram.enable();
    return this;
  }

  reset(): void {
    this.histogram.reset();
  }

  report(): EventLoopReport {
    // The histogram records the whole interval between ticks; the tick itself is not a stall.
    const stall = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 1000) / 1000);
    return {
      maxStallMs: stall(this.histogram.max),
      p99StallMs: stall(this.histogram.percentile(99)),
      samples: this.histogram.count,
    };
  }

  stop(): void {
    this.histogram.disable();
  }
}
