import { inject, type InjectionKey } from 'vue';
import type { InvokeRequestArgs } from '../../../shared/bridge';
import {
  parseEventPayload,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
} from '../../../shared/contract';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

/** What an invoke on channel C resolves to: the channel's response, checked against the contract. */
export type Answer<C extends InvokeChannel> = Promise<InvokeResponse<C>>;

/** A subscriber to event E, handed only payloads the contract has checked. */
export type Listener<E extends EventChannel> = (payload: EventPayload<E>) => void;

/**
 * The renderer's only way to reach the engine. Electron IPC and browser-mode WebSocket both
 * implement it; components and stores never know which one they have. Implementations
 * validate everything they receive against the contract before handing it on.
 */
export interface Transport {
  readonly kind: 'electron' | 'browser';
  /** The request is required for every channel whose schema needs one. */
  invoke<C extends InvokeChannel>(channel: C, ...request: InvokeRequestArgs<C>): Answer<C>;
  subscribe<E extends EventChannel>(channel: E, listener: Listener<E>): () => void;
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

/**
 * Hands an event's payload to its listeners once the contract has checked it. A payload that does
 * not match is dropped with a warning: no listener could use it, and the next one will come.
 */
export function deliverChecked<E extends EventChannel>(
  channel: E,
  payload: unknown,
  listeners: Iterable<Listener<E>>,
): void {
  let checked: EventPayload<E>;
  try {
    checked = parseEventPayload(channel, payload);
  } catch (error) {
    console.warn(`[gil-lab] dropped event: ${(error as Error).message}`);
    return;
  }
  for (const listener of listeners) listener(checked);
}
