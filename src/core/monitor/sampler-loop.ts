import type { CoreSample } from '../../shared/schemas';
import { loadBetween, mean, type CpuTimes } from './cpu-times';
import type { CpuTimesReader } from './load-source';
import { CONTROL } from './sampler-protocol';

/**
 * Turns successive readings into samples at a steady rate. Ticks are scheduled against an
 * ideal timeline rather than "now + period", so the rate holds even when a tick runs late.
 */
export class SamplerLoop {
  private previous: CpuTimes[];
  private previousAt: number;
  private seq = 0;
  /** Time spent inside ticks, for platforms without a per-thread CPU counter. */
  busyNs = 0n;

  constructor(
    private readonly reader: CpuTimesReader,
    private readonly emit: (sample: CoreSample) => void,
  ) {
    this.previous = reader.read();
    this.previousAt = performance.now();
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

  /**
   * Blocks this thread, ticking at the rate in `control` until its STOP word is set. Between
   * ticks the thread sleeps in Atomics.wait; a host command wakes it early.
   */
  run(control: Int32Array, afterTick: () => void = () => {}): void {
    let generation = Atomics.load(control, CONTROL.GENERATION);
    let period = 1000 / Atomics.load(control, CONTROL.HZ);
    let nextDue = performance.now() + period;
    while (Atomics.load(control, CONTROL.STOP) === 0) {
      const wait = nextDue - performance.now();
      if (wait > 0 && Atomics.wait(control, CONTROL.GENERATION, generation, wait) !== 'timed-out') {
        generation = Atomics.load(control, CONTROL.GENERATION);
        const hz = Atomics.load(control, CONTROL.HZ);
        if (1000 / hz !== period) {
          period = 1000 / hz;
          nextDue = performance.now() + period;
        }
        continue;
      }
      this.tick();
      afterTick();
      nextDue += period;
      // After a long stall (a suspended laptop), resynchronise instead of firing a burst.
      const now = performance.now();
      if (nextDue < now) nextDue = now + period;
    }
  }
}
