import type { SessionDocument, SessionRun } from '../../shared/session';

/**
 * What the engine asks of the session codec thread (session-codec-worker.ts). A decoded document
 * comes back one run at a time: the thread sends a run, the engine asks for `more`, and the
 * document itself, without its runs, comes last. Each piece is a message of its own, taken in on
 * its own turn of the engine's event loop, so no one turn has to unpack an hour of samples.
 */
export type CodecRequest =
  | { id: number; op: 'encode'; doc: SessionDocument }
  | { id: number; op: 'decode'; bytes: Uint8Array; limit: number }
  | { id: number; op: 'more' }
  /** Leave now, between two messages: see SessionCodecThread.close. */
  | { op: 'close' };

/** Its answer; `fileError` marks a SessionFileError, whose message names what is wrong with the file. */
export type CodecAnswer =
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: true; run: SessionRun }
  | { id: number; ok: true; doc: SessionDocument }
  | { id: number; ok: false; fileError: boolean; message: string };
