import { parseArgs } from 'node:util';
import { EXECUTION_MODES, WORKLOAD_NAMES, type RunParamsInput } from '../shared/run-params';

export const LAB_USAGE = `GIL Lab, headless.

Usage:
  npm run lab -- run [options]      run one experiment and print its measurements
  npm run lab -- --help             this text

Options for run:
  --workload NAME        ${WORKLOAD_NAMES.join(', ')} (default cpu)
  --mode NAME            ${EXECUTION_MODES.join(', ')} (default threads-gil)
  --workers N            pool size (default 2; processes up to 4 × cores, threads up to max(4 × cores, 32))
  --tasks N              number of tasks, 1–10000 (default 4)
  --task-ms MS           length of one CPU task on this machine, or one I/O wait (default 1000 CPU, 200 I/O)
  --switch-interval MS   the GIL's switch interval, 0.1–100 (default 5, as sys.setswitchinterval)
  --releases-gil         hash: run SHA-256 as native code that releases the GIL, as hashlib does
  --counter-variant V    counter: plain, call-between or lock (default plain)
                         convoy: task 1 loops on 1 ms of I/O while the other tasks compute
  --payload-bytes N      transfer: bytes sent with each task (default 16 MiB)
  --repeat N             run N times and report median, min–max and stddev (default 1)
  --no-baseline          skip the sequential run that speedup and efficiency are measured against
  --timeout-ms MS        give up after this long (default 600000)
  --json                 print one JSON result instead of a table

Example:
  npm run lab -- run --workload cpu --mode processes --workers 2 --tasks 4 --repeat 3 --json`;

export class CliError extends Error {}

export interface LabCommand {
  params: RunParamsInput;
  repeat: number;
  baseline: boolean;
  json: boolean;
}

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
        workload: { type: 'string' },
        mode: { type: 'string' },
        workers: { type: 'string' },
        tasks: { type: 'string' },
        'task-ms': { type: 'string' },
        'switch-interval': { type: 'string' },
        'releases-gil': { type: 'boolean' },
        'counter-variant': { type: 'string' },
        'payload-bytes': { type: 'string' },
        repeat: { type: 'string' },
        'no-baseline': { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return 'help';
  if (positionals[0] !== 'run' || positionals.length > 1)
    throw new CliError(`unknown command "${positionals.join(' ')}"; try --help`);
  const repeat = intArg(values.repeat, '--repeat') ?? 1;
  if (repeat < 1 || repeat > 100) throw new CliError(`--repeat must be between 1 and 100, got ${repeat}`);
  const params: RunParamsInput = {
    workload: (values.workload ?? 'cpu') as RunParamsInput['workload'],
    mode: (values.mode ?? 'threads-gil') as RunParamsInput['mode'],
    workers: intArg(values.workers, '--workers') ?? 2,
    tasks: intArg(values.tasks, '--tasks') ?? 4,
    taskMs: numArg(values['task-ms'], '--task-ms'),
    switchIntervalMs: numArg(values['switch-interval'], '--switch-interval'),
    releasesGil: values['releases-gil'] ?? false,
    counterVariant: values['counter-variant'] as RunParamsInput['counterVariant'],
    payloadBytes: intArg(values['payload-bytes'], '--payload-bytes'),
    timeoutMs: intArg(values['timeout-ms'], '--timeout-ms'),
  };
  for (const key of Object.keys(params) as (keyof RunParamsInput)[]) if (params[key] === undefined) delete params[key];
  return { params, repeat, baseline: !values['no-baseline'], json: values.json ?? false };
}
