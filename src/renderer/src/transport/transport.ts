import type { InjectionKey } from 'vue';
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../../shared/contract';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

/**
 * The renderer's only way to reach the engine. Electron IPC and browser-mode WebSocket both
 * implement it; components and stores never know which one they have. Implementations
 * validate everything they receive against the contract before handing it on.
 */
export interface Transport {
  readonly kind: 'electron' | 'browser';
  invoke<C extends InvokeChannel>(channel: C, request?: InvokeRequest<C>): Promise<InvokeResponse<C>>;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  readonly status: ConnectionStatus;
  close(): void;
}

export const TransportKey: InjectionKey<Transport> = Symbol('transport');

/** Failure of an invoke: the engine refused the request, or the connection dropped. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
