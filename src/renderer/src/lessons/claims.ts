/**
 * How a lesson's claim is judged against a go. A claim reads some of the go's steps; unless each
 * ran to the end, the go can't tell. Its check then says what was measured and whether that bears
 * the claim out. When it doesn't, load from other programs means the go can't tell either, and
 * so does a go whose runs measurably never set up what the claim is about (workers that never
 * overlapped can't race); otherwise the conclusion gives the likeliest reason that was measured,
 * never a story the numbers contradict.
 */
import type { Measurement } from '../../../shared/measurement';
import { MODE_TRAITS } from '../../../shared/modes';
import type { RunParamsInput } from '../../../shared/run-params';
import { formatSeconds } from '../lib/format';
import { busyThreshold, stoppedPhrase, stoppedSteps, worstOtherLoad } from './assess';
import { completed, find, fmt, type ClaimContext, type Conclusion, type LessonGo, type StepResult } from './lesson';

/** A step that ran to the end, so its measurement is whole. */
export type Done = StepResult & { measurement: Measurement };
/** A go's completed step by key; a claim's check and reasons only see steps the claim needs. */
export type StepOf = (key: string) => Done;

/** What a claim's check found. */
export interface Finding {
  holds: boolean;
  /** What was measured, as one or more sentences with the numbers. */
  found: string;
  /** What the numbers show, said after them when the claim held. */
  shows: string;
}

export interface Claim {
  /** The claim, checkably: "GIL threads ÷ one thread within 0.80–1.20×, at most 1.2 cores' worth busy". */
  claim: string;
  /** The keys of the steps it reads. */
  needs: readonly string[];
  check: (step: StepOf) => Finding;
  /** Measured reasons it may not hold, likeliest first, each null where it doesn't apply; the first that applies is given. */
  reasons?: (step: StepOf) => (string | null)[];
  /**
   * Measured reasons the runs could not put the claim to the test, each null where it doesn't
   * apply: when one applies and the claim did not hold, the go can't tell rather than refute it.
   */
  untested?: (step: StepOf) => (string | null)[];
  /** Context said after a held claim, where it applies: more workers than cores, say. */
  note?: (step: StepOf) => string | null;
  /** Completed steps of earlier goes the claim also reads: their weather counts too. */
  elsewhere?: readonly StepResult[];
}

