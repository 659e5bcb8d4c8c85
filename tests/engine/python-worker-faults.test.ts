import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyAlive, createPythonLab } from '../support/python-lab';
import { waitFor } from '../support/wait';

/** A process's CPU time so far (user + system), in clock ticks, from /proc/<pid>/stat. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Real faults in real Python, with no switch in the lab's scripts: a task interrupted by a
 * signal raises inside the task, and an interpreter started under an address-space limit runs
 * out of memory. Each is reported in one line that says why, and the engine's next run works.
 */
describe.runIf(process.platform === 'linux')('real Python: a task that raises, a Python out of memory', () => {
  let lab: ReturnType<typeof createPythonLab>;
  let dir: string;
  beforeAll(() => {
    lab = createPythonLab();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-python-faults-'));
  });
  afterAll(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a task that raises is reported with its exception, the other task still runs, and the next run works', async () => {
    let pids: number[] = [];
    const run = lab.measure(
      { workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 3000 },
      { onRoundStarted: (start) => (pids = start.load.pids) },
    );
    await waitFor(() => (pids.length >= 3 ? true : undefined), 60_000, 'the round to start');
    const worker = pids.at(-1)!;
    // SIGINT raises KeyboardInterrupt wherever the worker is: wait until it is inside its task,
    // computing (a fifth of a second of CPU), so the exception is the task's.
    const before = cpuTicks(worker);
    await waitFor(() => (cpuTicks(worker) - before >= 20 ? true : undefined), 20_000, 'the task to compute');
    process.kill(worker, 'SIGINT');
    const m = await run;
    console.log(`raised: outcome ${m.outcome}, note "${m.runs[0]!.verifyNote}"`);
    expect(m.outcome).toBe('completed');
    expect(m.verified).toBe(false);
    expect(m.runs[0]!.verifyNote).toBe('1 task failed: KeyboardInterrupt: interrupted by SIGINT');
    // Each worker had its task: the interrupted one, and one that finished as usual.
    expect(m.runs[0]!.workers.map((w) => w.tasks)).toEqual([1, 1]);
    await waitFor(() => (anyAlive(pids) ? undefined : true), 2000, "the round's processes to be gone");

    const next = await lab.measure({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 50 });
    expect(next.verified).toBe(true);
  }, 120_000);

  it('a Python that runs out of memory is reported as MemoryError, where it happened, and the next run works', async () => {
    // The interpreter as started under an address-space limit: room for Python, not for the payload.
    const limited = path.join(dir, 'python-300m');
    writeFileSync(limited, '#!/bin/sh\nulimit -v 300000\nexec python3 "$@"\n');
    chmodSync(limited, 0o755);
    const big = { python: limited, workload: 'transfer', mode: 'threads-gil', workers: 2, tasks: 2 } as const;
    const t0 = performance.now();
    await expect(lab.measure({ ...big, payloadBytes: 512 * 1024 * 1024 })).rejects.toThrow(
      /^MemoryError: this Python ran out of memory while preparing the round's tasks$/,
    );
    console.log(`out of memory: reported ${(performance.now() - t0).toFixed(0)} ms after the run was asked for`);

    const small = await lab.measure({ ...big, payloadBytes: 1024 * 1024 });
    expect(small.verified).toBe(true);
    const plain = await lab.measure({ workload: 'transfer', mode: 'threads-gil', workers: 2, tasks: 2 });
    expect(plain.verified).toBe(true);
  }, 60_000);
});
