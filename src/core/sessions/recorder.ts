import { randomUUID } from 'node:crypto';
import type { LessonTag, Measurement, RunEvent } from '../../shared/measurement';
import type { RunPhase } from '../../shared/vocabulary';
import type { AppInfo, CoreSample } from '../../shared/schemas';
import type { MachineSnapshot, SessionRun } from '../../shared/session';
import { LoadTraceBuilder, TimelineBuilder } from './trace-builders';

/**
 * Builds one saved run from what the engine streams while it goes: monitor samples, the
 * worker and GIL events of run:progressed, and finally the measurement of run:finished.
 * Samples are kept from the moment the run starts until it finishes.
 */
export class RunRecording {
  private readonly load = new LoadTraceBuilder();
  private readonly timeline: TimelineBuilder;
  readonly startedAt: Date;

  constructor(
    readonly runId: string,
    options: { now?: Date; maxTimelineEvents?: number } = {},
  ) {
    this.startedAt = options.now ?? new Date();
    this.timeline = new TimelineBuilder(options.maxTimelineEvents);
  }

  sample(sample: CoreSample): void {
    // A sample covers the interval that ends at t; keep those that end after the run began.
    if (sample.t - sample.intervalMs / 2 >= this.startedAt.getTime()) this.load.add(sample);
  }

  event(event: RunEvent, phase: RunPhase, round: number): void {
    this.timeline.add(event, phase, round);
  }

  finish(
    measurement: Measurement,
    context: { machine: MachineSnapshot; app: AppInfo; tag?: LessonTag | null; now?: Date },
  ): SessionRun {
    return {
      id: this.runId.slice(0, 64) || randomUUID(),
      startedAt: this.startedAt.toISOString(),
      finishedAt: (context.now ?? new Date()).toISOString(),
      measurement,
      machine: context.machine,
      app: context.app,
      load: this.load.build(),
      timeline: this.timeline.build(),
      tag: context.tag ?? null,
    };
  }
}

export interface RecorderSources {
  onSample(listener: (sample: CoreSample) => void): () => void;
}

/**
 * Keeps one RunRecording per active run id for LabCore: begin() when run:start succeeds,
 * samples from the monitor and events from run:progressed in between, end() on run:finished.
 */
export class SessionRecorder {
  private readonly active = new Map<string, RunRecording>();
  private readonly stopSampling: () => void;

  constructor(monitor: RecorderSources) {
    this.stopSampling = monitor.onSample((sample) => {
      for (const recording of this.active.values()) recording.sample(sample);
    });
  }

  begin(runId: string): void {
    this.active.set(runId, new RunRecording(runId));
  }

  event(runId: string, event: RunEvent, phase: RunPhase, round: number): void {
    this.active.get(runId)?.event(event, phase, round);
  }

  /** The finished recording, or undefined if this run was never begun here. */
  end(runId: string): RunRecording | undefined {
    const recording = this.active.get(runId);
    this.active.delete(runId);
    return recording;
  }

  close(): void {
    this.stopSampling();
    this.active.clear();
  }
}
