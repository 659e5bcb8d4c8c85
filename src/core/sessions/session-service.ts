import { ContractError, type EventPayload, type InvokeHandlers, type SessionChannel } from '../../shared/contract';
import type { LessonTag, Measurement } from '../../shared/measurement';
import type { AppInfo, CoreSample } from '../../shared/schemas';
import type { LoadSource } from '../../shared/vocabulary';
import type { MachineSnapshot, SessionRun } from '../../shared/session';
import type { SessionList, SessionSummary, UnsavedRun } from '../../shared/session-contract';
import { IMPORT_CHUNK_BASE64_CHARS, MAX_IMPORT_BYTES } from '../../shared/session-limits';
import type { RunStarted } from '../run/run-manager';
import { Listeners } from '../util/listeners';
import { exportSession } from './export';
import { ImportUploads } from './import-uploads';
import { SessionRecorder } from './recorder';
import { SessionReads } from './session-reads';
import { SessionNameError } from './names';
import { SessionStore, SessionStoreError } from './session-store';

/** Where a finished run went: its session, and why it isn't on disk if it isn't. */
export interface RunKept {
  runId: string;
  session: SessionSummary | null;
  error: string | null;
}

/** A finished run that could not be put in a session, held in memory to be tried again. */
interface HeldRun extends UnsavedRun {
  run: SessionRun;
  /** The session its start named, tried again first if it is still there. */
  sessionId?: string;
}

/** Runs held at most; past it the oldest is let go, with a log line. */
const MAX_HELD_RUNS = 100;

/** The run events a SessionService records from (see RunManager). */
export interface RunEvents {
  started: Pick<Listeners<RunStarted>, 'add'>;
  progressed: Pick<Listeners<EventPayload<'run:progressed'>>, 'add'>;
  finished: Pick<Listeners<EventPayload<'run:finished'>>, 'add'>;
}

export interface SessionServiceOptions {
  /** Where sessions are kept: a folder to open, or a store its owner has opened already. */
  dataDir: string | SessionStore;
  app: AppInfo;
  monitor: {
    onSample(listener: (sample: CoreSample) => void): () => void;
    machineInfo(): Promise<{ loadSource: LoadSource }>;
  };
  /** The machine facts saved with each run; read once, on the first run. */
  readMachine: (loadSource: LoadSource) => Promise<MachineSnapshot>;
  /** Take in, as they happen, sessions other GIL Labs write to the same folder (the CLI, a second server). */
  watchFolder?: boolean;
  log?: (line: string) => void;
}

/**
 * Sessions for LabCore: the store behind the session:* channels, and the autosave that turns
 * every finished run into a saved one. Runs go to the current session; if none is chosen,
 * the first run starts one named after the day, as a lab notebook would. Runs are placed one at
 * a time, so quick runs on a fresh folder share that one day's session rather than race to
 * create it. A run that can't be placed is held, announced to every client (session:changed
 * save-failed with no id), listed in session:list's unsavedRuns, and placed again by
 * session:retry-saves.
 */
export class SessionService {
  private store: SessionStore | undefined;
  private opening: Promise<SessionStore> | undefined;
  private readonly recorder: SessionRecorder;
  private readonly uploads = new ImportUploads();
  private readonly reads = new SessionReads();
  private machine: Promise<MachineSnapshot> | undefined;
  private readonly saving = new Set<Promise<void>>();
  /** The last run being placed in a session; the next waits for it. */
  private placing: Promise<unknown> = Promise.resolve();
  private readonly held: HeldRun[] = [];
  private stopWatching: (() => void) | undefined;
  private closed = false;
  /** Where each run goes: a named session rather than the current one, and its lesson tag. */
  private readonly targets = new Map<string, { sessionId?: string; tag: LessonTag | null }>();
  /** Each finished run, once it is in a session (saved, or kept in memory with why not), or lost. */
  readonly kept = new Listeners<RunKept>();

  constructor(private readonly options: SessionServiceOptions) {
    this.recorder = new SessionRecorder(options.monitor);
  }

