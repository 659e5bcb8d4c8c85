import { describe, expect, it } from 'vitest';
import { formatMeasurement } from '../../src/cli/format';
import { TASK_SPANS_TEXT } from '../../src/shared/lane-names';
import { realPythonRun, taskSpansRun } from '../support/python-measurements';

describe('the CLI report of a real Python run', () => {
  it('prints each thread’s shares as /proc measured them, with the sampler’s rate and cost', () => {
    const text = formatMeasurement(realPythonRun());
    expect(text).toMatch(/^threads\s+read from \/proc at 100 Hz, 96 ticks, sampler cost 3% of a core; shares:/m);
    // Worker 1 of the fixture: 23% on a core, 20% runnable, 57% on a futex, no sleep or I/O.
    expect(text).toMatch(/^ {2}Thread 1 \(29772\)\s+23% \/ 20% \/ 57% \/ 0%, on CPU 203 ms$/m);
  });

  it('says where the threads were not sampled, and prints only each worker’s CPU time and tasks', () => {
    const text = formatMeasurement(taskSpansRun());
    expect(text).toContain(TASK_SPANS_TEXT);
    expect(text).toMatch(/^ {2}Thread 1 \(29772\)\s+on CPU 203 ms in 1 task$/m);
    expect(text.match(/^ {2}Thread \d/gm)).toHaveLength(4);
    // No share is printed as if it had been measured.
    expect(text).not.toMatch(/\d+% \/ \d+% \/ \d+% \/ \d+%/);
    expect(text).not.toContain('/proc at');
  });
});
