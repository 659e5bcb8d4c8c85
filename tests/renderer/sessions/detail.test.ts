import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { exportSession } from '../../../src/core/sessions/export';
import { lessonSession, machine, mountSessions, savedRun, sessionBackend, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

async function openSession() {
  const backend = await sessionBackend();
  const id = await lessonSession(backend.store, 'Lesson 1', machine(4), {
    sequential: 1000,
    gil: 1040,
    processes: 262,
  });
  // A fourth run, with repeats, and no load samples (a run shorter than one monitor interval).
  await backend.store.appendRun(
    id,
    savedRun(
      { workload: 'io-sleep', mode: 'threads-gil', workers: 8, tasks: 8, taskMs: 100 },
      [130, 104, 101],
      machine(4),
      {
        ticks: 0,
      },
    ),
  );
  const { wrapper, saver, pinia } = mountSessions(SessionsView, backend.transport);
  mounted = wrapper;
  const sessions = useSessionLibrary(pinia);
  await until(() => sessions.sessions.length === 1);
  await sessions.open(id);
  await until(() => wrapper.find('table.runs').exists());
  return { ...backend, id, wrapper, saver };
}

function rows(wrapper: VueWrapper): string[][] {
  return wrapper
    .findAll('table.runs tbody tr')
    .map((tr) => tr.findAll('th, td').map((c) => c.text().replace(/\s+/g, ' ').trim()));
}

describe('one session', () => {
  it('shows every run with its mode, pool, tasks, wall time spread, busy cores and speedup', async () => {
    const { wrapper } = await openSession();
    expect(wrapper.findAll('table.runs thead th').map((th) => th.text())).toEqual([
      '#',
      'Run',
      'Mode',
      'Workers',
      'Tasks',
      'Wall time, median',
      'Fastest–slowest',
      'Busy cores',
      'Speedup',
      'Live view',
    ]);
    expect(rows(wrapper)).toEqual([
      [
        '1',
        'CPU-bound sums',
        'One thread (sequential)',
        '1',
        '4 × 0.25 s',
        '1.000 s',
        '1.000–1.000 s',
        '1.00',
        '1.00×',
        'Show run 1',
      ],
      [
        '2',
        'CPU-bound sums',
        'Threads, with the GIL',
        '4',
        '4 × 0.25 s',
        '1.040 s',
        '1.040–1.040 s',
        '1.00',
        '0.96× vs run 1',
        'Show run 2',
      ],
      [
        '3',
        'CPU-bound sums',
        'Processes',
        '4',
        '4 × 0.25 s',
        '0.262 s',
        '0.262–0.262 s',
        '3.60',
        '3.82× vs run 1',
        'Show run 3',
      ],
      // No sequential run of the same I/O experiment: no speedup is made up for it.
      [
        '4',
        'I/O waits',
        'Threads, with the GIL',
        '8',
        '8 × 0.1 s',
        '0.104 s',
        '0.101–0.130 s',
        '1.00',
        '—',
        'Show run 4',
      ],
    ]);
    const facts = wrapper.findAll('.detail__facts > div').map((d) => [d.find('dt').text(), d.find('dd').text()]);
    expect(Object.fromEntries(facts)).toMatchObject({
      Runs: '4',
      Machine: 'Test CPU 4, 4 cores (4 physical), Debian GNU/Linux 12',
    });
  });

  it("shows the last run's recorded view, and any other run's on request", async () => {
    const { wrapper } = await openSession();
    expect(wrapper.find('.traces__title').text()).toBe(
      'Run 4: I/O waits · Threads, with the GIL: what the monitor saw',
    );
    expect(wrapper.find('.traces').text()).toContain('No load samples were kept for this run.');
    // The lanes are the recorded ones, one per worker.
    expect(wrapper.find('.traces').text()).toContain('Thread 8');
    expect(wrapper.find('.traces').text()).not.toContain('Thread 9');

    const show3 = wrapper.findAll('button').find((b) => b.text() === 'Show run 3')!;
    await show3.trigger('click');
    await until(() => wrapper.find('.traces__title').text().startsWith('Run 3'));
    expect(show3.attributes('aria-pressed')).toBe('true');
    const traces = wrapper.find('.traces');
    expect(traces.text()).toContain("8 samples, mean 2.05 of 4 cores' worth busy");
    expect(traces.text()).toContain('Process 4');
    // Each core's mean and peak, as numbers beside the picture.
    const coreRows = traces.findAll('.traces__table tbody tr').map((tr) =>
      tr
        .findAll('th, td')
        .map((c) => c.text())
        .join(' '),
    );
    expect(coreRows).toEqual(['0 100.0% 100.0%', '1 35.0% 70.0%', '2 35.0% 70.0%', '3 35.0% 70.0%']);
  });

  it('exports each format with one button each', async () => {
    const { wrapper, saver, store, id } = await openSession();
    const labels = ['JSON', 'CSV: runs', 'CSV: core samples', 'Markdown', 'HTML report'];
    const group = wrapper.find('.exports');
    expect(group.findAll('button').map((b) => b.text())).toEqual(labels);
    for (const label of labels) {
      await group
        .findAll('button')
        .find((b) => b.text() === label)!
        .trigger('click');
      await until(() => saver.files.length === labels.indexOf(label) + 1);
    }
    expect(saver.files.map((f) => f.content)).toEqual(
      (['json', 'csv-runs', 'csv-samples', 'md', 'html'] as const).map((f) => exportSession(store.get(id), f).text),
    );
  });

  it('goes back to the library when its session is deleted, with Undo on offer', async () => {
    const { wrapper } = await openSession();
    await wrapper
      .findAll('.detail__actions button')
      .find((b) => b.text() === 'Delete')!
      .trigger('click');
    await until(() => wrapper.find('.library').exists());
    expect(wrapper.findAll('button').some((b) => b.text() === 'Undo')).toBe(true);
  });
});
