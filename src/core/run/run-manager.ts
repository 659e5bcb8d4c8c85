import { randomUUID } from 'node:crypto';
import { ContractError, describeIssues } from '../../shared/contract';
import {
  RUN_EVENTS_PER_BATCH_MAX,
  MeasurementSchema,
  StartRunRequestSchema,
  type Measurement,
  type RunEvent,
  type StartRunRequest,
} from '../../shared/measurement';
import type { EventPayload } from '../../shared/contract';
import type { CpuMonitor } from '../monitor/cpu-monitor';
import { RunLoadTracker } from '../monitor/run-load';
import { Listeners } from '../util/listeners';
import { parseRunParams, RunParamsError } from './experiment';
import type { LabPools } from './lab-pools';
import { measure } from './measure';

/** How long progress events wait to travel together; well under what the eye notices. */
export const PROGRESS_BATCH_MS = 40;
/** How often the live CPU ÷ wall of a round is read and sent. */
export const LOAD_INTERVAL_MS = 250;

/**
 * Runs for the app and browser mode: one at a time, in the background, streaming progress and
 * ending in one result event. The engine checks the parameters it alone can check (the pool
 * size this machine allows) before anything starts.
 */
export class RunManager {
  private active: { runId: string; controller: AbortController } | undefined;
  readonly progressed = new Listeners<EventPayload<'run:progressed'>>();
  readonly loadMeasured = new Listeners<EventPayload<'run:load-measured'>>();
  readonly finished = new Listeners<EventPayload<'run:finished'>>();

  constructor(
    private readonly pools: LabPools,
    private readonly monitor: CpuMonitor,
  ) {}

  start(input: StartRunRequest): { runId: string } {
    const request = StartRunRequestSchema.parse(input);
    if (this.active)
      throw new ContractError('invalid-payload', 'A run is already going; stop it before starting another.');
    try {
      parseRunParams(request.params);
    } catch (error) {
      if (error instanceof RunParamsError) throw new ContractError('invalid-payload', error.message);
      throw error;
    }
    const runId = randomUUID();
    const controller = new AbortController();
    this.active = { runId, controller };
    let batch: { phase: 'baseline' | 'run'; round: number; events: RunEvent[] } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      clearTimeout(timer);
      timer = undefined;
      if (batch) this.progressed.emit({ runId, ...batch });
      batch = undefined;
    };
    const params = request.params;
    const load = new RunLoadTracker();
    let current: { phase: 'baseline' | 'run'; round: number } | undefined;
    const inProcesses = (phase: 'baseline' | 'run') => phase === 'run' && params.mode === 'processes';
    const loadTimer = setInterval(() => {
      const sample = current && load.sample();
      if (!current || !sample) return;
      const counted = inProcesses(current.phase) ? 'worker-processes' : 'engine-process';
      this.loadMeasured.emit({ runId, ...current, counted, ...sample });
    }, LOAD_INTERVAL_MS);
    const onEvent = (event: RunEvent, phase: 'baseline' | 'run', round: number): void => {
      if (current?.phase !== phase || current.round !== round) {
        current = { phase, round };
        const workers = params.mode === 'sequential' || phase === 'baseline' ? 1 : params.workers;
        const pids = inProcesses(phase)
          ? Array.from({ length: workers }, (_, slot) => this.pools.processes.pid(slot))
          : [process.pid];
        load.begin(`${phase}:${round}`, pids);
      }
      if (batch && (batch.phase !== phase || batch.round !== round || batch.events.length >= RUN_EVENTS_PER_BATCH_MAX))
        flush();
      if (!batch) {
        batch = { phase, round, events: [] };
        timer = setTimeout(flush, PROGRESS_BATCH_MS);
      }
      batch.events.push(event);
    };
    void measure(this.pools, request.params, {
      repeat: request.repeat,
      baseline: request.baseline,
      monitor: this.monitor,
      signal: controller.signal,
      onEvent,
    })
      .then((measurement) => {
        flush();
        // The engine's own type must fit the contract's (checked by the compiler), and the
        // values must too (checked here, so a slip fails loudly rather than in the UI).
        const typed: Measurement = measurement;
        const checked = MeasurementSchema.safeParse(typed);
        if (!checked.success) throw new Error(`measurement broke the contract: ${describeIssues(checked.error)}`);
        this.finished.emit({ runId, measurement: checked.data, error: null });
      })
      .catch((error: unknown) => {
        flush();
        this.finished.emit({ runId, measurement: null, error: (error as Error).message });
      })
      .finally(() => {
        clearInterval(loadTimer);
        load.end();
        if (this.active?.runId === runId) this.active = undefined;
      });
    return { runId };
  }

  cancel(runId: string): { cancelled: boolean } {
    if (this.active?.runId !== runId) return { cancelled: false };
    this.active.controller.abort();
    return { cancelled: true };
  }

  async close(): Promise<void> {
    this.active?.controller.abort();
    await this.pools.close();
  }
}
