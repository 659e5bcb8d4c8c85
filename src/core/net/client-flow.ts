import type { WebSocket } from 'ws';

export interface FlowLimits {
  /** Requests one client may have with the engine at once; past this its socket is not read. */
  maxInFlight: number;
  /** Unsent bytes past which the client counts as backed up and its requests wait. */
  backedUpBytes: number;
  /** A client backed up this long without taking a byte is not reading, and is dropped. */
  stalledMs: number;
  /** How often a backed-up client is looked at again. */
  checkEveryMs: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  maxInFlight: 16,
  backedUpBytes: 1024 * 1024,
  stalledMs: 2_000,
  checkEveryMs: 100,
};

/** The close code and reason a dropped client sees, if it ever reads again. */
export const NOT_READING_CLOSE = { code: 1008, reason: 'not reading its messages' } as const;

/**
 * Backpressure for one browser-mode client. Its requests are read only while it has few with
 * the engine and takes what it is sent, so a client that floods or stops reading queues its
 * own work in its own TCP buffer, not in the server's memory or event loop. One that stays
 * backed up without taking a byte is dropped, so it costs the other clients nothing.
 */
export class ClientFlow {
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private backedUpSince = 0;
  private lowestBuffered = Infinity;
  private dropped = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly onStalled: (unsentBytes: number) => void,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {}

  /** Whether a message may be queued to this client now; events are skipped when not. */
  get backedUp(): boolean {
    return this.socket.bufferedAmount > this.limits.backedUpBytes;
  }

  requestStarted(): void {
    this.inFlight++;
    this.update();
  }

  requestSettled(): void {
    this.inFlight--;
    this.update();
  }

  /** Called after anything is sent. */
  sent(): void {
    this.update();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private update(): void {
    if (this.dropped) return;
    const hold = this.inFlight >= this.limits.maxInFlight || this.backedUp;
    if (hold && !this.socket.isPaused) this.socket.pause();
    if (!hold && this.socket.isPaused) this.socket.resume();
    if (this.backedUp) this.watch();
    else this.unwatch();
  }

  private watch(): void {
    if (this.timer) return;
    this.backedUpSince = performance.now();
    this.lowestBuffered = this.socket.bufferedAmount;
    this.timer = setInterval(() => this.check(), this.limits.checkEveryMs);
  }

  private unwatch(): void {
    if (!this.timer) return;
    this.close();
  }

  private check(): void {
    const buffered = this.socket.bufferedAmount;
    if (buffered < this.lowestBuffered) {
      // It is reading, slowly: give it a fresh window.
      this.lowestBuffered = buffered;
      this.backedUpSince = performance.now();
    }
    if (!this.backedUp) return this.update();
    if (performance.now() - this.backedUpSince < this.limits.stalledMs) return;
    this.dropped = true;
    this.close();
    this.onStalled(buffered);
  }
}
