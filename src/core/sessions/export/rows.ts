import type { SessionDocument, SessionRun } from '../../../shared/session';
import { describeMachine } from '../summary';

/** The figures every tabular export shares, one object per run, in session order. */
export interface RunRow {
  run: number;
  startedAt: string;
  workload: string;
  mode: string;
  workers: number;
  tasks: number;
  taskMs: number | null;
  switchIntervalMs: number;
  repeat: number;
  outcome: string;
  wallMsMedian: number;
  wallMsMin: number;
  wallMsMax: number;
  wallMsStddev: number;
  busyCores: number;
  sequentialWallMs: number | null;
  speedup: number | null;
  efficiency: number | null;
  verified: boolean;
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
  return doc.runs.map((run, i) => runRow(run, i + 1));
}

function runRow(run: SessionRun, index: number): RunRow {
  const m = run.measurement;
  const p = m.params;
  return {
    run: index,
    startedAt: run.startedAt,
    workload: p.workload,
    mode: p.mode,
    workers: p.mode === 'sequential' ? 1 : p.workers,
    tasks: p.tasks,
    taskMs: p.taskMs ?? null,
    switchIntervalMs: p.switchIntervalMs,
    repeat: m.wallMs.n,
    outcome: m.runs.at(-1)?.outcome ?? 'completed',
    wallMsMedian: m.wallMs.median,
    wallMsMin: m.wallMs.min,
    wallMsMax: m.wallMs.max,
    wallMsStddev: m.wallMs.stddev,
    busyCores: m.busyCores.median,
    sequentialWallMs: m.baseline?.wallMs.median ?? null,
    speedup: m.speedup,
    efficiency: m.efficiency,
    verified: m.verified,
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
