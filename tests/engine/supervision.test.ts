import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabCore } from '../../src/core/lab-core';
import type { EventPayload } from '../../src/shared/contract';
import type { RunParamsInput } from '../../src/shared/run-params';
import type { TestLab } from '../support/pools';
import { startLabCore } from './support/lab-core';

/** CPU ticks a process has used, from /proc; 0 once it is gone. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** The engine as the app drives it: LabCore on real backends, runs started through run:start. */
describe('a supervised run', () => {
  let core: LabCore;
  let lab: TestLab;
  beforeAll(() => {
    ({ core, lab } = startLabCore());
  });
  afterAll(() => core.close());

  /** Starts a run and resolves with its run:finished; calls onTaskStarted at the first task-started. */
  async function runThrough(
    params: RunParamsInput,
    onFirstTask?: (worker: number) => void,
    boundMs = 30_000,
  ): Promise<{ finished: EventPayload<'run:finished'> | null; firstTaskAt: number; endedAt: number }> {
    let firstTaskAt = 0;
    let runId = '';
    let resolveFinished: (f: EventPayload<'run:finished'>) => void = () => {};
    const finishedP = new Promise<EventPayload<'run:finished'>>((resolve) => (resolveFinished = resolve));
    const offFinished = core.subscribe('run:finished', (f) => {
      if (f.runId === runId) resolveFinished(f);
    });
    const offProgress = core.subscribe('run:progressed', (p) => {
      if (p.runId !== runId || firstTaskAt) return;
      const started = p.events.find((e) => e.type === 'task-started');
      if (started && started.type === 'task-started') {
        firstTaskAt = Date.now();
        onFirstTask?.(started.worker);
      }
    });
    try {
      runId = ((await core.invoke('run:start', { params, repeat: 1, baseline: false })) as { runId: string }).runId;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finished = await Promise.race([
        finishedP,
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), boundMs))),
      ]);
      clearTimeout(timer);
      if (!finished) {
        console.log(`no run:finished within ${boundMs} ms; cancelling`);
        await core.invoke('run:cancel', { runId });
        await Promise.race([finishedP, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      return { finished, firstTaskAt, endedAt: Date.now() };
    } finally {
      offFinished();
      offProgress();
    }
  }

  it('ends a run as failed within a second when its busiest worker process is killed, every time', async () => {
    const tries = 8;
    const delays: number[] = [];
    const seen: { outcome: string; victim: number; text: string }[] = [];
    for (let attempt = 0; attempt < tries; attempt++) {
      const pool = lab.pools.processes;
      await pool.ensure(2);
      let killedAt = 0;
      let victim = -1;
      const result = await runThrough(
        { workload: 'cpu', mode: 'processes', workers: 2, tasks: 6, taskMs: 1000 },
        () => {
          // Killed at once or a little later, so the kill falls at different points of the round.
          const lateMs = (attempt % 4) * 60;
          const kill = () => {
            // The busiest child by CPU used so far, as a user picking it in a task manager would.
            const pids = [pool.pid(0), pool.pid(1)];
            victim = pids.reduce((a, b) => (cpuTicks(b) > cpuTicks(a) ? b : a));
            killedAt = Date.now();
            process.kill(victim, 'SIGKILL');
          };
          if (lateMs) setTimeout(kill, lateMs);
          else kill();
        },
        10_000,
      );
      const m = result.finished?.measurement;
      seen.push({
        outcome: m?.outcome ?? (result.finished ? `error: ${result.finished.error}` : 'no run:finished'),
        victim,
        text: JSON.stringify(result.finished),
      });
      delays.push(result.finished ? result.endedAt - killedAt : Number.POSITIVE_INFINITY);
    }
    console.log(
      `killed busy worker: run ended ${delays.join(', ')} ms after the kill (${tries} tries); outcomes ${seen.map((s) => s.outcome).join(', ')}`,
    );
    for (const [i, s] of seen.entries()) {
      expect(s.outcome, `try ${i + 1}`).toBe('failed');
      expect(s.text, `try ${i + 1}`).toContain(`(pid ${s.victim}) was killed by SIGKILL`);
    }
    expect(Math.max(...delays)).toBeLessThan(1000);
    // The pool healed: the next run completes.
    const next = await runThrough({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 50 });
    expect(next.finished?.measurement?.outcome).toBe('completed');
  }, 150_000);

  it.each([
    ['stopped by SIGSTOP just after Run', 150, 1000],
    ['stopped before Run, so it hangs before its first task', -1, 1000],
    ['spinning in tasks longer than the timeout', null, 8000],
  ] as const)(
    'enforces timeoutMs on a worker %s, and leaves no stopped process behind',
    async (_label, stopAt, taskMs) => {
      const pool = lab.pools.processes;
      await pool.ensure(2);
      const victim = pool.pid(1);
      const timeoutMs = 3000;
      let stopped = false;
      const stop = () => {
        process.kill(victim, 'SIGSTOP');
        stopped = true;
      };
      try {
        if (stopAt === -1) stop();
        const startedAt = Date.now();
        const timer = typeof stopAt === 'number' && stopAt >= 0 ? setTimeout(stop, stopAt) : undefined;
        const result = await runThrough(
          { workload: 'cpu', mode: 'processes', workers: 2, tasks: 4, taskMs, timeoutMs },
          undefined,
          timeoutMs + 10_000,
        );
        clearTimeout(timer);
        const tookMs = result.endedAt - startedAt;
        console.log(`timeout ${timeoutMs} ms, worker ${_label}: run ended ${tookMs} ms after run:start`);
        expect(result.finished?.measurement?.outcome).toBe('timed-out');
        expect(tookMs).toBeLessThan(timeoutMs + 1500);
        if (stopped) {
          // Killed and reaped: a stopped worker is not left in the process table.
          expect(existsSync(`/proc/${victim}`)).toBe(false);
        }
        const next = await runThrough({ workload: 'cpu', mode: 'processes', workers: 2, tasks: 2, taskMs: 50 });
        expect(next.finished?.measurement?.outcome).toBe('completed');
      } finally {
        if (stopped && existsSync(`/proc/${victim}`)) process.kill(victim, 'SIGKILL');
      }
    },
  );
});
