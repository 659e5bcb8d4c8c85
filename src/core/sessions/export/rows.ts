import { describeStopped, type Measurement, type RunSummary } from '../../../shared/measurement';
import { MODE_TRAITS } from '../../../shared/modes';
import type { SessionDocument, SessionRun } from '../../../shared/session';
import { sessionSpeedups, type Speedup } from '../../../shared/session-speedup';
import { median } from '../../../shared/stats';
import { describeMachine } from '../summary';

/** The figures every tabular export shares, one object per run, in session order. */
export interface RunRow {
  run: number;
  id: string;
  startedAt: string;
  /** The lesson tag: which lesson, which go of it, which of its steps, and what the go set. */
  lesson: string | null;
  go: number | null;
  step: string | null;
  settings: string | null;
  /** What ran it: the simulation, or real Python with the interpreter's facts. */
  backend: string;
  runtime: string;
  interpreterPath: string | null;
  pythonBuild: string | null;
  /** sys._is_gil_enabled() during the run; null where the interpreter can't say or for the simulation. */
  gilEnabled: boolean | null;
  startMethod: string | null;
  workload: string;
  mode: string;
  workers: number;
  tasks: number;
  taskMs: number | null;
  switchIntervalMs: number;
  repeat: number;
  /** completed only if every round completed; a stopped run's figures are not results. */
  outcome: string;
  /** For a run that didn't complete: how long it ran, from Run to its end as its record is timed. */
  stoppedAfterMs: number | null;
  /** The same in words: "stopped after 1.4 s; no result". */
  stopped: string | null;
  /** Null for a run that didn't complete: what its rounds measured is no result. */
  wallMsMedian: number | null;
  wallMsMin: number | null;
  wallMsMax: number | null;
  wallMsStddev: number | null;
  busyCores: number | null;
  sequentialWallMs: number | null;
  /** Measured against the run's own baseline, or derived from the session (shared/session-speedup.ts). */
  speedup: number | null;
  speedupBasis: Speedup['basis'] | null;
  speedupFromRun: number | null;
  efficiency: number | null;
  verified: boolean;
  /** The length a task aimed at, what one measured, and whether this run sized its tasks again. */
  taskMsTarget: number | null;
  taskMsMeasured: number | null;
  taskResized: boolean;
  /** Median over the completed rounds: other programs' busy cores, and the workers' wait for a core. */
  otherBusyCores: number | null;
  waitingForCoreShare: number | null;
  waitingForCoreMs: number | null;
  /** counter: the variant, whose memory the counter was in, and what happened to the updates. */
  counterVariant: string | null;
  counterMemory: 'shared by threads' | 'shared Value' | 'own copies' | null;
  updatesExpected: number | null;
  /** Null where each process counted its own copy: those updates weren't lost, only never shared. */
  updatesLost: number | null;
  updatesReturned: number | null;
  /** convoy: the I/O loop's rate, and which case it ran: alone, or beside how many CPU threads. */
  ioLoopsPerSecond: number | null;
  convoyCase: string | null;
  machine: string;
  cpuModel: string;
  logicalCores: number;
  physicalCores: number;
  memoryBytes: number | null;
  os: string;
  appVersion: string;
  nodeVersion: string;
  electronVersion: string | null;
  host: string;
}

export function runRows(doc: SessionDocument): RunRow[] {
  const speedups = sessionSpeedups(doc.runs);
  return doc.runs.map((run, i) => runRow(run, i + 1, speedups[i] ?? null));
}

/** A figure over the run's completed rounds, by median. */
function overRounds(m: Measurement, figure: (r: RunSummary) => number | null | undefined): number | null {
  const values = m.runs
    .filter((r) => r.outcome === 'completed')
    .map(figure)
    .filter((v): v is number => typeof v === 'number');
  return median(values);
}

function counterFigures(
  m: Measurement,
): Pick<RunRow, 'counterVariant' | 'counterMemory' | 'updatesExpected' | 'updatesLost' | 'updatesReturned'> {
  const p = m.params;
  const counter = m.runs.filter((r) => r.outcome === 'completed').at(-1)?.counter ?? null;
  if (p.workload !== 'counter') {
    return {
      counterVariant: null,
      counterMemory: null,
      updatesExpected: null,
      updatesLost: null,
      updatesReturned: null,
    };
  }
  const copies = counter?.returned !== undefined;
  return {
    counterVariant: p.counterVariant,
    counterMemory: MODE_TRAITS[p.mode].sharedMemory
      ? 'shared by threads'
      : p.sharedMemory
        ? 'shared Value'
        : 'own copies',
    updatesExpected: counter?.expected ?? null,
    updatesLost: counter && !copies ? counter.lost : null,
    updatesReturned: counter?.returned ?? null,
  };
}

/** The convoy's case: the I/O loop alone, or beside its CPU-bound threads. */
export function convoyCase(tasks: number): string {
  const cpu = tasks - 1;
  return cpu === 0 ? 'I/O loop alone' : `beside ${cpu} CPU thread${cpu === 1 ? '' : 's'}`;
}

