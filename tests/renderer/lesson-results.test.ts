import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import LessonResults from '../../src/renderer/src/components/lesson/LessonResults.vue';
import { LESSONS } from '../../src/renderer/src/lessons/catalog';
import type { Conclusion, Lesson, LessonGo } from '../../src/renderer/src/lessons/lesson';
import { FileSaverKey } from '../../src/renderer/src/lib/file-save';
import { go, step, type Measured } from './lesson-fixtures';
import { TransportKey } from '../../src/renderer/src/transport/transport';
import { defaultTransport, RecordingSaver } from './mount';

const lesson = (id: string): Lesson => LESSONS.find((l) => l.id === id)!;
const text = (el: { text(): string }) => el.text().replace(/\s+/g, ' ');

function results(props: { lesson: Lesson; goes: LessonGo[]; prediction?: number | null; running?: boolean }) {
  return mount(LessonResults, {
    props: { cores: 2, number: 1, ...props },
    global: {
      plugins: [createPinia()],
      provide: { [FileSaverKey as symbol]: new RecordingSaver(), [TransportKey as symbol]: defaultTransport() },
    },
  });
}

const convoyGo = (n: number, interval: number, rates: number[]) =>
  go(
    n,
    { interval, cpuThreads: rates.length - 1, seconds: 1 },
    `Switch interval ${interval} ms, CPU-bound threads beside it ${rates.length - 1}, Length of each run 1 s`,
    rates.map((loopsPerSecond, k) =>
      step(
        `cpu${k}`,
        k === 0 ? 'I/O loop alone' : `Beside ${k} CPU thread${k === 1 ? '' : 's'}`,
        {
          workload: 'convoy',
          mode: 'threads-gil',
          workers: k + 1,
          tasks: k + 1,
          taskMs: 1000,
          switchIntervalMs: interval,
        },
        { loopsPerSecond },
      ),
    ),
  );

const cpuGo = (n: number, steps: [mode: 'sequential' | 'threads-gil' | 'processes', m: Measured | string][]) =>
  go(
    n,
    { tasks: 4, workers: 2, taskSeconds: 1, repeat: 1 },
    'Tasks 4',
    steps.map(([mode, m]) =>
      step(mode, mode, { workload: 'cpu', mode, workers: mode === 'sequential' ? 1 : 2, tasks: 4 }, m),
    ),
  );

