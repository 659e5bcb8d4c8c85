import { inject, type InjectionKey } from 'vue';
import type { InvokeRequestArgs } from '../../../shared/bridge';
import type { EventChannel, EventPayload, InvokeChannel, InvokeResponse } from '../../../shared/contract';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

/**
 * The renderer's only way to reach the engine. Electron IPC and browser-mode WebSocket both
 * implement it; components and stores never know which one they have. Implementations
 * validate everything they receive against the contract before handing it on.
 */
export interface Transport {
  readonly kind: 'electron' | 'browser';
  /** The request is required for every channel whose schema needs one. */
  invoke<C extends InvokeChannel>(channel: C, ...request: InvokeRequestArgs<C>): Promise<InvokeResponse<C>>;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  readonly status: ConnectionStatus;
  close(): void;
}

export const TransportKey: InjectionKey<Transport> = Symbol('transport');

/** The app's transport, in a store's or component's setup; an app without one is a wiring mistake. */
export function useTransport(): Transport {
  const transport = inject(TransportKey, null);
  if (!transport) throw new Error('No transport provided to the app');
  return transport;
}

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