function runRow(run: SessionRun, index: number, speedup: Speedup | null): RunRow {
  const m = run.measurement;
  const p = m.params;
  const workers = m.runs.at(-1)?.lanes ?? p.workers;
  const done = m.outcome === 'completed';
  return {
    run: index,
    id: run.id,
    startedAt: run.startedAt,
    lesson: run.tag?.lesson ?? null,
    go: run.tag?.go ?? null,
    step: run.tag?.step ?? null,
    settings: run.tag?.settings ?? null,
    backend: m.backend.id,
    runtime: m.backend.runtime,
    interpreterPath: m.backend.interpreter?.path ?? null,
    pythonBuild: m.backend.interpreter?.build ?? null,
    gilEnabled: m.backend.interpreter?.gilEnabled ?? null,
    startMethod: m.backend.interpreter?.startMethod ?? null,
    workload: p.workload,
    mode: p.mode,
    workers,
    tasks: p.tasks,
    taskMs: p.taskMs ?? null,
    switchIntervalMs: p.switchIntervalMs,
    repeat: m.wallMs.n,
    outcome: m.outcome,
    stoppedAfterMs: done ? null : m.elapsedMs,
    stopped: describeStopped(m),
    wallMsMedian: done ? m.wallMs.median : null,
    wallMsMin: done ? m.wallMs.min : null,
    wallMsMax: done ? m.wallMs.max : null,
    wallMsStddev: done ? m.wallMs.stddev : null,
    busyCores: done ? m.busyCores.median : null,
    sequentialWallMs: m.baseline?.wallMs.median ?? null,
    speedup: speedup?.value ?? null,
    speedupBasis: speedup?.basis ?? null,
    speedupFromRun: speedup?.fromRun ?? null,
    efficiency: speedup?.basis === 'derived' ? speedup.value / workers : m.efficiency,
    verified: m.verified,
    taskMsTarget: m.taskLength.targetMs,
    taskMsMeasured: m.taskLength.measuredMs,
    taskResized: m.taskLength.resized,
    otherBusyCores: overRounds(m, (r) => r.otherBusyCores),
    waitingForCoreShare: overRounds(m, (r) => r.waitingForCore?.share),
    waitingForCoreMs: overRounds(m, (r) => r.waitingForCore?.ms),
    ...counterFigures(m),
    ioLoopsPerSecond: p.workload === 'convoy' ? overRounds(m, (r) => r.ioLoop?.loopsPerSecond) : null,
    convoyCase: p.workload === 'convoy' ? convoyCase(p.tasks) : null,
    machine: describeMachine(run.machine),
    cpuModel: run.machine.cpuModel,
    logicalCores: run.machine.logicalCores,
    physicalCores: run.machine.physicalCores,
    memoryBytes: run.machine.memoryBytes,
    os: [run.machine.os.distro || run.machine.os.platform, run.machine.os.release, run.machine.os.arch]
      .filter(Boolean)
      .join(' '),
    appVersion: run.app.version,
    nodeVersion: run.app.nodeVersion,
    electronVersion: run.app.electronVersion,
    host: run.app.host,
  };
}

export function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const count = (n: number) => n.toLocaleString('en');

/** The lesson's own figure, in words, for the tables a person reads; null where a run has none. */
export function lessonFigure(r: RunRow): string | null {
  if (r.counterVariant !== null && r.updatesExpected !== null) {
    if (r.updatesLost === null) {
      return `${r.counterVariant}, own copies: ${count(r.updatesReturned ?? 0)} of ${count(r.updatesExpected)} sent back`;
    }
    const share = r.updatesExpected > 0 ? (100 * r.updatesLost) / r.updatesExpected : 0;
    return `${r.counterVariant}, ${r.counterMemory}: ${count(r.updatesLost)} of ${count(r.updatesExpected)} lost (${share.toFixed(1)}%)`;
  }
  if (r.convoyCase !== null) {
    return r.ioLoopsPerSecond === null
      ? r.convoyCase
      : `${Math.round(r.ioLoopsPerSecond)} loops/s, ${r.convoyCase}, ${r.switchIntervalMs} ms interval`;
  }
  return null;
}

/** The lesson tag in a few words: "cpu-bound, go 2, gil". */
export function lessonLabel(r: RunRow): string | null {
  return r.lesson === null ? null : `${r.lesson}, go ${r.go}, ${r.step}`;
}

/** What ran a run, for the tables a person reads: "simulation", or "CPython 3.12.3, GIL build, GIL on". */
export function backendCell(r: RunRow): string {
  if (r.pythonBuild === null) return r.backend;
  const build = r.pythonBuild === 'gil' ? 'GIL build' : 'free-threaded build';
  const gil = r.gilEnabled === null ? '' : r.gilEnabled ? ', GIL on' : ', GIL off';
  return `${r.runtime}, ${build}${gil}`;
}

/** 1.95×, or 1.95× (from #3) where it is divided by another run of the session. */
export function speedupCell(r: RunRow): string {
  if (r.speedup === null) return '–';
  return `${round(r.speedup, 2)}×${r.speedupBasis === 'derived' ? ` (from #${r.speedupFromRun})` : ''}`;
}

/** What a task aimed at and what one measured: 500 → 512 ms, marked where this run sized it again. */
export function taskLengthCell(r: RunRow): string {
  if (r.taskMsTarget === null && r.taskMsMeasured === null) return '–';
  const target = r.taskMsTarget === null ? '–' : String(round(r.taskMsTarget, 0));
  const measured = r.taskMsMeasured === null ? '–' : String(round(r.taskMsMeasured, 0));
  return `${target} → ${measured} ms${r.taskResized ? ', re-sized' : ''}`;
}
