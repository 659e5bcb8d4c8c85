import { parseInvokeResponse, type EventChannel, type InvokeChannel } from '../../../shared/contract';
import type { InvokeRequestArgs } from '../../../shared/bridge';
import { ServerMessageSchema, WS_PATH, type ClientMessage } from '../../../shared/wire';
import {
  TransportError,
  deliverChecked,
  type Answer,
  type ConnectionStatus,
  type Listener,
  type Transport,
} from './transport';

interface Pending {
  channel: InvokeChannel;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 5_000;

/**
 * Browser mode's transport: one WebSocket to the server that served the page. Requests made
 * while (re)connecting wait for the socket; it reconnects with backoff if the server restarts.
 */
export class WebSocketTransport implements Transport {
  readonly kind = 'browser' as const;
  status: ConnectionStatus = 'connecting';
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: ClientMessage[] = [];
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private backoffMs = 250;
  private closed = false;

  /** `isFinal` says which closes end the connection for good rather than call for a reconnect. */
  constructor(
    private readonly url = WebSocketTransport.defaultUrl(),
    private readonly isFinal: (close: CloseEvent) => boolean = () => false,
  ) {
    this.connect();
  }

  static defaultUrl(): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${WS_PATH}`;
  }

  invoke<C extends InvokeChannel>(channel: C, ...request: InvokeRequestArgs<C>): Answer<C> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TransportError('timeout', `${channel} got no answer within ${REQUEST_TIMEOUT_MS / 1000} s`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { channel, resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ type: 'invoke', id, channel, payload: request[0] });
    });
  }

  subscribe<E extends EventChannel>(channel: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.close(1000);
    this.failPending('closed', 'the connection was closed');
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    else this.queue.push(message);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.backoffMs = 250;
      this.setStatus('open');
      for (const message of this.queue.splice(0)) socket.send(JSON.stringify(message));
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    // A failed connection always ends in 'close', which handles it; this only keeps it quiet.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.failPending('disconnected', 'the connection to GIL Lab was lost');
      if (!this.closed && this.isFinal(event)) this.closed = true;
      if (this.closed) return;
      this.setStatus('reconnecting');
      setTimeout(() => this.connect(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    });
  }

  private receive(data: unknown): void {
    let message;
    try {
      message = ServerMessageSchema.parse(JSON.parse(String(data)));
    } catch (error) {
      console.warn(`[gil-lab] ignored a malformed message from the server: ${(error as Error).message.slice(0, 200)}`);
      return;
    }
    if (message.type === 'event') {
      const set = this.listeners.get(message.channel);
      if (set && set.size > 0) deliverChecked(message.channel, message.payload, set);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (!message.ok) {
      pending.reject(new TransportError(message.error.code, message.error.message));
      return;
    }
    try {
      pending.resolve(parseInvokeResponse(pending.channel, message.value));
    } catch (error) {
      pending.reject(error as Error);
    }
  }

  private failPending(code: string, reason: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new TransportError(code, reason));
      this.pending.delete(id);
    }
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
