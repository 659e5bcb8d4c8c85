/**
 * Session codec thread entry: turns documents into file bytes and file bytes into checked
 * documents, so that JSON, gzip's bookkeeping and every column check of a long session run
 * here rather than on the engine's thread. One request at a time, answered in order.
 */
import { SessionFileError } from '../../shared/session-parse';
import { connectToParent } from '../workers/parent-port';
import { decodeSessionBytes, encodeSessionFile } from './session-bytes';
import type { CodecAnswer, CodecRequest } from './session-codec-protocol';

const port = connectToParent();

port.onMessage((message) => {
  void answer(message as CodecRequest).then((reply) => port.post(reply));
});

async function answer(request: CodecRequest): Promise<CodecAnswer> {
  try {
    if (request.op === 'encode') return { id: request.id, ok: true, bytes: await encodeSessionFile(request.doc) };
    return { id: request.id, ok: true, doc: await decodeSessionBytes(request.bytes, request.limit) };
  } catch (error) {
    const fileError = error instanceof SessionFileError;
    return { id: request.id, ok: false, fileError, message: (error as Error).message };
  }
}
