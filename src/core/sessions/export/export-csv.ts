import type { SessionDocument } from '../../../shared/session';
import { decodeLoadTrace } from '../../../shared/session-content';
import { LOAD_SCALE } from '../../../shared/session-limits';
import { unpackInts } from '../../../shared/session-codec';
import { csvRow, type Cell } from './csv';
import { runRows } from './rows';

export const RUNS_CSV_HEADER = [
  'run',
  'started_at',
  'workload',
  'mode',
  'workers',
  'tasks',
  'task_ms',
  'switch_interval_ms',
  'repeat',
  'outcome',
  'wall_ms_median',
  'wall_ms_min',
  'wall_ms_max',
  'wall_ms_stddev',
  'busy_cores',
  'sequential_wall_ms',
  'speedup',
  'efficiency',
  'verified',
  'cpu_model',
  'logical_cores',
  'physical_cores',
  'memory_bytes',
  'os',
  'app_version',
  'node_version',
  'electron_version',
  'host',
] as const;

/** One row per run: its parameters, the measured figures and the machine it ran on. */
export function exportRunsCsv(doc: SessionDocument): string {
  const lines = [csvRow(RUNS_CSV_HEADER)];
  for (const r of runRows(doc)) {
    const cells: Cell[] = [
      r.run,
      r.startedAt,
      r.workload,
      r.mode,
      r.workers,
      r.tasks,
      r.taskMs,
      r.switchIntervalMs,
      r.repeat,
      r.outcome,
      r.wallMsMedian,
      r.wallMsMin,
      r.wallMsMax,
      r.wallMsStddev,
      r.busyCores,
      r.sequentialWallMs,
      r.speedup,
      r.efficiency,
      r.verified,
      r.cpuModel,
      r.logicalCores,
      r.physicalCores,
      r.memoryBytes,
      r.os,
      r.appVersion,
      r.nodeVersion,
      r.electronVersion,
      r.host,
    ];
    lines.push(csvRow(cells));
  }
  return lines.join('');
}

export const SAMPLES_CSV_HEADER = ['run', 't_ms', 'core', 'load_pct'] as const;

/**
 * Per-core load in long format, one row per run, tick and core, the shape spreadsheets' pivot
 * tables and pandas/R expect. t_ms counts from the run's start; load_pct is to a tenth.
 */
export function exportSamplesCsv(doc: SessionDocument): string {
  const parts = [csvRow(SAMPLES_CSV_HEADER)];
  doc.runs.forEach((run, i) => {
    const trace = run.load;
    if (!trace) return;
    // Checks every column, as on load; then reads the raw integers for exact tenths.
    decodeLoadTrace(trace);
    const offsets = unpackInts(trace.offsetsMs, trace.ticks);
    const values = unpackInts(trace.values, trace.ticks * trace.cores);
    const base = trace.startMs - Date.parse(run.startedAt);
    let chunk = '';
    for (let k = 0; k < trace.ticks; k++) {
      const t = Math.round(base + offsets[k]!);
      for (let c = 0; c < trace.cores; c++) {
        chunk += `${i + 1},${t},${c},${(values[c * trace.ticks + k]! * 100) / LOAD_SCALE}\r\n`;
      }
      if (chunk.length > 1 << 16) {
        parts.push(chunk);
        chunk = '';
      }
    }
    parts.push(chunk);
  });
  return parts.join('');
}
