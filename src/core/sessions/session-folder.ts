import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { SessionDocument } from '../../shared/session';
import type { SessionNotice } from '../../shared/session-contract';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { SessionFileError } from '../../shared/session-parse';
import { TEMP_SUFFIX } from './atomic-write';
import { ensureDir } from './ensure-dir';
import { describeFsError } from './fs-errors';
import { NOT_A_SESSION_NAME, SESSION_FILE_SUFFIX, sessionIdOfFile, uniqueName } from './names';
import { NotRegularFile, readRegularFile } from './regular-file';
import { decodeSessionBytes } from './session-file';

/** One session as the store holds it: its document, and whether the file on disk has it. */
export interface Entry {
  doc: SessionDocument;
  saved: boolean;
  saveError: string | null;
}

export interface TrashEntry extends Entry {
  deletedAt: string;
}

export const TRASH = 'trash';
/** Holds the id of the session new runs go to, across restarts. */
export const CURRENT_FILE = 'current-session.txt';
/** Temp files older than this were left by a writer that died; younger ones may be in flight. */
const STALE_TEMP_MS = 10 * 60_000;

export interface FolderReadOptions {
  /** Trash older than this is deleted for good. */
  trashDays: number;
  now: () => Date;
  notice: (kind: SessionNotice['kind'], message: string) => void;
  /** A file was moved to quarantine. */
  quarantined: () => void;
}

/** What a data folder holds when the store opens. */
export interface FolderContents {
  sessions: Map<string, Entry>;
  trash: Map<string, TrashEntry>;
  currentId: string | null;
  /** Entries named like session files that are not sessions GIL Lab opens, by file name, with why. */
  foreign: Map<string, string>;
}

/**
 * Reads every session file in a data folder and checks it. Only regular files named with a
 * session id are opened, never through a link or a pipe (see regular-file.ts); anything else
 * named like a session is left exactly as it is and listed as foreign with the reason. A damaged
 * session file is left as it is too, with a notice and a foreign entry, and the rest still load; temp files a
 * dead writer left behind are removed; trash past its days is deleted for good. Nothing is
 * rewritten here: a copy saved under another id is held under its file's id, and a name it shares
 * with another session is numbered in memory only.
 */
export async function readSessionFolder(dir: string, options: FolderReadOptions): Promise<FolderContents> {
  const contents: FolderContents = { sessions: new Map(), trash: new Map(), currentId: null, foreign: new Map() };
  let names: string[];
  try {
    await ensureDir(dir);
    names = await readdir(dir);
  } catch (error) {
    options.notice('storage-unavailable', `sessions can't be kept on disk: ${describeFsError(error, dir)}`);
    return contents;
  }
  const nameTaken = (name: string) => [...contents.sessions.values()].some((entry) => entry.doc.name === name);
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) {
      await removeIfStale(file, options.now().getTime());
      continue;
    }
    if (!name.endsWith(SESSION_FILE_SUFFIX)) continue;
    const id = sessionIdOfFile(name);
    if (id === null) {
      contents.foreign.set(name, NOT_A_SESSION_NAME);
      continue;
    }
    const read = await readOrQuarantine(dir, file, options);
    if (typeof read === 'string') contents.foreign.set(name, read);
    if (!read || typeof read === 'string') continue;
    contents.sessions.set(id, {
      doc: { ...read, id, name: uniqueName(read.name, nameTaken) },
      saved: true,
      saveError: null,
    });
  }
  await readTrash(dir, options, contents.trash);
  const current = await readRegularFile(path.join(dir, CURRENT_FILE), 256)
    .then((bytes) => bytes.toString('utf8').trim())
    .catch(() => '');
  if (contents.sessions.has(current)) contents.currentId = current;
  return contents;
}

async function readTrash(sessionsDir: string, options: FolderReadOptions, trash: Map<string, TrashEntry>) {
  const dir = path.join(sessionsDir, TRASH);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const cutoff = options.now().getTime() - options.trashDays * 86_400_000;
  for (const name of names) {
    const id = sessionIdOfFile(name);
    if (id === null) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => undefined);
    // Only files GIL Lab moved there are trash: anything else is left alone.
    if (!info?.isFile()) continue;
    if (info.mtimeMs < cutoff) {
      await unlink(file).catch(() => {});
      continue;
    }
    const doc = await readOrQuarantine(sessionsDir, file, options);
    if (doc && typeof doc !== 'string') {
      trash.set(id, { doc: { ...doc, id }, saved: true, saveError: null, deletedAt: info.mtime.toISOString() });
    }
  }
}

/**
 * The session in `file`; or, for an entry that is not a regular file, can't be read or fails the
 * checks, the reason to list it as foreign.
 */
async function readOrQuarantine(
  sessionsDir: string,
  file: string,
  options: FolderReadOptions,
): Promise<SessionDocument | string> {
  let reason: string;
  try {
    return await decodeSessionBytes(await readRegularFile(file, MAX_IMPORT_BYTES));
  } catch (error) {
    if (error instanceof NotRegularFile && !error.tooLarge) return error.message;
    if (!(error instanceof SessionFileError) && !(error instanceof NotRegularFile)) {
      return `could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    reason = error.message;
  }
  // Left exactly where it is: its writer may be a newer GIL Lab, or the user's own file.
  options.notice('quarantined', `${path.basename(file)} ${reason}; it was left as it is and the other sessions loaded`);
  options.quarantined();
  return reason;
}

async function removeIfStale(file: string, now: number): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isFile() && now - info.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => {});
}
