import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import ResultsChart from '../../../src/renderer/src/components/viz/ResultsChart.vue';
import SweepChart from '../../../src/renderer/src/components/viz/SweepChart.vue';
import { amdahlSpeedup } from '../../../src/renderer/src/lib/amdahl';

// happy-dom has no 2D canvas, so uPlot cannot draw here: the components detect that, skip the
// chart and keep the table, which is what these tests read. The chart itself is drawn for real in
// Chromium by the e2e suite. See charts-canvas.test.ts for the chart's life cycle on a stub canvas.

const rows = [
  { label: 'One thread (sequential)', wallMs: { median: 4012, min: 3990, max: 4100 }, speedup: 1 },
  { label: 'Threads with the GIL', wallMs: { median: 4230.4, min: 4200, max: 4400 }, speedup: 0.948 },
  { label: 'Processes', wallMs: { median: 2051, min: 2040, max: 2060 }, speedup: 1.956 },
  { label: 'Not run', wallMs: { median: 1000, min: 1000, max: 1000 }, speedup: null },
];

const cells = (wrapper: ReturnType<typeof mount>) =>
  wrapper.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text().replace(/\s+/g, ' ')));

describe('ResultsChart', () => {
  it('tables every mode with units: seconds for wall time and its spread, × for speedup', () => {
    const wrapper = mount(ResultsChart, { props: { rows } });
    expect(wrapper.findAll('thead th').map((h) => h.text())).toEqual([
      'Mode',
      'Wall time, median (s)',
      'Fastest–slowest (s)',
      'Speedup (×)',
    ]);
    expect(cells(wrapper)).toEqual([
      ['One thread (sequential)', '4.012 s', '3.990–4.100 s', '1.00×'],
      ['Threads with the GIL', '4.230 s', '4.200–4.400 s', '0.95×'],
      ['Processes', '2.051 s', '2.040–2.060 s', '1.96×'],
      ['Not run', '1.000 s', '1.000–1.000 s', '—'],
    ]);
  });

  it('is a figure named by its caption', () => {
    const wrapper = mount(ResultsChart, { props: { rows } });
    const caption = wrapper.get('figure > figcaption');
    expect(wrapper.get('figure').attributes('aria-labelledby')).toBe(caption.attributes('id'));
    expect(caption.text()).toBe(
      'Wall time per mode (bars, in seconds; the whiskers span the fastest and slowest repeat) and speedup (diamonds, ×)',
    );
  });

  it('hides the chart where no canvas can draw it, and follows new rows', async () => {
    const wrapper = mount(ResultsChart, { props: { rows: rows.slice(0, 1) } });
    await nextTick();
    const plot = wrapper.get('.results-chart__plot');
    expect((plot.element as HTMLElement).style.display).toBe('none');
    expect(plot.attributes('aria-label')).toContain('One thread (sequential) 4.012 s, 1.00×');
    await wrapper.setProps({ rows });
    expect(wrapper.findAll('tbody tr')).toHaveLength(4);
  });
});

