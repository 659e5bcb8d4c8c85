import { open } from 'node:fs/promises';
import type { LoopTaskContext } from './context';
import { addToChecksum } from './kernels';

/**
 * The I/O kernels as coroutines, for a run on one event loop: the same waits and reads as
 * kernels.ts, awaited instead of blocking, so the loop runs other tasks while they wait.
 */

/** ioSleep as `await asyncio.sleep(ms)`. Returns the ms slept. */
export async function ioSleepAwaited(ms: number, ctx: LoopTaskContext): Promise<number> {
  const started = performance.now();
  await ctx.sleep(ms);
  return Math.round(performance.now() - started);
}

/** ioLoop as a coroutine: an awaited short wait, over and over for durationMs; returns the loop count. */
export async function ioLoopAwaited(durationMs: number, ioMs: number, ctx: LoopTaskContext): Promise<number> {
  const end = performance.now() + durationMs;
  let loops = 0;
  while (performance.now() < end) {
    await ctx.sleep(ioMs);
    loops++;
  }
  return loops;
}

/**
 * readFileChecksum with awaited reads. asyncio has no non-blocking file reads of its own: files
 * are read on helper threads (asyncio.to_thread, aiofiles), as Node's are here, while the loop
 * runs the other tasks. The checksum between reads runs on the loop.
 */
export async function readFileChecksumAwaited(path: string, ctx: LoopTaskContext): Promise<number> {
  const file = await ctx.wait(() => open(path, 'r'));
  const chunk = Buffer.allocUnsafe(64 * 1024);
  let checksum = 0;
  try {
    for (let position = 0; ;) {
      const { bytesRead: n } = await ctx.wait(() => file.read(chunk, 0, chunk.length, position));
      if (n === 0) break;
      position += n;
      checksum = addToChecksum(checksum, chunk, n);
      ctx.checkpoint();
    }
  } finally {
    await file.close();
  }
  return checksum;
}
