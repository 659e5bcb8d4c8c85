import { MEASURED_THREAD_STATE_TEXT, type Measurement } from '../shared/measurement';
import { TASK_SPANS_TEXT, workerName } from '../shared/lane-names';
import { discoverPythons } from '../core/python/interpreter';

/** `pythons`: every Python on the PATH with its version, build, GIL and path, or why it can't be used. */
export async function listPythons(json: boolean): Promise<number> {
  const found = await discoverPythons();
  if (json) {
    console.log(JSON.stringify(found, null, 2));
    return 0;
  }
  if (!found.length) {
    console.log('no python3, python3.X or python3.Xt on the PATH');
    return 0;
  }
  for (const entry of found) {
    if ('error' in entry) {
      console.log(`${entry.chosen}\n  can't be used: ${entry.error}`);
      continue;
    }
    const p = entry.interpreter;
    const gil = p.gilEnabled === null ? 'GIL on (no sys._is_gil_enabled)' : p.gilEnabled ? 'GIL on' : 'GIL off';
    const refused = Object.entries(p.modes).filter(([, why]) => why !== null);
    console.log(
      `${entry.chosen}\n  ${p.implementation} ${p.version}, ${p.build === 'gil' ? 'built with the GIL' : 'free-threaded'}, ${gil}, start method ${p.startMethod ?? 'none'}\n  ${p.path}`,
    );
    for (const [mode, why] of refused) console.log(`  no ${mode}: ${why}`);
  }
  return 0;
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

/** The interpreter that ran a python-backend measurement, as one report line. */
export function interpreterLines(m: Measurement): [string, string][] {
  const lines: [string, string][] = [];
  const p = m.backend.interpreter;
  if (p) {
    const gil =
      p.gilEnabled === null
        ? 'GIL on'
        : p.gilEnabled
          ? 'GIL on (sys._is_gil_enabled)'
          : 'GIL off (sys._is_gil_enabled)';
    lines.push([
      'python',
      `${m.backend.runtime}, ${p.build === 'gil' ? 'GIL build' : 'free-threaded build'}, ${gil}, start method ${p.startMethod ?? '–'}, ${p.path}`,
    ]);
  }
  return lines;
}

/**
 * Each thread's measured shares in the last run, for the python backend's report. Where the
 * threads weren't sampled, each worker's CPU time and task spans only, and why: no share is
 * printed that wasn't measured.
 */
export function threadLines(m: Measurement): [string, string][] {
  const lines: [string, string][] = [];
  const round = m.runs.at(-1);
  const threads = round?.threads;
  if (!round || !threads) return lines;
  const who = (t: (typeof threads.list)[number]) =>
    t.worker === null ? `${t.name} (${t.tid})` : `${workerName(m.params.mode, t.worker)} (${t.tid})`;
  if (threads.method === 'task-spans') {
    lines.push(['threads', TASK_SPANS_TEXT]);
    for (const t of threads.list) {
      const tasks = round.workers.find((w) => w.worker === t.worker)?.tasks ?? 0;
      lines.push([`  ${who(t)}`, `on CPU ${t.onCpuMs.toFixed(0)} ms in ${tasks} task${tasks === 1 ? '' : 's'}`]);
    }
    return lines;
  }
  const cost =
    threads.samplerCost === null ? 'cost not measured' : `sampler cost ${pct(threads.samplerCost)} of a core`;
  lines.push([
    'threads',
    `read from /proc at ${threads.hz} Hz, ${threads.ticks} ticks, ${cost}; shares: running / runnable / ${MEASURED_THREAD_STATE_TEXT.futex} / sleep or I/O`,
  ]);
  for (const t of threads.list) {
    const s = t.shares;
    lines.push([
      `  ${who(t)}`,
      `${pct(s.running)} / ${pct(s.runnable)} / ${pct(s.futex)} / ${pct(s.io)}, on CPU ${t.onCpuMs.toFixed(0)} ms`,
    ]);
  }
  return lines;
}
