/**
 * One fresh engine for the modes benchmark's "cold" section: a new process with no pools, whose
 * first measurement is a GIL run of 4 CPU tasks with its sequential baseline, as a class's first
 * Run is. Prints one line of JSON. Usage: modes-cold-engine.ts <task-ms>
 */
import { SimulationBackend } from '../src/core/backends/simulation';
import { forkHost } from '../src/core/pool/process-host';
import { measure } from '../src/core/run/measure';
import { parseRunParams } from '../src/core/run/run-params';
import { builtWorkerLocator } from '../src/core/workers/spawn-thread';

const taskMs = Number(process.argv.at(-1));
const simulation = new SimulationBackend({
  locateWorker: builtWorkerLocator(new URL('../out/main/cli.js', import.meta.url).href),
  processHost: forkHost,
  log: () => {},
});
try {
  const params = parseRunParams({ workload: 'cpu', mode: 'threads-gil', workers: 4, tasks: 4, taskMs }, { simulation });
  const m = await measure(simulation, params, { repeat: 1 });
  const pool = simulation.pools.threads;
  console.log(
    JSON.stringify({
      sequentialMs: m.baseline?.wallMs.median ?? Number.NaN,
      threadsMs: m.wallMs.median,
      verified: m.verified,
      spawnMs: pool.spawnTimesMs,
      warmMs: pool.warmTimesMs,
    }),
  );
} finally {
  await simulation.close();
}
