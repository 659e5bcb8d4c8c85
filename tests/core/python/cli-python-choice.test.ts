import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../../src/cli/args';
import { choosePython, interpreterForRun, listPythons, pythonChoice } from '../../../src/cli/python-commands';
import { discoverPythons, probeInterpreter } from '../../../src/core/python/interpreter';
import { PYTHON_SETTINGS_FILE, PythonChoiceService } from '../../../src/core/python/interpreter-choice';

/**
 * The CLI's interpreter on this machine's real Pythons, with the choice kept in a data folder of
 * the test's own: `run --backend python` without --python uses what was chosen, as the app does,
 * and `pythons --choose` keeps a choice or refuses it in one line.
 */
describe.runIf(process.platform !== 'win32')('the CLI and the chosen Python', () => {
  let dir: string;
  let dataDir: string;
  let python: string;
  const printed = (spy: { mock: { calls: unknown[][] } }): string => spy.mock.calls.map((c) => String(c[0])).join('\n');
  const script = async (name: string, body: string, mode = 0o755): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, mode);
    return file;
  };
  const saved = async (): Promise<unknown> =>
    JSON.parse(await readFile(path.join(dataDir, PYTHON_SETTINGS_FILE), 'utf8')) as unknown;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gil-lab-cli-python-'));
    dataDir = path.join(dir, 'data');
    // The python3 on the PATH, named by its real path.
    python = (await probeInterpreter('python3')).path;
  }, 30_000);
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('with nothing saved, runs use the Python the app would select: the first usable one on the PATH', async () => {
    const app = await new PythonChoiceService({ dataDir }).list();
    expect(app.selected).not.toBeNull();
    expect(await interpreterForRun(pythonChoice(dataDir, { firstUsable: true }))).toBe(app.selected!.chosen);
    expect(existsSync(path.join(dataDir, PYTHON_SETTINGS_FILE))).toBe(false);
  }, 60_000);

  it('pythons --choose keeps the choice in the data folder; runs use it and pythons marks it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await choosePython(pythonChoice(dataDir, { firstUsable: true }), dataDir, python, false)).toBe(0);
    expect(printed(log)).toContain(`chose ${python}: `);
    expect(await saved()).toEqual({ python });
    expect(await interpreterForRun(pythonChoice(dataDir, { firstUsable: true }))).toBe(python);

    log.mockClear();
    // Only python3 is looked at, so the test doesn't probe every Python the machine has.
    const onlyPython3 = () => new PythonChoiceService({ dataDir, discover: () => discoverPythons(['python3']) });
    expect(await listPythons(onlyPython3(), dataDir, false)).toBe(0);
    const text = printed(log);
    const marked = text.split('\n').filter((line) => line.includes('(chosen'));
    expect(marked).toEqual([`${python}  (chosen, kept in ${path.join(dataDir, PYTHON_SETTINGS_FILE)})`]);
    expect(text).toMatch(/^python3\n {2}cpython 3\.\d+\.\d+, (built with the GIL|free-threaded),/m);
    // The app's service, started on the same folder, has the same choice.
    expect((await onlyPython3().list()).selected!.chosen).toBe(python);
  }, 60_000);

  it('refuses a missing, non-executable, foreign or too old Python in one line, and the earlier choice stays', async () => {
    const bad: [string, RegExp][] = [
      [path.join(dir, 'no-such-python'), /^no Python at ".*no-such-python": no such file or command$/],
      [await script('not-executable', 'exec python3 "$@"', 0o644), /can't be run: it is not executable$/],
      [
        await script('not-python', 'echo hello there'),
        /is not a Python GIL Lab can use: it didn't answer as Python does/,
      ],
    ];
    const old = '/root/.pyenv/versions/3.8.18/bin/python3';
    if (existsSync(old)) bad.push([old, /^Python 3\.8\.18 at .* is older than 3\.9, the oldest GIL Lab runs$/]);
    for (const [path_, reason] of bad) {
      const refusal = choosePython(pythonChoice(dataDir, { firstUsable: true }), dataDir, path_, false);
      await expect(refusal).rejects.toThrow(CliError);
      await expect(refusal).rejects.toThrow(reason);
      const message = await refusal.catch((error: Error) => error.message);
      expect(message).not.toContain('\n');
      expect(await saved()).toEqual({ python });
    }
    expect(await interpreterForRun(pythonChoice(dataDir, { firstUsable: true }))).toBe(python);
  }, 60_000);

  it('a saved Python that is gone since is not run: runs fall back to the first usable one, as the app does', async () => {
    const wrapper = await script('python-wrapper', 'exec python3 "$@"');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await choosePython(pythonChoice(dataDir, { firstUsable: true }), dataDir, wrapper, true);
    expect(JSON.parse(printed(log))).toMatchObject({ chosen: wrapper, path: expect.any(String) });
    expect(await interpreterForRun(pythonChoice(dataDir, { firstUsable: true }))).toBe(wrapper);
    await rm(wrapper);
    const app = await new PythonChoiceService({ dataDir }).list();
    const fallback = await interpreterForRun(pythonChoice(dataDir, { firstUsable: true }));
    expect(fallback).not.toBe(wrapper);
    expect(fallback).toBe(app.selected!.chosen);
  }, 60_000);
});
