import type { WebSocket } from 'ws';
import { EVENT_CHANNELS, ContractError } from '../shared/contract';
import { ClientMessageSchema, type ServerMessage, type WireError } from '../shared/wire';
import { describeIssues } from '../shared/contract';
import type { LabCore } from '../core/lab-core';
import { ClientFlow, NOT_READING_CLOSE } from './client-flow';
import { RejectLog } from './reject-log';

/** A dropped client that never reads its close frame is cut off after this long. */
const CLOSE_GRACE_MS = 1_000;

/**
 * One browser tab. Every message is size-checked, parsed, and validated before the core sees
 * it; a bad one gets an error reply and a (rate-limited) log line, and the connection stays
 * usable. A slow client skips samples; one that stops reading is dropped (see ClientFlow).
 */
export function serveClient(socket: WebSocket, core: LabCore, id: number, log: (line: string) => void): void {
  const flow = new ClientFlow(socket, (unsentBytes) => {
    log(`client ${id}: dropped: not reading (${(unsentBytes / 1024 / 1024).toFixed(1)} MiB unsent)`);
    socket.close(NOT_READING_CLOSE.code, NOT_READING_CLOSE.reason);
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  });
  const rejects = new RejectLog(`client ${id}`, log);
  const send = (message: ServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(message));
    flow.sent();
  };
  const reject = (requestId: number | undefined, error: WireError): void => {
    rejects.rejected(error.message);
    if (requestId !== undefined) send({ type: 'result', id: requestId, ok: false, error });
    else send({ type: 'result', id: -1, ok: false, error });
  };

  const unsubscribes = EVENT_CHANNELS.map((channel) =>
    core.subscribe(channel, (payload) => {
      if (flow.backedUp) return;
      send({ type: 'event', channel, payload });
    }),
  );

  socket.on('message', (data, isBinary) => {
    if (socket.readyState !== socket.OPEN) return;
    // Frames over MAX_MESSAGE_BYTES never get here: maxPayload closes the socket with 1009.
    if (isBinary) return reject(undefined, { code: 'invalid-message', message: 'binary frames are not accepted' });
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return reject(undefined, { code: 'invalid-message', message: 'message is not valid JSON' });
    }
    const envelope = ClientMessageSchema.safeParse(raw);
    if (!envelope.success) {
      const requestId = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : undefined;
      return reject(requestId, { code: 'invalid-message', message: `bad envelope: ${describeIssues(envelope.error)}` });
    }
    const { id: requestId, channel, payload } = envelope.data;
    flow.requestStarted();
    core.invoke(channel, payload).then(
      (value) => {
        flow.requestSettled();
        send({ type: 'result', id: requestId, ok: true, value });
      },
      (error: unknown) => {
        flow.requestSettled();
        if (error instanceof ContractError) return reject(requestId, { code: error.code, message: error.message });
        log(`client ${id}: ${channel} failed: ${(error as Error).message}`);
        send({
          type: 'result',
          id: requestId,
          ok: false,
          error: { code: 'internal', message: 'the engine failed; see the server log' },
        });
      },
    );
  });

  socket.on('close', () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    flow.close();
    rejects.flush();
  });
  socket.on('error', (error) => log(`client ${id}: dropped: ${error.message}`));
}
