import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const bootstrap = new URL('../support/ts-worker-bootstrap.mjs', import.meta.url);
const poolHost = new URL('./support/pool-host.ts', import.meta.url);
const utilityLike = new URL('./support/utility-like-worker.mjs', import.meta.url);

/** Whether a process still runs: present in /proc and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts the engine process and waits, within a bound, for its two workers to be busy. */
async function startEngine(workload: 'cpu' | 'io'): Promise<{ host: ChildProcess; workers: number[] }> {
  const host = spawn(process.execPath, [bootstrap.pathname, workload, poolHost.href], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(host.pid!);
  const lines = createInterface({ input: host.stdout! });
  const workers = await new Promise<number[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the engine did not start its workers within 30 s')), 30_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { workers: number[] }).workers);
    });
    host.once('exit', () => reject(new Error('the engine exited before its workers started')));
  });
  started.push(...workers);
  return { host, workers };
}

describe('worker processes of an engine killed with kill -9', () => {
  it.each(['cpu', 'io'] as const)('exit on their own mid-task (%s), within 2 s', async (workload) => {
    const { host, workers } = await startEngine(workload);
    expect(workers.every(running)).toBe(true);
    const killedAt = Date.now();
    host.kill('SIGKILL');
    const deadline = killedAt + 5000;
    while (workers.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const goneAfterMs = Date.now() - killedAt;
    console.log(`engine killed with kill -9 (${workload} tasks): its workers were gone ${goneAfterMs} ms later`);
    expect(workers.filter(running)).toEqual([]);
    expect(goneAfterMs).toBeLessThan(2000);
  });

  it('exit on their own when they run as utility processes, with no IPC channel to lose', async () => {
    // A parent that starts the worker, says its pid, and waits.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(utilityLike.pathname)}], { stdio: 'ignore' });
         console.log(c.pid); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    started.push(parent.pid!);
    const worker = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the parent did not start its worker within 10 s')), 10_000);
      createInterface({ input: parent.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        resolve(Number(line));
      });
    });
    started.push(worker);
    // Let it get past its start-up and into its busy loop.
    await new Promise((r) => setTimeout(r, 2500));
    expect(running(worker)).toBe(true);
    const killedAt = Date.now();
    parent.kill('SIGKILL');
    while (running(worker) && Date.now() < killedAt + 5000) await new Promise((r) => setTimeout(r, 25));
    const goneAfterMs = Date.now() - killedAt;
    console.log(`parent of a utility-style worker killed with kill -9: the worker was gone ${goneAfterMs} ms later`);
    expect(running(worker)).toBe(false);
    expect(goneAfterMs).toBeLessThan(2000);
  });
});
