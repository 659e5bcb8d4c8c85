import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SessionDocument } from '../../shared/session';
import type { ForeignEntry } from '../../shared/session-contract';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { SessionFileError } from '../../shared/session-parse';
import { displayFileName, NOT_A_SESSION_NAME, SESSION_FILE_SUFFIX, sessionIdOfFile } from './names';
import { FolderWatcher, type FolderWatchOptions } from './folder-watch';
import { NotRegularFile, notAFile, readRegularFile } from './regular-file';
import { decodeSessionBytes } from './session-file';

/**
 * A session file as one write left it. Saves replace the file through a rename, so every write
 * makes a new inode: a file whose identity isn't the one this store last wrote or read was
 * written by someone else (another GIL Lab on the same folder, the CLI).
 */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export const sameFile = (a: FileIdentity | undefined, b: FileIdentity) =>
  !!a && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** The file itself, never what a link points to; undefined for anything but a regular file. */
export async function fileIdentity(file: string): Promise<FileIdentity | undefined> {
  const info = await lstat(file).catch(() => undefined);
  return info?.isFile() ? { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs } : undefined;
}

/** Every session file in the folder, by id, as it is now; and what is named like one but isn't. */
export async function sessionFiles(
  dir: string,
): Promise<{ files: Map<string, FileIdentity>; foreign: Map<string, string> }> {
  const files = new Map<string, FileIdentity>();
  const foreign = new Map<string, string>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith(SESSION_FILE_SUFFIX)) continue;
    const id = sessionIdOfFile(name);
    const info = await lstat(path.join(dir, name)).catch(() => undefined);
    if (!info) continue;
    const reason = id === null ? NOT_A_SESSION_NAME : notAFile(info);
    if (reason) foreign.set(name, reason);
    else files.set(id!, { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs });
  }
  return { files, foreign };
}

/**
 * Reads a session file someone else wrote, through the same checks as opening the folder. A file
 * that fails them is left where it is (its writer may be a newer GIL Lab, still using it) and
 * named in the error.
 */
export async function readExternal(file: string): Promise<SessionDocument> {
  try {
    return await decodeSessionBytes(await readRegularFile(file, MAX_IMPORT_BYTES));
  } catch (error) {
    if (error instanceof NotRegularFile) throw new SessionFileError(error.message);
    throw error;
  }
}

/** Why a file that failed the checks is listed as foreign: in general words, as its content is not GIL Lab's. */
const UNREADABLE = 'is not a session this GIL Lab can read; it is left as it is';

/** Foreign entries as the session list shows them: named safely, each once, in name order. */
export function foreignEntries(foreign: Map<string, string>): ForeignEntry[] {
  return [...foreign]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, reason]) => ({ file: displayFileName(file), reason }));
}

/** A session as a store holds it (see session-folder.ts's Entry). */
interface HeldSession {
  doc: SessionDocument;
  saved: boolean;
  saveError: string | null;
}

/**
 * What a store knows of its folder's files: each as it last wrote or read it, and those others
 * wrote that failed the checks (left alone until they change again).
 */
export class FolderFiles {
  private readonly known = new Map<string, FileIdentity>();
  private readonly refused = new Map<string, FileIdentity>();
  /** Entries named like session files that are not ones this store opens, with why. */
  private foreign = new Map<string, string>();
  private watcher: FolderWatcher | undefined;

  constructor(private readonly dir: string) {}

  /** Calls `changed` whenever the folder may have changed, until the returned function is called. */
  watch(changed: () => void, options?: FolderWatchOptions): () => void {
    this.watcher?.close();
    const watcher = new FolderWatcher(this.dir, changed, options);
    this.watcher = watcher;
    return () => {
      watcher.close();
      if (this.watcher === watcher) this.watcher = undefined;
    };
  }

  /** The file of session `id` is as this store wrote or read it just now. */
  async mine(id: string): Promise<void> {
    const identity = await fileIdentity(path.join(this.dir, `${id}${SESSION_FILE_SUFFIX}`));
    if (identity) this.known.set(id, identity);
  }

  forget(id: string): void {
    this.known.delete(id);
  }

  /** What opening the folder found that is not a session it opens. */
  setForeign(foreign: Map<string, string>): void {
    this.foreign = new Map(foreign);
  }

  listForeign(): ForeignEntry[] {
    return foreignEntries(this.foreign);
  }

  /**
   * Brings `sessions` up to date with what others wrote: sessions new or changed on disk (read
   * through the same checks as opening the folder), and saved sessions whose file is gone.
   * Returns the ids that changed, and a line for each file that failed its checks.
   */
  async takeIn(sessions: Map<string, HeldSession>): Promise<{ changed: string[]; refused: string[] }> {
    const changed: string[] = [];
    const refused: string[] = [];
    const { files, foreign } = await sessionFiles(this.dir);
    // What was set aside as foreign at opening and is still there stays listed with its reason.
    for (const [name, reason] of this.foreign) if (foreign.has(name)) foreign.set(name, reason);
    this.foreign = foreign;
    for (const [id, identity] of files) {
      const name = `${id}${SESSION_FILE_SUFFIX}`;
      if (sameFile(this.refused.get(id), identity)) this.foreign.set(name, UNREADABLE);
      if (sameFile(this.known.get(id), identity) || sameFile(this.refused.get(id), identity)) continue;
      try {
        const doc = await readExternal(path.join(this.dir, name));
        sessions.set(id, { doc: { ...doc, id }, saved: true, saveError: null });
        this.known.set(id, identity);
        this.refused.delete(id);
        changed.push(id);
      } catch (error) {
        this.refused.set(id, identity);
        this.foreign.set(name, UNREADABLE);
        const reason = error instanceof SessionFileError ? error.message : (error as Error).message;
        refused.push(`${name} was written by another GIL Lab and ${reason}; it was left as it is`);
      }
    }
    for (const [id, entry] of sessions) {
      if (files.has(id) || !entry.saved || !this.known.has(id)) continue;
      sessions.delete(id);
      this.known.delete(id);
      changed.push(id);
    }
    return { changed, refused };
  }
}
