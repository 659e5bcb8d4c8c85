import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MonitorControls from '../../src/renderer/src/components/MonitorControls.vue';
import { useMonitorStore } from '../../src/renderer/src/stores/monitor';
import { threadSamplerCost, threadSamplerText } from '../../src/renderer/src/lib/measured-threads';
import { measurement } from './lesson-fixtures';
import { mountWithTransport } from './mount';
import { realPythonRun, taskSpansRun } from '../support/python-measurements';

const simulated = () => measurement({ workload: 'cpu', mode: 'threads-gil', workers: 4, tasks: 4 });

describe('the thread sampler’s cost', () => {
  it('is read from the last round of a real Python run that measured it', () => {
    const m = realPythonRun();
    const last = m.runs.at(-1)!.threads!;
    expect(threadSamplerCost(m)).toEqual({ share: last.samplerCost, hz: 100, threads: last.list.length });
    // The fixture's run: 3.03% of a core at 100 Hz over its 6 threads: the 4 workers and 2 of the runner's own.
    expect(threadSamplerText(threadSamplerCost(m))).toBe(
      'thread sampler (last real Python run): 3.0% of a core at 100 Hz over 6 threads',
    );
  });

  it('falls back to the baseline’s round where the run’s own has no cost, and says small costs finely', () => {
    const m = realPythonRun();
    m.runs.at(-1)!.threads!.samplerCost = null;
    const baseline = m.baseline!.runs.at(-1)!.threads!;
    baseline.samplerCost = 0.0004;
    expect(threadSamplerCost(m)).toEqual({ share: 0.0004, hz: 100, threads: baseline.list.length });
    expect(threadSamplerText(threadSamplerCost(m))).toBe(
      `thread sampler (last real Python run): 0.04% of a core at 100 Hz over ${baseline.list.length} threads`,
    );
  });

  it('is nothing for the simulation, a run with no measurement, or a run whose threads were not sampled', () => {
    expect(threadSamplerCost(simulated())).toBeNull();
    expect(threadSamplerCost(null)).toBeNull();
    expect(threadSamplerCost(taskSpansRun())).toBeNull();
    expect(threadSamplerText(null)).toBeNull();
  });
});

describe('the monitor-cost readout', () => {
  it('adds the thread sampler’s cost once a real Python run finishes, and keeps it through later simulated runs', async () => {
    const { wrapper, transport } = mountWithTransport(MonitorControls);
    useMonitorStore().start();
    transport.emit('monitor:cost-measured', {
      percentOfCore: 0.42,
      samplerPercent: 0.3,
      deliveryPercent: 0.12,
      method: 'thread-schedstat',
      windowMs: 5000,
      rateHz: 10,
    });
    await flushPromises();
    expect(wrapper.find('[data-testid="thread-sampler-cost"]').exists()).toBe(false);

    transport.emit('run:finished', { runId: 'r1', measurement: realPythonRun(), error: null });
    await flushPromises();
    const readout = wrapper.get('[data-testid="monitor-cost"]').text();
    expect(readout).toContain('0.4% of a core');
    expect(readout).toContain('thread sampler (last real Python run): 3.0% of a core at 100 Hz over 6 threads');

    transport.emit('run:finished', { runId: 'r2', measurement: simulated(), error: null });
    transport.emit('run:finished', { runId: 'r3', measurement: null, error: 'stopped' });
    transport.emit('run:finished', { runId: 'r4', measurement: taskSpansRun(), error: null });
    await flushPromises();
    expect(wrapper.get('[data-testid="thread-sampler-cost"]').text()).toBe(
      'thread sampler (last real Python run): 3.0% of a core at 100 Hz over 6 threads',
    );
    wrapper.unmount();
  });
});
