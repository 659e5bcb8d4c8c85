import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import CoreTile from '../../src/renderer/src/components/CoreTile.vue';
import { loadColor } from '../../src/renderer/src/lib/load-color';

describe('CoreTile', () => {
  it('is an ARIA meter named after its core, with its rounded load', () => {
    const wrapper = mount(CoreTile, { props: { index: 3, value: 87.6, mode: 'tile', points: '0,30 100,0' } });
    const meter = wrapper.get('[role="meter"]');
    expect(meter.attributes('aria-label')).toBe('Core 3');
    expect(meter.attributes('aria-valuenow')).toBe('88');
    expect(meter.attributes('aria-valuemin')).toBe('0');
    expect(meter.attributes('aria-valuemax')).toBe('100');
    expect(meter.attributes('aria-valuetext')).toBe('88% busy');
    expect(wrapper.text()).toContain('Core 3');
    expect(wrapper.text()).toContain('88');
  });

  it('fills to the load, in the load colour, and draws the sparkline', () => {
    const wrapper = mount(CoreTile, { props: { index: 0, value: 40, mode: 'tile', points: '0,30 50,10' } });
    const fill = wrapper.get('.core__fill').element as HTMLElement;
    expect(fill.style.transform).toBe('scaleY(0.4)');
    expect(fill.style.background).toBe(loadColor(40));
    expect(wrapper.get('polyline').attributes('points')).toBe('0,30 50,10');
  });

  it('updates when the load changes', async () => {
    const wrapper = mount(CoreTile, { props: { index: 1, value: 5, mode: 'tile' } });
    await wrapper.setProps({ value: 99 });
    expect(wrapper.get('[role="meter"]').attributes('aria-valuenow')).toBe('99');
    expect((wrapper.get('.core__fill').element as HTMLElement).style.transform).toBe('scaleY(0.99)');
  });

  it('is a compact coloured cell in heat-map mode, still a named meter', () => {
    const wrapper = mount(CoreTile, { props: { index: 200, value: 100, mode: 'heat' } });
    const meter = wrapper.get('[role="meter"]');
    expect(meter.attributes('aria-label')).toBe('Core 200');
    expect((meter.element as HTMLElement).style.background).toBe(loadColor(100));
    expect(wrapper.find('svg').exists()).toBe(false);
  });
});
