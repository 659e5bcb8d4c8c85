import { readFileSync } from 'node:fs';
import path from 'node:path';
import { measuredThreads } from '../../src/core/python/measured-threads';
import { MeasurementSchema, type Measurement } from '../../src/shared/measurement';

/**
 * A real Python run as the engine measured it on Linux: 4 CPU threads under the GIL on CPython
 * 3.11, sampled from /proc at 100 Hz (written by `npm run lab -- run --backend python --json`).
 */
export function realPythonRun(): Measurement {
  const file = path.join(import.meta.dirname, '../fixtures/python-threads-gil.measurement.json');
  return MeasurementSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * The same run as the engine reports it where threads can't be sampled (macOS, Windows): each
 * round's threads as the core's own fallback makes them, from the workers' task CPU time.
 */
export function taskSpansRun(): Measurement {
  const m = realPythonRun();
  m.machine.platform = 'darwin-arm64';
  for (const round of [...m.runs, ...(m.baseline?.runs ?? [])]) {
    const workers = (round.threads?.list ?? []).filter((t) => t.worker !== null);
    round.threads = measuredThreads({
      records: round.workers.map((w, index) => ({
        index,
        worker: w.worker,
        dispatchedAt: 0,
        startedAt: 0,
        endedAt: 0,
        cpuMs: w.cpuMs,
        result: null,
        error: null,
      })),
      byTid: new Map(workers.map((t) => [t.tid, { worker: t.worker!, pid: t.pid }])),
      from: null,
      to: null,
      hz: null,
      wallMs: round.wallMs,
    });
    round.waitingForCore = null;
  }
  return MeasurementSchema.parse(m);
}
