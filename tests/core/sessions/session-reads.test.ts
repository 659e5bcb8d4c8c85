import { describe, expect, it } from 'vitest';
import { SessionReads } from '../../../src/core/sessions/session-reads';
import { syntheticSession } from '../../../src/core/sessions/synthetic-session';
import { chunkCount, SessionAssembly } from '../../../src/shared/session-read';

const doc = syntheticSession({ cores: 4, hz: 10, seconds: 30, runs: 2 });

describe('serving a session in pieces', () => {
  it('serves every chunk of the version a read began with, even once the session has changed', () => {
    const reads = new SessionReads({ chunkChars: 500 });
    const outline = reads.begin(doc);
    const assembly = new SessionAssembly(outline);
    expect(assembly.chunks).toBeGreaterThan(3);
    // The store puts a new document in place of the old one; the read under way keeps the old.
    const renamed = reads.begin({ ...doc, name: 'Renamed', runs: doc.runs.slice(1) });
    expect(renamed.version).not.toBe(outline.version);
    for (let index = 0; index < assembly.chunks; index++) assembly.add(reads.chunk(doc.id, outline.version, index));
    expect(assembly.finish()).toEqual(doc);
  });

  it('lets a read go once its last chunk is served', () => {
    const reads = new SessionReads({ chunkChars: 500 });
    const outline = reads.begin(doc);
    const last = chunkCount(outline) - 1;
    reads.chunk(doc.id, outline.version, last);
    expect(reads.size).toBe(0);
    expect(() => reads.chunk(doc.id, outline.version, 0)).toThrow(/is over or was let go; open it again/);
    // A session with no column text has nothing to read after its outline, and holds nothing.
    reads.begin({ ...doc, runs: [] });
    expect(reads.size).toBe(0);
  });

  it('refuses a chunk asked for under another session, or past the last', () => {
    const reads = new SessionReads({ chunkChars: 500 });
    const outline = reads.begin(doc);
    expect(() => reads.chunk('another-1', outline.version, 0)).toThrow(/session "another-1"/);
    expect(() => reads.chunk(doc.id, outline.version, chunkCount(outline))).toThrow(/has no chunk/);
  });

  it('lets go of reads left idle, and of the idlest when too many are under way', () => {
    let now = 0;
    const reads = new SessionReads({ chunkChars: 500, idleMs: 1000, maxReads: 2 }, () => now);
    const idle = reads.begin(doc);
    now = 900;
    const kept = reads.begin(doc);
    now = 1500;
    expect(() => reads.chunk(doc.id, idle.version, 0)).toThrow(/let go/);
    expect(reads.chunk(doc.id, kept.version, 0).index).toBe(0);
    reads.begin(doc);
    reads.begin(doc);
    expect(reads.size).toBe(2);
    expect(() => reads.chunk(doc.id, kept.version, 1)).toThrow(/let go/);
  });
});
