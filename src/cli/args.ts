import { parseArgs } from 'node:util';
import type { RunParamsInput } from '../shared/run-params';
import { BACKEND_IDS, EXECUTION_MODES, WORKLOAD_NAMES } from '../shared/vocabulary';
import { DEFAULT_PYTHON } from '../core/python/interpreter';
import { THREAD_SAMPLER_MAX_HZ } from '../core/python/thread-sampler-protocol';
import { SESSION_EXPORT_FORMATS, type SessionExportFormat } from '../shared/session-contract';
import { defaultDataDir } from '../core/sessions/data-dir';

export const LAB_USAGE = `GIL Lab, headless.

Usage:
  npm run lab -- run [options]                 run one experiment and print its measurements
  npm run lab -- sessions [--json]             list saved sessions: name, runs, machine, last update
  npm run lab -- export NAME --format F [--out FILE]
                                               export a session (by name or id)
  npm run lab -- import FILE [--json]          import a session file (JSON, or a .session.json.gz)
  npm run lab -- pythons [--json]              the Pythons on the PATH: version, build, GIL, path,
                                               and which one runs use
  npm run lab -- pythons --choose PATH         keep PATH (or a name on the PATH) as the Python runs use
  npm run lab -- --help                        this text

Every command takes:
  --data-dir DIR         where sessions and the chosen Python are kept, as the app keeps them
                         (default ${defaultDataDir()})

Options for run:
  --backend NAME         ${BACKEND_IDS.join(' or ')}: the simulated GIL, or real Python (default simulation)
  --python PATH          python backend: the interpreter to run, a path or a name on the PATH
                         (default: the one chosen in the app or with "pythons --choose", else
                         the first usable Python on the PATH, else ${DEFAULT_PYTHON})
  --sample-hz N          python backend on Linux: how often each thread is read from /proc, 1–500
                         (default 100)
  --workload NAME        ${WORKLOAD_NAMES.join(', ')} (default cpu)
  --mode NAME            ${EXECUTION_MODES.join(', ')} (default threads-gil)
  --workers N            pool size (default 2; processes up to 4 × cores, threads up to max(4 × cores, 32));
                         sequential and asyncio run every task on their one thread
  --tasks N              number of tasks, 1–10000 (default 4)
  --task-ms MS           length of one CPU task on this machine, or one I/O wait (default 1000 CPU, 200 I/O)
  --switch-interval MS   the GIL's switch interval, 0.1–100 (default 5, as sys.setswitchinterval)
  --releases-gil         hash: run SHA-256 as native code that releases the GIL, as hashlib does
  --counter-variant V    counter: plain, call-between or lock (default plain)
  --shared-memory        counter, processes: share one counter, as multiprocessing.Value does
                         (without it, each process counts its own copy)
  --payload-bytes N      transfer: bytes sent with each task (default 16 MiB)
  --repeat N             run N times and report median, min–max and stddev (default 1)
  --no-baseline          skip the sequential run that speedup and efficiency are measured against
  --timeout-ms MS        give up after this long (default 600000)
  --json                 print one JSON result instead of a table
  --session NAME         also save the run, with its per-core load and worker timeline, to the
                         session NAME (created if there is none)
  --submit URL           send the finished run's summary (parameters, measurement, CPU, cores,
                         OS) to the class board at the join address the teacher shows
  --student NAME         the name to show beside it on the board

Options for export:
  --format F             json (lossless, re-importable), md (a results table), html (a report that
                         opens offline), csv-runs (one row per run), csv-samples (per-core load:
                         run,t_ms,core,load_pct), csv (both CSV files; needs --out), or perfetto
                         (every run's lanes, GIL holder and per-core load as a trace for
                         ui.perfetto.dev or chrome://tracing)
  --out FILE             write to FILE instead of standard output; with --format csv, FILE.csv
                         becomes FILE-runs.csv and FILE-samples.csv

Examples:
  npm run lab -- run --workload cpu --mode processes --workers 2 --tasks 4 --repeat 3 --json
  npm run lab -- run --mode threads-gil --session "Lesson 1"
  npm run lab -- export "Lesson 1" --format html --out lesson-1.html`;

export class CliError extends Error {}

export interface RunCommand {
  command: 'run';
  params: RunParamsInput;
  repeat: number;
  baseline: boolean;
  json: boolean;
  session?: string;
  dataDir: string;
  /** The teacher's join address, to send the finished run's summary to the class board. */
  submit?: string;
  student?: string;
  /** python backend: the /proc thread sampler's rate. */
  sampleHz?: number;
}

export type LabCommand =
  | RunCommand
  | { command: 'sessions'; dataDir: string; json: boolean }
  | { command: 'export'; dataDir: string; session: string; format: SessionExportFormat | 'csv'; out?: string }
  | { command: 'import'; dataDir: string; file: string; json: boolean }
  | { command: 'pythons'; dataDir: string; json: boolean; choose?: string };

/** Which options each command accepts; any other is refused, so a typo is not silently ignored. */
const COMMAND_OPTIONS: Record<LabCommand['command'], readonly string[]> = {
  run: [
    'backend',
    'python',
    'sample-hz',
    'workload',
    'mode',
    'workers',
    'tasks',
    'task-ms',
    'switch-interval',
    'releases-gil',
    'counter-variant',
    'shared-memory',
    'payload-bytes',
    'repeat',
    'no-baseline',
    'timeout-ms',
    'json',
    'session',
    'data-dir',
    'submit',
    'student',
  ],
  sessions: ['json', 'data-dir'],
  export: ['format', 'out', 'data-dir'],
  import: ['json', 'data-dir'],
  pythons: ['json', 'data-dir', 'choose'],
};

