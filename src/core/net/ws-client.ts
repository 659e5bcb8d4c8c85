import type { WebSocket } from 'ws';
import { EVENT_CHANNELS, ContractError, type EventChannel } from '../../shared/contract';
import { ClientMessageSchema, type ServerMessage, type WireError } from '../../shared/wire';
import { describeIssues } from '../../shared/contract';
import type { LabCore } from '../lab-core';
import { ClientFlow, NOT_READING_CLOSE } from './client-flow';
import { RejectLog } from './reject-log';

/** A dropped client that never reads its close frame is cut off after this long. */
const CLOSE_GRACE_MS = 1_000;

/** What one connection may reach: the requests it may make and the events it is sent. */
export interface ClientPort {
  /** Answers a request; a ContractError's code and message go back to the client as they are. */
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /**
   * Starts the connection's events. `deliver` takes each message already serialised (so a
   * broadcast is serialised once for every client); `always` sends it even to a backed-up client,
   * for what a client must have, such as the runs so far on joining. Returns the unsubscribe.
   */
  events(deliver: (frame: string, always?: boolean) => void): () => void;
}

export function eventFrame(channel: EventChannel, payload: unknown): string {
  return JSON.stringify({ type: 'event', channel, payload } satisfies ServerMessage);
}

/** The teacher's own app: every channel of the engine, every event. */
export function controlPort(core: Pick<LabCore, 'invoke' | 'subscribe'>): ClientPort {
  return {
    invoke: (channel, payload) => core.invoke(channel, payload),
    events: (deliver) => {
      const offs = EVENT_CHANNELS.map((channel) =>
        core.subscribe(channel, (payload) => deliver(eventFrame(channel, payload))),
      );
      return () => offs.forEach((off) => off());
    },
  };
}

/**
 * One browser tab. Every message is size-checked, parsed, and validated before the core sees
 * it; a bad one gets an error reply and a (rate-limited) log line, and the connection stays
 * usable. A slow client skips samples; one that stops reading is dropped (see ClientFlow).
 */
export function serveClient(socket: WebSocket, port: ClientPort, id: number, log: (line: string) => void): void {
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

  const unsubscribe = port.events((frame, always = false) => {
    if (socket.readyState !== socket.OPEN || (flow.backedUp && !always)) return;
    socket.send(frame);
    flow.sent();
  });

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
    port.invoke(channel, payload).then(
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
    unsubscribe();
    flow.close();
    rejects.flush();
  });
  socket.on('error', (error) => log(`client ${id}: dropped: ${error.message}`));
}
