import type { InvokeRequestArgs } from '../../../shared/bridge';
import { mayInvoke, mayReceive } from '../../../shared/class-contract';
import type { EventChannel, InvokeChannel } from '../../../shared/contract';
import { TransportError, type Answer, type ConnectionStatus, type Listener, type Transport } from './transport';
import { WebSocketTransport } from './ws-transport';

/** The join address's WebSocket: the follow page is served at /join/TOKEN/, its socket beside it. */
export function followerSocketUrl(loc: Pick<Location, 'protocol' | 'host' | 'pathname'> = location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = loc.pathname.split('/')[2] ?? '';
  return `${scheme}//${loc.host}/join/${token}/ws`;
}

/** Whether this page is a follow page: served from a join address. */
export function isFollowPage(pathname: string = location.pathname): boolean {
  return /^\/join\/[A-Za-z0-9_-]+\/?$/.test(pathname);
}

/**
 * A student's transport: the same WebSocket transport, opening only what a follower may use.
 * The server enforces the role; this keeps the page from asking for what it would be refused.
 */
export class FollowerTransport implements Transport {
  readonly kind = 'browser' as const;

  constructor(private readonly inner: Transport = new WebSocketTransport(followerSocketUrl())) {}

  get status(): ConnectionStatus {
    return this.inner.status;
  }

  invoke<C extends InvokeChannel>(channel: C, ...request: InvokeRequestArgs<C>): Answer<C> {
    if (!mayInvoke('follower', channel)) {
      return Promise.reject(new TransportError('refused', `${channel} is the teacher's, not a follower's`));
    }
    return this.inner.invoke(channel, ...request);
  }

  subscribe<E extends EventChannel>(channel: E, listener: Listener<E>): () => void {
    return mayReceive('follower', channel) ? this.inner.subscribe(channel, listener) : () => {};
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.inner.onStatus(listener);
  }

  close(): void {
    this.inner.close();
  }
}
