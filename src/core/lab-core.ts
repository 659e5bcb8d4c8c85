import {
  ContractError,
  SESSION_CHANNELS,
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
import { closeBackends, type Backends } from './backends/registry';
import { RunManager } from './run/run-manager';
import { readMachineSnapshot } from './sessions/machine-snapshot';
import { SessionService } from './sessions/session-service';
import { Classroom } from './classroom/classroom';
import { PythonChoiceService, type PythonChoiceOptions } from './python/interpreter-choice';

export interface LabCoreOptions {
  app: AppInfo;
  monitor: CpuMonitorOptions;
  /** What runs experiments (see backends/registry.ts); without them, run:start is refused. */
  backends?: Backends;
  /** Where sessions are kept; without it, session:* requests are refused and runs are not saved. */
  sessions?: { dataDir: string };
  log?: (line: string) => void;
  /** How interpreters are found and probed; tests give their own. The choice is kept beside the sessions. */
  python?: Omit<PythonChoiceOptions, 'dataDir'>;
}

/**
 * The engine behind both shells. Electron's IPC handlers and the browser-mode WebSocket server
 * hand it raw channel names and payloads; it validates both against the contract before any
 * handler runs, and validates its own answers on the way out.
 */
export class LabCore {
  readonly monitor: CpuMonitor;
  readonly runs: RunManager | undefined;
  readonly sessions: SessionService | undefined;
  /** Followers, the teacher's view and the class board; a shell that can share gives it a Sharer. */
  readonly classroom: Classroom;
  /** Which Python the app's runs use: discovery, and the choice kept in the data folder. */
  readonly pythons: PythonChoiceService;
  private readonly backends: Backends | undefined;
  private readonly handlers: InvokeHandlers;
  private readonly unwire: (() => void)[] = [];

  constructor(options: LabCoreOptions) {
    this.monitor = new CpuMonitor(options.monitor);
    this.backends = options.backends;
    this.runs = options.backends ? new RunManager(options.backends, this.monitor) : undefined;
    const runs = (): RunManager => {
      if (!this.runs) throw new ContractError('invalid-payload', 'This host runs no experiments.');
      return this.runs;
    };
    const sessions = options.sessions
      ? new SessionService({
          dataDir: options.sessions.dataDir,
          app: options.app,
          monitor: this.monitor,
          readMachine: (loadSource) => readMachineSnapshot(loadSource, options.monitor.syntheticCores),
          // A CLI run or a second server on the same folder shows up in this library as it is saved.
          watchFolder: true,
          log: options.log ?? ((line) => console.error(`[gil-lab] ${line}`)),
        })
      : undefined;
    this.sessions = sessions;
    const noSessions = (): never => {
      throw new ContractError('refused', 'This host keeps no sessions.');
    };
    const sessionHandlers =
      sessions?.handlers() ??
      (Object.fromEntries(SESSION_CHANNELS.map((c) => [c, noSessions])) as unknown as ReturnType<
        SessionService['handlers']
      >);
    this.classroom = new Classroom({
      source: (channel, listener) => this.subscribe(channel, listener),
      sessions: sessions && { open: () => sessions.open() },
      sender: {
        app: options.app,
        readMachine: async () =>
          readMachineSnapshot((await this.monitor.machineInfo()).loadSource, options.monitor.syntheticCores),
      },
    });
    this.pythons = new PythonChoiceService({ ...options.python, dataDir: options.sessions?.dataDir });
    this.handlers = {
      'app:get-info': () => options.app,
      'monitor:get-info': () => this.monitor.machineInfo(),
      'monitor:set-rate': ({ hz }) => ({ hz: this.monitor.setRate(hz) }),
      'run:start': (request) => runs().start(request),
      'run:cancel': ({ runId }) => runs().cancel(runId),
      ...sessionHandlers,
      ...this.classroom.handlers(),
      'python:list': ({ refresh }) => this.pythons.list(refresh),
      'python:choose': ({ python }) => this.pythons.choose(python),
    };
    // Autosave: every run is recorded from run:start to run:finished and kept in a session.
    if (sessions && this.runs) this.unwire.push(sessions.follow(this.runs));
  }

  start(): void {
    this.monitor.start();
    void this.sessions?.open();
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
      case 'run:load-measured':
        return this.runs?.loadMeasured.add(listener as (p: EventPayload<'run:load-measured'>) => void) ?? (() => {});
      case 'run:finished':
        return this.runs?.finished.add(listener as (p: EventPayload<'run:finished'>) => void) ?? (() => {});
      case 'session:changed':
        return this.sessions?.onChanged(listener as (p: EventPayload<'session:changed'>) => void) ?? (() => {});
      case 'class:status':
        return this.classroom.statusChanged.add(listener as (p: EventPayload<'class:status'>) => void);
      case 'class:board':
        return this.classroom.boardChanged.add(listener as (p: EventPayload<'class:board'>) => void);
      case 'class:teacher-view':
        return this.classroom.teacherViewChanged.add(listener as (p: EventPayload<'class:teacher-view'>) => void);
    }
    throw new ContractError('unknown-channel', `Unknown event ${String(channel)}`);
  }

  async close(): Promise<void> {
    for (const off of this.unwire.splice(0)) off();
    this.classroom.close();
    this.runs?.close();
    await Promise.all([
      this.sessions?.close(),
      this.monitor.stop(),
      this.backends ? closeBackends(this.backends) : undefined,
    ]);
  }
}
