import type { SessionDocument } from '../../../shared/session';
import { decodeLoadTrace } from '../../../shared/session-content';
import { LOAD_SCALE } from '../../../shared/session-limits';
import { unpackInts } from '../../../shared/session-codec';
import { csvRow, type Cell } from './csv';
import { runRows, type RunRow } from './rows';

/** Every column of the runs CSV, each with how a row fills it. */
const RUNS_COLUMNS = [
  ['run', (r) => r.run],
  ['started_at', (r) => r.startedAt],
  ['lesson', (r) => r.lesson],
  ['go', (r) => r.go],
  ['step', (r) => r.step],
  ['settings', (r) => r.settings],
  ['backend', (r) => r.backend],
  ['runtime', (r) => r.runtime],
  ['interpreter_path', (r) => r.interpreterPath],
  ['python_build', (r) => r.pythonBuild],
  ['gil_enabled', (r) => r.gilEnabled],
  ['start_method', (r) => r.startMethod],
  ['workload', (r) => r.workload],
  ['mode', (r) => r.mode],
  ['workers', (r) => r.workers],
  ['tasks', (r) => r.tasks],
  ['task_ms', (r) => r.taskMs],
  ['switch_interval_ms', (r) => r.switchIntervalMs],
  ['repeat', (r) => r.repeat],
  ['outcome', (r) => r.outcome],
  ['stopped_after_ms', (r) => r.stoppedAfterMs],
  ['wall_ms_median', (r) => r.wallMsMedian],
  ['wall_ms_min', (r) => r.wallMsMin],
  ['wall_ms_max', (r) => r.wallMsMax],
  ['wall_ms_stddev', (r) => r.wallMsStddev],
  ['busy_cores', (r) => r.busyCores],
  ['sequential_wall_ms', (r) => r.sequentialWallMs],
  ['speedup', (r) => r.speedup],
  ['speedup_basis', (r) => r.speedupBasis],
  ['speedup_from_run', (r) => r.speedupFromRun],
  ['efficiency', (r) => r.efficiency],
  ['verified', (r) => r.verified],
  ['task_ms_target', (r) => r.taskMsTarget],
  ['task_ms_measured', (r) => r.taskMsMeasured],
  ['task_resized', (r) => r.taskResized],
  ['other_busy_cores', (r) => r.otherBusyCores],
  ['waiting_for_core_share', (r) => r.waitingForCoreShare],
  ['waiting_for_core_ms', (r) => r.waitingForCoreMs],
  ['counter_variant', (r) => r.counterVariant],
  ['counter_memory', (r) => r.counterMemory],
  ['updates_expected', (r) => r.updatesExpected],
  ['updates_lost', (r) => r.updatesLost],
  ['updates_returned', (r) => r.updatesReturned],
  ['io_loops_per_second', (r) => r.ioLoopsPerSecond],
  ['convoy_case', (r) => r.convoyCase],
  ['cpu_model', (r) => r.cpuModel],
  ['logical_cores', (r) => r.logicalCores],
  ['physical_cores', (r) => r.physicalCores],
  ['memory_bytes', (r) => r.memoryBytes],
  ['os', (r) => r.os],
  ['app_version', (r) => r.appVersion],
  ['node_version', (r) => r.nodeVersion],
  ['electron_version', (r) => r.electronVersion],
  ['host', (r) => r.host],
] as const satisfies readonly (readonly [string, (r: RunRow) => Cell])[];

export const RUNS_CSV_HEADER = RUNS_COLUMNS.map(([name]) => name);

/**
 * One row per run: its lesson tag, parameters, the measured figures (speedup derived from the
 * session where the run measured none, with the basis beside it), each lesson's own figure,
 * and the machine it ran on.
 */
export function exportRunsCsv(doc: SessionDocument): string {
  const lines = [csvRow(RUNS_CSV_HEADER)];
  for (const r of runRows(doc)) lines.push(csvRow(RUNS_COLUMNS.map(([, cell]) => cell(r))));
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
