import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach } from 'vitest';
import type { Component } from 'vue';
import {
  ContractError,
  parseEventPayload,
  parseInvokeRequest,
  parseInvokeResponse,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
} from '../../../src/shared/contract';
import type { InvokeRequestArgs } from '../../../src/shared/bridge';
import type { LessonTag, Measurement } from '../../../src/shared/measurement';
import type { RunOutcome } from '../../../src/shared/vocabulary';
import type { RunParams } from '../../../src/shared/run-params';
import type { MachineSnapshot, SessionRun } from '../../../src/shared/session';
import { SessionService } from '../../../src/core/sessions/session-service';
import type { SessionStore } from '../../../src/core/sessions/session-store';
import { LoadTraceBuilder, TimelineBuilder } from '../../../src/core/sessions/trace-builders';
import { SYNTHETIC_APP, syntheticMeasurement } from '../../../src/core/sessions/synthetic-session';
import {
  TransportError,
  TransportKey,
  type ConnectionStatus,
  type Transport,
} from '../../../src/renderer/src/transport/transport';
import { FileSaverKey, type FileSaver } from '../../../src/renderer/src/lib/file-save';
import { APP, MACHINE } from '../../support/memory-transport';
import { RecordingSaver } from '../mount';

const dirs: string[] = [];
const services: SessionService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-renderer-sessions-'));
  dirs.push(dir);
  return dir;
}

/**
 * The renderer's Transport over the engine's real session service and real files: requests
 * and answers are checked against the contract as LabCore checks them, and the engine's
 * refusals reach the renderer as the WebSocket transport delivers them (code and message).
 * The monitor and run channels answer as a quiet machine would; sessions are the real thing.
 */
export class SessionTransport implements Transport {
  readonly kind = 'browser' as const;
  status: ConnectionStatus = 'open';
  readonly calls: { channel: InvokeChannel; request: unknown }[] = [];
  private readonly handlers: ReturnType<SessionService['handlers']>;
  /** Runs when a request arrives, before it is handled: lets a test act mid-import. */
  onCall: ((channel: InvokeChannel) => void | Promise<void>) | null = null;

  constructor(readonly service: SessionService) {
    this.handlers = service.handlers();
  }

  async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeRequestArgs<C>): Promise<InvokeResponse<C>> {
    const request = args[0];
    this.calls.push({ channel, request });
    await this.onCall?.(channel);
    try {
      const parsed = parseInvokeRequest(channel, request);
      const answer = await this.answer(channel, parsed);
      return parseInvokeResponse(channel, answer);
    } catch (error) {
      if (error instanceof ContractError) throw new TransportError(error.code, error.message);
      throw error;
    }
  }

  private answer(channel: InvokeChannel, request: unknown): unknown {
    switch (channel) {
      case 'app:get-info':
        return APP;
      case 'monitor:get-info':
        return MACHINE;
      case 'monitor:set-rate':
        return request;
      case 'run:start':
      case 'run:cancel':
        throw new ContractError('refused', 'This host runs no experiments.');
      default:
        if (channel.startsWith('class:')) throw new ContractError('refused', 'This host cannot share with a class.');
        return (this.handlers[channel as keyof typeof this.handlers] as (r: unknown) => unknown)(request);
    }
  }

  subscribe<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (channel !== 'session:changed') return () => {};
    return this.service.onChanged((change) => listener(parseEventPayload(channel, change) as EventPayload<E>));
  }

  onStatus(): () => void {
    return () => {};
  }

  count(channel: InvokeChannel): number {
    return this.calls.filter((c) => c.channel === channel).length;
  }

  close(): void {}
}

export async function sessionBackend(dataDir = tempDir()): Promise<{
  service: SessionService;
  store: SessionStore;
  transport: SessionTransport;
  dataDir: string;
}> {
  const service = new SessionService({
    dataDir,
    app: SYNTHETIC_APP,
    monitor: { onSample: () => () => {}, machineInfo: async () => ({ loadSource: 'proc-stat' }) },
    readMachine: async () => machine(4),
    log: () => {},
  });
  services.push(service);
  const store = await service.open();
  return { service, store, transport: new SessionTransport(service), dataDir };
}

export function machine(cores: number, cpuModel = `Test CPU ${cores}`): MachineSnapshot {
  return {
    cpuModel,
    cpuManufacturer: 'Test',
    physicalCores: cores,
    logicalCores: cores,
    speedGHz: 3,
    memoryBytes: 16 * 1024 ** 3,
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
    loadSource: 'proc-stat',
  };
}

let runSeq = 0;
/**
 * A saved run with the given parameters and wall times (ms), on `on`, with `ticks` load
 * samples and a worker timeline of one round: what the recorder keeps for a real run.
 */
