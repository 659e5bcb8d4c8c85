import { accessSync, constants, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a run makes on disk: io-file's data, the shared counter's value and lock. */
export type RunFileKind = 'io' | 'value';

/** gil-lab-<kind>-<owner pid>-<mkdtemp suffix>: what start-up recognises as a run's own folder. */
const RUN_FOLDER = /^gil-lab-(?:io|value)-(\d+)-[A-Za-z0-9]{6}$/;

/** Where the shared value lives: tmpfs when there is one, as multiprocessing's heap chooses. */
export function sharedMemoryDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** A fresh folder for one run's files, named for this process so a crash's leftovers are known. */
export function makeRunFolder(kind: RunFileKind, base: string): string {
  return mkdtempSync(path.join(base, `gil-lab-${kind}-${process.pid}-`));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes run folders whose owner process is gone (a crash, a kill -9 mid-run), from every place
 * runs make them. Only real folders of this user named as a run's own are touched; a folder of a
 * process that still runs is left alone. Returns the paths removed.
 */
export function removeOrphanedRunFolders(bases: readonly string[] = [os.tmpdir(), sharedMemoryDir()]): string[] {
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const base of new Set(bases)) {
    let names: string[];
    try {
      names = readdirSync(base);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = RUN_FOLDER.exec(name)?.[1];
      if (owner === undefined || Number(owner) === process.pid || isRunning(Number(owner))) continue;
      const folder = path.join(base, name);
      try {
        const stat = lstatSync(folder);
        if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
        rmSync(folder, { recursive: true, force: true });
        removed.push(folder);
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }
  return removed;
}
