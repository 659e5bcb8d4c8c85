// `npm test`: every test (unit, component, then end-to-end in Chromium), ending in one summary line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './lib/chromium.mjs';
import { root } from './lib/build.mjs';

const chromium = ensureChromium();
if (!chromium) {
  console.error(
    'GIL Lab: the end-to-end tests need Chromium. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = path.join(root, 'test-results', 'vitest.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    // Last, so a failed test's own output is printed again where a log cut to its tail keeps it.
    '--reporter=./tests/support/failed-logs-reporter.ts',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  if (result.status !== 0 && failed === 0) {
    // Every test passed but Vitest still failed: an error outside any test (setup, an unhandled
    // rejection, a worker that crashed). Vitest printed it above under "Errors".
    console.error(
      `GIL Lab: every test passed, but Vitest exited with code ${result.status}; see its "Errors" section above.`,
    );
    failed = 1;
  }
} catch {
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
