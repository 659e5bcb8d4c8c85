import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import WorkerLanes from '../../../src/renderer/src/components/viz/WorkerLanes.vue';
import { laneStateText } from '../../../src/renderer/src/lib/lane-text';
import { LaneRecorder } from '../../../src/shared/lanes';

const T0 = 1_700_000_000_000;

/** A real Python round as the python backend streams it: futex waits in the wait state, no GIL lane. */
function pythonRun(): LaneRecorder {
  const r = new LaneRecorder(2, T0, false);
  r.push({ type: 'worker-state', worker: 0, state: 'running', t: T0 });
  r.push({ type: 'worker-state', worker: 1, state: 'waiting-gil', t: T0 });
  r.push({ type: 'worker-state', worker: 0, state: 'waiting-gil', t: T0 + 50 });
  r.push({ type: 'worker-state', worker: 1, state: 'running', t: T0 + 50 });
  r.finish(T0 + 100);
  return r;
}

describe('the lanes of a real Python run', () => {
  it('name the futex wait for what the OS measured, never the GIL, and draw no GIL holder lane', () => {
    const r = pythonRun();
    const wrapper = mount(WorkerLanes, {
      props: {
        recorder: r,
        version: r.version,
        nowMs: 100,
        running: false,
        gil: r.gil,
        stateText: laneStateText('python'),
      },
    });
    const legend = wrapper.get('[aria-label="Legend"]').text();
    expect(legend).toContain('waiting (futex: GIL or lock)');
    expect(legend).not.toContain('waiting for the GIL');
    expect(legend).not.toContain('GIL holder');
    expect(wrapper.find('[data-gil-lane]').exists()).toBe(false);
    expect(wrapper.text()).toContain('waiting (futex: GIL or lock) 50%');
    expect(wrapper.text()).not.toContain('waiting for the GIL');
  });

  it('keep the simulation’s names for the simulation', () => {
    expect(laneStateText('simulation')['waiting-gil']).toBe('waiting for the GIL');
    expect(laneStateText(undefined)['waiting-gil']).toBe('waiting for the GIL');
    expect(laneStateText('python')['waiting-gil']).toBe('waiting (futex: GIL or lock)');
  });
});
