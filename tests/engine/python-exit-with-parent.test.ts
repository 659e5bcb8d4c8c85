import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, descendantsRunning } from '../support/proc';
import { waitFor } from '../support/wait';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The engine's Node process dies mid-round (kill -9, so nothing of it runs after): its Python
 * runners and their worker processes must not live on burning cores. They go by the kernel's
 * parent-death signal (Linux), a parent watch, or their stdin closing.
 */
describe.runIf(process.platform === 'linux')('real Python when the engine that started it dies', () => {
  let parent: ChildProcess | undefined;
  let python: number[] = [];
  afterEach(() => {
    parent?.kill('SIGKILL');
    // Whatever outlived a failed test is ended here, by the pids this test found under its parent.
    for (const pid of python.filter(alive)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('the runners and every worker process exit within 2 s of kill -9 of the engine mid-round', async () => {
    parent = spawn(process.execPath, ['--import', 'tsx', 'tests/support/helper-parent.ts', 'python-round'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    parent.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
    // Two rounds start in interpreters of their own; on a busy machine that may take a while.
    const announced = await waitFor(
      () => (out.includes('\n') ? (JSON.parse(out.split('\n')[0]!) as number[]) : undefined),
      60_000,
      'both Python rounds to start',
    );
    python = descendantsRunning(parent.pid!, 'gil_lab_runner.py');
    // The threads' runner, the processes' runner and its two workers, at least.
    expect(python.length).toBeGreaterThanOrEqual(4);
    expect(python).toEqual(expect.arrayContaining(announced));
    expect(python.every(alive)).toBe(true);

    parent.kill('SIGKILL');
    const killedAt = performance.now();
    await waitFor(() => (python.some(alive) ? undefined : true), 5_000, 'the Python processes to exit').catch(
      () => undefined,
    );
    const goneAfterMs = performance.now() - killedAt;
    console.log(
      `python-round: ${python.length} Python processes (runners and workers) gone ${goneAfterMs.toFixed(0)} ms after kill -9 of the engine`,
    );
    expect(python.filter(alive)).toEqual([]);
    expect(goneAfterMs).toBeLessThan(2_000);
  }, 90_000);
});
