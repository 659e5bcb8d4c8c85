import { median } from '../../../shared/stats';
import type { Measurement } from '../../../shared/measurement';
import type { BackendId, ThreadMeasureMethod } from '../../../shared/vocabulary';
import { completed, ratio, type LessonGo, type StepResult } from '../lessons/lesson';
import { backendOfRun, BACKEND_TEXT } from './backend-plan';
import { threadMethodOf } from './measured-threads';

/**
 * A go run on the simulation and on real Python, side by side: each planned run's figures on
 * both, and a line that says where the two agree and where they differ, from what was measured.
 * A figure agrees when the two are within a tolerance that the noise of one run on a shared
 * machine stays inside; a stopped or refused run is compared on nothing.
 */

/** One backend's figures for one run; null where it didn't complete. */
export interface BackendFigures {
  backend: BackendId;
  wallS: number;
  speedup: number | null;
  busyCores: number;
  /** Each worker's share of the round spent waiting: for the GIL (simulated) or on a futex (real). */
  waiting: number[] | null;
  /** The convoy: the waiting share of its I/O loop, the thread that spent the most time asleep; else null. */
  ioThreadWaiting: number | null;
  /** How real Python's threads were measured; 'task-spans' where no state was (off Linux). Null on the simulation. */
  threadMethod: ThreadMeasureMethod | null;
}

export interface BackendPair {
  key: string;
  label: string;
  sides: { backend: BackendId; figures: BackendFigures | null; note: string | null }[];
}

/** Worker threads' measured shares on real Python, by worker number; null where not sampled. */
function pythonWaits(m: Measurement): { waiting: number[]; io: number[] } | null {
  const threads = m.runs.at(-1)?.threads;
  if (!threads || threads.method !== 'proc-task-sampling') return null;
  const workers = threads.list.filter((t) => t.worker !== null).sort((a, b) => a.worker! - b.worker!);
  if (!workers.length) return null;
  return { waiting: workers.map((t) => t.shares.futex), io: workers.map((t) => t.shares.io) };
}

/** The simulated GIL's waits, each thread's as a share of the round's wall time. */
function simulatedWaits(m: Measurement): { waiting: number[]; io: number[] } | null {
  const round = m.runs.at(-1);
  if (!round?.gil || round.wallMs <= 0) return null;
  const share = (ms: number) => Math.min(1, ms / round.wallMs);
  const threads = [...round.gil.threads].sort((a, b) => a.thread - b.thread);
  return { waiting: threads.map((t) => share(t.waitMs)), io: threads.map((t) => share(t.ioMs)) };
}

function figuresOf(result: StepResult, list: readonly StepResult[], baseKey: string): BackendFigures | null {
  if (!completed(result)) return null;
  const m = result.measurement;
  const backend = backendOfRun(result.run);
  const waits = backend === 'python' ? pythonWaits(m) : simulatedWaits(m);
  // The convoy's I/O loop is the thread that spent the most of the round asleep, on either backend.
  const convoy = m.params.workload === 'convoy' && waits !== null && waits.io.length > 1;
  const ioIndex = convoy ? waits.io.indexOf(Math.max(...waits.io)) : -1;
  return {
    backend,
    wallS: m.wallMs.median / 1000,
    speedup:
      result.run.compared === false || result.run.key === baseKey
        ? null
        : ratio(list.filter(completed), baseKey, result.run.key),
    busyCores: m.busyCores.median,
    waiting: waits?.waiting ?? null,
    ioThreadWaiting: ioIndex >= 0 && waits!.io[ioIndex]! > 0 ? waits!.waiting[ioIndex]! : null,
    threadMethod: backend === 'python' ? threadMethodOf(m) : null,
  };
}

/** Whether any real Python run of these pairs had its threads' states unmeasured, only task spans. */
export function taskSpansOnly(pairs: readonly BackendPair[]): boolean {
  return pairs.some((p) => p.sides.some((s) => s.figures?.threadMethod === 'task-spans'));
}

