import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { SessionDocument } from '../../shared/session';
import type { SessionNotice } from '../../shared/session-contract';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { SessionFileError } from '../../shared/session-parse';
import { TEMP_SUFFIX } from './atomic-write';
import { ensureDir } from './ensure-dir';
import { describeFsError } from './fs-errors';
import { SESSION_FILE_SUFFIX, uniqueName } from './names';
import { decodeSessionBytes, formatBytes } from './session-file';

/** One session as the store holds it: its document, and whether the file on disk has it. */
export interface Entry {
  doc: SessionDocument;
  saved: boolean;
  saveError: string | null;
}

export interface TrashEntry extends Entry {
  deletedAt: string;
}

export const QUARANTINE = 'quarantine';
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
  /** Sessions whose file name or name had to change to be unique here; the store saves them. */
  renamed: Entry[];
}

/**
 * Reads every session file in a data folder and checks it. A bad one is moved to quarantine/
 * with a notice and the rest still load; temp files a dead writer left behind are removed;
 * trash past its days is deleted for good.
 */
export async function readSessionFolder(dir: string, options: FolderReadOptions): Promise<FolderContents> {
  const contents: FolderContents = { sessions: new Map(), trash: new Map(), currentId: null, renamed: [] };
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
    const doc = await readOrQuarantine(dir, file, options);
    if (!doc) continue;
    const id = name.slice(0, -SESSION_FILE_SUFFIX.length);
    // A copied or renamed file keeps its content; its file name is its id here.
    const fixed = { ...doc, id, name: uniqueName(doc.name, nameTaken) };
    const consistent = fixed.id === doc.id && fixed.name === doc.name;
    const entry: Entry = { doc: fixed, saved: consistent, saveError: null };
    contents.sessions.set(id, entry);
    if (!consistent) contents.renamed.push(entry);
  }
  await readTrash(dir, options, contents.trash);
  const current = (await readFile(path.join(dir, CURRENT_FILE), 'utf8').catch(() => '')).trim();
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
    if (!name.endsWith(SESSION_FILE_SUFFIX)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (info.mtimeMs < cutoff) {
      await unlink(file).catch(() => {});
      continue;
    }
    const doc = await readOrQuarantine(sessionsDir, file, options);
    const id = name.slice(0, -SESSION_FILE_SUFFIX.length);
    if (doc) trash.set(id, { doc: { ...doc, id }, saved: true, saveError: null, deletedAt: info.mtime.toISOString() });
  }
}

async function readOrQuarantine(
  sessionsDir: string,
  file: string,
  options: FolderReadOptions,
): Promise<SessionDocument | undefined> {
  let reason: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_IMPORT_BYTES) {
      reason = `is ${formatBytes(info.size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)}`;
    } else {
      return await decodeSessionBytes(await readFile(file));
    }
  } catch (error) {
    if (!(error instanceof SessionFileError)) {
      options.notice('quarantined', `${path.basename(file)} could not be read: ${describeFsError(error, sessionsDir)}`);
      return undefined;
    }
    reason = error.message;
  }
  await quarantine(sessionsDir, file, reason, options);
  return undefined;
}

async function quarantine(sessionsDir: string, file: string, reason: string, options: FolderReadOptions) {
  const dir = path.join(sessionsDir, QUARANTINE);
  const stamp = options.now().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${path.basename(file)}.${stamp}`);
  try {
    await ensureDir(dir);
    await rename(file, target);
    options.notice(
      'quarantined',
      `${path.basename(file)} ${reason}; it was moved to ${path.join(QUARANTINE, path.basename(target))} and the other sessions loaded`,
    );
  } catch (error) {
    options.notice(
      'quarantined',
      `${path.basename(file)} ${reason}; it was skipped but could not be moved aside: ${describeFsError(error, dir)}`,
    );
  }
  options.quarantined();
}

async function removeIfStale(file: string, now: number): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (info && now - info.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => {});
}
