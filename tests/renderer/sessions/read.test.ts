import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp, defineComponent, h } from 'vue';
import { SessionReads } from '../../../src/core/sessions/session-reads';
import { syntheticSession } from '../../../src/core/sessions/synthetic-session';
import { FileSaverKey } from '../../../src/renderer/src/lib/file-save';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { TransportError, TransportKey } from '../../../src/renderer/src/transport/transport';
import type { SessionChunk, SessionOutline } from '../../../src/shared/session-read';
import type { SessionList } from '../../../src/shared/session-contract';
import { MemoryTransport } from '../../support/memory-transport';
import { RecordingSaver } from '../mount';
import { until } from './support';

/**
 * Opening a session whose pieces go wrong on the way: the page says why, as it says it for a
 * bad answer, and shows nothing of what had arrived.
 */
async function libraryReading(
  spoil: (chunk: SessionChunk) => SessionChunk | Promise<SessionChunk>,
  spoilOutline: (outline: SessionOutline) => SessionOutline = (outline) => outline,
) {
  const doc = syntheticSession({ cores: 8, hz: 10, seconds: 60, runs: 3 });
  const reads = new SessionReads({ chunkChars: 2000 });
  const summary = {
    id: doc.id,
    name: doc.name,
    runs: doc.runs.length,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    importedFrom: null,
    machines: [],
    logicalCores: [],
    saved: true,
    saveError: null,
    deletedAt: null,
  };
  const list: SessionList = {
    sessions: [summary],
    trash: [],
    currentId: null,
    notices: [],
    foreign: [],
    unsavedRuns: [],
    dir: '/sessions',
  };
  const transport = new MemoryTransport({
    'session:list': () => list,
    'session:read-begin': () => spoilOutline(reads.begin(doc)),
    'session:read-chunk': ({ id, version, index }) => spoil(reads.chunk(id, version, index)),
  });
  const app = createApp(defineComponent({ render: () => h('div') }));
  const pinia = createPinia();
  app.use(pinia).provide(TransportKey, transport).provide(FileSaverKey, new RecordingSaver());
  setActivePinia(pinia);
  const library = app.runWithContext(() => useSessionLibrary());
  library.start();
  await until(() => library.sessions.length === 1);
  return { doc, library, transport };
}

describe('opening a session read in pieces', () => {
  it('takes it in chunk by chunk and shows the whole document', async () => {
    const { doc, library, transport } = await libraryReading((chunk) => chunk);
    await library.open(doc.id);
    expect(transport.calls.filter((c) => c.channel === 'session:read-chunk').length).toBeGreaterThan(3);
    expect(library.openError).toBeNull();
    expect(library.openDoc).toEqual(doc);
  });

  it('fails cleanly on a chunk cut short, keeping nothing of it', async () => {
    const { doc, library } = await libraryReading((chunk) =>
      chunk.index === 2 ? { ...chunk, text: chunk.text.slice(0, -4) } : chunk,
    );
    await library.open(doc.id);
    expect(library.openError).toBe(
      'Could not open the session: Response on "session:read-chunk" rejected: chunk 2 holds 1996 characters where 2000 were expected',
    );
    expect(library.openDoc).toBeNull();
    expect(library.docs.size).toBe(0);
  });

  it('fails cleanly on an outline whose columns come out the wrong length, saying which', async () => {
    // One character moved from the first column to the second: every chunk fits, the columns don't.
    const { doc, library } = await libraryReading(
      (chunk) => chunk,
      (outline) => ({
        ...outline,
        columnChars: outline.columnChars.map((n, i) => (i === 0 ? n + 1 : i === 1 ? n - 1 : n)),
      }),
    );
    await library.open(doc.id);
    expect(library.openError).toBe(
      'Could not open the session: Response on "session:read-chunk" rejected: runs.0.load.offsetsMs: must be base64: its length is not a multiple of 4; runs.0.load.values: must be base64: its length is not a multiple of 4',
    );
    expect(library.openDoc).toBeNull();
  });

  it('fails cleanly when the connection drops mid-read, with the same words as any request', async () => {
    const { doc, library } = await libraryReading((chunk) => {
      if (chunk.index === 1) throw new TransportError('disconnected', 'the connection to GIL Lab was lost');
      return chunk;
    });
    await library.open(doc.id);
    expect(library.openError).toBe('Could not open the session: the connection to GIL Lab was lost');
    expect(library.openDoc).toBeNull();
  });
});
