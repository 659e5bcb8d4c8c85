/**
 * How the engine turns a session into file bytes and back. A large session is encoded and
 * checked on the session codec thread, so JSON and the column checks of an hour of samples never
 * hold up the engine's thread; a small one, or any session before the composition root has said
 * where worker entries live, is done here, where it costs less than the trip to the thread.
 */
import type { SessionDocument } from '../../shared/session';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import type { WorkerLocator } from '../workers/spawn-thread';
import * as here from './session-bytes';
import { CodecThreadError, SessionCodecThread } from './session-codec-thread';

export { EXPORT_FIGURES_FIELD, formatBytes, isGzip } from './session-bytes';

/**
 * Documents whose packed columns hold more than this many characters, and files of more than
 * this many bytes, go to the thread: about a minute of samples on 64 cores.
 */
export const THREAD_THRESHOLD_BYTES = 256 * 1024;

let thread: SessionCodecThread | undefined;
let thresholdBytes = THREAD_THRESHOLD_BYTES;

/**
 * Sends large sessions to a codec thread started from `locate` (null: back to this thread).
 * The composition root calls this once, as it passes the locator to the monitor and the pools.
 */
export function useSessionCodecThread(locate: WorkerLocator | null, threshold = THREAD_THRESHOLD_BYTES): void {
  const previous = thread;
  thread = locate ? new SessionCodecThread(locate) : undefined;
  thresholdBytes = threshold;
  void previous?.close();
}

/** What a session file on disk holds: the document as JSON, gzipped. */
export function encodeSessionFile(doc: SessionDocument): Promise<Buffer> {
  const codec = thread;
  if (!codec || packedChars(doc) < thresholdBytes) return here.encodeSessionFile(doc);
  return codec.encode(doc).catch((error) => {
    if (error instanceof CodecThreadError) return here.encodeSessionFile(doc);
    throw error;
  });
}

/**
 * Reads session bytes, gzipped or plain JSON, within the import limit both before and after
 * decompression, and checks every column; a SessionFileError says what is wrong.
 */
export function decodeSessionBytes(bytes: Uint8Array, limit = MAX_IMPORT_BYTES): Promise<SessionDocument> {
  const codec = thread;
  if (!codec || bytes.length < thresholdBytes || bytes.length > limit) return here.decodeSessionBytes(bytes, limit);
  return codec.decode(bytes, limit).catch((error) => {
    if (error instanceof CodecThreadError) return here.decodeSessionBytes(bytes, limit);
    throw error;
  });
}

function packedChars(doc: SessionDocument): number {
  let chars = 0;
  for (const run of doc.runs) {
    if (run.load) chars += run.load.values.length + run.load.offsetsMs.length;
    if (run.timeline) chars += run.timeline.t.length + run.timeline.arg.length;
  }
  return chars;
}
