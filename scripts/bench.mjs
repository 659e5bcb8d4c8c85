// `npm run bench -- <suite> [options]`: benchmarks, run headless in one go. Suites: monitor, modes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfStale, root } from './lib/build.mjs';

const SUITES = { monitor: 'bench/monitor.ts', modes: 'bench/modes.ts', ui: 'bench/ui.ts' };
// sessions: save and load of a long synthetic session (scripts/bench-sessions.mjs).
SUITES.sessions = 'scripts/bench-sessions.mjs';
const [suite, ...rest] = process.argv.slice(2);
if (!suite || !(suite in SUITES)) {
  console.error(
    `Usage: npm run bench -- <${Object.keys(SUITES).join('|')}> [options]  (monitor: --seconds N --trials N --only cost|latency|cold-start; modes: --repeat N --task-ms MS --no-python --only cpu-4|cpu-2|orchestration|first-task|io|tiny|convoy|counter; ui: --seconds N --trials N)`,
  );
  process.exit(suite ? 1 : 0);
}
if (!buildIfStale()) process.exit(1);
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const result = spawnSync(process.execPath, [tsx, SUITES[suite], ...rest], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
