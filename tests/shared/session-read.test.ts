import { describe, expect, it } from 'vitest';
import { syntheticSession } from '../../src/core/sessions/synthetic-session';
import { SessionDocumentSchema, type SessionDocument } from '../../src/shared/session';
import {
  chunkCount,
  SessionAssembly,
  sessionChunk,
  SessionChunkError,
  SessionChunkSchema,
  SESSION_READ_CHUNK_CHARS,
  sessionOutline,
  SessionOutlineSchema,
} from '../../src/shared/session-read';

/** Every chunk of `doc`, as the engine cuts them. */
function chunksOf(doc: SessionDocument, chunkChars: number) {
  const chunks = [];
  for (let index = 0; ; index++) {
    const chunk = sessionChunk(doc, index, chunkChars);
    if (!chunk) return chunks;
    chunks.push(SessionChunkSchema.parse(chunk));
  }
}

function assemble(doc: SessionDocument, chunkChars: number): SessionDocument {
  const assembly = new SessionAssembly(SessionOutlineSchema.parse(sessionOutline(doc, 'v1', chunkChars)));
  for (const chunk of chunksOf(doc, chunkChars)) assembly.add(chunk);
  return assembly.finish();
}

describe('a session read in pieces', () => {
  const doc = syntheticSession({ cores: 8, hz: 10, seconds: 60, runs: 3 });

  it('comes in an outline without the packed columns, then chunks of at most the chunk size', () => {
    const long = syntheticSession({ cores: 32, hz: 10, seconds: 300, runs: 3 });
    const whole = JSON.stringify(long).length;
    const outlineText = JSON.stringify(sessionOutline(long, 'v1')).length;
    console.log(`outline of a ${whole}-character session: ${outlineText} characters`);
    expect(outlineText).toBeLessThan(whole / 10);

    const outline = sessionOutline(doc, 'v1', 1000);
    expect(SessionDocumentSchema.parse(outline.document).runs).toHaveLength(3);
    expect(outline.document.runs[0]!.load!.values).toBe('');
    const chunks = chunksOf(doc, 1000);
    expect(chunks.length).toBe(chunkCount(outline));
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.slice(0, -1).every((c) => c.text.length === 1000)).toBe(true);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('is put back together equal to the document, whatever the chunk size', () => {
    for (const chunkChars of [1, 3, 999, 4096, SESSION_READ_CHUNK_CHARS])
      expect(assemble(doc, chunkChars)).toEqual(doc);
  });

  it('puts together sessions with runs that have no load or timeline, and with no runs', () => {
    const bare: SessionDocument = {
      ...doc,
      runs: [
        { ...doc.runs[0]!, load: null },
        { ...doc.runs[1]!, timeline: null },
        { ...doc.runs[2]!, load: null, timeline: null },
      ],
    };
    expect(assemble(bare, 777)).toEqual(bare);
    const empty = { ...doc, runs: [] };
    expect(chunkCount(sessionOutline(empty, 'v1'))).toBe(0);
    expect(sessionChunk(empty, 0)).toBeNull();
    expect(assemble(empty, 777)).toEqual(empty);
  });

  it('refuses a chunk cut short, one out of order, and a document missing chunks', () => {
    const outline = sessionOutline(doc, 'v1', 1000);
    const [first, second] = chunksOf(doc, 1000);
    const short = new SessionAssembly(outline);
    expect(() => short.add({ ...first!, text: first!.text.slice(1) })).toThrow(
      new SessionChunkError('chunk 0 holds 999 characters where 1000 were expected'),
    );
    const skipped = new SessionAssembly(outline);
    expect(() => skipped.add(second!)).toThrow(new SessionChunkError('chunk 1 arrived where 0 was expected'));
    const unfinished = new SessionAssembly(outline);
    unfinished.add(first!);
    expect(() => unfinished.finish()).toThrow(/1 of \d+ chunks arrived/);
    expect(() => new SessionAssembly({ ...outline, columnChars: outline.columnChars.slice(1) })).toThrow(
      SessionChunkError,
    );
  });
});
