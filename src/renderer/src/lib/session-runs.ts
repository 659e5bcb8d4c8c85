import type { RunParams } from '../../../shared/run-params';
import { describeStopped, type LessonTag, type Measurement } from '../../../shared/measurement';
import type { ModeId, RunOutcome, WorkloadId } from '../../../shared/vocabulary';
import type { MachineSnapshot, SessionDocument, SessionRun } from '../../../shared/session';
import { experimentKey, sessionSpeedups, type Speedup } from '../../../shared/session-speedup';
import { MODE_LABELS } from '../lessons/catalog';
import { stepName } from './session-lessons';

export { experimentKey, type Speedup };

/**
 * What the session views show about each saved run, derived from the stored document alone:
 * nothing here is estimated, only picked out, labelled or divided.
 */

export const WORKLOAD_LABELS: Record<WorkloadId, string> = {
  cpu: 'CPU-bound sums',
  primes: 'Prime counting',
  hash: 'SHA-256 hashing',
  'io-sleep': 'I/O waits',
  'io-file': 'File reads',
  tiny: 'Tiny tasks',
  transfer: 'Big payloads',
  counter: 'Shared counter',
  convoy: 'Convoy: I/O beside CPU threads',
  json: 'JSON parsing',
};

export interface RunRow {
  /** 1-based position in the session. */
  index: number;
  id: string;
  label: string;
  workload: WorkloadId;
  mode: ModeId;
  modeLabel: string;
  workers: number;
  tasks: number;
  taskMs: number | null;
  /** Wall time across repeats, ms. */
  wall: { median: number; min: number; max: number; n: number };
  busyCores: number;
  speedup: Speedup | null;
  /** Completed only if every round completed; a stopped run has no result to chart or compare. */
  outcome: RunOutcome;
  stopped: boolean;
  /** From Run to the run's end, as its record is timed (ms). */
  ranForMs: number;
  verified: boolean;
  machine: string;
  logicalCores: number;
  startedAt: string;
  /** Same experiment and mode, whatever the pool size: how runs are matched for comparing. */
  kind: string;
  /** The experiment without its mode: runs of one lesson share it. */
  experiment: string;
  /** The lesson, go and step the run was made for; null outside a lesson. */
  tag: LessonTag | null;
  /** The step's name in its lesson, where the lesson fixes one. */
  step: string | null;
  /** Real Python's interpreter, as the run measured it: "CPython 3.11.7, GIL build"; null on the simulation. */
  interpreter: string | null;
}

/** One line per machine, as the library lists it (the engine's summary uses the same words). */
export function describeMachine(m: MachineSnapshot): string {
  const os = [m.os.distro || m.os.platform, m.os.release].filter(Boolean).join(' ');
  return `${m.cpuModel}, ${m.logicalCores} cores (${m.physicalCores} physical), ${os}`;
}

export function workloadLabel(p: Pick<RunParams, 'workload' | 'releasesGil' | 'counterVariant'>): string {
  const base = WORKLOAD_LABELS[p.workload] ?? p.workload;
  if (p.workload === 'hash' && p.releasesGil) return `${base}, GIL released`;
  if (p.workload === 'counter' && p.counterVariant !== 'plain') return `${base}, ${p.counterVariant}`;
  return base;
}

/** The experiment and its mode, and for GIL threads the switch interval they ran with. */
export function runKind(p: RunParams): string {
  return `${experimentKey(p)}|${p.mode}${p.mode === 'threads-gil' ? `|si${p.switchIntervalMs}` : ''}`;
}

export function runLabel(p: RunParams): string {
  return `${workloadLabel(p)} · ${MODE_LABELS[p.mode] ?? p.mode}${p.backend === 'python' ? ' · real Python' : ''}`;
}

/** The interpreter a real Python run ran in, in a few words; null for the simulation. */
export function interpreterText(backend: Measurement['backend']): string | null {
  const i = backend.interpreter;
  if (!i) return null;
  const gil = i.gilEnabled === null ? '' : i.gilEnabled ? ', GIL on' : ', GIL off';
  return `${backend.runtime}, ${i.build === 'gil' ? 'GIL build' : 'free-threaded build'}${gil}`;
}

/** The session's runs as rows, each with its speedup by the rule in shared/session-speedup.ts. */
export function sessionRows(doc: SessionDocument): RunRow[] {
  const speedups = sessionSpeedups(doc.runs);
  return doc.runs.map((run, i) => ({ ...baseRow(run, i + 1), speedup: speedups[i] ?? null }));
}

function baseRow(run: SessionRun, index: number): RunRow {
  const m = run.measurement;
  const p = m.params;
  const stopped = m.outcome !== 'completed';
  return {
    index,
    id: run.id,
    label: runLabel(p),
    workload: p.workload,
    mode: p.mode,
    modeLabel: MODE_LABELS[p.mode] ?? p.mode,
    workers: m.runs.at(-1)?.lanes ?? p.workers,
    tasks: p.tasks,
    taskMs: p.taskMs ?? null,
    wall: { median: m.wallMs.median, min: m.wallMs.min, max: m.wallMs.max, n: m.wallMs.n },
    busyCores: m.busyCores.median,
    speedup: null,
    outcome: m.outcome,
    stopped,
    ranForMs: m.elapsedMs,
    verified: m.verified,
    machine: describeMachine(run.machine),
    logicalCores: run.machine.logicalCores,
    startedAt: run.startedAt,
    kind: runKind(p),
    experiment: experimentKey(p),
    tag: run.tag,
    step: run.tag ? stepName(run.tag) : null,
    interpreter: interpreterText(m.backend),
  };
}

/** What a stopped run's row says instead of figures: "Stopped after 1.4 s; no result". */
export function stoppedText(row: Pick<RunRow, 'outcome' | 'ranForMs'>): string {
  const said = describeStopped({ outcome: row.outcome, elapsedMs: row.ranForMs });
  return said ? `${said.charAt(0).toUpperCase()}${said.slice(1)}` : '';
}

/** A task's set length, as the lesson's slider put it: 1 s, 0.25 s. */
export function formatTaskSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(gib >= 10 ? 0 : 1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** A date and time in the reader's locale, to the minute. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
