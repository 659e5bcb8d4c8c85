/**
 * Stands in for a test or benchmark that crashes: starts helper processes the way they do,
 * prints their pids as one JSON line, then idles until it is killed.
 * Usage: node --import tsx tests/support/helper-parent.ts burner|run-node|web-host|python-round
 */
import { Burner } from './burner';
import { runNode } from '../e2e/app';
import { startWebHost } from './web-host-process';
import { createPythonLab } from './python-lab';

const kind = process.argv[2];
let pids: number[];
if (kind === 'burner') {
  pids = (await Burner.start({ processes: 2, duty: 0.3 })).pids;
} else if (kind === 'run-node') {
  // An e2e server or benchmark host: any script runNode starts, even one that never exits.
  pids = [runNode(['bench/hosts/idle-node.mjs']).child.pid!];
} else if (kind === 'web-host') {
  pids = [(await startWebHost()).child.pid!];
} else if (kind === 'python-round') {
  // The engine mid-round in real Python: four CPU threads in one runner, and a runner with two
  // worker processes, each task long enough to outlast the test.
  const started = (['threads-gil', 'processes'] as const).map(
    (mode) =>
      new Promise<number[]>((resolve, reject) => {
        createPythonLab()
          .measure(
            { workload: 'cpu', mode, workers: mode === 'processes' ? 2 : 4, tasks: 4, taskMs: 60_000 },
            { onRoundStarted: (start) => resolve(start.load.pids) },
          )
          .then(() => reject(new Error(`the ${mode} round ended before it was killed`)), reject);
      }),
  );
  pids = (await Promise.all(started)).flat();
} else {
  throw new Error(`unknown helper ${kind}`);
}
console.log(JSON.stringify(pids));
setInterval(() => {}, 1000);
