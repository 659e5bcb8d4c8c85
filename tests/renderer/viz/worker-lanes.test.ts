import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WorkerLanes from '../../../src/renderer/src/components/viz/WorkerLanes.vue';
import { LaneRecorder, type LaneState } from '../../../src/shared/lanes';

const T0 = 1_700_000_000_000;

/** Two GIL threads handing the GIL over every 50 ms for 200 ms. */
function gilRun(): LaneRecorder {
  const r = new LaneRecorder(2, T0, true);
  const at = (worker: number, state: LaneState, t: number) =>
    r.push({ type: 'worker-state', worker, state, t: T0 + t });
  at(0, 'running', 0);
  at(1, 'waiting-gil', 0);
  at(0, 'waiting-gil', 50);
  at(1, 'running', 50);
  at(1, 'waiting-gil', 100);
  at(0, 'running', 100);
  at(0, 'waiting-gil', 150);
  at(1, 'running', 150);
  r.finish(T0 + 200);
  return r;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(null)));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('WorkerLanes', () => {
  it('names every lane in text, with a GIL holder lane under the GIL, and a legend with patterns', () => {
    const r = gilRun();
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 200, running: true, gil: true },
    });
    const names = wrapper.findAll('.lanes__row .lanes__name').map((n) => n.text());
    expect(names).toEqual(['Thread 1', 'Thread 2', 'GIL holder']);
    // One .lanes__label / data-lane per worker, which the UI benchmark counts as worker lanes.
    expect(wrapper.findAll('.lanes__label, [data-lane]').map((n) => n.attributes('data-lane'))).toEqual(['0', '1']);
    expect(wrapper.find('[data-gil-lane]').text()).toBe('GIL holder');
    const legend = wrapper.get('[aria-label="Legend"]').text();
    for (const text of [
      'running',
      'solid',
      'waiting for the GIL',
      'diagonal stripes',
      'in I/O',
      'dots',
      'cross-hatch',
    ]) {
      expect(legend).toContain(text);
    }
    expect(legend).toContain('GIL holder');
    // While it runs there is nothing to scrub or zoom yet.
    expect(wrapper.find('input[type="range"]').exists()).toBe(false);
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('uses the given lane names and leaves the GIL lane out without a GIL', () => {
    const r = new LaneRecorder(3, T0, false);
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: 0, nowMs: 0, running: true, gil: false, label: (w: number) => `Process ${w + 1}` },
    });
    expect(wrapper.findAll('.lanes__name').map((n) => n.text())).toEqual(['Process 1', 'Process 2', 'Process 3']);
    expect(wrapper.find('[data-gil-lane]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('GIL holder');
  });

  it('summarises the lanes in the canvas’s accessible name and in visible text', () => {
    const r = gilRun();
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 200, running: false, gil: true },
    });
    const canvas = wrapper.get('canvas');
    expect(canvas.attributes('role')).toBe('img');
    const summary =
      '2 threads over 0.200 s: running 50%, waiting for the GIL 50% of the time; the GIL changed hands 3 times.';
    expect(canvas.attributes('aria-label')).toBe(summary);
    expect(wrapper.get('.lanes__summary').text()).toBe(summary);
    // Each lane's own share is part of its name for screen readers.
    expect(wrapper.findAll('.lanes__label')[0]!.text()).toContain('Thread 1: running 50%, waiting for the GIL 50%');
  });

  it('adds a lane when events arrive for a worker it has not seen', async () => {
    const r = new LaneRecorder(1, T0, false);
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 0, running: true, gil: false },
    });
    expect(wrapper.findAll('[data-lane]')).toHaveLength(1);
    r.push({ type: 'worker-state', worker: 2, state: 'running', t: T0 + 5 });
    await wrapper.setProps({ version: r.version, nowMs: 10 });
    expect(wrapper.findAll('.lanes__name').map((n) => n.text())).toEqual(['Thread 1', 'Thread 2', 'Thread 3']);
  });

  it('marks a lost worker in its lane’s name and in the readout, where its lane has ended', () => {
    const r = new LaneRecorder(2, T0, false);
    r.push({ type: 'worker-state', worker: 0, state: 'running', t: T0 });
    r.push({ type: 'worker-state', worker: 1, state: 'running', t: T0 });
    r.push({ type: 'worker-state', worker: 0, state: 'running', t: T0 + 100 });
    r.push({ type: 'worker-lost', worker: 1, reason: 'exited with code 1' });
    r.finish(T0 + 200);
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 200, running: false, gil: false },
    });
    expect(wrapper.findAll('.lanes__name').map((n) => n.text())).toEqual(['Thread 1', 'Thread 2 (lost)']);
    const readout = wrapper.get('[data-testid="lanes-readout"]').text().replace(/\s+/g, ' ');
    expect(readout).toContain('Thread 1: running');
    expect(readout).toContain('Thread 2 (lost): idle');
  });

  it('after the run, a Time slider scrubs a text readout of every state and the GIL holder', async () => {
    const r = gilRun();
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 200, running: false, gil: true },
    });
    const slider = wrapper.get('input[type="range"]');
    const label = wrapper.get(`label[for="${slider.attributes('id')}"]`);
    expect(label.text()).toBe('Time');
    expect(slider.attributes('max')).toBe('200');

    // It starts mid-run: at 100 ms thread 1 has just taken the GIL back.
    const readout = () => wrapper.get('[data-testid="lanes-readout"]').text().replace(/\s+/g, ' ');
    expect(readout()).toContain('At 0.100 s: the GIL is held by Thread 1');
    expect(readout()).toContain('Thread 1: running');
    expect(readout()).toContain('Thread 2: waiting for the GIL');

    await slider.setValue('60');
    expect(readout()).toContain('At 0.060 s: the GIL is held by Thread 2');
    expect(readout()).toContain('Thread 1: waiting for the GIL');
    expect(readout()).toContain('Thread 2: running');
    expect(slider.attributes('aria-valuetext')).toBe('0.060 s');

    // Arrow keys on the focused timeline move the same cursor, and keep them from the app.
    const plot = wrapper.get('.lanes__plot');
    const event = new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, cancelable: true });
    plot.element.dispatchEvent(event);
    await flushPromises();
    expect(event.defaultPrevented).toBe(true);
    expect(readout()).toContain('At 0.058 s');
  });

  it('zooms in and out with buttons and keys, and Fit shows the whole run again', async () => {
    const r = gilRun();
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 200, running: false, gil: true },
    });
    const button = (name: string) => wrapper.findAll('button').find((b) => b.text() === name)!;
    const window = () => wrapper.get('.lanes__window').text().replace(/\s+/g, ' ');
    expect(window()).toBe('showing 0.000–0.200 s');
    expect(button('Zoom out').attributes('disabled')).toBeDefined();
    expect(button('Fit').attributes('disabled')).toBeDefined();

    await button('Zoom in').trigger('click');
    // Around the cursor at 100 ms, half the span.
    expect(window()).toBe('showing 0.050–0.150 s');
    expect(button('Fit').attributes('disabled')).toBeUndefined();

    await wrapper.get('.lanes__plot').trigger('keydown', { key: '+' });
    expect(window()).toBe('showing 0.0750–0.1250 s');
    await wrapper.get('.lanes__plot').trigger('keydown', { key: '-' });
    expect(window()).toBe('showing 0.050–0.150 s');

    await button('Fit').trigger('click');
    expect(window()).toBe('showing 0.000–0.200 s');
  });

  it('zooms with the mouse wheel only while the timeline has focus', async () => {
    const r = gilRun();
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 200, running: false, gil: true },
      attachTo: document.body,
    });
    const plot = wrapper.get('.lanes__plot');
    const window = () => wrapper.get('.lanes__window').text().replace(/\s+/g, ' ');
    await plot.trigger('wheel', { deltaY: -100 });
    expect(window()).toBe('showing 0.000–0.200 s');
    (plot.element as HTMLElement).focus();
    await plot.trigger('wheel', { deltaY: -100 });
    expect(window()).not.toBe('showing 0.000–0.200 s');
    wrapper.unmount();
  });

  it('paints at most once per live frame however many events arrive, and paints the states', async () => {
    const calls: string[] = [];
    const fills: unknown[] = [];
    const ctx = new Proxy(
      {},
      {
        get(_t, key) {
          if (key === 'measureText') return () => ({ width: 8 });
          if (key === 'createPattern') return () => ({ setTransform() {} });
          if (
            typeof key === 'string' &&
            /^[a-z]/.test(key) &&
            !['fillStyle', 'strokeStyle', 'font', 'lineWidth'].includes(key)
          ) {
            return (..._args: unknown[]) => {
              calls.push(key);
              if (key === 'fill') fills.push(currentFill);
            };
          }
          return undefined;
        },
        set(_t, key, value) {
          if (key === 'fillStyle') currentFill = value;
          return true;
        },
      },
    );
    let currentFill: unknown = null;
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(120);

    const r = new LaneRecorder(2, T0, true);
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: 0, nowMs: 0, running: true, gil: true },
      attachTo: document.body,
    });
    // The lane colours come from the component's style, which happy-dom does not load: give the
    // plot the running colour the style gives it, before the first paint reads it.
    wrapper.get('.lanes__plot').element.setAttribute('style', '--lane-running: #009E73');
    await nextFrame();
    calls.length = 0;
    for (let i = 0; i < 50; i++) {
      r.push({ type: 'worker-state', worker: i % 2, state: i % 4 < 2 ? 'running' : 'waiting-gil', t: T0 + i });
      await wrapper.setProps({ version: r.version, nowMs: i });
    }
    // While running, repaints are at least 50 ms apart: 50 events in one burst make one paint.
    await new Promise((resolve) => setTimeout(resolve, 80));
    await nextFrame();
    expect(calls.filter((c) => c === 'clearRect').length).toBe(1);
    // Running is a solid colour; waiting for the GIL is a pattern.
    expect(fills).toContain('#009E73');
    expect(fills.some((f) => typeof f === 'object' && f !== null)).toBe(true);
    wrapper.unmount();
  });

  it('keeps the summary as current as the lanes while a run goes', async () => {
    const r = new LaneRecorder(1, T0, false);
    r.push({ type: 'worker-state', worker: 0, state: 'running', t: T0 });
    const wrapper = mount(WorkerLanes, {
      props: { recorder: r, version: r.version, nowMs: 1, running: true, gil: false },
    });
    expect(wrapper.get('.lanes__summary').text()).toBe('1 thread over 0.0010 s: running 100% of the time.');
    r.push({ type: 'worker-state', worker: 0, state: 'io', t: T0 + 600 });
    // The next tick, well within a second: the summary has the lane as it is drawn now.
    await wrapper.setProps({ version: r.version, nowMs: 800 });
    expect(wrapper.get('.lanes__summary').text()).toBe('1 thread over 0.800 s: running 75%, in I/O 25% of the time.');
  });

  it('puts waiting for a core in the legend where it is measured, and says where it is not', () => {
    const r = gilRun();
    const legend = (coreWaits?: 'measured' | 'not-measured') =>
      mount(WorkerLanes, {
        props: { recorder: r, version: r.version, nowMs: 200, running: false, gil: true, coreWaits },
      })
        .get('[aria-label="Legend"]')
        .text();
    expect(legend('measured')).toContain('waiting for a core');
    expect(legend('measured')).toContain('level lines');
    expect(legend('not-measured')).not.toContain('level lines');
    expect(legend('not-measured')).toContain('Waiting for a core is not measured here (only on Linux)');
    // Not said either way: in the legend only if some lane was seen waiting for a core.
    expect(legend()).not.toContain('waiting for a core');
    const waited = new LaneRecorder(1, T0, false);
    waited.push({ type: 'worker-state', worker: 0, state: 'ready', t: T0 });
    waited.finish(T0 + 10);
    const seen = mount(WorkerLanes, {
      props: { recorder: waited, version: waited.version, nowMs: 10, running: false, gil: false },
    });
    expect(seen.get('[aria-label="Legend"]').text()).toContain('waiting for a core');
  });

  it('after the run, sets the GIL’s own count of switches beside the lanes’ hand-overs', () => {
    const r = gilRun();
    const props = { recorder: r, version: r.version, nowMs: 200, gil: true, countedSwitches: 7 };
    const after = mount(WorkerLanes, { props: { ...props, running: false } });
    expect(after.get('.lanes__summary').text()).toContain(
      'the GIL changed hands 3 times in these lanes; the GIL itself counted 7 switches',
    );
    const during = mount(WorkerLanes, { props: { ...props, running: true } });
    expect(during.get('.lanes__summary').text()).toMatch(/changed hands 3 times\.$/);
  });
});
