import {
  ContractError,
  isEventChannel,
  isInvokeChannel,
  parseInvokeRequest,
  parseInvokeResponse,
  type EventChannel,
  type EventPayload,
  type InvokeHandlers,
} from '../shared/contract';
import type { AppInfo } from '../shared/schemas';
import { CpuMonitor, type CpuMonitorOptions } from './monitor/cpu-monitor';
import type { LabPools } from './run/lab-pools';
import { RunManager } from './run/run-manager';

export interface LabCoreOptions {
  app: AppInfo;
  monitor: CpuMonitorOptions;
  /** Warm worker pools for runs; without them, run:start is refused. */
  pools?: LabPools;
}

/**
 * The engine behind both shells. Electron's IPC handlers and the browser-mode WebSocket server
 * hand it raw channel names and payloads; it validates both against the contract before any
 * handler runs, and validates its own answers on the way out.
 */
export class LabCore {
  readonly monitor: CpuMonitor;
  readonly runs: RunManager | undefined;
  private readonly handlers: InvokeHandlers;

  constructor(options: LabCoreOptions) {
    this.monitor = new CpuMonitor(options.monitor);
    this.runs = options.pools ? new RunManager(options.pools, this.monitor) : undefined;
    const runs = (): RunManager => {
      if (!this.runs) throw new ContractError('invalid-payload', 'This host runs no experiments.');
      return this.runs;
    };
    this.handlers = {
      'app:get-info': () => options.app,
      'monitor:get-info': () => this.monitor.machineInfo(),
      'monitor:set-rate': ({ hz }) => ({ hz: this.monitor.setRate(hz) }),
      'run:start': (request) => runs().start(request),
      'run:cancel': ({ runId }) => runs().cancel(runId),
    };
  }

  start(): void {
    this.monitor.start();
  }

  async invoke(channel: unknown, payload: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) {
      throw new ContractError('unknown-channel', `Unknown channel ${JSON.stringify(String(channel).slice(0, 64))}`);
    }
    const request = parseInvokeRequest(channel, payload);
    const handler = this.handlers[channel] as (request: unknown) => unknown;
    return parseInvokeResponse(channel, await handler(request));
  }

  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventChannel(channel)) throw new ContractError('unknown-channel', `Unknown event ${String(channel)}`);
    switch (channel) {
      case 'monitor:sampled':
        return this.monitor.onSample(listener as (p: EventPayload<'monitor:sampled'>) => void);
      case 'monitor:cost-measured':
        return this.monitor.onCost(listener as (p: EventPayload<'monitor:cost-measured'>) => void);
      case 'run:progressed':
        return this.runs?.progressed.add(listener as (p: EventPayload<'run:progressed'>) => void) ?? (() => {});
      case 'run:finished':
        return this.runs?.finished.add(listener as (p: EventPayload<'run:finished'>) => void) ?? (() => {});
    }
    throw new ContractError('unknown-channel', `Unknown event ${String(channel)}`);
  }

  async close(): Promise<void> {
    await Promise.all([this.monitor.stop(), this.runs?.close()]);
  }
}
