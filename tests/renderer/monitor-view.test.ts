import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import App from '../../src/renderer/src/App.vue';
import { HISTORY_LENGTH, useMonitorStore } from '../../src/renderer/src/stores/monitor';
import { APP, MACHINE, MemoryTransport, sample } from '../support/memory-transport';
import { mountWithTransport } from './mount';

describe('the live monitor view', () => {
  it('draws one meter per core from the samples, and the machine facts', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    await flushPromises();
    expect(wrapper.text()).toContain('Waiting for the first sample');
    transport.emit('monitor:sampled', sample(0, [10, 20, 95, 50]));
    await flushPromises();
    const meters = wrapper.findAll('[role="meter"][aria-label^="Core "]');
    expect(meters.map((m) => m.attributes('aria-label'))).toEqual(['Core 0', 'Core 1', 'Core 2', 'Core 3']);
    expect(meters.map((m) => m.attributes('aria-valuenow'))).toEqual(['10', '20', '95', '50']);
    expect(wrapper.get('[data-testid="cpu-model"]').text()).toBe('Test CPU 9000');
    expect(wrapper.get('[data-testid="core-counts"]').text()).toContain('2 physical · 4 logical cores');
    expect(wrapper.get('[data-testid="total-load"]').text()).toContain('44');
    // 10 + 20 + 95 + 50 = 175% = 1.75 cores' worth of work
    expect(wrapper.get('[data-testid="busy-cores"]').text()).toContain('1.75');
  });

  it('switches to a heat map of 256 named meters for a 256-core machine', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    transport.emit(
      'monitor:sampled',
      sample(
        0,
        Array.from({ length: 256 }, (_, i) => i % 101),
      ),
    );
    await flushPromises();
    const meters = wrapper.findAll('[role="meter"][aria-label^="Core "]');
    expect(meters).toHaveLength(256);
    expect(meters[255]!.attributes('aria-label')).toBe('Core 255');
    expect(wrapper.find('.grid--heat').exists()).toBe(true);
  });

  it('keeps a bounded history per core for the sparklines', async () => {
    const { transport } = mountWithTransport(App);
    const store = useMonitorStore();
    for (let i = 0; i < HISTORY_LENGTH + 10; i++) transport.emit('monitor:sampled', sample(i, [i % 100, 0]));
    expect(store.history).toHaveLength(2);
    expect(store.history[0]).toHaveLength(HISTORY_LENGTH);
    expect(store.history[0]!.at(-1)).toBe((HISTORY_LENGTH + 9) % 100);
    expect(store.droppedSamples).toBe(0);
    transport.emit('monitor:sampled', sample(HISTORY_LENGTH + 15, [0, 0]));
    expect(store.droppedSamples).toBe(5);
  });

  it('shows the measured monitor cost', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    transport.emit('monitor:cost-measured', {
      percentOfCore: 0.42,
      samplerPercent: 0.3,
      deliveryPercent: 0.12,
      method: 'thread-schedstat',
      windowMs: 5000,
      rateHz: 10,
    });
    await flushPromises();
    const text = wrapper.get('[data-testid="monitor-cost"]').text();
    expect(text).toContain('monitor cost:');
    expect(text).toContain('0.4% of a core');
    expect(text).toContain('sampler 0.30%');
  });

  it('changes the sample rate through the transport, and rolls back with a message on failure', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    await flushPromises();
    const slider = wrapper.get('.rate input[type="range"]');
    await slider.setValue('10');
    await flushPromises();
    expect(transport.calls.at(-1)).toEqual({ channel: 'monitor:set-rate', request: { hz: 10 } });
    expect(wrapper.text()).toContain('10 Hz');
  });

  it('rolls the rate back and says why when the engine refuses it', async () => {
    const transport = new MemoryTransport({
      'app:get-info': () => APP,
      'monitor:get-info': () => MACHINE,
      'monitor:set-rate': () => {
        throw new Error('sampler unavailable');
      },
    });
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    const store = useMonitorStore();
    await wrapper.get('.rate input[type="range"]').setValue('9');
    await flushPromises();
    expect(store.rateHz).toBe(4);
    expect(wrapper.text()).toContain('Could not change the sample rate: sampler unavailable');
  });

  it('says so when the engine connection is lost, and recovers', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    await flushPromises();
    transport.setStatus('reconnecting');
    await flushPromises();
    expect(wrapper.text()).toMatch(/Lost the connection/);
    transport.setStatus('open');
    await flushPromises();
    expect(wrapper.text()).not.toMatch(/Lost the connection/);
  });

  it('labels a synthetic feed as not this machine', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    transport.emit('monitor:sampled', { ...sample(0, [1, 2]), source: 'synthetic' });
    await flushPromises();
    expect(wrapper.text()).toMatch(/Synthetic feed.*not read from this machine/);
  });

  it('unsubscribes when unmounted', async () => {
    const { wrapper, transport } = mountWithTransport(App);
    expect(transport.listenerCount('monitor:sampled')).toBe(1);
    wrapper.unmount();
    expect(transport.listenerCount('monitor:sampled')).toBe(0);
  });
});
