import { randomUUID } from 'node:crypto';
import type { InvokeHandlers } from '../../shared/contract';
import type { SessionDocument } from '../../shared/session';
import {
  chunkCount,
  SESSION_READ_CHUNK_CHARS,
  sessionChunk,
  sessionOutline,
  type SessionChunk,
  type SessionOutline,
} from '../../shared/session-read';
import { SessionStoreError, type SessionStore } from './session-store';

interface Read {
  doc: SessionDocument;
  chunks: number;
  lastUsed: number;
}

export interface SessionReadLimits {
  /** Reads under way at once; past it the one left idle longest is let go. */
  maxReads: number;
  /** A read with no chunk asked for this long is let go. */
  idleMs: number;
  /** Characters of column text per chunk. */
  chunkChars: number;
}

const DEFAULT_LIMITS: SessionReadLimits = { maxReads: 16, idleMs: 60_000, chunkChars: SESSION_READ_CHUNK_CHARS };

/**
 * Serves a session to the page in pieces (session:read-begin, session:read-chunk). Each read
 * keeps the version of the document it began with, so its chunks all come from that version
 * even if the session changes meanwhile, as one whole answer would. A read is let go once its
 * last chunk is served, or when it sits idle or too many are under way, so a page that stops
 * asking holds nothing for long. The store's documents are never changed in place, so keeping
 * one costs only what a newer version no longer shares with it.
 */
export class SessionReads {
  private readonly reads = new Map<string, Read>();
  private readonly limits: SessionReadLimits;

  constructor(
    limits: Partial<SessionReadLimits> = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The two channels, answered from the store's documents. */
  handlers(store: () => Promise<SessionStore>): Pick<InvokeHandlers, 'session:read-begin' | 'session:read-chunk'> {
    return {
      'session:read-begin': async ({ id }) => this.begin((await store()).get(id)),
      'session:read-chunk': ({ id, version, index }) => this.chunk(id, version, index),
    };
  }

  begin(doc: SessionDocument): SessionOutline {
    this.letGoIdle();
    if (this.reads.size >= this.limits.maxReads) this.reads.delete(this.reads.keys().next().value!);
    const version = randomUUID();
    const outline = sessionOutline(doc, version, this.limits.chunkChars);
    const chunks = chunkCount(outline);
    if (chunks > 0) this.reads.set(version, { doc, chunks, lastUsed: this.now() });
    return outline;
  }

  chunk(id: string, version: string, index: number): SessionChunk {
    this.letGoIdle();
    const read = this.reads.get(version);
    if (!read || read.doc.id !== id) {
      throw new SessionStoreError(`the read of session "${id}" is over or was let go; open it again`);
    }
    const chunk = sessionChunk(read.doc, index, this.limits.chunkChars);
    if (!chunk) throw new SessionStoreError(`"${read.doc.name}" has no chunk ${index}`);
    // Map order is the order reads were last used in, so the first is the one idle longest.
    this.reads.delete(version);
    if (index + 1 < read.chunks) this.reads.set(version, { ...read, lastUsed: this.now() });
    return chunk;
  }

  /** Reads under way: begun and not yet served their last chunk. */
  get size(): number {
    return this.reads.size;
  }

  private letGoIdle(): void {
    const cutoff = this.now() - this.limits.idleMs;
    for (const [version, read] of this.reads) {
      if (read.lastUsed > cutoff) break;
      this.reads.delete(version);
    }
  }
}
