import type { SessionDocument } from '../../shared/session';

/** What the engine asks of the session codec thread (session-codec-worker.ts). */
export type CodecRequest =
  { id: number; op: 'encode'; doc: SessionDocument } | { id: number; op: 'decode'; bytes: Uint8Array; limit: number };

/** Its answer; `fileError` marks a SessionFileError, whose message names what is wrong with the file. */
export type CodecAnswer =
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: true; doc: SessionDocument }
  | { id: number; ok: false; fileError: boolean; message: string };
