import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('the reporter that prints failed tests again', () => {
  it('prints, after the summary, what each failed test printed, and nothing of the tests that passed', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        path.join(root, 'tests/fixtures/failed-logs'),
        '--reporter=default',
        `--reporter=${path.join(root, 'tests/support/failed-logs-reporter.ts')}`,
      ],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    expect(run.status, run.stderr).toBe(1);
    const out = run.stdout;
    const again = out.indexOf('What each failed test printed while it ran:');
    expect(again, out).toBeGreaterThan(out.lastIndexOf('Tests '));
    const tail = out.slice(again);
    expect(tail).toContain('prints.fixture.ts > prints and fails');
    expect(tail).toContain('    round 1: busy 1.55, tasks per worker 3+1');
    expect(tail).not.toContain('a line from the test that passed');
  });
});
