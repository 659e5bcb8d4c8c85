import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp, defineComponent, h } from 'vue';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { FileSaverKey } from '../../../src/renderer/src/lib/file-save';
import { TransportKey } from '../../../src/renderer/src/transport/transport';
import type { SessionDocument } from '../../../src/shared/session';
import type { SessionChanged, SessionList } from '../../../src/shared/session-contract';
import { SessionReads } from '../../../src/core/sessions/session-reads';
import { MemoryTransport } from '../../support/memory-transport';
import { RecordingSaver } from '../mount';
import { lessonSession, machine, sessionBackend, until } from './support';

/**
 * The library against an engine whose folder another GIL Lab writes to (the CLI, a second window):
 * the engine says so with session:changed, and the file may change without its line in the list
 * changing at all.
 */
async function watchedFolder() {
  const { store } = await sessionBackend();
  const ids = [
    await lessonSession(store, 'Lesson 1', machine(4), { sequential: 1000, gil: 1040, processes: 260 }),
    await lessonSession(store, 'Lesson 2', machine(4), { sequential: 900, gil: 950, processes: 250 }),
  ];
  const files = new Map<string, SessionDocument>(ids.map((id) => [id, store.get(id)]));
  const list = (): SessionList => ({ ...store.list(), unsavedRuns: [], dir: '/sessions' });
  let hold: Promise<void> | null = null;
  const pieces = new SessionReads();
  const transport = new MemoryTransport({
    'session:list': list,
    'session:read-begin': async ({ id }) => {
      const doc = files.get(id)!;
      if (hold) await hold;
      return pieces.begin(doc);
    },
    'session:read-chunk': ({ id, version, index }) => pieces.chunk(id, version, index),
  });
  const app = createApp(defineComponent({ render: () => h('div') }));
  const pinia = createPinia();
  app.use(pinia).provide(TransportKey, transport).provide(FileSaverKey, new RecordingSaver());
  setActivePinia(pinia);
  const library = app.runWithContext(() => useSessionLibrary());
  library.start();
  await until(() => library.sessions.length === 2);
  /** Another GIL Lab rewrites a file: one run's wall time changes, and nothing the list shows. */
  const rewrite = (id: string, wallMs: number) => {
    const doc = files.get(id)!;
    const [first, ...rest] = doc.runs;
    const m = first!.measurement;
    files.set(id, {
      ...doc,
      runs: [{ ...first!, measurement: { ...m, wallMs: { ...m.wallMs, median: wallMs } } }, ...rest],
    });
  };
  const emit = (change: SessionChanged) => transport.emit('session:changed', change);
  const holdReads = () => {
    let release = () => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    return () => {
      hold = null;
      release();
    };
  };
  const reads = () => transport.calls.filter((c) => c.channel === 'session:read-begin').length;
  const lists = () => transport.calls.filter((c) => c.channel === 'session:list').length;
  return { ids, library, rewrite, emit, holdReads, reads, lists };
}

const firstWall = (doc: SessionDocument | null | undefined) => doc?.runs[0]!.measurement.wallMs.median;

describe('the library when another GIL Lab writes a session', () => {
  it('lists again, and reads the open session again, though its line in the list is the same', async () => {
    const { ids, library, rewrite, emit, lists } = await watchedFolder();
    await library.open(ids[0]!);
    expect(firstWall(library.openDoc)).toBe(1000);
    const listed = lists();
    rewrite(ids[0]!, 1234);
    emit({ reason: 'external', id: ids[0]! });
    await until(() => firstWall(library.openDoc) === 1234);
    expect(lists()).toBeGreaterThan(listed);
  });

  it('keeps the open session on screen while its new version is read', async () => {
    const { ids, library, rewrite, emit, holdReads } = await watchedFolder();
    await library.open(ids[0]!);
    const release = holdReads();
    rewrite(ids[0]!, 1500);
    emit({ reason: 'run-removed', id: ids[0]! });
    await library.refresh();
    expect(firstWall(library.openDoc)).toBe(1000);
    release();
    await until(() => firstWall(library.openDoc) === 1500);
  });

  it('reads every session it holds again when the engine can’t say which file changed', async () => {
    const { ids, library, rewrite, emit } = await watchedFolder();
    await library.open(ids[0]!);
    await library.load(ids[1]!);
    rewrite(ids[0]!, 1111);
    rewrite(ids[1]!, 2222);
    emit({ reason: 'external', id: null });
    await until(() => firstWall(library.openDoc) === 1111);
    expect(firstWall(await library.load(ids[1]!))).toBe(2222);
  });

  it('reads a session again after a run is taken out or put back', async () => {
    for (const reason of ['run-removed', 'run-restored'] as const) {
      const { ids, library, rewrite, emit } = await watchedFolder();
      await library.open(ids[1]!);
      rewrite(ids[1]!, 4321);
      emit({ reason, id: ids[1]! });
      await until(() => firstWall(library.openDoc) === 4321);
    }
  });

  it('keeps what it read when a change leaves the session as it was', async () => {
    const { ids, library, emit, reads, lists } = await watchedFolder();
    await library.open(ids[0]!);
    const read = reads();
    const listed = lists();
    emit({ reason: 'current-changed', id: ids[0]! });
    await until(() => lists() > listed);
    await library.refresh();
    expect(reads()).toBe(read);
  });

  it('does not keep a read that was under way when the file changed', async () => {
    const { ids, library, rewrite, emit, holdReads } = await watchedFolder();
    const release = holdReads();
    const early = library.load(ids[0]!);
    // The read has started and is waiting; now the file changes.
    rewrite(ids[0]!, 999);
    emit({ reason: 'external', id: ids[0]! });
    release();
    await early;
    // The early read answered its caller, but the library reads the file again for the next look.
    expect(firstWall(await library.load(ids[0]!))).toBe(999);
  });
});
