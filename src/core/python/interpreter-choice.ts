import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { InterpreterInfo, PythonChoice, UnusableInterpreter } from '../../shared/python-contract';
import { EXECUTION_MODES } from '../../shared/vocabulary';
import { writeFileAtomic } from '../sessions/atomic-write';
import { discoverPythons, probeInterpreter, PythonError, type Discovered, type Interpreter } from './interpreter';

/**
 * Which Python the app's runs use. Discovery runs once and is kept until asked again; the
 * choice is kept in the data folder (python.json), so it is the same for the desktop app and
 * for browser mode on any port, and survives a restart. A path that can't be used is refused
 * in one line and the earlier choice stays.
 */

/** The file in the data folder that keeps the choice. */
export const PYTHON_SETTINGS_FILE = 'python.json';

const SettingsSchema = z.object({ python: z.string().min(1).max(4096) }).strict();

export interface PythonChoiceOptions {
  /** Where the choice is kept; without it, the choice lasts as long as the engine. */
  dataDir?: string;
  discover?: () => Promise<Discovered[]>;
  probe?: (chosen: string) => Promise<Interpreter>;
}

/** An interpreter's facts as the contract carries them: only the lab's modes, each null or why not. */
export function interpreterInfo(i: Interpreter): InterpreterInfo {
  const modes = Object.fromEntries(
    EXECUTION_MODES.filter((m) => m in i.modes).map((m) => [m, i.modes[m]?.slice(0, 400) ?? null]),
  );
  return {
    chosen: i.chosen,
    path: i.path,
    version: i.version,
    implementation: i.implementation,
    build: i.build,
    gilEnabled: i.gilEnabled,
    startMethod: i.startMethod,
    modes,
  };
}

const oneLine = (text: string): string => text.split('\n')[0]!.slice(0, 600);

const firstUsable = (found: (InterpreterInfo | UnusableInterpreter)[]): InterpreterInfo | null =>
  found.find((f): f is InterpreterInfo => !('error' in f)) ?? null;

export class PythonChoiceService {
  private found: Promise<(InterpreterInfo | UnusableInterpreter)[]> | null = null;
  private chosen: InterpreterInfo | null = null;
  private loaded: Promise<void> | null = null;

  constructor(private readonly options: PythonChoiceOptions = {}) {}

  private get file(): string | null {
    return this.options.dataDir ? path.join(this.options.dataDir, PYTHON_SETTINGS_FILE) : null;
  }

  private probe(chosen: string): Promise<Interpreter> {
    return (this.options.probe ?? ((c) => probeInterpreter(c)))(chosen);
  }

  private discover(refresh: boolean): Promise<(InterpreterInfo | UnusableInterpreter)[]> {
    if (!this.found || refresh) {
      this.found = (this.options.discover ?? (() => discoverPythons()))()
        .then((list) =>
          list
            .slice(0, 64)
            .map((d) =>
              'error' in d ? { chosen: d.chosen, error: oneLine(d.error) } : interpreterInfo(d.interpreter),
            ),
        )
        .catch((error: Error) => [{ chosen: 'python3', error: oneLine(error.message) }]);
    }
    return this.found;
  }

  /** The saved choice, probed again at start: a Python removed since is dropped, not run. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const file = this.file;
      if (!file) return;
      let saved: string;
      try {
        saved = SettingsSchema.parse(JSON.parse(await readFile(file, 'utf8'))).python;
      } catch {
        return;
      }
      try {
        this.chosen = interpreterInfo(await this.probe(saved));
      } catch {
        this.chosen = null;
      }
    })();
    return this.loaded;
  }

  private async answer(refresh: boolean, error: string | null): Promise<PythonChoice> {
    const found = await this.discover(refresh);
    return { found, selected: this.chosen ?? firstUsable(found), error };
  }

  async list(refresh = false): Promise<PythonChoice> {
    await this.load();
    return this.answer(refresh, null);
  }

  /** The saved choice if it can still be used, else null: what a list's `selected` is when it isn't discovery's first. */
  async saved(): Promise<InterpreterInfo | null> {
    await this.load();
    return this.chosen;
  }

  /** The interpreter runs use when none is named: the saved choice, else the first usable one found. */
  async selected(): Promise<InterpreterInfo | null> {
    await this.load();
    return this.chosen ?? firstUsable(await this.discover(false));
  }

  /** Takes `python` if it is a Python GIL Lab can use, and keeps it; null goes back to discovery's first. */
  async choose(python: string | null): Promise<PythonChoice> {
    await this.load();
    if (python === null) {
      this.chosen = null;
      await this.save(null);
      return this.answer(false, null);
    }
    let found: InterpreterInfo;
    try {
      found = interpreterInfo(await this.probe(python));
    } catch (error) {
      const line = error instanceof PythonError ? error.message : `"${python}" could not be run: ${String(error)}`;
      return this.answer(false, oneLine(line));
    }
    this.chosen = found;
    await this.save(python);
    return this.answer(false, null);
  }

  private async save(python: string | null): Promise<void> {
    const file = this.file;
    if (!file) return;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, python === null ? '{}\n' : `${JSON.stringify({ python }, null, 2)}\n`);
  }
}
