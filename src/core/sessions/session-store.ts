/**
 * The sessions in one data folder, held in memory and written through to one file each.
 * Every file is validated when the store opens (session-folder.ts): a damaged one goes to
 * quarantine/, anything else named like a session is listed as foreign and left alone. Every
 * change is saved at once with an atomic write; if that fails (disk full, read-only folder) the
 * change stays in memory, the summary says it is unsaved, and the next change or an export can
 * still save it. What another GIL Lab writes to the folder is taken in before each append, and
 * as it happens while the store watches it (see external-changes.ts).
 *
 * Over 300 lines as one class: every operation (create, rename, delete, restore, import, append)
 * goes through the same in-memory maps, the same one-at-a-time queue and the same save-or-notice
 * rule, which split apart would each have to be shared back in.
 */
import { rename, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { SESSION_FORMAT, SESSION_SCHEMA_VERSION, type SessionDocument, type SessionRun } from '../../shared/session';
import type { SessionChanged, SessionList, SessionNotice, SessionSummary } from '../../shared/session-contract';
import { MAX_SESSION_RUNS } from '../../shared/session-limits';
import { SessionFileError } from '../../shared/session-parse';
import { checkSessionContent } from '../../shared/session-content';
import { Listeners } from '../util/listeners';
import { writeFileAtomic } from './atomic-write';
import { describeFsError } from './fs-errors';
import { checkSessionName, newSessionId, sanitiseSessionName, sessionFilePath, uniqueName } from './names';
import { decodeSessionBytes, encodeSessionFile } from './session-file';
import { CURRENT_FILE, readSessionFolder, TRASH, type Entry, type TrashEntry } from './session-folder';
import { sessionsDir } from './data-dir';
import { ensureDir } from './ensure-dir';
import { summarise } from './summary';
import { importError, oneLine, SessionStoreError } from './store-error';
import { readImportFile } from './import-file';
import { FolderFiles } from './external-changes';
import type { FolderWatchOptions } from './folder-watch';

export { SessionStoreError };

export interface SessionStoreOptions {
  /** Trash older than this is deleted for good when the store opens. */
  trashDays?: number;
  now?: () => Date;
}

const MAX_NOTICES = 50;

export class SessionStore {
  readonly dir: string;
  readonly changed = new Listeners<SessionChanged>();
  private readonly sessions = new Map<string, Entry>();
  private readonly trash = new Map<string, TrashEntry>();
  private readonly notices: SessionNotice[] = [];
  private currentId: string | null = null;
  /** Runs taken out with removeRun, by session and run id, with where they were. */
  private readonly removedRuns = new Map<string, { run: SessionRun; index: number }>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Writes of the current session's id, one after another so the last choice is the one kept. */
  private currentSaved: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private readonly files: FolderFiles;

  private constructor(dataDir: string, options: SessionStoreOptions) {
    this.dir = sessionsDir(dataDir);
    this.files = new FolderFiles(this.dir);
    this.now = options.now ?? (() => new Date());
  }

  static async open(dataDir: string, options: SessionStoreOptions = {}): Promise<SessionStore> {
    const store = new SessionStore(dataDir, options);
    const folder = await readSessionFolder(store.dir, {
      trashDays: options.trashDays ?? 30,
      now: store.now,
      notice: (kind, message) => store.notice(kind, message),
      quarantined: () => store.emit('quarantined', null),
    });
    for (const [id, entry] of folder.sessions) {
      store.sessions.set(id, entry);
      if (entry.saved) await store.files.mine(id);
    }
    for (const [id, entry] of folder.trash) store.trash.set(id, entry);
    store.currentId = folder.currentId;
    store.files.setForeign(folder.foreign);
    return store;
  }

  /** Watches the folder, taking in what another GIL Lab writes or removes there (`external`); returns a stop. */
  watch(options?: FolderWatchOptions): () => void {
    if (!this.usable) return () => {};
    return this.files.watch(() => void this.exclusive(() => this.takeExternal()), options);
  }

  /** False when the folder could not be created or read; sessions then live in memory only. */
  get usable(): boolean {
    return !this.notices.some((n) => n.kind === 'storage-unavailable');
  }

  /** The list, but for runs held outside any session (the SessionService holds those). */
  list(): Omit<SessionList, 'unsavedRuns'> {
    const byUpdate = (a: SessionSummary, b: SessionSummary) => b.updatedAt.localeCompare(a.updatedAt);
    return {
      sessions: [...this.sessions.values()].map((e) => summarise(e.doc, e)).sort(byUpdate),
      trash: [...this.trash.values()].map((e) => summarise(e.doc, e)).sort(byUpdate),
      currentId: this.currentId,
      notices: [...this.notices],
      foreign: this.files.listForeign(),
      dir: this.dir,
    };
  }

  get(id: string): SessionDocument {
    return this.entry(id).doc;
  }

  summary(id: string): SessionSummary {
    const entry = this.entry(id);
    return summarise(entry.doc, entry);
  }

  /** A session by id, or by its exact name (names are unique within a folder). */
  find(idOrName: string): SessionDocument | undefined {
    const byId = this.sessions.get(idOrName);
    if (byId) return byId.doc;
    for (const entry of this.sessions.values()) if (entry.doc.name === idOrName) return entry.doc;
    return undefined;
  }

  get current(): string | null {
    return this.currentId;
  }

  /** Resolves once the choice is on disk (or could not be written; that is not an error). */
  setCurrent(id: string | null): Promise<void> {
    if (id !== null) this.entry(id);
    this.currentId = id;
    this.emit('current-changed', id);
    // Remembered, so runs after a restart carry on in the same session. Losing this file only
    // means the next run starts a new one, so a failed write is no more than that.
    const file = path.join(this.dir, CURRENT_FILE);
    if (this.usable) this.currentSaved = this.currentSaved.then(() => writeFileAtomic(file, id ?? '')).catch(() => {});
    return this.currentSaved;
  }

  create(name: string): Promise<SessionSummary> {
    return this.exclusive(async () => {
      const checked = this.checkName(name);
      if (this.nameTaken(checked)) throw new SessionStoreError(`a session named "${checked}" already exists`);
      const at = this.now().toISOString();
      const doc: SessionDocument = {
        format: SESSION_FORMAT,
        schemaVersion: SESSION_SCHEMA_VERSION,
        id: newSessionId(checked),
        name: checked,
        createdAt: at,
        updatedAt: at,
        imported: null,
        runs: [],
      };
      return this.put(doc, 'created');
    });
  }

  /** The session with this name, created if there is none: how the CLI's --session works. */
  async ensure(name: string): Promise<SessionDocument> {
    const found = this.find(this.checkName(name));
    if (found) return found;
    const created = await this.create(name);
    return this.get(created.id);
  }

  /** Appends a run and saves: the autosave after every run. */
  appendRun(id: string, run: SessionRun): Promise<SessionSummary> {
    return this.exclusive(async () => {
      // Another GIL Lab may have added to the same session since: its runs are kept, not overwritten.
      await this.takeExternal();
      const entry = this.entry(id);
      if (entry.doc.runs.length >= MAX_SESSION_RUNS) {
        throw new SessionStoreError(`"${entry.doc.name}" already holds ${MAX_SESSION_RUNS} runs; start a new session`);
      }
      const doc = { ...entry.doc, runs: [...entry.doc.runs, run], updatedAt: this.now().toISOString() };
      // A run that would take the session over its limits is refused before it is kept; the runs
      // already held were checked as they came in.
      checkSessionContent(doc, { fromRun: entry.doc.runs.length });
      return this.put(doc, 'run-added');
    });
  }

  /**
   * Takes one run out of a session, kept aside (in memory, for as long as the store is open) so
   * restoreRun can put it back where it was.
   */
  removeRun(id: string, runId: string): Promise<{ id: string; runId: string; undoable: true }> {
    return this.exclusive(async () => {
      const entry = this.entry(id);
      const index = entry.doc.runs.findIndex((r) => r.id === runId);
      if (index < 0) throw new SessionStoreError(`"${entry.doc.name}" has no run ${oneLine(runId)}`);
      this.removedRuns.set(`${id}/${runId}`, { run: entry.doc.runs[index]!, index });
      const runs = entry.doc.runs.filter((_, i) => i !== index);
      await this.put({ ...entry.doc, runs, updatedAt: this.now().toISOString() }, 'run-removed');
      return { id, runId, undoable: true as const };
    });
  }

  /** Puts a run removeRun took out back in its place. */
  restoreRun(id: string, runId: string): Promise<SessionSummary> {
    return this.exclusive(async () => {
      const entry = this.entry(id);
      const removed = this.removedRuns.get(`${id}/${runId}`);
      if (!removed) throw new SessionStoreError(`no removed run ${oneLine(runId)} to put back`);
      this.removedRuns.delete(`${id}/${runId}`);
      const runs = [...entry.doc.runs];
      runs.splice(Math.min(removed.index, runs.length), 0, removed.run);
      return this.put({ ...entry.doc, runs, updatedAt: this.now().toISOString() }, 'run-restored');
    });
  }

  rename(id: string, name: string): Promise<SessionSummary> {
    return this.exclusive(async () => {
      const entry = this.entry(id);
      const checked = this.checkName(name);
      if (checked !== entry.doc.name && this.nameTaken(checked)) {
        throw new SessionStoreError(`a session named "${checked}" already exists`);
      }
      return this.put({ ...entry.doc, name: checked, updatedAt: this.now().toISOString() }, 'renamed');
    });
  }

  duplicate(id: string, name?: string): Promise<SessionSummary> {
    return this.exclusive(async () => {
      const source = this.entry(id).doc;
      let copyName: string;
      if (name === undefined) {
        copyName = uniqueName(sanitiseSessionName(`${source.name} (copy)`), (n) => this.nameTaken(n));
      } else {
        copyName = this.checkName(name);
        if (this.nameTaken(copyName)) throw new SessionStoreError(`a session named "${copyName}" already exists`);
      }
      const at = this.now().toISOString();
      return this.put(
        { ...structuredClone(source), id: newSessionId(copyName), name: copyName, createdAt: at, updatedAt: at },
        'duplicated',
      );
    });
  }

  /** Moves a session to the trash folder, from where session:restore brings it back. */
  delete(id: string): Promise<{ id: string; undoable: true }> {
    return this.exclusive(async () => {
      const entry = this.entry(id);
      const deletedAt = this.now().toISOString();
      const from = sessionFilePath(this.dir, id);
      const to = sessionFilePath(path.join(this.dir, TRASH), id);
      if (entry.saved) {
        try {
          await ensureDir(path.dirname(to));
          await rename(from, to);
          // Trash is purged by age; rename keeps the old mtime, so stamp the deletion.
          await utimes(to, new Date(deletedAt), new Date(deletedAt));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw new SessionStoreError(`could not delete "${entry.doc.name}": ${describeFsError(error, this.dir)}`);
          }
        }
      }
      this.sessions.delete(id);
      this.files.forget(id);
      this.trash.set(id, { ...entry, deletedAt });
      if (this.currentId === id) this.currentId = null;
      this.emit('deleted', id);
      return { id, undoable: true as const };
    });
  }

  restore(id: string): Promise<SessionSummary> {
    return this.exclusive(async () => {
      const entry = this.trash.get(id);
      if (!entry) throw new SessionStoreError(`no deleted session with id "${id}"`);
      const name = uniqueName(entry.doc.name, (n) => this.nameTaken(n));
      const trashed = sessionFilePath(path.join(this.dir, TRASH), id);
      this.trash.delete(id);
      await unlink(trashed).catch(() => {});
      return this.put({ ...entry.doc, name }, 'restored');
    });
  }

  /**
   * Imports session bytes (JSON or gzipped JSON) from elsewhere. The whole file is checked
   * before anything is kept; it gets a fresh id, a free name, and is marked as imported.
   */
  import(bytes: Uint8Array, fileName = ''): Promise<SessionSummary> {
    return this.exclusive(async () => {
      let doc: SessionDocument;
      try {
        doc = await decodeSessionBytes(bytes);
      } catch (error) {
        if (error instanceof SessionFileError) throw new SessionStoreError(importError(fileName, error.message));
        throw error;
      }
      const originalName = doc.imported?.originalName ?? doc.name;
      const name = uniqueName(sanitiseSessionName(doc.name), (n) => this.nameTaken(n));
      return this.put(
        {
          ...doc,
          id: newSessionId(name),
          name,
          imported: { at: this.now().toISOString(), originalName: originalName.slice(0, 120) },
        },
        'imported',
      );
    });
  }

  /** Imports a file from disk; its size is checked before a byte is read. */
  async importFile(file: string): Promise<SessionSummary> {
    const { bytes, name } = await readImportFile(file);
    return this.import(bytes, name);
  }

  /** Saves again any session whose last save failed, e.g. after space was freed. */
  retrySaves(): Promise<number> {
    return this.exclusive(async () => {
      let saved = 0;
      for (const entry of this.sessions.values()) {
        if (entry.saved || !(await this.save(entry))) continue;
        saved++;
        this.emit('saved', entry.doc.id);
      }
      return saved;
    });
  }

  // ---------------------------------------------------------------- internals

  private entry(id: string): Entry {
    const entry = this.sessions.get(id);
    if (!entry) throw new SessionStoreError(`no session with id "${id.slice(0, 80)}"`);
    return entry;
  }

  private checkName(name: string): string {
    try {
      return checkSessionName(name);
    } catch (error) {
      throw new SessionStoreError((error as Error).message);
    }
  }

  private nameTaken(name: string): boolean {
    for (const entry of this.sessions.values()) if (entry.doc.name === name) return true;
    return false;
  }

  /** Runs store operations one at a time, so two saves of one session never interleave. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => {});
    return result;
  }

  private async put(doc: SessionDocument, reason: SessionChanged['reason']): Promise<SessionSummary> {
    const entry: Entry = { doc, saved: false, saveError: null };
    this.sessions.set(doc.id, entry);
    await this.save(entry);
    this.emit(reason, doc.id);
    return summarise(doc, entry);
  }

  private async save(entry: Entry): Promise<boolean> {
    try {
      await ensureDir(this.dir);
      await writeFileAtomic(sessionFilePath(this.dir, entry.doc.id), await encodeSessionFile(entry.doc));
      await this.files.mine(entry.doc.id);
      entry.saved = true;
      entry.saveError = null;
      return true;
    } catch (error) {
      entry.saved = false;
      entry.saveError = `could not save "${entry.doc.name}": ${describeFsError(error, this.dir)}`;
      this.notice('save-failed', entry.saveError);
      this.emit('save-failed', entry.doc.id);
      return false;
    }
  }

  /** Takes in what other GIL Labs wrote to the folder since this store last looked. */
  private async takeExternal(): Promise<void> {
    if (!this.usable) return;
    const { changed, refused } = await this.files.takeIn(this.sessions);
    for (const line of refused) this.notice('quarantined', line);
    if (refused.length > 0) this.emit('quarantined', null);
    if (this.currentId !== null && !this.sessions.has(this.currentId)) this.currentId = null;
    for (const id of changed) this.emit('external', id);
  }

  private notice(kind: SessionNotice['kind'], message: string): void {
    this.notices.push({ kind, message, at: this.now().toISOString() });
    if (this.notices.length > MAX_NOTICES) this.notices.splice(0, this.notices.length - MAX_NOTICES);
  }

  private emit(reason: SessionChanged['reason'], id: string | null): void {
    this.changed.emit({ reason, id });
  }
}
