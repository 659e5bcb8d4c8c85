import { packInts } from '../../shared/session-codec';
import { LOAD_SCALE, MAX_TIMELINE_EVENTS, TIMELINE_UNIT_MS } from '../../shared/session-limits';
import type { LoadTrace, Timeline } from '../../shared/session';
import { THREAD_STATES, TIMELINE_KINDS, type RunPhase } from '../../shared/vocabulary';
import type { RunEvent } from '../../shared/measurement';
import type { CoreSample } from '../../shared/schemas';
import type { LoadSource } from '../../shared/vocabulary';

/** A growable typed array: samples arrive one tick at a time for as long as a run goes. */
class IntColumn {
  private data: Int32Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Int32Array(initial);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Collects monitor samples as integers (tenths of a percent), tick-major as they arrive, and
 * packs them core-major at the end. 36 000 ticks × 256 cores is 37 MB as Int32, not the
 * hundreds of MB the sample objects would hold.
 */
export class LoadTraceBuilder {
  private cores = 0;
  private startMs = 0;
  private source: LoadSource = 'proc-stat';
  private readonly offsets = new IntColumn();
  private readonly values = new IntColumn(64 * 1024);

  get ticks(): number {
    return this.offsets.length;
  }

  add(sample: Pick<CoreSample, 't' | 'cores' | 'source'>): void {
    if (this.ticks === 0) {
      this.cores = sample.cores.length;
      this.startMs = sample.t;
      this.source = sample.source;
    }
    this.offsets.push(Math.max(0, Math.round(sample.t - this.startMs)));
    for (let c = 0; c < this.cores; c++) {
      const load = sample.cores[c] ?? 0;
      this.values.push(Math.min(LOAD_SCALE, Math.max(0, Math.round((load * LOAD_SCALE) / 100))));
    }
  }

  build(): LoadTrace | null {
    const ticks = this.ticks;
    if (ticks === 0) return null;
    const tickMajor = this.values.view();
    const coreMajor = new Int32Array(tickMajor.length);
    for (let k = 0; k < ticks; k++) {
      for (let c = 0; c < this.cores; c++) coreMajor[c * ticks + k] = tickMajor[k * this.cores + c]!;
    }
    return {
      cores: this.cores,
      ticks,
      scale: LOAD_SCALE,
      startMs: this.startMs,
      offsetsMs: packInts(this.offsets.view()),
      values: packInts(coreMajor),
      source: this.source,
    };
  }
}

/** Collects run:progressed events into the packed timeline columns, up to MAX_TIMELINE_EVENTS. */
export class TimelineBuilder {
  private startMs: number | null = null;
  private truncated = false;
  private readonly t = new IntColumn();
  private readonly worker = new IntColumn();
  private readonly kind = new IntColumn();
  private readonly arg = new IntColumn();
  private readonly segment = new IntColumn();
  private readonly segments: Timeline['segments'] = [];
  private readonly lost: Timeline['lost'] = [];

  constructor(private readonly limit = MAX_TIMELINE_EVENTS) {}

  add(event: RunEvent, phase: RunPhase, round: number): void {
    if (event.type === 'worker-lost') {
      if (this.lost.length < 1000) this.lost.push({ worker: event.worker, reason: event.reason.slice(0, 1000) });
      return;
    }
    if (event.type === 'round-started') {
      const known = this.segmentOf(phase, round);
      const shape = { lanes: event.lanes, gilLane: event.gilLane, t0Ms: event.t };
      if (known >= 0) Object.assign(this.segments[known]!, shape);
      else if (this.segments.length < 1000) this.segments.push({ phase, round, ...shape });
      return;
    }
    if (this.t.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.startMs ??= event.t;
    let seg = this.segmentOf(phase, round);
    if (seg < 0) {
      // Events of a round that never announced itself still keep their place: one lane to start
      // with, which a replay widens to the workers it finds.
      if (this.segments.length >= 1000) return;
      seg = this.segments.push({ phase, round, lanes: 1, gilLane: false, t0Ms: null }) - 1;
    }
    const kind = event.type === 'task-finished' ? (event.ok ? 'task-finished' : 'task-failed') : event.type;
    this.t.push(Math.round((event.t - this.startMs) / TIMELINE_UNIT_MS));
    this.worker.push(Math.max(0, event.worker));
    this.kind.push(TIMELINE_KINDS.indexOf(kind));
    this.arg.push(event.type === 'worker-state' ? THREAD_STATES.indexOf(event.state) : Math.max(0, event.task));
    this.segment.push(seg);
  }

  private segmentOf(phase: RunPhase, round: number): number {
    return this.segments.findIndex((s) => s.phase === phase && s.round === round);
  }

  build(): Timeline | null {
    if (this.startMs === null && this.lost.length === 0) return null;
    return {
      events: this.t.length,
      truncated: this.truncated,
      unitMs: TIMELINE_UNIT_MS,
      startMs: this.startMs ?? 0,
      t: packInts(this.t.view()),
      worker: packInts(this.worker.view()),
      kind: packInts(this.kind.view()),
      arg: packInts(this.arg.view()),
      segment: packInts(this.segment.view()),
      segments: this.segments,
      lost: this.lost,
    };
  }
}
