import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundStart } from '../../src/core/backends/run-backend';
import { probeInterpreter } from '../../src/core/python/interpreter';
import { anyAlive, createPythonLab } from '../support/python-lab';
import { waitFor } from '../support/wait';

const posix = process.platform !== 'win32';

describe.runIf(posix)('real Python: stopping, failing and refusing', () => {
  let lab: ReturnType<typeof createPythonLab>;
  let dir: string;
  const fake = (name: string, body: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  beforeAll(() => {
    lab = createPythonLab();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-pythons-'));
  });
  afterAll(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cancel ends the runner and every worker process within a second, leaving no orphan', async () => {
    const controller = new AbortController();
    let pids: number[] = [];
    const run = lab.measure(
      { workload: 'cpu', mode: 'processes', workers: 2, tasks: 4, taskMs: 20_000 },
      { signal: controller.signal, onRoundStarted: (start) => (pids = start.load.pids) },
    );
    // The first Python pool of the file starts here: its interpreters may take a while on a busy machine.
    await waitFor(() => (pids.length >= 3 ? true : undefined), 60_000, 'the round to start');
    expect(anyAlive(pids)).toBe(true);
    const cancelledAt = performance.now();
    controller.abort();
    const m = await run;
    await waitFor(() => (anyAlive(pids) ? undefined : true), 1000, 'every Python process to end');
    console.log(
      `cancel: ${pids.length} Python processes gone ${(performance.now() - cancelledAt).toFixed(0)} ms after cancel`,
    );
    expect(m.outcome).toBe('cancelled');
  }, 90_000);

  it('a worker process that is killed is reported with its reason, and the next run works', async () => {
    let pids: number[] = [];
    const run = lab.measure(
      { workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 20_000 },
      { onRoundStarted: (start) => (pids = start.load.pids) },
    );
    await waitFor(() => (pids.length >= 3 ? true : undefined), 30_000, 'the round to start');
    process.kill(pids.at(-1)!, 'SIGKILL');
    const m = await run;
    expect(m.outcome).toBe('failed');
    expect(m.runs[0]!.verifyNote).toMatch(/killed by SIGKILL/);
    await waitFor(() => (anyAlive(pids) ? undefined : true), 2000, 'the broken pool to be gone');
    let started: RoundStart['event'] | null = null;
    const next = await lab.measure(
      { workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 50 },
      { onRoundStarted: (start) => (started = start.event) },
    );
    expect(next.verified).toBe(true);
    // The round says what its lanes are named for, as a follower who never saw the request needs.
    expect(started).toMatchObject({
      mode: 'processes',
      backend: 'python',
      threadMethod: process.platform === 'linux' ? 'proc-task-sampling' : 'task-spans',
    });
  });

  it('refuses a mode the interpreter lacks, in one line that says why', async () => {
    await expect(lab.measure({ workload: 'cpu', mode: 'threads-free', workers: 2, tasks: 2 })).rejects.toThrow(
      /threads-free can't run in .*built with the GIL; free threads need a free-threaded build/,
    );
    const python = await lab.backend.interpreter();
    expect(python.modes.interpreters).toMatch(/no InterpreterPoolExecutor; .* need Python 3\.14 or newer/);
    expect(python.modes.asyncio).toBeNull();
  });

  it('gives one clear line for a missing, non-executable, foreign or too old interpreter', async () => {
    await expect(probeInterpreter(path.join(dir, 'nowhere'))).rejects.toThrow(/no Python at .*: no such file/);
    const plain = path.join(dir, 'plain.txt');
    writeFileSync(plain, 'not a program');
    await expect(probeInterpreter(plain)).rejects.toThrow(/can't be run: it is not executable/);
    await expect(probeInterpreter(fake('chatty', 'echo hello there'))).rejects.toThrow(/didn't answer as Python does/);
    const old = '/root/.pyenv/versions/3.8.18/bin/python3';
    if (existsSync(old)) await expect(probeInterpreter(old)).rejects.toThrow(/Python 3\.8\.18 .* is older than 3\.9/);
  });

  it('ends a round whose Python prints garbage on the channel, or nothing at all, with a clear error', async () => {
    // Both answer the probe as the real python3 does, then misbehave as the runner.
    const probeThenThis = (body: string) => `case "$*" in *gil_lab_probe.py*) exec python3 "$@";; *) ${body};; esac`;
    const garbage = fake('garbage-python', probeThenThis('echo "Welcome to my shell"; sleep 30'));
    const t0 = performance.now();
    await expect(
      lab.measure({ python: garbage, workload: 'cpu', mode: 'sequential', workers: 1, tasks: 1 }),
    ).rejects.toThrow(/printed something that isn't GIL Lab's runner protocol: "Welcome to my shell"/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const silent = fake('silent-python', probeThenThis('sleep 30'));
    await expect(
      lab.measure({ python: silent, workload: 'cpu', mode: 'sequential', workers: 1, tasks: 1 }),
    ).rejects.toThrow(/said nothing within 10 s/);
  }, 40_000);
});
