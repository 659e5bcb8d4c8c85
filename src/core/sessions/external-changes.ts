import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SessionDocument } from '../../shared/session';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { SessionFileError } from '../../shared/session-parse';
import { SESSION_FILE_SUFFIX } from './names';
import { FolderWatcher, type FolderWatchOptions } from './folder-watch';
import { decodeSessionBytes, formatBytes } from './session-file';

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

export async function fileIdentity(file: string): Promise<FileIdentity | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs } : undefined;
}

/** Every session file in the folder, by id, as it is now. */
export async function sessionFiles(dir: string): Promise<Map<string, FileIdentity>> {
  const files = new Map<string, FileIdentity>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith(SESSION_FILE_SUFFIX)) continue;
    const identity = await fileIdentity(path.join(dir, name));
    if (identity) files.set(name.slice(0, -SESSION_FILE_SUFFIX.length), identity);
  }
  return files;
}

/**
 * Reads a session file someone else wrote, through the same checks as opening the folder. A file
 * that fails them is left where it is (its writer may be a newer GIL Lab, still using it) and
 * named in the error.
 */
export async function readExternal(file: string): Promise<SessionDocument> {
  const info = await stat(file);
  if (info.size > MAX_IMPORT_BYTES) {
    throw new SessionFileError(`is ${formatBytes(info.size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)}`);
  }
  return decodeSessionBytes(await readFile(file));
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

  /**
   * Brings `sessions` up to date with what others wrote: sessions new or changed on disk (read
   * through the same checks as opening the folder), and saved sessions whose file is gone.
   * Returns the ids that changed, and a line for each file that failed its checks.
   */
  async takeIn(sessions: Map<string, HeldSession>): Promise<{ changed: string[]; refused: string[] }> {
    const changed: string[] = [];
    const refused: string[] = [];
    const files = await sessionFiles(this.dir);
    for (const [id, identity] of files) {
      if (sameFile(this.known.get(id), identity) || sameFile(this.refused.get(id), identity)) continue;
      const name = `${id}${SESSION_FILE_SUFFIX}`;
      try {
        const doc = await readExternal(path.join(this.dir, name));
        sessions.set(id, { doc: { ...doc, id }, saved: true, saveError: null });
        this.known.set(id, identity);
        this.refused.delete(id);
        changed.push(id);
      } catch (error) {
        this.refused.set(id, identity);
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