/** Each planned run of a go on both backends, in plan order; empty unless the go ran on two. */
export function pairRuns(go: LessonGo): BackendPair[] {
  const backends = go.backends ?? ['simulation'];
  if (backends.length < 2) return [];
  const lists = [go.results, go.paired ?? []];
  const baseKey = go.results[0]?.run.key ?? go.paired?.[0]?.run.key ?? '';
  const keys = [...new Set([...go.results, ...(go.paired ?? [])].map((r) => r.run.key))];
  return keys.map((key) => {
    const label = (go.results.find((r) => r.run.key === key) ?? go.paired!.find((r) => r.run.key === key))!.run.label;
    return {
      key,
      label,
      sides: backends.map((backend, i) => {
        const result = lists[i]!.find((r) => r.run.key === key);
        const refused = go.refused?.find((r) => r.key === key && r.backend === backend);
        const note = refused
          ? refused.reason
          : !result
            ? 'not run'
            : completed(result)
              ? null
              : (result.error ?? `${result.measurement?.outcome ?? 'stopped'}; no result`);
        return { backend, figures: result ? figuresOf(result, lists[i]!, baseKey) : null, note };
      }),
    };
  });
}

/** How close two figures must be to agree: speedups and cores within 15% (at least 0.15 and 0.25), waits within 15 points. */
const TOLERANCE = {
  speedup: (a: number, b: number) => Math.abs(a - b) <= Math.max(0.15, 0.15 * Math.max(a, b)),
  busy: (a: number, b: number) => Math.abs(a - b) <= Math.max(0.25, 0.15 * Math.max(a, b)),
  waiting: (a: number, b: number) => Math.abs(a - b) <= 0.15,
};

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** The figures of a pair that both sides measured, each said with both values and whether they agree. */
function compareFigures(a: BackendFigures, b: BackendFigures): { said: string; agree: boolean }[] {
  const out: { said: string; agree: boolean }[] = [];
  if (a.speedup !== null && b.speedup !== null) {
    out.push({
      said: `speedup ${a.speedup.toFixed(2)}× vs ${b.speedup.toFixed(2)}×`,
      agree: TOLERANCE.speedup(a.speedup, b.speedup),
    });
  }
  out.push({
    said: `${a.busyCores.toFixed(2)} vs ${b.busyCores.toFixed(2)} cores busy`,
    agree: TOLERANCE.busy(a.busyCores, b.busyCores),
  });
  const io = a.ioThreadWaiting !== null && b.ioThreadWaiting !== null;
  const wa = io ? a.ioThreadWaiting : median(a.waiting ?? []);
  const wb = io ? b.ioThreadWaiting : median(b.waiting ?? []);
  if (wa !== null && wb !== null) {
    out.push({
      said: io ? `I/O thread waiting ${pct(wa)} vs ${pct(wb)}` : `waiting ${pct(wa)} vs ${pct(wb)} per thread`,
      agree: TOLERANCE.waiting(wa, wb),
    });
  }
  return out;
}

/**
 * One line: where the two backends agree and where they differ, run by run, from the figures
 * both measured, the first backend's figure first. Null where no run completed on both.
 */
export function agreementLine(pairs: readonly BackendPair[]): string | null {
  const agree: string[] = [];
  const differ: string[] = [];
  let names: [string, string] | null = null;
  for (const pair of pairs) {
    const [a, b] = pair.sides;
    if (!a?.figures || !b?.figures) continue;
    names ??= [BACKEND_TEXT[a.backend], BACKEND_TEXT[b.backend]];
    const facts = compareFigures(a.figures, b.figures);
    const off = facts.filter((f) => !f.agree);
    const said = (list: typeof facts) => `${pair.label}: ${list.map((f) => f.said).join(', ')}`;
    if (off.length === 0) agree.push(said(facts));
    else differ.push(said(off));
  }
  if (!names) return null;
  const who = `The ${names[0]} and ${names[1]}`;
  if (!differ.length) return `${who} agree on every run. ${agree.join('; ')}.`;
  if (!agree.length) return `${who} differ on every run. ${differ.join('; ')}.`;
  return `${who} agree on ${agree.join('; ')}. They differ on ${differ.join('; ')}.`;
}
