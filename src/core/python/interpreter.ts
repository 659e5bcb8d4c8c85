import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PythonBuild } from '../../shared/vocabulary';
import { ProbeReplySchema, type ProbeReply } from './runner-protocol';

/**
 * Finding and looking at real Pythons: the lab's own probe script (python/gil_lab_probe.py) run
 * in an interpreter says its version, build, GIL and start method, and which modes it can run.
 * A path that can't be used gets one line saying why; nothing else is ever run in it.
 */

/** The oldest Python the runner supports. */
export const MIN_PYTHON: readonly [number, number] = [3, 9];
/** How long an interpreter may take to answer the probe. */
export const PROBE_TIMEOUT_MS = 8000;
/** The interpreter the python backend runs when none is chosen. */
export const DEFAULT_PYTHON = process.platform === 'win32' ? 'py -3' : 'python3';

/** How to start an interpreter: a program, and arguments before the script (`py -3`). */
export interface PythonCommand {
  command: string;
  args: string[];
}

/** What the probe found: the interpreter's facts, as the lab shows them. */
export interface Interpreter {
  /** What the user chose or discovery found: a path, a name on the PATH, or `py -3`. */
  chosen: string;
  command: PythonCommand;
  path: string;
  version: string;
  implementation: string;
  build: PythonBuild;
  gilEnabled: boolean | null;
  startMethod: string | null;
  /** For each mode: null if it runs here, else why not. */
  modes: Record<string, string | null>;
  asyncioWorkloads: string[];
}

export class PythonError extends Error {
  override readonly name = 'PythonError';
}

/** The folder holding the lab's Python scripts: python/ at the root, above the source or the bundle. */
export function pythonScriptsDir(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (let up = 0; up < 6; up++) {
    const candidate = path.join(dir, 'python');
    if (existsSync(path.join(candidate, 'gil_lab_runner.py'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new PythonError("GIL Lab's Python scripts (python/gil_lab_runner.py) are missing from this installation");
}

/** `py -3` is two words; anything else is one program, a path or a name on the PATH. */
export function parseChoice(chosen: string): PythonCommand {
  const trimmed = chosen.trim();
  if (/^py(\.exe)? -3(\.\d+)?$/.test(trimmed)) {
    const [command, ...args] = trimmed.split(' ');
    return { command: command!, args };
  }
  return { command: trimmed, args: [] };
}

function describeSpawnError(
  chosen: string,
  error: { code?: string | number | null; killed?: boolean; message: string },
): string {
  if (error.code === 'ENOENT') return `no Python at "${chosen}": no such file or command`;
  if (error.code === 'EACCES') return `"${chosen}" can't be run: it is not executable`;
  if (error.killed)
    return `"${chosen}" did not answer within ${PROBE_TIMEOUT_MS / 1000} s, so it isn't a Python GIL Lab can use`;
  return `"${chosen}" could not be run: ${error.message.split('\n')[0]}`;
}

/** Asks one interpreter what it is; rejects with a PythonError of one line if it can't be used. */
export function probeInterpreter(chosen: string, scriptsDir = pythonScriptsDir()): Promise<Interpreter> {
  const command = parseChoice(chosen);
  const script = path.join(scriptsDir, 'gil_lab_probe.py');
  return new Promise((resolve, reject) => {
    execFile(
      command.command,
      [...command.args, script],
      { timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const reply = parseProbe(String(stdout));
        if (!reply) {
          if (error && (error.code === 'ENOENT' || error.code === 'EACCES' || error.killed)) {
            return reject(new PythonError(describeSpawnError(chosen, error)));
          }
          const said = String(stderr).trim().split('\n').at(-1)?.trim().slice(0, 200);
          return reject(
            new PythonError(
              `"${chosen}" is not a Python GIL Lab can use: it didn't answer as Python does${said ? ` (it said: ${said})` : ''}`,
            ),
          );
        }
        const version = reply.version.join('.');
        const [major, minor] = reply.version;
        if (major! < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor! < MIN_PYTHON[1])) {
          return reject(
            new PythonError(
              `Python ${version} at ${reply.executable} is older than ${MIN_PYTHON.join('.')}, the oldest GIL Lab runs`,
            ),
          );
        }
        resolve({
          chosen,
          command,
          path: reply.executable,
          version,
          implementation: reply.implementation,
          build: reply.freeThreaded ? 'free-threaded' : 'gil',
          gilEnabled: reply.gilEnabled,
          startMethod: reply.startMethod,
          modes: reply.modes,
          asyncioWorkloads: reply.asyncioWorkloads,
        });
      },
    );
  });
}

/** The probe's last line, if it is the probe's answer. */
function parseProbe(stdout: string): ProbeReply | null {
  try {
    const parsed = ProbeReplySchema.safeParse(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const PYTHON_NAME = /^python3(\.\d+t?)?(\.exe)?$/;

/** Every python3, python3.X and python3.Xt on the PATH (and `py -3` on Windows), by real path. */
export function pythonsOnPath(pathVar = process.env.PATH ?? ''): string[] {
  const found = new Map<string, string>();
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => PYTHON_NAME.test(n)).sort()) {
      const full = path.join(dir, name);
      let real: string;
      try {
        real = realpathSync(full);
      } catch {
        continue;
      }
      // pyenv's shims are scripts that all resolve to one file; keep each shim, they differ by name.
      const key = real.includes(`${path.sep}shims${path.sep}`) || /\bpyenv\b/.test(real) ? full : real;
      if (!found.has(key)) found.set(key, full);
    }
  }
  const list = [...found.values()];
  return process.platform === 'win32' ? ['py -3', ...list] : list;
}

/** What discovery found: each candidate with its facts, or the one line on why it can't be used. */
export type Discovered = { chosen: string; interpreter: Interpreter } | { chosen: string; error: string };

/**
 * Probes each candidate in turn. With `untilUsable`, stops after the first one that can be used:
 * enough to know which one runs use when none is chosen, without starting every Python there is.
 */
export async function discoverPythons(
  candidates = pythonsOnPath(),
  scriptsDir = pythonScriptsDir(),
  { untilUsable = false } = {},
): Promise<Discovered[]> {
  const results: Discovered[] = [];
  // One at a time: each probe starts an interpreter, and a class machine may have a dozen.
  for (const chosen of candidates) {
    try {
      results.push({ chosen, interpreter: await probeInterpreter(chosen, scriptsDir) });
      if (untilUsable) break;
    } catch (error) {
      results.push({ chosen, error: (error as Error).message });
    }
  }
  return results;
}