  /** Opens the store: loads and checks every file in the data folder. */
  open(): Promise<SessionStore> {
    const { dataDir } = this.options;
    if (typeof dataDir !== 'string') {
      this.store = dataDir;
      this.opening ??= Promise.resolve(dataDir);
      return this.opening;
    }
    this.opening ??= SessionStore.open(dataDir).then((store) => {
      this.store = store;
      for (const notice of store.list().notices) this.options.log?.(`sessions: ${notice.message}`);
      if (this.options.watchFolder && !this.closed) this.stopWatching = store.watch();
      return store;
    });
    return this.opening;
  }

  onChanged(listener: (change: EventPayload<'session:changed'>) => void): () => void {
    if (this.store) return this.store.changed.add(listener);
    let off: (() => void) | undefined;
    let cancelled = false;
    void this.open().then((store) => {
      if (!cancelled) off = store.changed.add(listener);
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }

  /**
   * Records every run `runs` starts, from run:start to run:finished, and saves each finished
   * run: to the session its start named, or else the current one. Returns a function that stops.
   */
  follow(runs: RunEvents): () => void {
    const offs = [
      runs.started.add(({ runId, plan }) => {
        this.recorder.begin(runId);
        this.targets.set(runId, { sessionId: plan.sessionId, tag: plan.tag ?? null });
      }),
      runs.progressed.add((batch) => {
        for (const event of batch.events) this.recorder.event(batch.runId, event, batch.phase, batch.round);
      }),
      runs.finished.add(({ runId, measurement }) => {
        const saving = this.keep(runId, measurement).finally(() => this.saving.delete(saving));
        this.saving.add(saving);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Saves a finished run. Failures are held, announced and listed, never thrown. */
  private async keep(runId: string, measurement: Measurement | null): Promise<void> {
    const recording = this.recorder.end(runId);
    const target = this.targets.get(runId);
    this.targets.delete(runId);
    if (!recording || !measurement) return;
    let store: SessionStore;
    let run: SessionRun;
    try {
      store = await this.open();
      this.machine ??= this.options.monitor.machineInfo().then((info) => this.options.readMachine(info.loadSource));
      run = recording.finish(measurement, {
        machine: await this.machine,
        app: this.options.app,
        tag: target?.tag ?? null,
      });
    } catch (error) {
      this.lost(runId, (error as Error).message);
      return;
    }
    try {
      this.announce(runId, await this.place(store, run, target?.sessionId));
    } catch (error) {
      this.hold(store, { run, runId, sessionId: target?.sessionId, reason: (error as Error).message, at: now() });
    }
  }

  private announce(runId: string, session: SessionSummary): void {
    this.kept.emit({ runId, session, error: session.saved ? null : (session.saveError ?? 'not saved') });
  }

  private lost(runId: string, message: string): void {
    this.options.log?.(`sessions: could not keep run ${runId}: ${message}`);
    this.kept.emit({ runId, session: null, error: message });
  }

  /**
   * Appends a run to `sessionId`, else the current session, else a new one named after the day
   * it started; one run at a time, so the second of two quick runs finds the first's new session.
   */
  private place(store: SessionStore, run: SessionRun, sessionId: string | undefined): Promise<SessionSummary> {
    const placed = this.placing.then(async () => {
      let id = sessionId ?? store.current;
      if (id === null) {
        const day = run.startedAt.slice(0, 10);
        let name = `Session ${day}`;
        for (let n = 2; store.find(name); n++) name = `Session ${day} (${n})`;
        id = (await store.create(name)).id;
        void store.setCurrent(id);
      }
      return store.appendRun(id, run);
    });
    this.placing = placed.catch(() => {});
    return placed;
  }

  /** Keeps a run that could not be placed, and tells every client it is waiting for a retry. */
  private hold(store: SessionStore, held: HeldRun): void {
    this.held.push(held);
    for (const dropped of this.held.splice(0, Math.max(0, this.held.length - MAX_HELD_RUNS))) {
      this.options.log?.(`sessions: let go of unsaved run ${dropped.runId}: more than ${MAX_HELD_RUNS} are waiting`);
    }
    this.options.log?.(`sessions: run ${held.runId} is not in a session yet (${held.reason}); it can be saved again`);
    this.kept.emit({ runId: held.runId, session: null, error: held.reason });
    store.changed.emit({ reason: 'save-failed', id: null });
  }

  /** Places every held run again: in the session its start named if that is still there, else as a new run would go. */
  private async retryHeld(store: SessionStore): Promise<number> {
    let saved = 0;
    for (const held of this.held.splice(0)) {
      const named = held.sessionId !== undefined && store.find(held.sessionId)?.id === held.sessionId;
      try {
        this.announce(held.runId, await this.place(store, held.run, named ? held.sessionId : undefined));
        saved++;
      } catch (error) {
        this.held.push({ ...held, reason: (error as Error).message, at: now() });
      }
    }
    if (this.held.length > 0) store.changed.emit({ reason: 'save-failed', id: null });
    return saved;
  }

  /** The store's list, with the runs held outside any session. */
  private list(store: SessionStore): SessionList {
    return { ...store.list(), unsavedRuns: this.held.map(({ runId, reason, at }) => ({ runId, reason, at })) };
  }

  /** The session:* handlers; a request the store refuses becomes a ContractError that carries its reason. */
  handlers(): Pick<InvokeHandlers, SessionChannel> {
    const raw = this.rawHandlers();
    const wrapped: Record<string, (request: never) => Promise<unknown>> = {};
    for (const [channel, handler] of Object.entries(raw)) {
      wrapped[channel] = async (request: never) => {
        try {
          return await (handler as (r: never) => unknown)(request);
        } catch (error) {
          if (error instanceof SessionStoreError || error instanceof SessionNameError) {
            throw new ContractError('refused', error.message);
          }
          throw error;
        }
      };
    }
    return wrapped as unknown as Pick<InvokeHandlers, SessionChannel>;
  }

  private rawHandlers(): Pick<InvokeHandlers, SessionChannel> {
    const store = () => this.open();
    return {
      'session:list': async () => this.list(await store()),
      'session:get': async ({ id }) => (await store()).get(id),
      ...this.reads.handlers(store),
      'session:create': async ({ name }) => {
        const s = await store();
        const created = await s.create(name);
        s.setCurrent(created.id);
        return created;
      },
      'session:set-current': async ({ id }) => {
        const s = await store();
        s.setCurrent(id);
        return { id: s.current };
      },
      'session:rename': async ({ id, name }) => (await store()).rename(id, name),
      'session:duplicate': async ({ id, name }) => (await store()).duplicate(id, name),
      'session:delete': async ({ id }) => (await store()).delete(id),
      'session:restore': async ({ id }) => (await store()).restore(id),
      'session:remove-run': async ({ id, runId }) => (await store()).removeRun(id, runId),
      'session:restore-run': async ({ id, runId }) => (await store()).restoreRun(id, runId),
      'session:export': async ({ id, format }) => exportSession((await store()).get(id), format),
      'session:import-begin': ({ fileName, totalBytes }) => ({
        uploadId: this.uploads.begin(fileName, totalBytes),
        chunkChars: IMPORT_CHUNK_BASE64_CHARS,
        maxBytes: MAX_IMPORT_BYTES,
      }),
      'session:import-chunk': ({ uploadId, index, base64 }) => ({
        receivedBytes: this.uploads.chunk(uploadId, index, base64),
      }),
      'session:import-commit': async ({ uploadId }) => {
        const { fileName, bytes } = this.uploads.finish(uploadId);
        return (await store()).import(bytes, fileName);
      },
      'session:import-abort': ({ uploadId }) => ({ aborted: this.uploads.abort(uploadId) }),
      'session:retry-saves': async () => {
        const s = await store();
        const saved = await s.retrySaves();
        return { saved: saved + (await this.retryHeld(s)) };
      },
    };
  }

  /** Stops recording, and waits for a run that just finished to reach the disk. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWatching?.();
    this.recorder.close();
    this.uploads.close();
    await Promise.all(this.saving);
  }
}

const now = (): string => new Date().toISOString();
