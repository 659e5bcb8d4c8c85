// `npm run bench -- <suite> [options]`: benchmarks, run headless in one go. Suites: monitor, modes.
// Each suite runs in a process group of its own, so whatever it started (burners, servers,
// workers) is ended with it however it ends: finished, failed, or interrupted.
import { spawn } from 'node:child_process';
import { buildIfStale, root } from './lib/build.mjs';
import { PARENT_PID_ENV } from './lib/parent-watch.mjs';

const SUITES = {
  monitor: 'bench/monitor.ts',
  modes: 'bench/modes.ts',
  ui: 'bench/ui.ts',
  class: 'bench/class.ts',
  python: 'bench/python.ts',
};
// sessions: save and load of a long synthetic session (scripts/bench-sessions.mjs).
SUITES.sessions = 'scripts/bench-sessions.mjs';
const [suite, ...rest] = process.argv.slice(2);
if (!suite || !(suite in SUITES)) {
  console.error(
    `Usage: npm run bench -- <${Object.keys(SUITES).join('|')}> [options]  (monitor: --seconds N --trials N --only cost|latency|cold-start; modes: --repeat N --task-ms MS --starts N --no-python --only cpu-4|cpu-2|orchestration|first-task|io|tiny|convoy|counter|cold; ui: --seconds N --trials N; class: --seconds N --only 10,50,200; python: --repeat N --task-ms MS --python PATH)`,
  );
  process.exit(suite ? 1 : 0);
}
if (!buildIfStale()) process.exit(1);

const guard = new URL('./lib/bench-guard.mjs', import.meta.url).href;
const child = spawn(process.execPath, ['--import', 'tsx', '--import', guard, SUITES[suite], ...rest], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: { ...process.env, GIL_LAB_BENCH_SUITE: suite, [PARENT_PID_ENV]: String(process.pid) },
});

/** Ends every process still in the suite's group; the suite itself may already be gone. */
function endGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // nothing left in the group
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    endGroup(signal);
    setTimeout(() => endGroup('SIGKILL'), 3000).unref();
  });
}
child.on('error', (error) => {
  console.error(`bench ${suite}: could not start: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  endGroup('SIGKILL');
  if (signal) console.error(`bench ${suite}: stopped by ${signal}`);
  process.exit(code ?? 1);
});
