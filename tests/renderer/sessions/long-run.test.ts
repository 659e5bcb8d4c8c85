import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { replayLoad, replayLoadSteps } from '../../../src/renderer/src/lib/run-replay';
import { runInSlices, runToEnd, type Steps } from '../../../src/renderer/src/lib/sliced-work';
import { syntheticSession } from '../../../src/core/sessions/synthetic-session';
import { decodeLoadTrace } from '../../../src/shared/session-content';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { mountSessions, sessionBackend, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** 64 cores for 200 s at 10 Hz: 128 000 per-core values, enough to be read in slices. */
const longRun = () => syntheticSession({ cores: 64, hz: 10, seconds: 200, runs: 1, name: 'Long' }).runs[0]!;

function* counted(steps: number, log: string[]): Steps<number> {
  for (let i = 0; i < steps; i++) {
    log.push(`step ${i}`);
    yield;
  }
  return steps;
}

describe('work cut into slices', () => {
  it('lets other tasks run between slices, and ends with the same result as in one go', async () => {
    const log: string[] = [];
    setTimeout(() => log.push('queued before'), 0);
    const pending = runInSlices(counted(3, log), { budgetMs: 0 });
    setTimeout(() => log.push('queued after'), 0);
    expect(log).toEqual([]);
    expect(await pending).toBe(3);
    // Nothing runs in the caller's task, and the page's other tasks get turns between slices.
    expect(log[0]).toBe('queued before');
    expect(log.indexOf('queued after')).toBeLessThan(log.indexOf('step 2'));
    expect(runToEnd(counted(3, []))).toBe(3);
  });

  it('stops when cancelled, before the next slice', async () => {
    const log: string[] = [];
    let stop = false;
    const pending = runInSlices(counted(5, log), { budgetMs: 0, cancelled: () => stop });
    stop = true;
    expect(await pending).toBeUndefined();
    expect(log).toEqual([]);
  });

  it("a long run's load comes back in many steps, each core's figures as measured", () => {
    const run = longRun();
    const steps = replayLoadSteps(run.load!, Date.parse(run.startedAt), Date.parse(run.finishedAt));
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    expect(pauses).toBeGreaterThan(3);
    const replay = next.value;
    const { perCore } = decodeLoadTrace(run.load!);
    const ticks = perCore[0]!.length;
    expect(replay.seconds).toHaveLength(ticks);
    for (const k of [0, 777, ticks - 1]) {
      expect(replay.busy[k]).toBeCloseTo(
        perCore.reduce((sum, s) => sum + s[k]! / 100, 0),
        9,
      );
    }
    perCore.forEach((series, c) => {
      expect(replay.stats[c]!.peak).toBe(Math.max(...series));
      expect(replay.stats[c]!.mean).toBeCloseTo(series.reduce((a, v) => a + v, 0) / ticks, 9);
    });
  });
});

describe('a long saved run in the session view', () => {
  it('says it is reading the samples, then shows them as a short run would be shown', async () => {
    const run = longRun();
    const backend = await sessionBackend();
    const { id } = await backend.store.create('Long');
    await backend.store.appendRun(id, run);
    const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    const library = useSessionLibrary(pinia);
    await until(() => library.sessions.length === 1);
    await library.open(id);
    await until(() => wrapper.find('.traces').exists());
    expect(wrapper.find('.traces [role="status"]').text()).toBe('Reading the 2,000 samples of 64 cores…');
    expect(wrapper.find('.traces').text()).not.toContain('No load samples were kept');

    await until(() => wrapper.find('.traces__table').exists(), 10_000);
    const replay = replayLoad(run.load!, Date.parse(run.startedAt), Date.parse(run.finishedAt));
    const mean = replay.busy.reduce((a, x) => a + x, 0) / replay.busy.length;
    expect(wrapper.find('.traces').text()).toContain(`2000 samples, mean ${mean.toFixed(2)} of 64 cores' worth busy`);
    expect(wrapper.find('.traces [role="status"]').exists()).toBe(false);
    const rows = wrapper.findAll('.traces__table tbody tr');
    expect(rows).toHaveLength(64);
    expect(rows[5]!.text()).toContain(`${replay.stats[5]!.mean.toFixed(1)}%`);
  });
});
