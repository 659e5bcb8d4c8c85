import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import SweepChart from '../../../src/renderer/src/components/viz/SweepChart.vue';
import ResultsChart from '../../../src/renderer/src/components/viz/ResultsChart.vue';

/**
 * A do-nothing 2D context, so uPlot can be created in happy-dom. It checks the chart's life
 * cycle (one instance, fed by setData, destroyed on unmount), not what it paints.
 */
function stubCanvas(): void {
  const ctx = new Proxy(
    {},
    {
      get: (_t, key) => {
        if (key === 'measureText')
          return () => ({ width: 10, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 });
        if (key === 'canvas') return document.createElement('canvas');
        if (key === 'getLineDash') return () => [];
        return typeof key === 'string' && /^[a-z]/.test(key) ? () => undefined : undefined;
      },
      set: () => true,
    },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
  // uPlot builds its series paths as Path2D objects, which happy-dom lacks too.
  vi.stubGlobal(
    'Path2D',
    class {
      constructor() {
        return new Proxy(this, { get: () => () => undefined });
      }
    },
  );
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('charts on a canvas', () => {
  it('the sweep keeps one uPlot instance while points arrive, and removes it on unmount', async () => {
    stubCanvas();
    const wrapper = mount(SweepChart, { props: { points: [{ workers: 1, speedup: 1 }], cores: 2 } });
    await nextTick();
    const first = wrapper.find('.uplot');
    expect(first.exists()).toBe(true);
    await wrapper.setProps({
      points: [
        { workers: 1, speedup: 1 },
        { workers: 2, speedup: 1.8 },
      ],
    });
    await wrapper.setProps({
      points: [
        { workers: 1, speedup: 1 },
        { workers: 2, speedup: 1.8 },
        { workers: 3, speedup: 1.7 },
      ],
    });
    expect(wrapper.findAll('.uplot')).toHaveLength(1);
    expect(wrapper.find('.uplot').element).toBe(first.element);
    expect((wrapper.get('.sweep__plot').element as HTMLElement).style.display).toBe('');
    const plot = wrapper.get('.sweep__plot').element;
    wrapper.unmount();
    expect(plot.querySelector('.uplot')).toBeNull();
  });

  it('the results chart is drawn beside its table', async () => {
    stubCanvas();
    const wrapper = mount(ResultsChart, {
      props: { rows: [{ label: 'Processes', wallMs: { median: 2000, min: 1900, max: 2100 }, speedup: 2 }] },
    });
    await nextTick();
    expect(wrapper.findAll('.uplot')).toHaveLength(1);
    expect(wrapper.find('table').exists()).toBe(true);
    wrapper.unmount();
  });
});
