import { randomUUID } from 'node:crypto';
import { ContractError, describeIssues, type EventPayload } from '../../shared/contract';
import {
  RUN_EVENTS_PER_BATCH_MAX,
  MeasurementSchema,
  type LessonTag,
  type ParsedStartRunRequest,
  type RunEvent,
} from '../../shared/measurement';
import type { LoadCounted, RunPhase } from '../../shared/vocabulary';
import type { Backends } from '../backends/registry';
import type { CpuMonitor } from '../monitor/cpu-monitor';
import { RunLoadTracker } from '../monitor/run-load';
import { Listeners } from '../util/listeners';
import { measure } from './measure';
import { checkRunParams, RunParamsError, type ValidRunParams } from './run-params';

/** How long progress events wait to travel together; well under what the eye notices. */
export const PROGRESS_BATCH_MS = 40;
/** How often the live CPU ÷ wall of a round is read and sent. */
export const LOAD_INTERVAL_MS = 250;

/** A measurement to make: checked parameters, how many rounds, and where to keep it. */
export interface RunPlan {
  params: ValidRunParams;
  repeat: number;
  /** Measure a sequential baseline first, for speedup and efficiency. */
  baseline: boolean;
  /** The session to keep it in; absent: the current one. */
  sessionId?: string;
  /** The lesson, go and step it was made for, kept with it in the session. */
  tag?: LessonTag | null;
}

/** A run that has just begun, for whoever records runs. */
export interface RunStarted {
  runId: string;
  plan: RunPlan;
}

/**
 * Runs for every shell: one at a time, in the background, streaming progress and ending in one
 * result event. The engine checks the parameters it alone can check (what the backend runs,
 * the pool size this machine allows) before anything starts.
 */
export class RunManager {
  private active: { runId: string; controller: AbortController } | undefined;
  readonly started = new Listeners<RunStarted>();
  readonly progressed = new Listeners<EventPayload<'run:progressed'>>();
  readonly loadMeasured = new Listeners<EventPayload<'run:load-measured'>>();
  readonly finished = new Listeners<EventPayload<'run:finished'>>();

  constructor(
    private readonly backends: Backends,
    private readonly monitor: CpuMonitor,
  ) {}

  /** run:start: checks what only the engine can, then begins. */
  start(request: ParsedStartRunRequest): { runId: string } {
    this.refuseIfBusy();
    try {
      const params = checkRunParams(request.params, this.backends);
      return this.begin({ params, repeat: request.repeat, baseline: request.baseline, tag: request.tag });
    } catch (error) {
      if (error instanceof RunParamsError) throw new ContractError('invalid-payload', error.message);
      throw error;
    }
  }

  /** Begins a run whose parameters were checked where they came in (the CLI parses its own). */
  begin(plan: RunPlan): { runId: string } {
    this.refuseIfBusy();
    const { params } = plan;
    const backend = this.backends[params.backend];
    const runId = randomUUID();
    const controller = new AbortController();
    this.active = { runId, controller };
    this.started.emit({ runId, plan });

    let batch: { phase: RunPhase; round: number; events: RunEvent[] } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      clearTimeout(timer);
      timer = undefined;
      if (batch) this.progressed.emit({ runId, ...batch });
      batch = undefined;
    };
    const load = new RunLoadTracker();
    let current: { phase: RunPhase; round: number; counted: LoadCounted } | undefined;
    const loadTimer = setInterval(() => {
      const sample = current && load.sample();
      if (!current || !sample) return;
      this.loadMeasured.emit({ runId, ...current, ...sample });
    }, LOAD_INTERVAL_MS);
    void measure(backend, params, {
      repeat: plan.repeat,
      baseline: plan.baseline,
      monitor: this.monitor,
      signal: controller.signal,
      onRoundStarted: (start, phase, round) => {
        current = { phase, round, counted: start.load.counted };
        load.begin(`${phase}:${round}`, start.load.pids);
      },
      onEvent: (event, phase, round) => {
        if (
          batch &&
          (batch.phase !== phase || batch.round !== round || batch.events.length >= RUN_EVENTS_PER_BATCH_MAX)
        )
          flush();
        if (!batch) {
          batch = { phase, round, events: [] };
          timer = setTimeout(flush, PROGRESS_BATCH_MS);
        }
        batch.events.push(event);
      },
    })
      .then((measurement) => {
        flush();
        // The values must fit the contract (checked here, so a slip fails loudly rather than in the UI).
        const checked = MeasurementSchema.safeParse(measurement);
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

  private refuseIfBusy(): void {
    if (this.active)
      throw new ContractError('invalid-payload', 'A run is already going; stop it before starting another.');
  }

  cancel(runId: string): { cancelled: boolean } {
    if (this.active?.runId !== runId) return { cancelled: false };
    this.active.controller.abort();
    return { cancelled: true };
  }

  /** Stops the run that is going, if any. The backends belong to whoever made them. */
  close(): void {
    this.active?.controller.abort();
  }
}
