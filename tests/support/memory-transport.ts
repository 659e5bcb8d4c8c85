import {
  parseEventPayload,
  parseInvokeRequest,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from '../../src/shared/contract';
import type { ConnectionStatus, Transport } from '../../src/renderer/src/transport/transport';

type Handlers = {
  [C in InvokeChannel]?: (request: InvokeRequest<C>) => InvokeResponse<C> | Promise<InvokeResponse<C>>;
};

/**
 * A Transport for component tests: requests go to in-test handlers (checked against the
 * contract, as the engine would), and the test pushes events as the engine would.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'browser' as const;
  status: ConnectionStatus = 'open';
  readonly calls: { channel: InvokeChannel; request: unknown }[] = [];
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();

  constructor(private readonly handlers: Handlers = {}) {}

  async invoke<C extends InvokeChannel>(channel: C, request?: InvokeRequest<C>): Promise<InvokeResponse<C>> {
    this.calls.push({ channel, request });
    parseInvokeRequest(channel, request);
    const handler = this.handlers[channel] as ((r: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`no handler for ${channel}`);
    return (await handler(request)) as InvokeResponse<C>;
  }

  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener as (p: unknown) => void);
    return () => this.listeners.get(channel)!.delete(listener as (p: unknown) => void);
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    const valid = parseEventPayload(channel, payload);
    for (const listener of this.listeners.get(channel) ?? []) listener(valid);
  }

  setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  listenerCount(channel: EventChannel): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  close(): void {}
}

export const MACHINE = {
  cpuModel: 'Test CPU 9000',
  cpuManufacturer: 'Test',
  physicalCores: 2,
  logicalCores: 4,
  speedGHz: 3.2,
  loadSource: 'proc-stat' as const,
  rateHz: 4,
};

export const APP = {
  name: 'GIL Lab',
  version: '0.0.0',
  host: 'browser' as const,
  nodeVersion: '20',
  electronVersion: null,
  platform: 'linux-x64',
};

export function sample(seq: number, cores: number[]) {
  return {
    seq,
    t: 1_700_000_000_000 + seq * 250,
    intervalMs: 250,
    cores,
    total: cores.reduce((a, b) => a + b, 0) / cores.length,
    source: 'proc-stat' as const,
  };
}