function intArg(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number, got "${value}"`);
  return Number(value);
}

function numArg(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${flag} must be a number, got "${value}"`);
  return n;
}

export function parseLabArgs(argv: string[]): LabCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        backend: { type: 'string' },
        python: { type: 'string' },
        'sample-hz': { type: 'string' },
        workload: { type: 'string' },
        mode: { type: 'string' },
        workers: { type: 'string' },
        tasks: { type: 'string' },
        'task-ms': { type: 'string' },
        'switch-interval': { type: 'string' },
        'releases-gil': { type: 'boolean' },
        'counter-variant': { type: 'string' },
        'shared-memory': { type: 'boolean' },
        'payload-bytes': { type: 'string' },
        repeat: { type: 'string' },
        'no-baseline': { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        json: { type: 'boolean' },
        session: { type: 'string' },
        submit: { type: 'string' },
        student: { type: 'string' },
        'data-dir': { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        choose: { type: 'string' },
      },
    });
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return 'help';
  const command = positionals[0] as LabCommand['command'];
  if (!(command in COMMAND_OPTIONS)) throw new CliError(`unknown command "${positionals.join(' ')}"; try --help`);
  for (const key of Object.keys(values)) {
    if (!COMMAND_OPTIONS[command].includes(key))
      throw new CliError(`--${key} does not apply to "${command}"; try --help`);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (dataDir.trim() === '') throw new CliError('--data-dir needs a folder');
  const json = values.json ?? false;
  if (command === 'sessions' || command === 'pythons') {
    if (positionals.length > 1) throw new CliError(`"${command}" takes no arguments, got "${positionals[1]}"`);
    const choose = values.choose?.trim();
    if (choose === '') throw new CliError('--choose needs a path or a command, such as python3.12');
    return command === 'pythons' && choose !== undefined
      ? { command, dataDir, json, choose }
      : { command, dataDir, json };
  }
  if (command === 'import') {
    if (positionals.length !== 2) throw new CliError('"import" needs one file: npm run lab -- import FILE');
    return { command, dataDir, file: positionals[1]!, json };
  }
  if (command === 'export') {
    if (positionals.length !== 2)
      throw new CliError('"export" needs one session name: npm run lab -- export NAME --format F');
    const formats = [...SESSION_EXPORT_FORMATS, 'csv'] as const;
    const format = values.format;
    if (format === undefined) throw new CliError(`"export" needs --format, one of ${formats.join(', ')}`);
    if (!(formats as readonly string[]).includes(format)) {
      throw new CliError(`--format must be one of ${formats.join(', ')}, got "${format}"`);
    }
    if (format === 'csv' && values.out === undefined) {
      throw new CliError(
        '--format csv writes two files, so it needs --out FILE.csv; or choose csv-runs or csv-samples',
      );
    }
    return {
      command,
      dataDir,
      session: positionals[1]!,
      format: format as SessionExportFormat | 'csv',
      out: values.out,
    };
  }
  if (positionals.length > 1) throw new CliError(`unknown command "${positionals.join(' ')}"; try --help`);
  const repeat = intArg(values.repeat, '--repeat') ?? 1;
  if (repeat < 1 || repeat > 100) throw new CliError(`--repeat must be between 1 and 100, got ${repeat}`);
  const sampleHz = intArg(values['sample-hz'], '--sample-hz');
  if (sampleHz !== undefined && (sampleHz < 1 || sampleHz > THREAD_SAMPLER_MAX_HZ))
    throw new CliError(`--sample-hz must be between 1 and ${THREAD_SAMPLER_MAX_HZ}, got ${sampleHz}`);
  if (values.python !== undefined && values.backend !== 'python')
    throw new CliError('--python chooses the interpreter of the python backend; add --backend python');
  const params: RunParamsInput = {
    backend: values.backend as RunParamsInput['backend'],
    python: values.python,
    workload: (values.workload ?? 'cpu') as RunParamsInput['workload'],
    mode: (values.mode ?? 'threads-gil') as RunParamsInput['mode'],
    workers: intArg(values.workers, '--workers') ?? 2,
    tasks: intArg(values.tasks, '--tasks') ?? 4,
    taskMs: numArg(values['task-ms'], '--task-ms'),
    switchIntervalMs: numArg(values['switch-interval'], '--switch-interval'),
    releasesGil: values['releases-gil'] ?? false,
    counterVariant: values['counter-variant'] as RunParamsInput['counterVariant'],
    sharedMemory: values['shared-memory'],
    payloadBytes: intArg(values['payload-bytes'], '--payload-bytes'),
    timeoutMs: intArg(values['timeout-ms'], '--timeout-ms'),
  };
  for (const key of Object.keys(params) as (keyof RunParamsInput)[]) if (params[key] === undefined) delete params[key];
  return {
    command: 'run',
    params,
    repeat,
    baseline: !values['no-baseline'],
    json,
    session: values.session,
    dataDir,
    submit: values.submit,
    student: values.student,
    sampleHz,
  };
}