describe('a lesson’s results, go by go', () => {
  it('keeps the convoy at 5 ms and at 1 ms side by side, each go named by what it changed', () => {
    const wrapper = results({
      lesson: lesson('convoy'),
      goes: [convoyGo(1, 5, [1000, 200]), convoyGo(2, 1, [1000, 700])],
    });
    const table = wrapper.get('[data-testid="goes-table"]');
    expect(table.findAll('thead th').map(text)).toEqual([
      'Run',
      'Go 1: Switch interval 5 ms',
      'Go 2: Switch interval 1 ms',
    ]);
    expect(table.findAll('tbody tr').map((tr) => tr.findAll('th, td').map(text))).toEqual([
      ['I/O loop alone', '1000 loops/s', '1000 loops/s'],
      ['Beside 1 CPU thread', '200 loops/s', '700 loops/s'],
    ]);
    // The chart's series are the goes too, and the latest go is there run by run.
    expect(wrapper.findAll('.bar-chart__legend li').map(text)).toEqual([
      '1 Go 1: Switch interval 5 ms',
      '2 Go 2: Switch interval 1 ms',
    ]);
    expect(text(wrapper.get('.results__sub'))).toBe('Go 2: Switch interval 1 ms, run by run');
    expect(wrapper.findAll('.results__table tbody tr')).toHaveLength(2);
  });

  it('offers to clear the earlier goes only once there are some, and not while a go runs', async () => {
    const one = results({ lesson: lesson('convoy'), goes: [convoyGo(1, 5, [1000, 200])] });
    expect(one.findAll('button').map(text)).not.toContain('Clear earlier goes');
    const two = results({ lesson: lesson('convoy'), goes: [convoyGo(1, 5, [1000]), convoyGo(2, 1, [1000])] });
    await two
      .findAll('button')
      .find((b) => text(b) === 'Clear earlier goes')!
      .trigger('click');
    expect(two.emitted('clear')).toHaveLength(1);
    await two.setProps({ running: true });
    expect(two.findAll('button').map(text)).not.toContain('Clear earlier goes');
  });

  it('says a go was stopped, shows no figure for the stopped run, and reveals nothing', () => {
    const wrapper = results({
      lesson: lesson('cpu-bound'),
      prediction: 1,
      goes: [
        cpuGo(1, [
          ['sequential', { wallMs: 2000 }],
          ['threads-gil', { wallMs: 700, outcome: 'cancelled' }],
        ]),
      ],
    });
    expect(text(wrapper.get('[data-testid="stopped-note"]'))).toBe('threads-gil: Stopped after 0.7 s; no result.');
    expect(wrapper.find('[data-testid="prediction-reveal"]').exists()).toBe(false);
    const stoppedRow = wrapper.get('.results__table tr[data-key="threads-gil"]');
    expect(stoppedRow.find('td[data-col="wall"]').exists()).toBe(false);
    expect(text(stoppedRow.get('.results__error'))).toContain('no result');
    // Every claim the stopped go would check says it can't tell, and states no figure it doesn't have.
    const verdicts = wrapper.findAll('.conclusion').map((c) => c.attributes('data-verdict'));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts)).toEqual(new Set(['cannot-tell']));
    // Charted: the run that completed, and only it.
    expect(wrapper.get('.results-chart__plot').attributes('aria-label')).toContain('sequential 2.000 s');
    expect(wrapper.get('.results-chart__plot').attributes('aria-label')).not.toContain('threads-gil');
  });

  it('says before the results when other programs kept the machine busy enough to matter', () => {
    const wrapper = results({
      lesson: lesson('cpu-bound'),
      goes: [
        cpuGo(1, [
          ['sequential', { otherBusyCores: 0.9 }],
          ['threads-gil', { otherBusyCores: 0.8 }],
        ]),
      ],
    });
    const note = wrapper.get('[data-testid="weather-note"]');
    expect(text(note)).toContain('other programs kept 0.90 of 2 cores');
    const order = [...wrapper.element.querySelectorAll('[data-testid="weather-note"], .results__conclusion, table')];
    expect(order[0]).toBe(note.element);
  });

  it('reveals the prediction against the latest go once it has ended', async () => {
    const done = cpuGo(1, [
      ['sequential', { wallMs: 2000 }],
      ['threads-gil', { wallMs: 2000 }],
    ]);
    const wrapper = results({ lesson: lesson('cpu-bound'), prediction: 2, goes: [done], running: true });
    expect(wrapper.find('[data-testid="prediction-reveal"]').exists()).toBe(false);
    await wrapper.setProps({ running: false });
    expect(text(wrapper.get('[data-testid="prediction-reveal"]'))).toBe(
      'The room predicted 2.00 ×; GIL Lab measured 1.00 ×.',
    );
  });

  it('gives each conclusion its verdict in words, and waits for the go to end', async () => {
    const verdicts: Conclusion[] = [
      { claim: 'GIL threads ÷ one thread within 0.9–1.2', verdict: 'held', text: 'GIL threads ran at 1.00×.' },
      { claim: 'processes ≥ 1.6×', verdict: 'not-held', text: 'Processes ran at 1.10×: other load.' },
      { claim: 'free threads ≥ 1.6×', verdict: 'cannot-tell', text: 'The machine was busy.' },
    ];
    const withClaims = { ...lesson('cpu-bound'), conclude: () => verdicts };
    const done = cpuGo(1, [
      ['sequential', {}],
      ['threads-gil', {}],
    ]);
    const wrapper = results({ lesson: withClaims, goes: [done], running: true });
    expect(wrapper.findAll('.conclusion')).toHaveLength(0);
    await wrapper.setProps({ running: false });
    const items = wrapper.findAll('.conclusion');
    expect(items.map((i) => i.attributes('data-verdict'))).toEqual(['held', 'not-held', 'cannot-tell']);
    expect(items.map((i) => text(i.get('.conclusion__verdict')))).toEqual(['✓ Held', '✗ Did not hold', '? Can’t tell']);
    expect(text(items[1]!.get('.conclusion__text'))).toBe('Processes ran at 1.10×: other load.');
    expect(text(items[1]!.get('.conclusion__claim'))).toBe('Claim checked: processes ≥ 1.6×');
  });
});

describe('a new go before its first run ends', () => {
  it('keeps the earlier goes on screen, with no table yet for the new one', () => {
    const earlier = go(1, { interval: 5, cpuThreads: 1, seconds: 1 }, 'Switch interval 5 ms', [
      step(
        'cpu0',
        'I/O loop alone',
        { workload: 'convoy', mode: 'threads-gil', workers: 1, tasks: 1 },
        { loopsPerSecond: 900 },
      ),
    ]);
    const starting = go(2, { interval: 1, cpuThreads: 1, seconds: 1 }, 'Switch interval 1 ms', []);
    const wrapper = results({ lesson: lesson('convoy'), goes: [earlier, starting], running: true });
    const table = wrapper.get('[data-testid="goes-table"]');
    expect(table.findAll('tbody tr').map((tr) => tr.findAll('th, td').map(text))).toEqual([
      ['I/O loop alone', '900 loops/s', 'to come'],
    ]);
    expect(wrapper.find('.results__table').exists()).toBe(false);
  });
});
