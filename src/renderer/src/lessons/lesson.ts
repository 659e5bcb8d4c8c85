import type { Measurement, StartRunRequest } from '../../../shared/measurement';
import type { RunParamsInput } from '../../../shared/run-params';
import type { BackendId, ModeId } from '../../../shared/vocabulary';
import type { LaneRecorder } from '../../../shared/lanes';

/** A number the room can change before a run. */
export interface ParamDef {
  id: string;
  label: string;
  min: number;
  max: number;
  step: number;
  unit: string;
  value: (cores: number) => number;
}

export type ParamValues = Record<string, number>;

/** One run in a lesson's plan: a mode (or variant) and the request that measures it. */
export interface PlannedRun {
  key: string;
  label: string;
  mode: ModeId;
  request: StartRunRequest;
  /** False for a run measured for its own figure, not raced against the first: no speedup, not charted. */
  compared?: boolean;
}

export interface StepResult {
  run: PlannedRun;
  measurement: Measurement | null;
  error: string | null;
  /** The worker lanes of its last round, kept so they can be looked at again after the lesson. */
  lanes?: LaneRecorder | null;
}

/**
 * One press of Run in a lesson: the settings it ran with and what each of its planned runs
 * measured. A lesson keeps every go, so a second go (another switch interval, another pool size)
 * sits beside the first rather than replacing it.
 */
export interface LessonGo {
  /** 1 for the lesson's first go, counting up. */
  go: number;
  values: ParamValues;
  /** What the go ran with, in words: "Switch interval 1 ms, CPU-bound threads beside it 2". */
  settings: string;
  /** The first backend's runs: what the lesson's claims, charts and tables read. */
  results: StepResult[];
  /** The backends the go ran on, in order; absent means the simulation alone. */
  backends?: BackendId[];
  /** On a go run on two backends: the second's runs, each under its planned run's key. */
  paired?: StepResult[];
  /** Planned runs a backend could not run, each with why in one line. */
  refused?: { key: string; label: string; backend: BackendId; reason: string }[];
}

/** What a lesson's claim came to, given what was measured. */
export type Verdict = 'held' | 'not-held' | 'cannot-tell';

export interface Conclusion {
  /** The claim, checkably: "GIL threads ÷ one thread within 0.9–1.2, at most 1.2 cores busy". */
  claim: string;
  verdict: Verdict;
  /** What it came to, in plain words with the numbers: held; or why not; or why it can't tell. */
  text: string;
}

/** What a lesson concludes from besides the go itself. */
export interface ConcludeContext {
  /** Logical cores of the machine the go ran on. */
  cores: number;
  /** The lesson's goes before this one, oldest first: claims about a change between goes read them. */
  earlier: readonly LessonGo[];
}

/** What a lesson's claims read besides the go: the context, and the runs the go's settings plan. */
export interface ClaimContext extends ConcludeContext {
  /** Every run the go's settings plan, made or not: a claim about a run that never ran still names it. */
  plan: readonly PlannedRun[];
}

export interface Prediction {
  question: string;
  unit: string;
  min: number;
  max: number;
  step: number;
  /** The measured value the prediction is revealed beside, or null if the runs didn't give one. */
  measured: (results: StepResult[]) => number | null;
}

/**
 * The prediction a lesson asks for: its question, answered in `unit` on a slider from min to max
 * in steps of step, and the measured value it is revealed beside.
 */
export function ask(
  question: string,
  unit: string,
  [min, max, step]: readonly [min: number, max: number, step: number],
  measured: Prediction['measured'],
): Prediction {
  return { question, unit, min, max, step, measured };
}

export type LessonView = 'modes' | 'sweep' | 'counter' | 'convoy' | 'guide';

export interface Lesson {
  id: string;
  title: string;
  /** One line for the lesson list. */
  summary: string;
  explain: string[];
  params: ParamDef[];
  prediction: Prediction | null;
  view: LessonView;
  plan: (values: ParamValues, cores: number) => PlannedRun[];
  /**
   * The lesson's claims, each checked against what the go measured: held, not held and the
   * likeliest measured reason, or can't tell because a run was stopped or the machine was busy.
   */
  conclude: (go: LessonGo, context: ConcludeContext) => Conclusion[];
}

/** The conclusions of a lesson's go `index` (of `goes`, oldest first), read beside the goes before it. */
export function concludeGo(lesson: Lesson, goes: readonly LessonGo[], index: number, cores: number): Conclusion[] {
  const go = goes[index];
  return go ? lesson.conclude(go, { cores, earlier: goes.slice(0, index) }) : [];
}

/** A lesson's conclude from claims that read its plan, the plan being the lesson's own for the go's settings. */
export function withPlan(
  plan: Lesson['plan'],
  conclude: (go: LessonGo, context: ClaimContext) => Conclusion[],
): Lesson['conclude'] {
  return (go, context) => conclude(go, { ...context, plan: plan(go.values, context.cores) });
}

/**
 * A lesson's explanation, written as prose: paragraphs apart by a blank line, each on as many
 * lines as reads well in the source. The room reads each paragraph with its lines joined by a space.
 */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim().replace(/\s*\n\s*/g, ' '))
    .filter((paragraph) => paragraph !== '');
}

/** A planned run with its request: measured `repeat` times, without a baseline of its own. */
export function planned(key: string, label: string, params: RunParamsInput, repeat = 1): PlannedRun {
  const request: StartRunRequest = { params, repeat, baseline: false };
  return { key, label, mode: params.mode, request };
}

/** A go's settings in words, each slider as the room sees it. */
export function describeSettings(lesson: Pick<Lesson, 'params'>, values: ParamValues): string {
  return lesson.params
    .map((p) => `${p.label} ${values[p.id] ?? p.value(1)}${p.unit ? (p.unit === '×' ? '×' : ` ${p.unit}`) : ''}`)
    .join(', ');
}

export function defaults(lesson: Lesson, cores: number): ParamValues {
  return Object.fromEntries(lesson.params.map((p) => [p.id, p.value(cores)]));
}

/** Whether a step's run ended as measured: every round completed, and nothing refused it. */
export function completed(result: StepResult | undefined): result is StepResult & { measurement: Measurement } {
  return !!result?.measurement && result.measurement.outcome === 'completed' && result.error === null;
}

/** A step's median wall time in seconds; null unless it ran to the end, since a stopped run measured part of the work. */
export function wallSeconds(result: StepResult | undefined): number | null {
  return completed(result) ? result.measurement.wallMs.median / 1000 : null;
}

export function find(results: StepResult[], key: string): StepResult | undefined {
  return results.find((r) => r.run.key === key);
}

/** How many times faster `key` was than `baseKey`, both as measured in this lesson; null if either was stopped. */
export function ratio(results: StepResult[], baseKey: string, key: string): number | null {
  const base = wallSeconds(find(results, baseKey));
  const other = wallSeconds(find(results, key));
  return base !== null && other !== null && other > 0 ? base / other : null;
}

export function fmt(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}
