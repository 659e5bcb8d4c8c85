/**
 * Stands in for a test or benchmark that crashes: starts helper processes the way they do,
 * prints their pids as one JSON line, then idles until it is killed.
 * Usage: node --import tsx tests/support/helper-parent.ts burner|run-node|web-host
 */
import { Burner } from './burner';
import { runNode } from '../e2e/app';
import { startWebHost } from './web-host-process';

const kind = process.argv[2];
let pids: number[];
if (kind === 'burner') {
  pids = (await Burner.start({ processes: 2, duty: 0.3 })).pids;
} else if (kind === 'run-node') {
  // An e2e server or benchmark host: any script runNode starts, even one that never exits.
  pids = [runNode(['bench/hosts/idle-node.mjs']).child.pid!];
} else if (kind === 'web-host') {
  pids = [(await startWebHost()).child.pid!];
} else {
  throw new Error(`unknown helper ${kind}`);
}
console.log(JSON.stringify(pids));
setInterval(() => {}, 1000);
