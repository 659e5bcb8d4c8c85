import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import BusyGauge from '../../../src/renderer/src/components/viz/BusyGauge.vue';

describe('BusyGauge', () => {
  it('is a meter of cores’ worth busy, out of the core count, named by its label', () => {
    const wrapper = mount(BusyGauge, { props: { value: 1.0234, cores: 2, label: 'Cores’ worth busy, now' } });
    const meter = wrapper.get('[role="meter"]');
    expect(meter.attributes('aria-label')).toBe('Cores’ worth busy, now');
    expect(meter.attributes('aria-valuemin')).toBe('0');
    expect(meter.attributes('aria-valuemax')).toBe('2');
    expect(meter.attributes('aria-valuenow')).toBe('1.02');
    expect(meter.attributes('aria-valuetext')).toBe('1.02 of 2 cores busy');
    expect(wrapper.get('.key-figure').text()).toBe('1.02');
    expect(wrapper.text()).toContain('of 2 cores');
  });

  it('fills in proportion to the cores and draws one tick per core', () => {
    const wrapper = mount(BusyGauge, { props: { value: 1, cores: 4 } });
    expect((wrapper.get('.gauge__fill').element as HTMLElement).style.transform).toBe('scaleX(0.25)');
    expect(wrapper.findAll('.gauge__tick')).toHaveLength(5);
    expect(wrapper.findAll('.gauge__tick--whole')).toHaveLength(3);
    expect(wrapper.get('[role="meter"]').attributes('aria-label')).toBe("Cores' worth busy");
  });

  it('keeps aria-valuenow within range when noise pushes past the core count, but shows the number', async () => {
    const wrapper = mount(BusyGauge, { props: { value: 2.04, cores: 2 } });
    const meter = wrapper.get('[role="meter"]');
    expect(meter.attributes('aria-valuenow')).toBe('2');
    expect(meter.attributes('aria-valuetext')).toBe('2.04 of 2 cores busy');
    await wrapper.setProps({ value: Number.NaN, cores: 1 });
    expect(meter.attributes('aria-valuetext')).toBe('0.00 of 1 core busy');
  });

  it('thins the ticks on a 256-core machine', () => {
    const wrapper = mount(BusyGauge, { props: { value: 100, cores: 256 } });
    expect(wrapper.findAll('.gauge__tick').length).toBeLessThanOrEqual(17);
    expect(wrapper.findAll('.gauge__scale span').at(-1)!.text()).toBe('256');
  });
});
