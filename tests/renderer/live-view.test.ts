import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import LiveView from '../../src/renderer/src/components/lesson/LiveView.vue';
import { useMonitorStore } from '../../src/renderer/src/stores/monitor';
import { useRunStore } from '../../src/renderer/src/stores/run';
import { liveWeather, recentMachineBusy } from '../../src/renderer/src/lib/weather';
import { APP, MACHINE, MemoryTransport, sample } from '../support/memory-transport';
import { mountWithTransport } from './mount';

describe('the machine’s weather', () => {
  it('averages the whole machine over as many samples as the run’s own figure covers', () => {
    // Two cores; the last four samples (a second at 4 Hz) average 50% and 100%.
    const history = [
      [0, 0, 40, 60, 40, 60],
      [0, 0, 100, 100, 100, 100],
    ];
    expect(recentMachineBusy(history, 4)).toBeCloseTo(1.5);
    expect(recentMachineBusy(history, 1)).toBeCloseTo(1.6);
  });

  it('is the machine less the run, never below nothing, and busy past the threshold', () => {
    expect(liveWeather(1.5, 1, 0.25)).toEqual({ machine: 1.5, other: 0.5, busy: true });
    expect(liveWeather(1.1, 1, 0.25)).toMatchObject({ busy: false });
    expect(liveWeather(0.9, 1, 0.25).other).toBe(0);
  });
});

describe('the live view during a run', () => {
  function transport(): MemoryTransport {
    return new MemoryTransport({
      'app:get-info': () => APP,
      'monitor:get-info': () => MACHINE,
      'monitor:set-rate': ({ hz }) => ({ hz }),
      'run:start': () => ({ runId: 'r1' }),
    });
  }

  it('shows the load that is not the run’s own beside the gauge, flagged when it is enough to distort', async () => {
    const t = transport();
    const { wrapper } = mountWithTransport(LiveView, t);
    await flushPromises();
    const monitor = useMonitorStore();
    const run = useRunStore();
    void run.run({
      params: { workload: 'cpu', mode: 'threads-gil', workers: 2, tasks: 2 },
      repeat: 1,
      baseline: false,
    });
    await flushPromises();
    expect(wrapper.find('[data-testid="live-weather"]').exists()).toBe(false);
    const load = (recent: number) =>
      t.emit('run:load-measured', {
        runId: 'r1',
        phase: 'run',
        round: 0,
        counted: 'engine-process',
        wallMs: 1000,
        cpuMs: 1000 * recent,
        busyCores: recent,
        recentBusyCores: recent,
      });
    // The run keeps one core busy and the machine reads two: another program holds the other.
    load(1);
    for (let seq = 1; seq <= 4; seq++) monitor.receive(sample(seq, [100, 100]));
    await flushPromises();
    const weather = wrapper.get('[data-testid="live-weather"]');
    expect(weather.text().replace(/\s+/g, ' ')).toContain('Busy machine: not this run: 1.00 of 2');
    expect(weather.classes()).toContain('live__other--busy');
    expect(weather.attributes('role')).toBe('status');

    // The run takes both cores and nothing else runs: the weather is said, not flagged.
    load(2);
    monitor.receive(sample(5, [100, 100]));
    await flushPromises();
    expect(wrapper.get('[data-testid="live-weather"]').text()).not.toContain('Busy machine');
    expect(wrapper.get('[data-testid="live-weather"]').text()).toContain('0.00 of 2');
    t.emit('run:finished', { runId: 'r1', measurement: null, error: 'stopped' });
    await flushPromises();
    expect(wrapper.find('[data-testid="live-weather"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('names real Python lanes as the engine says it measures them, not by guessing from the platform', async () => {
    // The engine here says linux-x64, where it samples /proc; the round says otherwise and wins.
    for (const [threadMethod, spansOnly] of [
      ['task-spans', true],
      ['proc-task-sampling', false],
    ] as const) {
      const t = transport();
      const { wrapper } = mountWithTransport(LiveView, t);
      await flushPromises();
      const run = useRunStore();
      void run.run({
        params: { workload: 'cpu', mode: 'threads-gil', workers: 2, tasks: 2, backend: 'python' },
        repeat: 1,
        baseline: false,
      });
      await flushPromises();
      t.emit('run:progressed', {
        runId: 'r1',
        phase: 'run',
        round: 0,
        events: [
          { type: 'round-started', lanes: 2, gilLane: false, t: Date.now(), backend: 'python', threadMethod },
          { type: 'task-started', task: 0, worker: 0, t: Date.now() },
        ],
      });
      await flushPromises();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await flushPromises();
      expect(wrapper.find('[data-testid="lanes-task-spans"]').exists(), threadMethod).toBe(spansOnly);
      t.emit('run:finished', { runId: 'r1', measurement: null, error: 'stopped' });
      await flushPromises();
      wrapper.unmount();
    }
  });
});
