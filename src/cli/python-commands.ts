import path from 'node:path';
import { MEASURED_THREAD_STATE_TEXT, type Measurement } from '../shared/measurement';
import type { InterpreterInfo } from '../shared/python-contract';
import { TASK_SPANS_TEXT, workerName } from '../shared/lane-names';
import { discoverPythons } from '../core/python/interpreter';
import { PYTHON_SETTINGS_FILE, PythonChoiceService } from '../core/python/interpreter-choice';
import { CliError } from './args';

/**
 * The interpreter choice as the app keeps it, in the data folder. `firstUsable` probes the PATH
 * only until one Python works: all a run needs to know which one to use when none is chosen.
 */
export function pythonChoice(dataDir: string, { firstUsable = false } = {}): PythonChoiceService {
  return new PythonChoiceService({
    dataDir,
    ...(firstUsable ? { discover: () => discoverPythons(undefined, undefined, { untilUsable: true }) } : {}),
  });
}

/** What `run --backend python` runs without --python: the saved choice, else the first usable one; undefined if none is. */
export async function interpreterForRun(choice: PythonChoiceService): Promise<string | undefined> {
  return (await choice.selected())?.chosen;
}

function describeInterpreter(p: InterpreterInfo, mark: string): string[] {
  const gil = p.gilEnabled === null ? 'GIL on (no sys._is_gil_enabled)' : p.gilEnabled ? 'GIL on' : 'GIL off';
  const lines = [
    `${p.chosen}${mark}`,
    `  ${p.implementation} ${p.version}, ${p.build === 'gil' ? 'built with the GIL' : 'free-threaded'}, ${gil}, start method ${p.startMethod ?? 'none'}`,
    `  ${p.path}`,
  ];
  for (const [mode, why] of Object.entries(p.modes)) if (why !== null) lines.push(`  no ${mode}: ${why}`);
  return lines;
}

/**
 * `pythons`: every Python on the PATH with its version, build, GIL and path, or why it can't be
 * used, and which one runs use: the one chosen (kept in the data folder), else the first usable.
 */
export async function listPythons(choice: PythonChoiceService, dataDir: string, json: boolean): Promise<number> {
  const answer = await choice.list();
  const saved = await choice.saved();
  if (json) {
    console.log(JSON.stringify({ ...answer, saved: saved !== null }, null, 2));
    return 0;
  }
  const selected = answer.selected;
  const mark = saved
    ? `  (chosen, kept in ${path.join(dataDir, PYTHON_SETTINGS_FILE)})`
    : '  (chosen: none is saved, so runs use the first that works)';
  const lines: string[] = [];
  // A chosen path off the PATH isn't among those found: it leads the list.
  if (selected && !answer.found.some((f) => f.chosen === selected.chosen)) {
    lines.push(...describeInterpreter(selected, mark));
  }
  for (const entry of answer.found) {
    if ('error' in entry) lines.push(`${entry.chosen}\n  can't be used: ${entry.error}`);
    else lines.push(...describeInterpreter(entry, entry.chosen === selected?.chosen ? mark : ''));
  }
  if (!answer.found.length) lines.push('no python3, python3.X or python3.Xt on the PATH');
  console.log(lines.join('\n'));
  return 0;
}

/** `pythons --choose PATH`: keeps PATH as the choice if it is a Python GIL Lab can use; else one line, and the earlier choice stays. */
export async function choosePython(
  choice: PythonChoiceService,
  dataDir: string,
  python: string,
  json: boolean,
): Promise<number> {
  const answer = await choice.choose(python);
  if (answer.error !== null) throw new CliError(answer.error);
  if (json) console.log(JSON.stringify(answer.selected, null, 2));
  else {
    const p = answer.selected!;
    console.log(
      `chose ${p.chosen}: ${p.implementation} ${p.version} at ${p.path}, kept in ${path.join(dataDir, PYTHON_SETTINGS_FILE)}`,
    );
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
