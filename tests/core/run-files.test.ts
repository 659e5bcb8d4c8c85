import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forkHost } from '../../src/core/pool/process-host';
import { LabPools } from '../../src/core/run/lab-pools';
import { ioFile } from '../../src/core/workloads/io-file';
import { makeRunFolder, removeOrphanedRunFolders } from '../../src/core/workloads/run-files';
import type { ValidRunParams } from '../../src/core/run/run-params';
import { sourceWorkerLocator } from '../support/workers';

/** The pid of a process that has come and gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

const made: string[] = [];
const living: { kill: () => void }[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const child of living.splice(0)) child.kill();
});

describe("a run's temporary files", () => {
  it('are named for the process that made them', () => {
    const dir = makeRunFolder('io', os.tmpdir());
    made.push(dir);
    expect(path.basename(dir)).toMatch(new RegExp(`^gil-lab-io-${process.pid}-\\w{6}$`));
  });

  it("are removed at start-up when a crash left them, and only a dead owner's", () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'run-files-test-'));
    made.push(base);
    const dead = deadPid();
    // An io-file run's folder as a kill -9 mid-run leaves it: an 8 MiB file inside.
    const left = path.join(base, `gil-lab-io-${dead}-AbC123`);
    mkdirSync(left);
    writeFileSync(path.join(left, 'data.bin'), Buffer.alloc(8 * 1024 * 1024, 7));
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    living.push(sleeper);
    const liveOwner = path.join(base, `gil-lab-value-${sleeper.pid}-XyZ789`);
    mkdirSync(liveOwner);
    const ours = path.join(base, `gil-lab-io-${process.pid}-Own123`);
    mkdirSync(ours);
    // Not a run's folder: another name, a file, a symlink under a run's name.
    const foreign = path.join(base, `gil-lab-io-notes`);
    writeFileSync(foreign, 'keep me');
    const aFile = path.join(base, `gil-lab-io-${dead}-File12`);
    writeFileSync(aFile, 'keep me');
    const target = path.join(base, 'target');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), 'keep me');
    const link = path.join(base, `gil-lab-io-${dead}-Link12`);
    symlinkSync(target, link);

    expect(removeOrphanedRunFolders([base])).toEqual([left]);
    expect(existsSync(left)).toBe(false);
    for (const kept of [liveOwner, ours, foreign, aFile, link, path.join(target, 'keep')])
      expect(existsSync(kept)).toBe(true);
  });

  it('left in the temp folder by a crashed engine are gone once the next engine starts', async () => {
    const left = path.join(os.tmpdir(), `gil-lab-io-${deadPid()}-Crash1`);
    made.push(left);
    mkdirSync(left);
    writeFileSync(path.join(left, 'data.bin'), Buffer.alloc(1024));
    const logs: string[] = [];
    const pools = new LabPools(sourceWorkerLocator, forkHost, (line) => logs.push(line));
    await pools.close();
    expect(existsSync(left)).toBe(false);
    expect(logs).toContain(`removed ${left}, left by a run that crashed`);
  });

  it("an io-file run's own file sits in such a folder", async () => {
    const plan = await ioFile.plan({ workload: 'io-file', tasks: 1 } as ValidRunParams, {
      calibrated: (spec) => Promise.resolve(spec),
      sharedMemory: false,
    });
    const file = String(plan.specs[0]?.path);
    expect(path.basename(path.dirname(file))).toMatch(new RegExp(`^gil-lab-io-${process.pid}-`));
    plan.cleanup?.();
    expect(existsSync(file)).toBe(false);
  });
});