export function savedRun(
  params: Partial<RunParams>,
  wallMs: number[],
  on: MachineSnapshot = machine(4),
  options: { ticks?: number; busyCores?: number } = {},
): SessionRun {
  const t0 = Date.UTC(2026, 10, 22, 10, 0, 0) + ++runSeq * 60_000;
  const base = syntheticMeasurement(on.logicalCores, wallMs[0]);
  const sorted = [...wallMs].sort((a, b) => a - b);
  const spread = {
    median: sorted[Math.floor(sorted.length / 2)]!,
    min: sorted[0]!,
    max: sorted.at(-1)!,
    stddev: 0,
    n: wallMs.length,
  };
  const busy = options.busyCores ?? 1;
  const merged = { ...base.params, ...params };
  // What the engine runs a round on, as it would report it.
  const workers = merged.mode === 'sequential' ? 1 : merged.workers;
  const measurement: Measurement = {
    ...base,
    params: merged,
    runs: base.runs.map((r) => ({ ...r, lanes: workers })),
    wallMs: spread,
    busyCores: { median: busy, min: busy, max: busy, stddev: 0, n: 1 },
    baseline: null,
    speedup: null,
    efficiency: null,
  };
  const ticks = options.ticks ?? 8;
  const load = new LoadTraceBuilder();
  for (let k = 0; k < ticks; k++) {
    load.add({
      t: t0 + 100 + k * 250,
      cores: Array.from({ length: on.logicalCores }, (_, c) => (c === 0 ? 100 : (k * 10) % 101)),
      source: 'proc-stat',
    });
  }
  const timeline = new TimelineBuilder();
  timeline.add({ type: 'round-started', lanes: workers, gilLane: merged.mode === 'threads-gil', t: t0 }, 'run', 0);
  for (let w = 0; w < workers; w++) {
    timeline.add({ type: 'task-started', task: w, worker: w, t: t0 + 1 + w }, 'run', 0);
    timeline.add({ type: 'worker-state', worker: w, state: 'running', t: t0 + 1 + w }, 'run', 0);
    timeline.add({ type: 'worker-state', worker: w, state: 'idle', t: t0 + spread.median }, 'run', 0);
    timeline.add(
      { type: 'task-finished', task: w, worker: w, t: t0 + spread.median, ok: true, done: w + 1, total: workers },
      'run',
      0,
    );
  }
  return {
    id: `run-${runSeq}`,
    startedAt: new Date(t0).toISOString(),
    finishedAt: new Date(t0 + spread.median + 50).toISOString(),
    measurement,
    machine: on,
    app: SYNTHETIC_APP,
    load: ticks > 0 ? load.build() : null,
    timeline: timeline.build(),
    tag: null,
  };
}

/** The run as a lesson saves it: made for this lesson, go and step. */
export function tagged(run: SessionRun, tag: LessonTag): SessionRun {
  return { ...run, tag };
}

/**
 * The run as the engine saves one that didn't finish, `ranMs` after Run: its last round ended
 * `outcome`, with no wall time of its own. Rounds that completed before it keep their figures,
 * as the engine keeps them.
 */
export function stopped(run: SessionRun, outcome: Exclude<RunOutcome, 'completed'>, ranMs: number): SessionRun {
  const m = run.measurement;
  const last = m.runs.length - 1;
  return {
    ...run,
    finishedAt: new Date(Date.parse(run.startedAt) + ranMs).toISOString(),
    measurement: {
      ...m,
      outcome,
      elapsedMs: ranMs,
      runs: m.runs.map((r, i) => (i === last ? { ...r, outcome, wallMs: 0 } : r)),
    },
  };
}

/** A lesson-1-shaped session: sequential, GIL threads and processes of one CPU-bound experiment. */
export async function lessonSession(
  store: SessionStore,
  name: string,
  on: MachineSnapshot,
  wallMs: { sequential: number; gil: number; processes: number },
): Promise<string> {
  const { id } = await store.create(name);
  const base = { workload: 'cpu' as const, tasks: 4, taskMs: 250 };
  await store.appendRun(id, savedRun({ ...base, mode: 'sequential', workers: 1 }, [wallMs.sequential], on));
  await store.appendRun(id, savedRun({ ...base, mode: 'threads-gil', workers: 4 }, [wallMs.gil], on));
  await store.appendRun(
    id,
    savedRun({ ...base, mode: 'processes', workers: on.logicalCores }, [wallMs.processes], on, {
      busyCores: on.logicalCores * 0.9,
    }),
  );
  return id;
}

export function mountSessions<S extends FileSaver = RecordingSaver>(
  component: Component,
  transport: Transport,
  saver: S = new RecordingSaver() as unknown as S,
) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(component, {
    attachTo: document.body,
    global: {
      plugins: [pinia],
      provide: { [TransportKey as symbol]: transport, [FileSaverKey as symbol]: saver },
    },
  });
  return { wrapper, saver, pinia };
}

/** Waits until `check` passes, giving the engine's file writes real time to finish. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
