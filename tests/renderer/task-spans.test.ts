import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import BackendSideBySide from '../../src/renderer/src/components/backend/BackendSideBySide.vue';
import WorkerLanes from '../../src/renderer/src/components/viz/WorkerLanes.vue';
import { laneNaming } from '../../src/renderer/src/lib/lane-text';
import { threadMethodOf } from '../../src/renderer/src/lib/measured-threads';
import { onBackend } from '../../src/renderer/src/lib/backend-plan';
import { planned, type LessonGo } from '../../src/renderer/src/lessons/lesson';
import { LaneRecorder } from '../../src/shared/lanes';
import { TASK_SPANS_TEXT } from '../../src/shared/lane-names';
import type { Measurement } from '../../src/shared/measurement';
import type { InterpreterInfo } from '../../src/shared/python-contract';
import { realPythonRun, taskSpansRun } from '../support/python-measurements';
import { measurement } from './lesson-fixtures';

const PY: InterpreterInfo = {
  chosen: 'python3',
  path: '/root/.pyenv/versions/3.11.7/bin/python3',
  version: '3.11.7',
  implementation: 'cpython',
  build: 'gil',
  gilEnabled: null,
  startMethod: 'fork',
  modes: { sequential: null, 'threads-gil': null, processes: null, 'threads-free': 'needs a free-threaded build' },
};

/** The fixture's run, 4 CPU threads under the GIL, on the simulation and in real Python side by side. */
function sideBySide(python: Measurement): LessonGo {
  const params = { workload: 'cpu', mode: 'threads-gil', workers: 4, tasks: 4, taskMs: 200 } as const;
  const step = planned('gil', 'Threads (GIL)', params);
  const sim = measurement(params, { wallMs: 1000, busy: 1 });
  sim.runs[0]!.gil = {
    switches: 50,
    overlaps: 0,
    switchIntervalMs: 5,
    timelineEvents: 0,
    threads: [0, 1, 2, 3].map((thread) => ({
      thread,
      runMs: 250,
      waitMs: 600,
      ioMs: 0,
      nativeMs: 0,
      acquisitions: 10,
      forcedDrops: 5,
      longestWaitMs: 20,
    })),
  };
  return {
    go: 1,
    values: {},
    settings: '',
    backends: ['simulation', 'python'],
    results: [{ run: step, measurement: sim, error: null }],
    paired: [{ run: onBackend(step, 'python', PY), measurement: python, error: null }],
  };
}

describe('real Python whose threads were not sampled (macOS, Windows)', () => {
  it('is told from a sampled run by its measurement', () => {
    expect(threadMethodOf(realPythonRun())).toBe('proc-task-sampling');
    expect(threadMethodOf(taskSpansRun())).toBe('task-spans');
    expect(threadMethodOf(measurement({ workload: 'cpu', mode: 'sequential', workers: 1, tasks: 1 }))).toBeNull();
  });

  it('shows no waiting share beside the simulation’s, and says per-thread states are read from /proc on Linux only', () => {
    const wrapper = mount(BackendSideBySide, { props: { go: sideBySide(taskSpansRun()) } });
    const row = (backend: string) => wrapper.get(`tr[data-key="gil"][data-backend="${backend}"]`);
    expect(row('simulation').get('[data-col="waiting"]').text()).toBe('60% · 60% · 60% · 60%');
    expect(row('python').get('[data-col="waiting"]').text()).toBe('not measured');
    expect(row('python').text()).not.toMatch(/\b0%/);
    expect(wrapper.get('[data-testid="backend-task-spans"]').text()).toBe(TASK_SPANS_TEXT);
    expect(TASK_SPANS_TEXT).toMatch(/read from \/proc on Linux only/);
    expect(TASK_SPANS_TEXT).toMatch(/each worker's CPU time and task spans/);
    // The agreement line compares what both measured, and no wait.
    expect(wrapper.get('[data-testid="backend-agreement"]').text()).not.toContain('waiting');
  });

  it('leaves a sampled run’s measured futex shares as they are, with no such sentence', () => {
    const wrapper = mount(BackendSideBySide, { props: { go: sideBySide(realPythonRun()) } });
    const python = wrapper.get('tr[data-key="gil"][data-backend="python"]');
    expect(python.get('[data-col="waiting"]').text()).toBe('57% · 59% · 59% · 61%');
    expect(wrapper.find('[data-testid="backend-task-spans"]').exists()).toBe(false);
  });

  it('draws lanes of task spans, named as such, with a legend that lists no unmeasured state', () => {
    const T0 = 1_700_000_000_000;
    // As the python backend streams a round it can't sample: each worker running while it has a task.
    const r = new LaneRecorder(2, T0, false);
    r.push({ type: 'worker-state', worker: 0, state: 'running', t: T0 });
    r.push({ type: 'worker-state', worker: 1, state: 'running', t: T0 });
    r.push({ type: 'worker-state', worker: 1, state: 'idle', t: T0 + 50 });
    r.finish(T0 + 100);
    const wrapper = mount(WorkerLanes, {
      props: {
        recorder: r,
        version: r.version,
        nowMs: 100,
        running: false,
        gil: r.gil,
        coreWaits: 'not-measured',
        ...laneNaming('python', 'task-spans'),
      },
    });
    const legend = wrapper.get('[aria-label="Legend"]');
    expect(legend.findAll('li[data-state]').map((li) => li.attributes('data-state'))).toEqual(['running']);
    expect(legend.text()).toContain('in a task (state not measured)');
    // No swatch for a state that wasn't measured, so none reads as 0%.
    expect(legend.text()).not.toContain('waiting (futex: GIL or lock)');
    expect(legend.text()).not.toContain('(dots)');
    expect(legend.text()).not.toContain('(diagonal stripes)');
    expect(wrapper.get('[data-testid="lanes-task-spans"]').text()).toBe(TASK_SPANS_TEXT);
    expect(wrapper.text()).toContain('2 threads over');
    expect(wrapper.text()).toContain('in a task (state not measured) 75% of the time');
    expect(wrapper.get('.lanes__summary').text()).not.toContain('futex');
  });

  it('names a sampled run’s lanes for what /proc measured, and says nothing of task spans', () => {
    expect(laneNaming('python', 'proc-task-sampling').spansOnly).toBe(false);
    expect(laneNaming('python', 'proc-task-sampling').stateText.running).toBe('running');
    expect(laneNaming('python', 'task-spans').stateText.running).toBe('in a task (state not measured)');
    expect(laneNaming('simulation', null).stateText['waiting-gil']).toBe('waiting for the GIL');
    expect(laneNaming('simulation', null).spansOnly).toBe(false);
  });
});
