import type { UserConsoleLog } from 'vitest';
import type { Reporter, TestCase, Vitest } from 'vitest/node';

/** How much of one failed test's own output is printed again: its last lines, up to this many characters. */
const KEEP_CHARS = 4000;

/**
 * Prints again, after the summary, what each failed test printed while it ran. The figures a
 * test logs (each round's load, tasks per worker, the lanes' words) say why it failed, and a
 * CI log that keeps only its tail would otherwise have lost them among the other tests' output.
 */
export default class FailedTestLogs implements Reporter {
  private vitest: Vitest | undefined;
  private readonly logs = new Map<string, string[]>();
  private readonly failed: TestCase[] = [];

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    if (!log.taskId) return;
    this.logs.set(log.taskId, [...(this.logs.get(log.taskId) ?? []), log.content]);
  }

  onTestCaseResult(test: TestCase): void {
    if (test.result().state === 'failed') this.failed.push(test);
  }

  onTestRunEnd(): void {
    if (this.failed.length === 0) return;
    const out: string[] = ['', 'What each failed test printed while it ran:'];
    for (const test of this.failed) {
      const text = (this.logs.get(test.id) ?? []).join('').trimEnd();
      const shown = text.length > KEEP_CHARS ? `…${text.slice(-KEEP_CHARS)}` : text;
      out.push(`- ${test.module.moduleId.split('/tests/').at(-1)} > ${test.fullName}`);
      out.push(shown ? shown.replace(/^/gm, '    ') : '    (nothing)');
    }
    (this.vitest?.logger.log.bind(this.vitest.logger) ?? console.log)(out.join('\n'));
  }
}
