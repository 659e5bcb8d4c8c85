import { z } from 'zod';
import { base64Text } from './schemas';
import { SessionSummarySchema } from './session-contract';
import { IMPORT_CHUNK_BASE64_CHARS, MAX_IMPORT_BYTES } from './session-limits';

/**
 * Import goes in chunks, because one browser-mode message is capped at MAX_MESSAGE_BYTES: begin
 * with the file's size (refused at once if it is over the limit), send base64 chunks in order,
 * then commit. Nothing is stored unless the whole file checks out.
 */
export const ImportBeginSchema = z
  .object({ fileName: z.string().max(1000), totalBytes: z.number().int().nonnegative() })
  .strict();
export const ImportBeganSchema = z
  .object({ uploadId: z.string(), chunkChars: z.number().int().positive(), maxBytes: z.literal(MAX_IMPORT_BYTES) })
  .strict();
export const ImportChunkSchema = z
  .object({
    uploadId: z.string().max(64),
    /** 0, 1, 2, … in order. */
    index: z.number().int().nonnegative(),
    base64: base64Text(IMPORT_CHUNK_BASE64_CHARS),
  })
  .strict();
export const ImportProgressSchema = z.object({ receivedBytes: z.number().int().nonnegative() }).strict();
export const ImportRefSchema = z.object({ uploadId: z.string().max(64) }).strict();

/** The import channels of the contract (see contract.ts). */
export const sessionImportContract = {
  /** Begins with the size, refused at once if it is over the limit. */
  'session:import-begin': { request: ImportBeginSchema, response: ImportBeganSchema },
  'session:import-chunk': { request: ImportChunkSchema, response: ImportProgressSchema },
  /** Checks the whole file and keeps it as a new session. */
  'session:import-commit': { request: ImportRefSchema, response: SessionSummarySchema },
  'session:import-abort': { request: ImportRefSchema, response: z.object({ aborted: z.boolean() }).strict() },
} as const;

/** Splits file bytes, base64-encoded, into session:import-chunk payloads. */
export function importChunks(base64: string, chunkChars = IMPORT_CHUNK_BASE64_CHARS): string[] {
  const size = chunkChars - (chunkChars % 4);
  const chunks: string[] = [];
  for (let i = 0; i < base64.length; i += size) chunks.push(base64.slice(i, i + size));
  return chunks.length > 0 ? chunks : [''];
}
