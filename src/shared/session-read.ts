import { z } from 'zod';
import {
  SessionDocumentSchema,
  SessionIdSchema,
  type LoadTrace,
  type SessionDocument,
  type SessionRun,
  type Timeline,
} from './session';
import { MAX_IMPORT_BYTES, MAX_SESSION_RUNS } from './session-limits';

/**
 * A session reaches the page in pieces, each small enough to parse and check without holding up
 * the page: first its outline, the whole document with every packed column left empty and each
 * column's length, then the columns' text laid end to end in outline order, a chunk of at most
 * SESSION_READ_CHUNK_CHARS at a time. The page puts the document together and shows it only once
 * every chunk has arrived and the whole has passed the contract. The engine keeps nothing between
 * messages: each chunk request names the version its outline gave, and a session that changed in
 * between is refused, so no chunk of one version lands in another.
 */

/**
 * Characters of column text per chunk. With its envelope a chunk stays under the browser-mode
 * server's backed-up mark (1 MiB), so the monitor's samples keep flowing while a session opens.
 */
export const SESSION_READ_CHUNK_CHARS = 512 * 1024;

const LOAD_COLUMNS = ['offsetsMs', 'values'] as const satisfies readonly (keyof LoadTrace)[];
const TIMELINE_COLUMNS = ['t', 'worker', 'kind', 'arg', 'segment'] as const satisfies readonly (keyof Timeline)[];
const MAX_COLUMNS = MAX_SESSION_RUNS * (LOAD_COLUMNS.length + TIMELINE_COLUMNS.length);

const VersionSchema = z.string().min(1).max(64);

export const SessionOutlineSchema = z
  .object({
    /** This version of the session; every chunk request names it. */
    version: VersionSchema,
    /** The session with every packed column empty. */
    document: SessionDocumentSchema,
    /** Each packed column's length in characters, in the order packedColumns lists them. */
    columnChars: z.array(z.number().int().nonnegative().max(MAX_IMPORT_BYTES)).max(MAX_COLUMNS),
    chunkChars: z.number().int().positive().max(SESSION_READ_CHUNK_CHARS),
  })
  .strict();
export type SessionOutline = z.output<typeof SessionOutlineSchema>;

export const SessionChunkRequestSchema = z
  .object({ id: SessionIdSchema, version: VersionSchema, index: z.number().int().nonnegative() })
  .strict();
export type SessionChunkRequest = z.output<typeof SessionChunkRequestSchema>;

export const SessionChunkSchema = z
  .object({ index: z.number().int().nonnegative(), text: z.string().max(SESSION_READ_CHUNK_CHARS) })
  .strict();
export type SessionChunk = z.output<typeof SessionChunkSchema>;

/** Every packed column's text, run by run: the load's, then the timeline's. */
function packedColumns(doc: SessionDocument): string[] {
  const texts: string[] = [];
  for (const run of doc.runs) {
    if (run.load) for (const key of LOAD_COLUMNS) texts.push(run.load[key]);
    if (run.timeline) for (const key of TIMELINE_COLUMNS) texts.push(run.timeline[key]);
  }
  return texts;
}

/** The document with its packed columns replaced, in packedColumns order, by `texts`. */
function withColumns(doc: SessionDocument, texts: readonly string[]): SessionDocument {
  let next = 0;
  const fill = <T extends object>(part: T, keys: readonly (keyof T)[]): T => {
    const copy = { ...part };
    for (const key of keys) (copy as Record<keyof T, unknown>)[key] = texts[next++];
    return copy;
  };
  const runs = doc.runs.map((run): SessionRun => ({
    ...run,
    load: run.load && fill(run.load, LOAD_COLUMNS),
    timeline: run.timeline && fill(run.timeline, TIMELINE_COLUMNS),
  }));
  return { ...doc, runs };
}

/** How many chunks the outline's columns come in. */
export function chunkCount(outline: Pick<SessionOutline, 'columnChars' | 'chunkChars'>): number {
  return Math.ceil(outline.columnChars.reduce((sum, n) => sum + n, 0) / outline.chunkChars);
}

/** What session:read-begin answers for this version of a session. */
export function sessionOutline(
  doc: SessionDocument,
  version: string,
  chunkChars = SESSION_READ_CHUNK_CHARS,
): SessionOutline {
  const texts = packedColumns(doc);
  return {
    version,
    document: withColumns(
      doc,
      texts.map(() => ''),
    ),
    columnChars: texts.map((text) => text.length),
    chunkChars,
  };
}

/** Chunk `index` of the session's column text, or null past its last chunk. */
export function sessionChunk(
  doc: SessionDocument,
  index: number,
  chunkChars = SESSION_READ_CHUNK_CHARS,
): SessionChunk | null {
  const texts = packedColumns(doc);
  const totalChars = texts.reduce((sum, text) => sum + text.length, 0);
  const from = index * chunkChars;
  if (from >= totalChars) return null;
  const to = from + chunkChars;
  const parts: string[] = [];
  let start = 0;
  for (const text of texts) {
    const end = start + text.length;
    if (end > from && start < to) parts.push(text.slice(Math.max(from - start, 0), Math.min(to - start, text.length)));
    if (end >= to) break;
    start = end;
  }
  return { index, text: parts.join('') };
}

/** A chunk that does not fit the outline: the reason, for the message that says which. */
export class SessionChunkError extends Error {}

/**
 * Puts a session together from its outline and its chunks, taken in order. Each chunk is cut
 * into the columns it covers as it arrives, and a column is joined into one string as soon as
 * its last piece is in, so that cost falls on the chunk that completes it, never on one task.
 */
export class SessionAssembly {
  readonly chunks: number;
  private readonly totalChars: number;
  /** Each column's text, once complete; empty columns are complete from the start. */
  private readonly texts: string[];
  /** The pieces of the column being filled. */
  private pieces: string[] = [];
  private column = 0;
  private filled = 0;
  private received = 0;

  constructor(private readonly outline: SessionOutline) {
    this.totalChars = outline.columnChars.reduce((sum, n) => sum + n, 0);
    this.chunks = chunkCount(outline);
    this.texts = outline.columnChars.map(() => '');
    const columns = packedColumns(outline.document).length;
    if (columns !== outline.columnChars.length) {
      throw new SessionChunkError(
        `the outline gives ${outline.columnChars.length} column lengths for ${columns} columns`,
      );
    }
  }

  add(chunk: SessionChunk): void {
    const { text, index } = chunk;
    if (index !== this.received) {
      throw new SessionChunkError(`chunk ${index} arrived where ${this.received} was expected`);
    }
    const expected = Math.min(this.outline.chunkChars, this.totalChars - index * this.outline.chunkChars);
    if (text.length !== expected) {
      throw new SessionChunkError(`chunk ${index} holds ${text.length} characters where ${expected} were expected`);
    }
    let offset = 0;
    while (offset < text.length) {
      const room = this.outline.columnChars[this.column]! - this.filled;
      const take = Math.min(room, text.length - offset);
      if (take > 0) this.pieces.push(text.slice(offset, offset + take));
      this.filled += take;
      offset += take;
      if (this.filled === this.outline.columnChars[this.column]) {
        this.texts[this.column++] = this.pieces.join('');
        this.pieces = [];
        this.filled = 0;
      }
    }
    this.received++;
  }

  /** The whole document, once every chunk has arrived; unchecked, for the caller to check. */
  finish(): SessionDocument {
    if (this.received !== this.chunks) {
      throw new SessionChunkError(`${this.received} of ${this.chunks} chunks arrived`);
    }
    return withColumns(this.outline.document, this.texts);
  }
}
