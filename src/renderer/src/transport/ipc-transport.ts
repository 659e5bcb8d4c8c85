import { BRIDGE_EVENT_METHODS, BRIDGE_INVOKE_METHODS, parseInvokeResponse } from '../../../shared/contract';
import type { EventChannel, InvokeChannel } from '../../../shared/contract';
import type { GilLabBridge, InvokeRequestArgs } from '../../../shared/bridge';
import { remoteErrorMessage } from './remote-error';
import { TransportError, deliverChecked, type Answer, type Listener, type Transport } from './transport';

const invokeMethodFor = Object.fromEntries(
  Object.entries(BRIDGE_INVOKE_METHODS).map(([method, channel]) => [channel, method]),
) as Record<InvokeChannel, keyof typeof BRIDGE_INVOKE_METHODS>;
const eventMethodFor = Object.fromEntries(
  Object.entries(BRIDGE_EVENT_METHODS).map(([method, channel]) => [channel, method]),
) as Record<EventChannel, keyof typeof BRIDGE_EVENT_METHODS>;

/** The desktop app's transport: the preload bridge, one method per message. */
export class IpcTransport implements Transport {
  readonly kind = 'electron' as const;
  readonly status = 'open';

  constructor(private readonly bridge: GilLabBridge) {}

  async invoke<C extends InvokeChannel>(channel: C, ...request: InvokeRequestArgs<C>): Answer<C> {
    const method = this.bridge[invokeMethodFor[channel]] as (request?: unknown) => Promise<unknown>;
    let value: unknown;
    try {
      value = await method(request[0]);
    } catch (error) {
      throw new TransportError('remote', remoteErrorMessage(error));
    }
    return parseInvokeResponse(channel, value);
  }

  subscribe<E extends EventChannel>(channel: E, listener: Listener<E>): () => void {
    const subscribe = this.bridge[eventMethodFor[channel]] as (l: (payload: unknown) => void) => () => void;
    return subscribe((payload) => deliverChecked(channel, payload, [listener]));
  }

  onStatus(): () => void {
    return () => {};
  }

  close(): void {}
}
