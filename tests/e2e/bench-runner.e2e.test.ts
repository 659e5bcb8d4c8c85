import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './app';

/** Every process whose environment carries `mark`: whatever a benchmark run started, however deep. */
function processesMarked(mark: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(mark)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

describe('npm run bench, when a condition is out of reach', () => {
  const marks: string[] = [];
  afterEach(() => {
    for (const pid of marks.splice(0).flatMap(processesMarked)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('says so in one line, exits non-zero, and leaves no burner, server or Chromium behind', async () => {
    const mark = `GIL_LAB_BENCH_TEST=${randomUUID()}`;
    marks.push(mark);
    const [name, value] = mark.split('=') as [string, string];
    // The latency step waits for every core to read quiet, then for a load step to show: with
    // a 1 ms cap on every wait, on this machine or any, that is never reached.
    const bench = spawn(process.execPath, ['scripts/bench.mjs', 'monitor', '--only', 'latency', '--trials', '1'], {
      cwd: ROOT,
      env: { ...process.env, [name]: value, GIL_LAB_BENCH_WAIT_MS: '1' },
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    bench.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    bench.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const watch = setInterval(() => (peak = Math.max(peak, processesMarked(mark).length)), 250);
    const code = await new Promise<number | null>((resolve) => bench.once('exit', (c) => resolve(c)));
    clearInterval(watch);
    const endedAt = performance.now();
    let left = processesMarked(mark);
    while (left.length > 0 && performance.now() - endedAt < 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = processesMarked(mark);
    }
    const failures = stderr.split('\n').filter((line) => /could not finish/.test(line));
    console.log(
      `bench exited ${code}; up to ${peak} processes ran; ${left.length} left ${(performance.now() - endedAt).toFixed(0)} ms after; ` +
        `stderr:\n${stderr}`,
    );

    expect(code).not.toBe(0);
    expect(peak).toBeGreaterThan(3); // the server, burners and Chromium did start
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^bench monitor: could not finish: .*Timeout 1ms exceeded/);
    expect(`${stdout}\n${stderr}`).not.toMatch(/^\s+at /m);
    expect(left).toEqual([]);
  });
});
