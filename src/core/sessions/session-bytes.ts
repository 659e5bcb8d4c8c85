/**
 * A session file's bytes and back, on whichever thread calls: session-file.ts decides which.
 * Plain Node, no state, so the codec thread and the engine's own thread run the same code.
 */
import { promisify } from 'node:util';
import { gunzip, gzip, constants } from 'node:zlib';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import type { SessionDocument } from '../../shared/session';
import type { Base64Decoder } from '../../shared/session-codec';
import type { ContentCheckOptions } from '../../shared/session-content';
import { checkSessionValue, parseSessionText, SessionFileError } from '../../shared/session-parse';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Each gzip member holds this much JSON. A file is its members one after another, which every
 * gunzip reads as one stream, so the members compress side by side on libuv's threads.
 */
const MEMBER_BYTES = 2 * 1024 * 1024;
/**
 * Deflate's fastest level: a session's packed columns are base64, which the longer searches of
 * the default level shrink by a third more at four times the time.
 */
const GZIP_LEVEL = 1;

/** What a session file on disk holds: the document as JSON, gzipped. */
export async function encodeSessionFile(doc: SessionDocument): Promise<Buffer> {
  const json = Buffer.from(JSON.stringify(doc));
  const members: Promise<Buffer>[] = [];
  for (let at = 0; at < json.length || at === 0; at += MEMBER_BYTES) {
    members.push(gzipAsync(json.subarray(at, at + MEMBER_BYTES), { level: GZIP_LEVEL }));
  }
  return Buffer.concat(await Promise.all(members));
}

/** Node's own base64 decoder, used only where it gives exactly the bytes base64Decode would. */
const decodeBase64: Base64Decoder = (text) => {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
};
const CHECKS: ContentCheckOptions = { decodeBase64 };

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads session bytes, gzipped or plain JSON, within the import limit both before and after
 * decompression, so a small "zip bomb" can't expand without bound.
 */
export async function decodeSessionBytes(bytes: Uint8Array, limit = MAX_IMPORT_BYTES): Promise<SessionDocument> {
  if (bytes.length > limit)
    throw new SessionFileError(`is ${formatBytes(bytes.length)}; the limit is ${formatBytes(limit)}`);
  let raw: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      raw = await gunzipAsync(bytes, { maxOutputLength: limit });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || (error as Error).message.includes('Cannot create a Buffer larger')) {
        throw new SessionFileError(
          `expands to more than ${formatBytes(limit)} when decompressed; the limit is ${formatBytes(limit)}`,
        );
      }
      if (code === 'Z_BUF_ERROR' || (error as { errno?: number }).errno === constants.Z_BUF_ERROR) {
        throw new SessionFileError('is truncated: the gzip data ends before it is complete');
      }
      throw new SessionFileError(`is damaged gzip data (${(error as Error).message.split('\n')[0]})`);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new SessionFileError('is not text: it is neither JSON nor a gzipped GIL Lab session');
  }
  return parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** Where a JSON export keeps the figures derived from its runs; dropped again on import. */
export const EXPORT_FIGURES_FIELD = 'figures';

/** A session's JSON, with an export's derived figures dropped before every check. */
function parseDocument(text: string): SessionDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the shared parser says how, in its words.
    return parseSessionText(text, CHECKS);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && EXPORT_FIGURES_FIELD in value) {
    const { [EXPORT_FIGURES_FIELD]: _derived, ...doc } = value as Record<string, unknown>;
    return checkSessionValue(doc, CHECKS);
  }
  return checkSessionValue(value, CHECKS);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
