/**
 * Session codec thread entry: turns documents into file bytes and file bytes into checked
 * documents, so that JSON, gzip's bookkeeping and every column check of a long session run
 * here rather than on the engine's thread. A decoded document goes back a run at a time, each
 * when the engine asks for it (see session-codec-protocol.ts).
 */
import type { SessionDocument } from '../../shared/session';
import { SessionFileError } from '../../shared/session-parse';
import { connectToParent } from '../workers/parent-port';
import { decodeSessionBytes, encodeSessionFile } from './session-bytes';
import type { CodecAnswer, CodecRequest } from './session-codec-protocol';

const port = connectToParent();
/** Decoded documents whose runs are still going out, by request id, with the next run to send. */
const outgoing = new Map<number, { doc: SessionDocument; next: number }>();

port.onMessage((message) => {
  const request = message as CodecRequest;
  if (request.op === 'close') process.exit(0);
  else if (request.op === 'more') port.post(nextPiece(request.id));
  else void answer(request).then((reply) => port.post(reply));
});

async function answer(request: Exclude<CodecRequest, { op: 'more' | 'close' }>): Promise<CodecAnswer> {
  try {
    if (request.op === 'encode') return { id: request.id, ok: true, bytes: await encodeSessionFile(request.doc) };
    outgoing.set(request.id, { doc: await decodeSessionBytes(request.bytes, request.limit), next: 0 });
    return nextPiece(request.id);
  } catch (error) {
    const fileError = error instanceof SessionFileError;
    return { id: request.id, ok: false, fileError, message: (error as Error).message };
  }
}

/** The next run of a decoded document, or, once every run has gone, the document without them. */
function nextPiece(id: number): CodecAnswer {
  const sending = outgoing.get(id);
  if (!sending) return { id, ok: false, fileError: false, message: `no decoded session ${id} is being sent` };
  const run = sending.doc.runs[sending.next++];
  if (run) return { id, ok: true, run };
  outgoing.delete(id);
  return { id, ok: true, doc: { ...sending.doc, runs: [] } };
}
