import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadSampler, threadSamplingAvailable } from '../../../src/core/python/thread-sampler';
import { sourceWorkerLocator } from '../../support/workers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(threadSamplingAvailable)('the /proc thread sampler', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });

  it('samples a watched Python at its rate, measures its own cost, and stops ticking once nothing is watched', async () => {
    const sampler = new ThreadSampler(sourceWorkerLocator, 100);
    cleanup.push(() => sampler.close());
    // The main thread blocks on a lock for the whole test; another spins for 0.2 s and ends.
    const python = spawn(
      'python3',
      [
        '-c',
        [
          'import threading, time',
          'def spin():',
          '    print(threading.get_native_id(), flush=True)',
          '    end = time.time() + 0.2',
          '    while time.time() < end: pass',
          'time.sleep(0.5)',
          'threading.Thread(target=spin).start()',
          'l = threading.Lock(); l.acquire(); l.acquire(timeout=30)',
        ].join('\n'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanup.push(() => python.kill('SIGKILL'));
    const spinner = new Promise<number>((resolve) =>
      python.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString()))),
    );
    await sleep(300);
    sampler.watch([python.pid!]);
    const from = await sampler.snapshot();
    await sleep(1000);
    const to = await sampler.snapshot();
    const spinnerTid = await spinner;
    const ticks = to.ticks - from.ticks;
    console.log(
      `1 s watched: ${ticks} ticks, cost ${((100 * (to.cpuNs! - from.cpuNs!)) / (to.wallNs - from.wallNs)).toFixed(2)}%`,
    );
    expect(ticks).toBeGreaterThan(50);
    expect(ticks).toBeLessThan(130);
    const main = to.threads.find((t) => t.tid === python.pid)!;
    const before = from.threads.find((t) => t.tid === python.pid)!;
    // The main thread sleeps all along: in time.sleep for its first 0.5 s, then on the lock.
    const futex = main.futexSamples - before.futexSamples;
    const io = main.ioSamples - before.ioSamples;
    expect(futex + io).toBeGreaterThanOrEqual(ticks - 2);
    expect(futex).toBeGreaterThan(ticks * 0.3);
    expect(to.cpuNs).not.toBeNull();
    // A thread that ended while watched keeps what it did, for the round's last snapshot.
    const spun = to.threads.find((t) => t.tid === spinnerTid);
    expect(spun?.runNs).toBeGreaterThan(50e6);

    sampler.watch([]);
    const idleFrom = await sampler.snapshot();
    await sleep(1000);
    const idleTo = await sampler.snapshot();
    const idleTicks = idleTo.ticks - idleFrom.ticks;
    const idleCost = (idleTo.cpuNs! - idleFrom.cpuNs!) / (idleTo.wallNs - idleFrom.wallNs);
    console.log(`1 s with nothing watched: ${idleTicks} ticks, cost ${(100 * idleCost).toFixed(3)}%`);
    expect(idleTo.threads).toEqual([]);
    // A snapshot wakes it for one tick at most; otherwise it sleeps.
    expect(idleTicks).toBeLessThanOrEqual(2);
  });
});
