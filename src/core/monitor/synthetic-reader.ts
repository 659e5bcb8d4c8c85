import type { CpuTimes } from './cpu-times';
import type { CpuTimesReader } from './load-source';

/**
 * A made-up machine with `cores` logical cores, for previewing layouts on many cores.
 * The UI labels every sample from it as synthetic; it is never used unless asked for.
 */
export class SyntheticReader implements CpuTimesReader {
  readonly kind = 'synthetic' as const;
  private readonly times: CpuTimes[];
  private last = performance.now();

  constructor(readonly cores: number) {
    this.times = Array.from({ length: cores }, () => ({ busy: 0, total: 0 }));
  }

  read(): CpuTimes[] {
    const now = performance.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    const phase = now / 1000;
    for (let i = 0; i < this.cores; i++) {
      // Slow waves, offset per core, so neighbouring tiles differ and every level shows up.
      const level = 0.5 + 0.45 * Math.sin(phase * 0.7 + i * 0.61) * Math.cos(phase * 0.23 + i * 0.17);
      const entry = this.times[i]!;
      entry.busy += elapsed * level;
      entry.total += elapsed;
    }
    return this.times.map((t) => ({ ...t }));
  }

  close(): void {}
}
