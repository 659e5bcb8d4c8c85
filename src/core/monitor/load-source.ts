import { closeSync, openSync, readSync } from 'node:fs';
import os from 'node:os';
import type { LoadSource } from '../../shared/vocabulary';
import { parseProcStat, type CpuTimes } from './cpu-times';

/** Reads cumulative per-core CPU times. Cheap and synchronous: it runs on the sampler thread. */
export interface CpuTimesReader {
  readonly kind: LoadSource;
  read(): CpuTimes[];
  close(): void;
}

/**
 * Linux fast path: one pread of /proc/stat on a descriptor kept open, into a reused buffer.
 * No shell, no process spawn, no file open per sample; systeminformation's currentLoad()
 * forks `cat /proc/stat | grep cpu` instead, which costs several times more per reading.
 */
export class ProcStatReader implements CpuTimesReader {
  readonly kind = 'proc-stat' as const;
  private fd: number;
  private buffer = Buffer.allocUnsafe(16 * 1024);

  constructor(path = '/proc/stat') {
    this.fd = openSync(path, 'r');
  }

  read(): CpuTimes[] {
    for (;;) {
      const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      // A full buffer may have cut the cpu lines short; grow and read again.
      if (length < this.buffer.length) return parseProcStat(this.buffer.toString('latin1', 0, length));
      this.buffer = Buffer.allocUnsafe(this.buffer.length * 2);
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Portable path for macOS and Windows: libuv's per-core counters, in milliseconds. */
export class OsCpusReader implements CpuTimesReader {
  readonly kind = 'os-cpus' as const;

  read(): CpuTimes[] {
    return os.cpus().map(({ times }) => {
      const busy = times.user + times.nice + times.sys + times.irq;
      return { busy, total: busy + times.idle };
    });
  }

  close(): void {}
}

export function createCpuTimesReader(): CpuTimesReader {
  if (process.platform === 'linux') {
    try {
      return new ProcStatReader();
    } catch {
      // /proc not mounted (some containers): fall through to the portable path.
    }
  }
  return new OsCpusReader();
}
