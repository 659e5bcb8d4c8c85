import { SIMULATED_THREADS, type Measurement } from '../../shared/measurement';
import {
  SESSION_FORMAT,
  SESSION_SCHEMA_VERSION,
  type MachineSnapshot,
  type SessionDocument,
  type SessionRun,
} from '../../shared/session';
import type { AppInfo } from '../../shared/schemas';
import { syntheticCpu } from '../monitor/machine-info';
import { LoadTraceBuilder, TimelineBuilder } from './trace-builders';

/**
 * Made-up sessions for the storage tests and `npm run bench -- sessions`. The load follows the
 * real sampler's grain: /proc/stat counts in 10 ms jiffies, so at 10 Hz a core's load moves in
 * steps of about 10%, and cores switch between busy and idle every few seconds. A seeded
 * generator keeps every run of the benchmark on the same data.
 */
export interface SyntheticOptions {
  cores: number;
  hz: number;
  seconds: number;
  runs?: number;
  seed?: number;
  name?: string;
  /** Every value uniformly random to a tenth: the worst case for compression, not what a monitor sees. */
  noise?: boolean;
}

export function syntheticMeasurement(cores: number, wallMs = 1000): Measurement {
  const spread = (v: number) => ({ median: v, min: v, max: v, stddev: 0, n: 1 });
  const run = {
    outcome: 'completed' as const,
    lanes: 2,
    wallMs,
    cpuMs: wallMs * 2,
    busyCores: 2,
    firstStartMs: 1.5,
    verified: true,
    verifyNote: 'all 4 answers match the closed form',
    dispatchMs: { median: 0.1, max: 0.4 },
    workers: [
      { worker: 0, pid: 1001, tasks: 2, cpuMs: wallMs },
      { worker: 1, pid: 1002, tasks: 2, cpuMs: wallMs },
    ],
    counter: null,
    gil: null,
    coreLoad: { samples: 10, meanPerCore: Array.from({ length: cores }, () => 50), busyCores: cores / 2 },
    otherBusyCores: Math.max(0, cores / 2 - 2),
    waitingForCore: { ms: 0, share: 0 },
  };
  return {
    params: {
      backend: 'simulation',
      workload: 'cpu',
      mode: 'processes',
      workers: 2,
      tasks: 4,
      switchIntervalMs: 5,
      taskMs: 250,
      releasesGil: false,
      counterVariant: 'plain',
      sharedMemory: false,
      payloadBytes: 16 * 1024 * 1024,
      timeoutMs: 600_000,
    },
    backend: { id: 'simulation', runtime: 'Node 20.20.0', threads: SIMULATED_THREADS, processes: 'child_process.fork' },
    outcome: 'completed',
    elapsedMs: wallMs * 3 + 40,
    taskLength: { targetMs: 250, measuredMs: 251, resized: false },
    machine: { cpu: 'Synthetic CPU', logicalCores: cores, platform: 'linux-x64', node: '20.20.0' },
    taskSpec: { n: 1_000_000 },
    runs: [run],
    wallMs: spread(wallMs),
    busyCores: spread(2),
    baseline: { runs: [{ ...run, wallMs: wallMs * 2 }], wallMs: spread(wallMs * 2) },
    speedup: 2,
    efficiency: 1,
    spawnMs: spread(30),
    verified: true,
  };
}

export function syntheticMachine(cores: number): MachineSnapshot {
  return {
    ...syntheticCpu(cores, `Synthetic ${cores}-core CPU`),
    memoryBytes: 64 * 1024 ** 3,
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' },
    loadSource: 'synthetic',
  };
}

export const SYNTHETIC_APP: AppInfo = {
  name: 'GIL Lab',
  version: '0.1.0',
  host: 'browser',
  nodeVersion: '20.20.0',
  electronVersion: null,
  platform: 'linux-x64',
};

export function syntheticSession(options: SyntheticOptions): SessionDocument {
  let seed = options.seed ?? 1;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const runCount = options.runs ?? 1;
  const ticksPerRun = Math.round((options.seconds * options.hz) / runCount);
  const start = Date.UTC(2026, 10, 22, 9, 0, 0);
  const periodMs = 1000 / options.hz;
  const jiffies = Math.round(periodMs / 10);
  const runs: SessionRun[] = [];
  let t = start;
  for (let r = 0; r < runCount; r++) {
    const load = new LoadTraceBuilder();
    const timeline = new TimelineBuilder();
    const busy = Array.from({ length: options.cores }, () => random() < 0.5);
    const runStart = t;
    timeline.add({ type: 'round-started', lanes: 2, gilLane: false, t: runStart }, 'run', 0);
    const loads = new Array<number>(options.cores);
    for (let k = 0; k < ticksPerRun; k++) {
      const total = random() < 0.1 ? jiffies + (random() < 0.5 ? -1 : 1) : jiffies;
      for (let c = 0; c < options.cores; c++) {
        if (random() < 0.01) busy[c] = !busy[c];
        const used = busy[c] ? total - (random() < 0.2 ? 1 : 0) : random() < 0.15 ? 1 : 0;
        loads[c] = options.noise ? Math.floor(random() * 1001) / 10 : Math.min(100, (100 * used) / Math.max(1, total));
      }
      t = runStart + k * periodMs + random() * 2;
      load.add({ t, cores: loads, source: 'synthetic' });
      if (k % options.hz === 0) {
        timeline.add({ type: 'worker-state', worker: k % 2, state: 'running', t }, 'run', 0);
      }
    }
    runs.push({
      id: `run-${r + 1}`,
      startedAt: new Date(runStart).toISOString(),
      finishedAt: new Date(t).toISOString(),
      measurement: syntheticMeasurement(options.cores, t - runStart),
      machine: syntheticMachine(options.cores),
      app: SYNTHETIC_APP,
      load: load.build(),
      timeline: timeline.build(),
      tag: null,
    });
    t += 1000;
  }
  const at = new Date(start).toISOString();
  return {
    format: SESSION_FORMAT,
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: 'synthetic',
    name: options.name ?? `Synthetic ${options.cores} cores`,
    createdAt: at,
    updatedAt: new Date(t).toISOString(),
    imported: null,
    runs,
  };
}