describe('SweepChart', () => {
  const sweep = [1, 2, 3, 4].map((n) => ({ workers: n, speedup: amdahlSpeedup(0.2, n) }));

  it('prints the fitted serial fraction beside the chart, fitted on pool sizes up to the core count', () => {
    // Past 4 cores the points flatten, as they do when the cores run out; the fit must ignore them.
    const points = [
      ...[1, 2, 3, 4].map((n) => ({ workers: n, speedup: amdahlSpeedup(0.2, n) })),
      { workers: 5, speedup: 2.4 },
      { workers: 6, speedup: 2.3 },
    ];
    const wrapper = mount(SweepChart, { props: { points, cores: 4 } });
    const text = wrapper.get('[data-testid="amdahl-fit"]').text();
    expect(text).toContain('Serial fraction f = 0.200 (20%)');
    expect(text).toContain('fitted to 1–4 workers, one per core');
    expect(text).toContain('No pool size can beat 5.0×');
    expect(text).toContain('the cores ran out');
    // Past the cores the prediction runs flat: six workers still have four cores to run on.
    const fit = (row: number) => wrapper.findAll('tbody tr')[row]!.findAll('td')[2]!.text();
    expect(fit(5)).toBe(fit(3));
    expect(fit(3)).toBe(`${amdahlSpeedup(0.2, 4).toFixed(2)}×`);
  });

  it('fits nothing on a machine with fewer than three cores, says why, and says when the cores ran out', () => {
    const points = [
      { workers: 1, speedup: 1 },
      { workers: 2, speedup: 1.85 },
      { workers: 3, speedup: 1.8 },
      { workers: 4, speedup: 1.88 },
    ];
    const wrapper = mount(SweepChart, { props: { points, cores: 2 } });
    const text = wrapper.get('[data-testid="amdahl-fit"]').text();
    expect(text).not.toContain('Serial fraction');
    expect(text).toContain('this machine has 2 cores');
    expect(text).toContain('drawn against the ideal line alone');
    expect(text).toContain(
      'Past 2 cores the speedup stays flat (1.85× with 2, at most 1.88× beyond): the cores ran out',
    );
    expect(wrapper.findAll('tbody tr').map((tr) => tr.findAll('td')[2]!.text())).toEqual(['—', '—', '—', '—']);
    expect(wrapper.text()).not.toContain('Amdahl’s law, fitted');
  });

  it('states the range of a fit from scattered points, in the text and the table', () => {
    const points = [1, 2, 3, 4, 6, 8].map((n, i) => ({
      workers: n,
      speedup: amdahlSpeedup(0.1, n) * (1 + [0, 0.04, -0.05, 0.03, -0.04, 0.05][i]!),
    }));
    const wrapper = mount(SweepChart, { props: { points, cores: 8 } });
    const text = wrapper.get('[data-testid="amdahl-fit"]').text();
    const [, f, low, high] = text.match(/f = (\d\.\d+) .*95% range (\d\.\d+)–(\d\.\d+)/)!.map(Number);
    expect(low).toBeLessThan(f!);
    expect(high).toBeGreaterThan(f!);
    expect(low).toBeLessThan(0.1);
    expect(high).toBeGreaterThan(0.1);
    expect(text).toMatch(/No pool size can beat 1 ÷ f: between \d+\.\d× and \d+\.\d×/);
    expect(wrapper.findAll('tbody tr')[5]!.findAll('td')[2]!.text()).toMatch(/^\d\.\d\d× \(\d\.\d\d–\d\.\d\d×\)$/);
  });

  it('tables measured, ideal and fitted speedups with units', () => {
    const wrapper = mount(SweepChart, {
      props: { points: [...sweep.slice(0, 3), { workers: 4, speedup: 2.5, min: 2.4, max: 2.6 }], cores: 4 },
    });
    expect(cells(wrapper)).toEqual([
      ['1', '1.00×', '1.00×', expect.stringMatching(/×$/)],
      ['2', '1.67×', '2.00×', expect.stringMatching(/×$/)],
      ['3', '2.14×', '3.00×', expect.stringMatching(/×$/)],
      ['4', '2.50× (2.40–2.60×)', '4.00×', expect.stringMatching(/×$/)],
    ]);
  });

  it('takes points one at a time, as a live sweep delivers them', async () => {
    const wrapper = mount(SweepChart, { props: { points: sweep.slice(0, 1), cores: 4 } });
    expect(wrapper.get('[data-testid="amdahl-fit"]').text()).toContain('needs at least 3 pool sizes');
    await wrapper.setProps({ points: sweep.slice(0, 2) });
    // Two points always fit a curve and say nothing of how well: still no fit.
    expect(wrapper.get('[data-testid="amdahl-fit"]').text()).toContain('2 have been measured');
    await wrapper.setProps({ points: sweep.slice(0, 3) });
    expect(wrapper.get('[data-testid="amdahl-fit"]').text()).toContain('f = 0.200');
    await wrapper.setProps({ points: sweep });
    expect(wrapper.findAll('tbody tr')).toHaveLength(4);
    expect(wrapper.findAll('tbody tr')[3]!.findAll('td')[2]!.text()).toBe(`${amdahlSpeedup(0.2, 4).toFixed(2)}×`);
  });
});
