import { checkPackedInts, unpackInts, PackedColumnError, type Base64Decoder } from './session-codec';
import { LOAD_SCALE, MAX_SESSION_LOAD_VALUES, MAX_SESSION_SAMPLES } from './session-limits';
import type { LoadTrace, SessionDocument, Timeline } from './session';
import { THREAD_STATES, TIMELINE_KINDS, type RunPhase, type ThreadState, type TimelineKind } from './vocabulary';

/**
 * Checks what the schema alone can't: that the totals are within limits, and that every packed
 * column holds exactly the values it declares, each in range. Counts are checked first, so a
 * file that claims 10^7 samples is refused before anything is unpacked. Runs before `fromRun`
 * were checked when they came in and are only counted again: an append checks its one new run.
 */
export function checkSessionContent(doc: SessionDocument, options: ContentCheckOptions = {}): void {
  const { fromRun = 0, decodeBase64 } = options;
  let ticks = 0;
  let values = 0;
  for (const run of doc.runs) {
    if (run.load) {
      ticks += run.load.ticks;
      values += run.load.ticks * run.load.cores;
    }
  }
  if (ticks > MAX_SESSION_SAMPLES) {
    throw new SessionContentError(
      `has ${ticks.toLocaleString('en')} load samples; the limit is ${MAX_SESSION_SAMPLES.toLocaleString('en')}`,
    );
  }
  if (values > MAX_SESSION_LOAD_VALUES) {
    throw new SessionContentError(
      `has ${values.toLocaleString('en')} per-core load values; the limit is ${MAX_SESSION_LOAD_VALUES.toLocaleString('en')}`,
    );
  }
  doc.runs.forEach((run, i) => {
    if (i < fromRun) return;
    if (run.load) guard(`runs.${i}.load`, () => checkLoadTrace(run.load!, decodeBase64));
    if (run.timeline) guard(`runs.${i}.timeline`, () => decodeTimeline(run.timeline!));
  });
}

/** What decodeLoadTrace would refuse, found without building the per-core series. */
function checkLoadTrace(trace: LoadTrace, decode?: Base64Decoder): void {
  unpackCol('offsetsMs', () => checkPackedInts(trace.offsetsMs, trace.ticks, 0, undefined, decode));
  unpackCol('values', () => checkPackedInts(trace.values, trace.ticks * trace.cores, 0, LOAD_SCALE, decode));
}

export interface ContentCheckOptions {
  /** The first run whose columns are unpacked; earlier ones are only counted. */
  fromRun?: number;
  /** A faster base64 decoder where the platform has one (see Base64Decoder). */
  decodeBase64?: Base64Decoder;
}

export class SessionContentError extends Error {
  override readonly name = 'SessionContentError';
}

function guard(where: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof PackedColumnError || error instanceof SessionContentError) {
      throw new SessionContentError(`${where}: ${error.message}`);
    }
    throw error;
  }
}

export interface DecodedLoad {
  /** Epoch ms of each tick. */
  timesMs: Float64Array;
  /** Per core, each tick's load in percent (0–100, to a tenth). */
  perCore: Float32Array[];
}

export function decodeLoadTrace(trace: LoadTrace): DecodedLoad {
  const offsets = unpackCol('offsetsMs', () => unpackInts(trace.offsetsMs, trace.ticks, 0));
  const raw = unpackCol('values', () => unpackInts(trace.values, trace.ticks * trace.cores, 0, LOAD_SCALE));
  const timesMs = new Float64Array(trace.ticks);
  for (let k = 0; k < trace.ticks; k++) timesMs[k] = trace.startMs + offsets[k]!;
  const perCore: Float32Array[] = [];
  for (let c = 0; c < trace.cores; c++) {
    const series = new Float32Array(trace.ticks);
    for (let k = 0; k < trace.ticks; k++) series[k] = (raw[c * trace.ticks + k]! * 100) / LOAD_SCALE;
    perCore.push(series);
  }
  return { timesMs, perCore };
}

export interface TimelineEventRecord {
  /** Epoch ms. */
  t: number;
  worker: number;
  kind: TimelineKind;
  /** The task number for task events; for worker-state, the state. */
  task: number | null;
  state: ThreadState | null;
  phase: RunPhase;
  round: number;
}

export function decodeTimeline(timeline: Timeline): TimelineEventRecord[] {
  const n = timeline.events;
  const t = unpackCol('t', () => unpackInts(timeline.t, n));
  const worker = unpackCol('worker', () => unpackInts(timeline.worker, n, 0));
  const kind = unpackCol('kind', () => unpackInts(timeline.kind, n, 0, TIMELINE_KINDS.length - 1));
  const arg = unpackCol('arg', () => unpackInts(timeline.arg, n, 0));
  const segment = unpackCol('segment', () => unpackInts(timeline.segment, n, 0));
  const out: TimelineEventRecord[] = [];
  for (let i = 0; i < n; i++) {
    const k = TIMELINE_KINDS[kind[i]!]!;
    const seg = timeline.segments[segment[i]!];
    if (!seg) throw new SessionContentError(`segment: event ${i} names segment ${segment[i]}, which is not listed`);
    const isState = k === 'worker-state';
    if (isState && arg[i]! >= THREAD_STATES.length) {
      throw new SessionContentError(`arg: event ${i} has thread state ${arg[i]}, which does not exist`);
    }
    out.push({
      t: timeline.startMs + t[i]! * timeline.unitMs,
      worker: worker[i]!,
      kind: k,
      task: isState ? null : arg[i]!,
      state: isState ? THREAD_STATES[arg[i]!]! : null,
      phase: seg.phase,
      round: seg.round,
    });
  }
  return out;
}

function unpackCol<T>(column: string, unpack: () => T): T {
  try {
    return unpack();
  } catch (error) {
    if (error instanceof PackedColumnError) throw new PackedColumnError(`${column} ${error.message}`);
    throw error;
  }
}
