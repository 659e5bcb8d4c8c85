import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { coreWaitNote, decodeEvents } from '../../../src/renderer/src/lib/run-replay';
import { laneSegments, replayLanes } from '../../../src/shared/lane-replay';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { TimelineBuilder } from '../../../src/core/sessions/trace-builders';
import type { RunSummary } from '../../../src/shared/measurement';
import type { SessionRun } from '../../../src/shared/session';
import { machine, mountSessions, savedRun, sessionBackend, stopped, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

/**
 * Four processes on two cores, as the engine records them: each lane turns between running and
 * ready (runnable, but no core free), half of each 400 ms task waiting.
 */
function oversubscribed(): SessionRun {
  const base = savedRun({ workload: 'cpu', mode: 'processes', workers: 4, tasks: 4, taskMs: 200 }, [400], machine(2));
  const timeline = new TimelineBuilder();
  timeline.add({ type: 'round-started', lanes: 4, gilLane: false, t: T0 }, 'run', 0);
  for (let w = 0; w < 4; w++) {
    timeline.add({ type: 'task-started', task: w, worker: w, t: T0 }, 'run', 0);
    for (let k = 0; k < 4; k++) {
      const state = (k + w) % 2 === 0 ? 'running' : 'ready';
      timeline.add({ type: 'worker-state', worker: w, state, t: T0 + k * 100 }, 'run', 0);
    }
    timeline.add({ type: 'worker-state', worker: w, state: 'idle', t: T0 + 400 }, 'run', 0);
    timeline.add({ type: 'task-finished', task: w, worker: w, t: T0 + 400, ok: true, done: w + 1, total: 4 }, 'run', 0);
  }
  return {
    ...base,
    startedAt: new Date(T0).toISOString(),
    finishedAt: new Date(T0 + 450).toISOString(),
    timeline: timeline.build(),
  };
}

function withCoreWait(run: SessionRun, wait: RunSummary['waitingForCore']): SessionRun {
  const m = run.measurement;
  return { ...run, measurement: { ...m, runs: m.runs.map((r) => ({ ...r, waitingForCore: wait })) } };
}

async function showSaved(run: SessionRun) {
  const backend = await sessionBackend();
  const { id } = await backend.store.create('Two cores');
  await backend.store.appendRun(id, run);
  const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
  mounted = wrapper;
  const library = useSessionLibrary(pinia);
  await until(() => library.sessions.length === 1);
  await library.open(id);
  await until(() => wrapper.find('.traces').exists());
  return wrapper;
}

describe('a saved run’s lanes', () => {
  it('keep the time a worker was ready but had no core, as the timeline recorded it', () => {
    const run = oversubscribed();
    const events = decodeEvents(run.timeline!);
    const [round] = laneSegments(run.timeline!, events);
    const { recorder } = replayLanes(events, round!);
    const lanes = recorder.lanes(recorder.endMs(0));
    expect(lanes).toHaveLength(4);
    for (const lane of lanes) {
      const ready = lane.filter((s) => s.state === 'ready').reduce((sum, s) => sum + s.end - s.start, 0);
      const running = lane.filter((s) => s.state === 'running').reduce((sum, s) => sum + s.end - s.start, 0);
      expect([ready, running]).toEqual([200, 200]);
    }
    expect(recorder.stateAt(1, 50)).toBe('ready');
    expect(recorder.stateAt(0, 50)).toBe('running');
  });

  it('say how long the workers waited for a core where it was measured, and that it wasn’t elsewhere', () => {
    expect(coreWaitNote({ waitingForCore: { ms: 800, share: 0.5 } } as RunSummary)).toBe(
      'Waiting for a core: the workers spent 0.800 s ready but with no core free, 50% of the time they were running or ready.',
    );
    const unmeasured =
      "Waiting for a core: not measured for this run (it is read from Linux's scheduler; files from before GIL Lab read it, and other OSes, have none).";
    expect(coreWaitNote({ waitingForCore: null } as RunSummary)).toBe(unmeasured);
    expect(coreWaitNote(null)).toBe(unmeasured);
  });

  it('in the session view: the measured wait under the lanes, or that it was not measured', async () => {
    let wrapper = await showSaved(withCoreWait(oversubscribed(), { ms: 800, share: 0.5 }));
    expect(wrapper.find('[data-core-wait]').text()).toContain('the workers spent 0.800 s ready but with no core free');
    expect(wrapper.find('.traces').text()).toContain('Process 4');
    mounted?.unmount();

    wrapper = await showSaved(withCoreWait(oversubscribed(), null));
    expect(wrapper.find('[data-core-wait]').text()).toMatch(/^Waiting for a core: not measured for this run/);
  });

  it('of a stopped run: shown as recorded, under a line that says it was stopped', async () => {
    const wrapper = await showSaved(stopped(oversubscribed(), 'timed-out', 2500));
    expect(wrapper.find('.traces__stopped').text()).toBe(
      'Timed out after 2.5 s; no result. What follows is what was recorded until it ended.',
    );
    expect(wrapper.find('.traces').text()).toContain('Process 4');
  });
});
