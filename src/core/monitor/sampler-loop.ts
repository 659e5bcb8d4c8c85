import type { CoreSample } from '../../shared/schemas';
import { loadBetween, mean, type CpuTimes } from './cpu-times';
import type { CpuTimesReader } from './load-source';

/**
 * Turns successive readings into samples at a steady rate. Each tick is scheduled against an
 * ideal timeline rather than "now + period", so the rate holds even when a tick runs late.
 */
export class SamplerLoop {
  private previous: CpuTimes[];
  private previousAt: number;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextDue = 0;
  private periodMs: number;
  /** Time spent inside ticks, for platforms without a per-thread CPU counter. */
  busyNs = 0n;

  constructor(
    private readonly reader: CpuTimesReader,
    hz: number,
    private readonly emit: (sample: CoreSample) => void,
  ) {
    this.periodMs = 1000 / hz;
    this.previous = reader.read();
    this.previousAt = performance.now();
  }

  start(): void {
    this.nextDue = performance.now() + this.periodMs;
    this.schedule();
  }

  setRate(hz: number): void {
    this.periodMs = 1000 / hz;
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.nextDue = performance.now() + this.periodMs;
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Takes one reading now and emits the load since the previous one. */
  tick(): CoreSample {
    const started = process.hrtime.bigint();
    const now = performance.now();
    const current = this.reader.read();
    const cores = loadBetween(this.previous, current);
    const sample: CoreSample = {
      seq: this.seq++,
      t: Date.now(),
      intervalMs: Math.round((now - this.previousAt) * 10) / 10,
      cores: cores.map((v) => Math.round(v * 10) / 10),
      total: Math.round(mean(cores) * 10) / 10,
      source: this.reader.kind,
    };
    this.previous = current;
    this.previousAt = now;
    this.emit(sample);
    this.busyNs += process.hrtime.bigint() - started;
    return sample;
  }

  private schedule(): void {
    const delay = Math.max(0, this.nextDue - performance.now());
    this.timer = setTimeout(() => {
      this.tick();
      this.nextDue += this.periodMs;
      // After a long stall (a suspended laptop), resynchronise instead of firing a burst.
      if (this.nextDue < performance.now()) this.nextDue = performance.now() + this.periodMs;
      this.schedule();
    }, delay);
  }
}
