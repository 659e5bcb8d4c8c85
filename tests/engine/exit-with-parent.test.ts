import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { alive } from '../support/proc';
import { waitFor } from '../support/wait';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('helper processes of the tests and benchmarks', () => {
  const parents: ChildProcess[] = [];
  const helpers: number[] = [];
  afterEach(() => {
    for (const parent of parents.splice(0)) parent.kill('SIGKILL');
    for (const pid of helpers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
  });

  it.each(['burner', 'run-node', 'web-host'])('a %s exits within 2 s of its parent being killed -9', async (kind) => {
    const parent = spawn(process.execPath, ['--import', 'tsx', 'tests/support/helper-parent.ts', kind], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    parents.push(parent);
    let out = '';
    parent.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
    const pids = await waitFor(
      () => (out.includes('\n') ? (JSON.parse(out.split('\n')[0]!) as number[]) : undefined),
      30_000,
      `the ${kind} to start`,
    );
    helpers.push(...pids);
    expect(pids.every(alive)).toBe(true);

    parent.kill('SIGKILL');
    const killedAt = performance.now();
    await waitFor(() => (pids.some(alive) ? undefined : true), 5_000, `the ${kind} to exit`).catch(() => undefined);
    const goneAfterMs = performance.now() - killedAt;
    console.log(`${kind}: ${pids.length} helper(s) gone ${goneAfterMs.toFixed(0)} ms after kill -9 of the parent`);
    expect(pids.filter(alive)).toEqual([]);
    expect(goneAfterMs).toBeLessThan(2_000);
  });
});