/** What a claim came to in a go, on a machine with `cores` logical cores. */
export function judge(go: LessonGo, cores: number, c: Claim): Conclusion {
  const steps = c.needs.map((key) => find(go.results, key));
  const cannotTell = (text: string): Conclusion => ({ claim: c.claim, verdict: 'cannot-tell', text });
  const stopped = steps.find((s) => s !== undefined && !completed(s));
  if (stopped) return cannotTell(`${stoppedPhrase(stopped)} So this go can't tell.`);
  if (steps.some((s) => s === undefined)) {
    const first = stoppedSteps(go)[0];
    return cannotTell(
      first
        ? `${stoppedPhrase(first)} The runs after it were not made, so this go can't tell.`
        : "Not every run this claim reads was made in this go, so it can't tell.",
    );
  }
  const step: StepOf = (key) => {
    const s = find(go.results, key);
    if (!c.needs.includes(key) || !completed(s))
      throw new Error(`the claim "${c.claim}" read "${key}", which it does not name`);
    return s;
  };
  const { holds, found, shows } = c.check(step);
  const other = worstOtherLoad([...steps, ...(c.elsewhere ?? [])]);
  const busy = other !== null && other > busyThreshold(cores);
  const load = `other programs kept ${fmt(other)} of ${cores} cores' worth busy`;
  const reason = (): string | null => c.reasons?.(step).find((r) => r !== null) ?? null;
  if (holds) {
    const note = c.note?.(step) ?? null;
    const tail = [note ? `${capital(note)}.` : '', busy ? `(Meanwhile ${load}; the claim held all the same.)` : '']
      .filter(Boolean)
      .join(' ');
    return { claim: c.claim, verdict: 'held', text: [found, shows, tail].filter(Boolean).join(' ') };
  }
  if (busy) return cannotTell(`${found} Meanwhile ${load}, so this go can't tell whether the claim holds.`);
  const untested = c.untested?.(step).find((r) => r !== null) ?? null;
  if (untested) return cannotTell(`${found} ${capital(untested)}, so this go can't tell whether the claim holds.`);
  const why =
    reason() ??
    `nothing measured explains it: ${other === null ? 'no load from other programs was measured' : load}, and no run was stopped`;
  return {
    claim: c.claim,
    verdict: 'not-held',
    text: `${found} Not as the lesson expects; the likeliest measured reason: ${why}.`,
  };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The speedup over one thread the run could reach at best: waits overlap on as many threads as
 * there are, or all at once on one event loop; CPU work spreads over the cores, unless one GIL
 * or one thread holds it to one. Null for
 * workloads whose point is their overhead or their race, where no such ceiling applies.
 */
export function idealSpeedup(
  params: Pick<RunParamsInput, 'mode' | 'workload' | 'tasks' | 'workers' | 'releasesGil'>,
  cores: number,
): number | null {
  // An event loop gathers every task at once; a pool runs `workers` at a time.
  const together = params.mode === 'asyncio' ? params.tasks : params.workers;
  const rounds = params.tasks / Math.ceil(params.tasks / together);
  if (params.mode === 'sequential') return 1;
  if (params.workload === 'io-sleep' || params.workload === 'io-file') return rounds;
  if (params.workload === 'tiny' || params.workload === 'transfer') return null;
  if (params.workload === 'counter' || params.workload === 'convoy') return null;
  if (MODE_TRAITS[params.mode].lanes === 'one') return 1;
  if (params.mode === 'threads-gil' && !(params.workload === 'hash' && params.releasesGil)) return 1;
  return Math.min(rounds, cores);
}

/**
 * The share of its ideal speedup a run reaches unless something gets in the way: three quarters
 * for CPU work; less for waits, whose threads each cost a little to start.
 */
export function fairShare(params: Pick<RunParamsInput, 'workload'>): number {
  return params.workload === 'io-sleep' || params.workload === 'io-file' ? 0.6 : 0.75;
}

/** The largest share of its time any round's workers were ready to run but waiting for a core; null where not measured. */
export function waitShare(step: Done): number | null {
  const shares = step.measurement.runs.map((r) => r.waitingForCore?.share ?? null).filter((x) => x !== null);
  return shares.length === 0 ? null : Math.max(...shares);
}

/** More workers than cores: as measured (waiting for a core), or as planned where waiting isn't measured. */
export function coreSharing(step: Done, cores: number): string | null {
  const { workers } = step.measurement.params;
  const share = waitShare(step);
  const who = workers === 1 ? 'the one worker was' : `the ${workers} workers were`;
  if (share !== null && share >= 0.1)
    return `${who} ready to run but waiting for a core ${fmt(100 * share, 0)}% of the time, on ${cores} cores`;
  if (workers <= cores) return null;
  const measured = share === null ? ' (how long each waited for a core is not measured on this system)' : '';
  return `${workers} workers shared ${cores} cores, so they took turns${measured}`;
}

/** Fewer tasks than workers. */
export function fewTasks(step: Done): string | null {
  const { tasks, workers } = step.measurement.params;
  if (tasks >= workers) return null;
  return `only ${tasks} task${tasks === 1 ? '' : 's'} for ${workers} workers, so ${workers - tasks} had nothing to do`;
}

/** How much longer the same task may take a worker's core than another's before the cores are said to differ. */
const UNEVEN_CPU_PER_TASK = 1.25;

/**
 * Workers whose cores ran at different speeds (a VM's cores can): the same task took one worker
 * more CPU time than another, so the faster took more tasks and ran the last ones alone. Told
 * from the first round that shows it; null where every worker kept pace in every round.
 */
export function unevenCores(step: Done): string | null {
  for (const run of step.measurement.runs) {
    const working = run.workers.filter((w) => w.tasks > 0 && w.cpuMs > 0);
    if (working.length < 2) continue;
    const perTask = working.map((w) => w.cpuMs / w.tasks);
    const [least, most] = [Math.min(...perTask), Math.max(...perTask)];
    const fast = working[perTask.indexOf(least)]!;
    const slow = working[perTask.indexOf(most)]!;
    if (most / least < UNEVEN_CPU_PER_TASK || fast.tasks <= slow.tasks) continue;
    const each = (w: (typeof working)[number]) => `${formatSeconds(w.cpuMs / w.tasks)} s`;
    return (
      `the workers' cores ran at different speeds: the same task took ${each(fast)} of CPU on one and ` +
      `${each(slow)} on another, so the faster did ${fast.tasks} tasks to the slower's ${slow.tasks} and ran its last ones alone`
    );
  }
  return null;
}

/** Tasks this long on one thread are worth handing out; shorter ones may cost more to send than to do. */
const SHORT_TASK_MS = 50;

/**
 * Work so short that feeding it to the workers outweighs it: each task's share of a worker's time
 * in the run, against its length on one thread. Null for tasks long enough to be worth sending.
 */
export function overheadOutweighs(step: Done, oneThread: Done): string | null {
  const { tasks, workers } = step.measurement.params;
  const perTaskMs = oneThread.measurement.wallMs.median / oneThread.measurement.params.tasks;
  if (perTaskMs >= SHORT_TASK_MS) return null;
  const inPoolMs = (step.measurement.wallMs.median * Math.min(workers, tasks)) / tasks;
  const dispatchMs = step.measurement.runs.at(-1)?.dispatchMs.median ?? 0;
  if (perTaskMs < 10 * dispatchMs)
    return `each task took only ${fmt(perTaskMs, 2)} ms, against ${fmt(dispatchMs, 2)} ms to hand one to a worker`;
  if (inPoolMs > 2 * perTaskMs)
    return `each task took ${fmt(perTaskMs, 2)} ms on one thread but ${fmt(inPoolMs, 2)} ms of a worker's time, so handing it over cost more than the work`;
  return null;
}

/** "1.23 s" from a step's median wall time. */
export function seconds(step: Done, digits = 2): string {
  return `${fmt(step.measurement.wallMs.median / 1000, digits)} s`;
}

/** A step's median cores' worth busy (CPU ÷ wall). */
export function busyOf(step: Done): number {
  return step.measurement.busyCores.median;
}

/** How many times faster `step` ran than `base`. */
export function speedupOf(base: Done, step: Done): number {
  return base.measurement.wallMs.median / step.measurement.wallMs.median;
}

/** The parameters a step was planned with, whether or not it ran. */
export function plannedParams(go: LessonGo, { plan }: ClaimContext, key: string): RunParamsInput | null {
  return (find(go.results, key)?.run ?? plan.find((p) => p.key === key))?.request.params ?? null;
}

/** A race's two steps, and how many times faster the second ran. */
export function raced(step: StepOf, base: string, key: string) {
  const one = step(base);
  const run = step(key);
  return { one, run, s: speedupOf(one, run) };
}
