import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { sleepBlocking, type TaskContext } from './context';

/**
 * The work itself. Every kernel does real computation or real blocking, calls the checkpoint
 * between slices short enough for a 0.1 ms switch interval, and returns something checkable.
 */

const SLICE = 4096;
/** 2^30: where V8's small integers end. */
const WRAP = 2 ** 30;
/** Terms per call of the inner loop: a multiple of SLICE that divides WRAP. */
const CHUNK = 1 << 20;

/**
 * sum(i*i for i in range(n)), kept mod 2^32 so it stays exact; checked against the closed form.
 * The eval breaker is one atomic load per slice, with a call only when a drop is pending: the
 * hot loop stays self-contained, so V8 compiles it the same way in every worker.
 */
export function sumOfSquares(n: number, ctx: TaskContext): number {
  // A second of work is billions of terms, past 2^30 where V8's small integers end. A hot loop
  // whose counters outgrow them is recompiled for doubles and runs several times slower, and
  // only after calibration, which used small sizes. So the loops never see n: they get a
  // count of chunks and the terms left over, small integers at every size.
  return sumOfSquaresRange(0, Math.floor(n / CHUNK), n % CHUNK, ctx) >>> 0;
}

/**
 * The terms from chunk `first` on. i*i mod 2^32 depends only on i mod 2^31, and
 * (i - 2^31)^2 = i^2 mod 2^32, so every chunk's start is brought into [-2^30, 2^30).
 */
function sumOfSquaresRange(first: number, chunks: number, rest: number, ctx: TaskContext): number {
  let acc = 0;
  let start = first * CHUNK;
  if (start >= WRAP) start -= 2 * WRAP;
  for (let c = 0; c < chunks; c++) {
    acc = sumOfSquaresChunk(acc, start, CHUNK, ctx);
    start += CHUNK;
    if (start >= WRAP) start -= 2 * WRAP;
  }
  return sumOfSquaresChunk(acc, start, rest, ctx);
}

/**
 * A few terms either side of the wrap to negative starts, for the warm-up. Long tasks cross it
 * and short ones never do; V8 recompiles the loop the first time it sees a negative start, so
 * without this the first long task would run at other speed than calibration measured.
 */
export function sumOfSquaresAcrossWrap(ctx: TaskContext): number {
  return sumOfSquaresRange(WRAP / CHUNK - 1, 1, 1000, ctx);
}

/**
 * The inner loop. The sum is kept as a signed 32-bit integer (`| 0`): the same bits as the
 * unsigned sum, but V8 keeps it in a register, where `>>> 0` would make it a double.
 */
function sumOfSquaresChunk(acc: number, start: number, count: number, ctx: TaskContext): number {
  const breaker = ctx.breaker;
  const index = ctx.breakerIndex;
  let sum = acc | 0;
  const end = start + count;
  for (let s = start; s < end; s += SLICE) {
    const stop = Math.min(end, s + SLICE);
    for (let i = s; i < stop; i++) sum = (sum + Math.imul(i, i)) | 0;
    if (Atomics.load(breaker, index) !== 0) ctx.checkpoint();
  }
  return sum;
}

export function sumOfSquaresExpected(n: number): number {
  const N = BigInt(n);
  return Number((((N - 1n) * N * (2n * N - 1n)) / 6n) % 2n ** 32n);
}

/** Counts primes below n by trial division: deliberately naive, as a CPU-bound kernel. */
export function countPrimes(n: number, ctx: TaskContext): number {
  const breaker = ctx.breaker;
  const index = ctx.breakerIndex;
  let count = 0;
  for (let k = 2; k < n; k++) {
    let prime = true;
    for (let d = 2; d * d <= k; d++) {
      if (k % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
    if ((k & 255) === 0 && Atomics.load(breaker, index) !== 0) ctx.checkpoint();
  }
  return count;
}

/** The reference for countPrimes: a sieve, a different algorithm. */
export function countPrimesExpected(n: number): number {
  if (n < 3) return 0;
  const composite = new Uint8Array(n);
  let count = 0;
  for (let k = 2; k < n; k++) {
    if (composite[k]) continue;
    count++;
    for (let m = k * k; m < n; m += k) composite[m] = 1;
  }
  return count;
}

/** Deterministic bytes, so every worker hashes the same data and the digest is checkable. */
export function generatedBlock(bytes: number, seed = 0x9e3779b9): Buffer {
  const block = Buffer.allocUnsafe(bytes);
  let x = seed >>> 0;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block[i] = x & 0xff;
  }
  return block;
}

const HASH_BLOCK = generatedBlock(64 * 1024);

/**
 * SHA-256 over `blocks` × 64 KiB of generated data. With `releasesGil`, each update runs as
 * native code without the GIL, as hashlib does for buffers over 2047 bytes; without it, the
 * hashing holds the GIL like pure-Python work.
 */
export function sha256Blocks(blocks: number, releasesGil: boolean, ctx: TaskContext): string {
  const hash = createHash('sha256');
  for (let i = 0; i < blocks; i++) {
    if (releasesGil) ctx.native(() => hash.update(HASH_BLOCK));
    else {
      hash.update(HASH_BLOCK);
      ctx.checkpoint();
    }
  }
  return hash.digest('hex');
}

export function sha256BlocksExpected(blocks: number): string {
  const hash = createHash('sha256');
  for (let i = 0; i < blocks; i++) hash.update(HASH_BLOCK);
  return hash.digest('hex');
}

/** A simulated network wait: the GIL is released while the thread sleeps. Returns ms slept. */
export function ioSleep(ms: number, ctx: TaskContext): number {
  const started = performance.now();
  ctx.io(() => sleepBlocking(ms));
  return Math.round(performance.now() - started);
}

/**
 * The convoy probe: a thread that does a short blocking I/O over and over, as a server loop
 * would. Each round releases the GIL for the I/O, then has to win it back from whoever holds it.
 */
export function ioLoop(durationMs: number, ioMs: number, ctx: TaskContext): number {
  const end = performance.now() + durationMs;
  let loops = 0;
  while (performance.now() < end) {
    ctx.io(() => sleepBlocking(ioMs));
    loops++;
  }
  return loops;
}

/** Reads a real file in 64 KiB chunks, releasing the GIL around each read; returns a checksum. */
export function readFileChecksum(path: string, ctx: TaskContext): number {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(64 * 1024);
  let checksum = 0;
  try {
    for (let position = 0; ;) {
      const n = ctx.io(() => readSync(fd, chunk, 0, chunk.length, position));
      if (n === 0) break;
      position += n;
      checksum = addToChecksum(checksum, chunk, n);
      ctx.checkpoint();
    }
  } finally {
    closeSync(fd);
  }
  return checksum;
}

export function bufferChecksum(data: Uint8Array): number {
  return addToChecksum(0, data, data.length);
}

/** The running checksum of a read, carried on over the first n bytes of data. */
export function addToChecksum(checksum: number, data: Uint8Array, n: number): number {
  let sum = checksum;
  for (let i = 0; i < n; i++) sum = (sum * 31 + data[i]!) >>> 0;
  return sum;
}
