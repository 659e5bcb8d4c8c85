import type { BackendFacts } from '../../shared/measurement';
import type { RunParams } from '../../shared/run-params';
import { EXECUTION_MODES, WORKLOAD_NAMES, type ModeId, type WorkloadId } from '../../shared/vocabulary';
import {
  DEFAULT_PYTHON,
  probeInterpreter,
  pythonScriptsDir,
  PythonError,
  type Interpreter,
} from '../python/interpreter';
import { runPythonRound } from '../python/python-round';
import { ThreadSampler, threadSamplingAvailable } from '../python/thread-sampler';
import type { ValidRunParams } from '../run/run-params';
import type { RoundSizing, RunResult } from '../run/run-result';
import type { WorkerLocator } from '../workers/spawn-thread';
import type { BackendCapabilities, PreparedRound, RunBackend } from './run-backend';

export interface PythonEnv {
  locateWorker: WorkerLocator;
  /** Where the lab's Python scripts are; found beside the engine when not given. */
  pythonDir?: string;
  /** The /proc thread sampler's rate, 1–500 Hz (default 100). */
  threadSamplerHz?: number;
}

/** The lab's workloads that have a Python version in python/gil_lab_workloads.py: all but two. */
const PYTHON_WORKLOADS: readonly WorkloadId[] = WORKLOAD_NAMES.filter((w) => w !== 'primes' && w !== 'json');

/** The same limits as the simulation's pools, so a run moves between backends unchanged. */
function maxWorkers(mode: ModeId, logicalCores: number): { workers: number; rule: string } {
  return mode === 'processes'
    ? { workers: 4 * logicalCores, rule: `4 × ${logicalCores} logical cores` }
    : { workers: Math.max(4 * logicalCores, 32), rule: `4 × ${logicalCores} logical cores, or 32` };
}

/** Calibrated sizes are kept per interpreter and task, and forgotten when a run drifts. */
const sizeKey = (p: ValidRunParams, path: string) => `${path}|${p.workload}|${p.taskMs ?? ''}`;

/**
 * Real CPython on this machine: the lab's workloads run by python/gil_lab_runner.py in the
 * interpreter the run names (python3 by default), with each thread's state measured from /proc
 * on Linux. Which modes an interpreter has is its own answer (python/gil_lab_probe.py), so a
 * mode it lacks is refused with its reason.
 */
export class PythonBackend implements RunBackend {
  readonly id = 'python' as const;
  readonly capabilities: BackendCapabilities = {
    modes: EXECUTION_MODES,
    workloads: PYTHON_WORKLOADS,
    maxWorkers,
    refuse: (params) => this.refuse(params),
  };
  private readonly probes = new Map<string, Interpreter | PythonError>();
  private readonly sizes = new Map<string, Record<string, number>>();
  private readonly forgotten = new Set<string>();
  private sampler: ThreadSampler | null = null;
  private last: { interpreter: Interpreter; gilEnabled: boolean | null; startMethod: string | null } | null = null;

  constructor(private readonly env: PythonEnv) {}

  private get scriptsDir(): string {
    return this.env.pythonDir ?? pythonScriptsDir();
  }

  /** The interpreter a run names, probed once per path; rejects with one line if it can't be used. */
  async interpreter(chosen = DEFAULT_PYTHON): Promise<Interpreter> {
    const known = this.probes.get(chosen);
    if (known instanceof PythonError) throw known;
    if (known) return known;
    try {
      const found = await probeInterpreter(chosen, this.scriptsDir);
      this.probes.set(chosen, found);
      return found;
    } catch (error) {
      const failure = error instanceof PythonError ? error : new PythonError((error as Error).message);
      this.probes.set(chosen, failure);
      throw failure;
    }
  }

  /** Refuses what a probed interpreter said it can't run; an unprobed one is asked in prepare. */
  private refuse(params: RunParams): string | null {
    const known = this.probes.get(params.python ?? DEFAULT_PYTHON);
    if (!known) return null;
    if (known instanceof PythonError) return known.message;
    return refusal(known, params);
  }

  facts(): BackendFacts {
    const last = this.last;
    const interpreter = last?.interpreter;
    return {
      id: this.id,
      runtime: interpreter
        ? `${interpreter.implementation === 'cpython' ? 'CPython' : interpreter.implementation} ${interpreter.version}`
        : 'Python',
      threads:
        interpreter?.build === 'free-threaded'
          ? 'threading threads on a free-threaded build'
          : 'threading threads under the GIL',
      processes: `ProcessPoolExecutor (${last?.startMethod ?? 'default start method'})`,
      ...(interpreter && last
        ? {
            interpreter: {
              path: interpreter.path,
              version: interpreter.version,
              implementation: interpreter.implementation,
              build: interpreter.build,
              gilEnabled: last.gilEnabled,
              startMethod: last.startMethod,
            },
          }
        : {}),
    };
  }

  async prepare(params: ValidRunParams): Promise<PreparedRound> {
    const interpreter = await this.interpreter(params.python);
    const reason = refusal(interpreter, params);
    if (reason) throw new PythonError(reason);
    this.last = { interpreter, gilEnabled: interpreter.gilEnabled, startMethod: interpreter.startMethod };
    if (threadSamplingAvailable && !this.sampler) {
      this.sampler = new ThreadSampler(this.env.locateWorker, this.env.threadSamplerHz);
    }
    const key = sizeKey(params, interpreter.path);
    const resized = this.forgotten.delete(key);
    const calibrated = ['cpu', 'hash', 'convoy'].includes(params.workload);
    const sizing: RoundSizing = {
      targetMs: params.taskMs ?? defaultTarget(params.workload),
      calibratedTasks: calibrated
        ? Array.from({ length: params.tasks }, (_, i) => i).filter((i) => params.workload !== 'convoy' || i > 0)
        : [],
      resized,
      forget: () => {
        this.sizes.delete(key);
        this.forgotten.add(key);
      },
    };
    let shown: RunResult['taskSpec'] = { workload: params.workload };
    return {
      get taskSpec() {
        return shown;
      },
      run: async (options) => {
        const result = await runPythonRound({
          params,
          interpreter,
          scriptsDir: this.scriptsDir,
          size: this.sizes.get(key),
          sizing,
          sampler: this.sampler,
          options,
          onSized: (size) => {
            if (Object.keys(size).length) this.sizes.set(key, size);
          },
          onHello: (gilEnabled, startMethod) => {
            this.last = { interpreter, gilEnabled, startMethod };
          },
        });
        shown = result.taskSpec;
        return result;
      },
      dispose: () => {},
    };
  }

  async close(): Promise<void> {
    const sampler = this.sampler;
    this.sampler = null;
    await sampler?.close();
  }
}

function defaultTarget(workload: WorkloadId): number | null {
  if (workload === 'cpu' || workload === 'hash') return 1000;
  if (workload === 'io-sleep') return 200;
  if (workload === 'convoy') return 2000;
  return null;
}

/** Why this interpreter can't run these parameters, in its own words, or null. */
export function refusal(interpreter: Interpreter, params: Pick<RunParams, 'mode' | 'workload'>): string | null {
  const mode = interpreter.modes[params.mode];
  if (mode === undefined) return `GIL Lab's Python runner has no ${params.mode} mode`;
  if (mode) return `${params.mode} can't run in ${interpreter.path}: ${mode}`;
  if ((params.mode as string) === 'asyncio' && !interpreter.asyncioWorkloads.includes(params.workload)) {
    return `asyncio runs ${interpreter.asyncioWorkloads.join(', ')} here, not ${params.workload}`;
  }
  return null;
}
