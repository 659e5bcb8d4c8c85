import type { TaskContext } from './context';
import { incrementCounter, incrementSharedValue } from './counter';
import {
  bufferChecksum,
  countPrimes,
  ioLoop,
  countPrimesExpected,
  ioSleep,
  readFileChecksum,
  sha256Blocks,
  sha256BlocksExpected,
  sumOfSquares,
  sumOfSquaresExpected,
} from './kernels';
import { SharedValue } from './shared-value';
import type { TaskResult, TaskSpec } from './task-spec';

export function runTask(spec: TaskSpec, ctx: TaskContext): TaskResult {
  switch (spec.workload) {
    case 'cpu':
      return sumOfSquares(spec.n, ctx);
    case 'primes':
      return countPrimes(spec.n, ctx);
    case 'hash':
      return sha256Blocks(spec.blocks, spec.releasesGil, ctx);
    case 'io-sleep':
      return ioSleep(spec.ms, ctx);
    case 'io-file':
      return readFileChecksum(spec.path, ctx);
    case 'io-loop':
      return ioLoop(spec.durationMs, spec.ioMs, ctx);
    case 'tiny':
      return sumOfSquares(spec.n, ctx);
    case 'transfer':
      return bufferChecksum(spec.payload);
    case 'counter': {
      if (spec.shared) {
        const value = new SharedValue(spec.shared);
        try {
          return incrementSharedValue(value, spec.times, spec.variant, ctx);
        } finally {
          value.close();
        }
      }
      const cell = new Int32Array(spec.cell ?? new SharedArrayBuffer(4));
      const lock = new Int32Array(spec.lock ?? new SharedArrayBuffer(4));
      incrementCounter(cell, lock, spec.times, spec.variant, ctx);
      // A process without shared memory reports its private copy; threads report the shared value.
      return cell[0]!;
    }
  }
}

/**
 * The right answer for a task, computed a different way where possible. It runs after the
 * timed part of a run, so checking never slows the measurement. Null: checked by the host
 * (sleep durations, counters, file and payload checksums).
 */
export function expectedResult(spec: TaskSpec): TaskResult | null {
  switch (spec.workload) {
    case 'cpu':
    case 'tiny':
      return sumOfSquaresExpected(spec.n);
    case 'primes':
      return countPrimesExpected(spec.n);
    case 'hash':
      return sha256BlocksExpected(spec.blocks);
    default:
      return null;
  }
}
