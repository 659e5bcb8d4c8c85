import { describeStopped, type Measurement, type Spread } from '../shared/measurement';
import { median } from '../shared/stats';
import { interpreterLines, threadLines } from './python-commands';

const ms = (s: Spread) =>
  s.n > 1
    ? `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)}, sd ${s.stddev.toFixed(0)})`
    : `${s.median.toFixed(0)} ms`;

/**
 * The human-readable report: one block of labelled figures, with units. A run that didn't
 * complete measured part of the work, so it gets no figures: only what it was and how it ended.
 */
export function formatMeasurement(m: Measurement): string {
  const p = m.params;
  const lines: [string, string][] = [
    ['experiment', `${p.workload} × ${p.tasks} tasks, ${p.mode}, ${m.runs.at(-1)?.lanes ?? p.workers} workers`],
    ['machine', `${m.machine.cpu}, ${m.machine.logicalCores} logical cores`],
    ...interpreterLines(m),
    [
      'task',
      Object.entries(m.taskSpec)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' '),
    ],
  ];
  const stopped = describeStopped(m);
  if (stopped) {
    lines.push(['result', stopped]);
    const why = m.runs.find((r) => r.outcome === 'failed')?.verifyNote;
    if (why) lines.push(['reason', why]);
    return table(lines);
  }
  lines.push(['wall time', ms(m.wallMs)]);
  const length = taskLength(m);
  if (length) lines.push(['task length', length]);
  const weather = otherLoad(m);
  if (weather) lines.push(['other load', weather]);
  if (m.baseline) lines.push(['sequential', ms(m.baseline.wallMs)]);
  if (m.speedup !== null)
    lines.push(['speedup', `${m.speedup.toFixed(2)}× (efficiency ${(100 * (m.efficiency ?? 0)).toFixed(0)}%)`]);
  lines.push(['busy cores', `${m.busyCores.median.toFixed(2)} (CPU time ÷ wall time)`]);
  const waiting = m.runs.at(-1)?.waitingForCore;
  lines.push([
    'waiting for a core',
    waiting
      ? `${(100 * waiting.share).toFixed(0)}% of the workers' time (${waiting.ms.toFixed(0)} ms, from the OS scheduler)`
      : 'not measured on this OS',
  ]);
  const load = m.runs.at(-1)?.coreLoad;
  if (load) {
    lines.push([
      'per-core load',
      `${load.meanPerCore.map((v) => `${v.toFixed(0)}%`).join('  ')} (machine-wide, ${load.samples} samples)`,
    ]);
  }
  const gil = m.runs.at(-1)?.gil;
  if (gil && gil.switches > 0) {
    const waits = gil.threads.map((t) => `${t.waitMs.toFixed(0)}`).join('/');
    lines.push(['GIL', `${gil.switches} switches at ${gil.switchIntervalMs} ms; waited ${waits} ms per thread`]);
  }
  const counter = m.runs.at(-1)?.counter;
  const ioLoop = m.runs.at(-1)?.ioLoop;
  if (ioLoop) lines.push(['I/O loop', `${ioLoop.loopsPerSecond.toFixed(0)} loops/s`]);
  if (counter) lines.push(['counter', `${counter.final} of ${counter.expected} (${m.runs.at(-1)!.verifyNote})`]);
  const last = m.runs.at(-1)!;
  lines.push(['first task', `${firstTask(m)}; dispatch ${last.dispatchMs.median.toFixed(2)} ms median`]);
  if (m.spawnMs.n > 0)
    lines.push(['worker start-up', `${m.spawnMs.median.toFixed(0)} ms median (pools are warm, so not in wall time)`]);
  lines.push(...threadLines(m));
  lines.push([
    'answers',
    m.verified ? 'all verified' : `NOT verified: ${m.runs.find((r) => !r.verified)?.verifyNote ?? 'see runs'}`,
  ]);
  return table(lines);
}

function table(lines: [string, string][]): string {
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** "aimed at 500 ms, measured 512 ms (sized again for this run)". */
function taskLength(m: Measurement): string | null {
  const { targetMs, measuredMs, resized } = m.taskLength;
  if (targetMs === null && measuredMs === null) return null;
  const parts = [
    targetMs === null ? 'a fixed size' : `aimed at ${targetMs.toFixed(0)} ms`,
    measuredMs === null ? null : `measured ${measuredMs.toFixed(0)} ms`,
  ].filter(Boolean);
  return `${parts.join(', ')}${resized ? ' (sized again for this run: the last size had drifted)' : ''}`;
}

/** Other programs' load during the rounds, the median of what the monitor saw beyond the run's own. */
function otherLoad(m: Measurement): string | null {
  const other = median(m.runs.map((r) => r.otherBusyCores).filter((v): v is number => v !== null));
  if (other === null) return null;
  return `${other.toFixed(2)} cores' worth busy that was not this run's (the monitor's whole machine, minus the run)`;
}

/**
 * From Run to the first task starting. The first run of a kernel on a pool also sizes it to
 * the machine and warms it, so with repeats the later runs' median is the warm figure.
 */
function firstTask(m: Measurement): string {
  const starts = m.runs.map((r) => r.firstStartMs);
  const shown = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} ms`);
  if (starts.length < 2) return `${shown(starts[0] ?? null)} after Run`;
  const later = starts.slice(1).filter((x): x is number => x !== null);
  return `${shown(median(later))} after Run, median of runs 2–${starts.length} (run 1: ${shown(starts[0] ?? null)}, with sizing and warm-up on first use)`;
}

/** One line, redrawn in place on a terminal. */
export function progressBar(done: number, total: number, label: string, width = 30): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `\r${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
