import type { InvokeRequestArgs } from '../../../shared/bridge';
import { mayInvoke, mayReceive, SHARING_ENDED_CLOSE_CODE } from '../../../shared/class-contract';
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

/** Why a follow page stopped for good: the teacher ended sharing, or the join address is no longer let in. */
export type FollowEnd = 'sharing-ended' | 'address-refused';

/** Asks the follow page's own address whether its token still admits: the HTTP status, or null if unreachable. */
export async function probeJoinPage(
  loc: Pick<Location, 'origin' | 'pathname'> = location,
  fetchPage: typeof fetch = fetch,
): Promise<number | null> {
  try {
    const res = await fetchPage(`${loc.origin}${loc.pathname}`, { method: 'HEAD', cache: 'no-store' });
    return res.status;
  } catch {
    return null;
  }
}

/**
 * A student's transport: the same WebSocket transport, opening only what a follower may use.
 * The server enforces the role; this keeps the page from asking for what it would be refused.
 * It stops reconnecting when the teacher ends sharing (close code 4001), or when, while
 * reconnecting, the join page answers 403: the token is no longer the teacher's.
 */
export class FollowerTransport implements Transport {
  readonly kind = 'browser' as const;
  private readonly inner: Transport;
  private endedBy: FollowEnd | null = null;
  private readonly endListeners = new Set<(end: FollowEnd) => void>();
  private probing = false;

  constructor(
    inner?: Transport,
    private readonly probe: () => Promise<number | null> = () => probeJoinPage(),
  ) {
    this.inner = inner ?? new WebSocketTransport(followerSocketUrl(), (close) => this.closedWith(close.code));
    this.inner.onStatus((status) => {
      if (status === 'reconnecting') void this.checkAddress();
    });
  }

  get ended(): FollowEnd | null {
    return this.endedBy;
  }

  /** Hears once why following ended; at once if it already has. */
  onEnded(listener: (end: FollowEnd) => void): () => void {
    if (this.endedBy) listener(this.endedBy);
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** The socket closed with `code`: whether that ends following for good. */
  closedWith(code: number): boolean {
    if (code !== SHARING_ENDED_CLOSE_CODE) return false;
    this.end('sharing-ended');
    return true;
  }

  private async checkAddress(): Promise<void> {
    if (this.endedBy || this.probing) return;
    this.probing = true;
    try {
      if ((await this.probe()) === 403 && !this.endedBy) {
        this.end('address-refused');
        this.inner.close();
      }
    } finally {
      this.probing = false;
    }
  }

  private end(why: FollowEnd): void {
    if (this.endedBy) return;
    this.endedBy = why;
    for (const listener of this.endListeners) listener(why);
  }

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
