import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfo } from '../../../src/core/app-info';
import { LabCore } from '../../../src/core/lab-core';
import { discoverPythons } from '../../../src/core/python/interpreter';
import { mayInvoke } from '../../../src/shared/class-contract';
import { hidePaths, HIDDEN_PATH } from '../../../src/core/classroom/hide-paths';
import type { PythonChoice } from '../../../src/shared/python-contract';
import { sourceWorkerLocator } from '../../support/workers';

/** python:list and python:choose on a real python3, with the choice kept in a data folder of the test's own. */
describe('choosing the interpreter', () => {
  let dir: string;
  const cores: LabCore[] = [];
  const open = (): LabCore => {
    const core = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 4 },
      sessions: { dataDir: dir },
      // Only python3 is looked at, so the test doesn't probe every Python the machine has.
      python: { discover: () => discoverPythons(['python3']) },
    });
    cores.push(core);
    return core;
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gil-lab-python-choice-'));
  });
  afterAll(async () => {
    await Promise.all(cores.map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('lists python3 with its version, build, GIL and path, and selects it when nothing was chosen', async () => {
    const answer = (await open().invoke('python:list', {})) as PythonChoice;
    const found = answer.found[0]!;
    expect('error' in found).toBe(false);
    if ('error' in found) return;
    expect(found.version).toMatch(/^3\.\d+\.\d+/);
    expect(['gil', 'free-threaded']).toContain(found.build);
    expect(path.isAbsolute(found.path)).toBe(true);
    expect(found.modes.sequential).toBeNull();
    expect(answer.selected?.path).toBe(found.path);
    expect(answer.error).toBeNull();
  });

  it('refuses a path that is not a Python in one line, and keeps the earlier choice', async () => {
    const core = open();
    const script = path.join(dir, 'not-python.sh');
    await writeFile(script, '#!/bin/sh\necho hello\n');
    await chmod(script, 0o755);
    for (const bad of [path.join(dir, 'missing-python'), script]) {
      const answer = (await core.invoke('python:choose', { python: bad })) as PythonChoice;
      expect(answer.error).toMatch(/python/i);
      expect(answer.error).not.toContain('\n');
      expect(answer.selected).not.toBeNull();
      expect(answer.selected!.chosen).toBe('python3');
    }
  });

  it('keeps the choice in the data folder, so an engine started later has it', async () => {
    const real = (await open().invoke('python:list', {})) as PythonChoice;
    const chosenPath = real.selected!.path;
    const answer = (await open().invoke('python:choose', { python: chosenPath })) as PythonChoice;
    expect(answer.error).toBeNull();
    expect(answer.selected!.chosen).toBe(chosenPath);
    const later = (await open().invoke('python:list', {})) as PythonChoice;
    expect(later.selected!.chosen).toBe(chosenPath);
    // null goes back to discovery's first.
    const reset = (await open().invoke('python:choose', { python: null })) as PythonChoice;
    expect(reset.selected!.chosen).toBe('python3');
  });

  it('is for the control connection only: a follower may neither list nor choose', () => {
    expect(mayInvoke('follower', 'python:list')).toBe(false);
    expect(mayInvoke('follower', 'python:choose')).toBe(false);
    expect(mayInvoke('control', 'python:list')).toBe(true);
  });

  it('leaves no interpreter path in what followers are sent of a real Python run', () => {
    const finished = {
      params: { backend: 'python', python: '/root/.pyenv/versions/3.11.7/bin/python3' },
      backend: {
        id: 'python',
        runtime: 'CPython 3.11.7',
        interpreter: { path: '/usr/bin/python3.11', version: '3.11.7' },
      },
    };
    const seen = hidePaths(finished);
    expect(JSON.stringify(seen)).not.toMatch(/\/usr\/bin|pyenv/);
    expect(seen.backend.interpreter.path).toBe(HIDDEN_PATH);
    expect(seen.backend.interpreter.version).toBe('3.11.7');
  });
});
