import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { runGroups, stepName } from '../../../src/renderer/src/lib/session-lessons';
import { sessionRows } from '../../../src/renderer/src/lib/session-runs';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import type { SessionStore } from '../../../src/core/sessions/session-store';
import { machine, mountSessions, savedRun, sessionBackend, stopped, tagged, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const CPU = { workload: 'cpu' as const, tasks: 4, taskMs: 250 };
const LESSON_1 = 'Tasks 4, Threads or processes 4, Length of one task 0.25 s, Repeats 1×';

/**
 * Lesson 1 as a class runs it: a first go whose GIL threads were cancelled after 1.4 s, a run
 * from the command line, and a second go that finished.
 */
async function classSession(store: SessionStore): Promise<string> {
  const { id } = await store.create('Lesson 1');
  const go = (n: number, step: string) => ({ lesson: 'cpu-bound', go: n, step, settings: LESSON_1 });
  const add = (run: Parameters<SessionStore['appendRun']>[1]) => store.appendRun(id, run);
  await add(tagged(savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [1000]), go(1, 'sequential')));
  // A repeat finished before the Stop: its figures are kept, yet the run is stopped.
  const cancelled = stopped(savedRun({ ...CPU, mode: 'threads-gil', workers: 4 }, [700]), 'cancelled', 1400);
  await add(tagged({ ...cancelled, measurement: { ...cancelled.measurement, speedup: 1.74 } }, go(1, 'threads-gil')));
  await add(savedRun({ workload: 'io-sleep', mode: 'threads-gil', workers: 8, tasks: 8, taskMs: 100 }, [110]));
  await add(tagged(savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [1010]), go(2, 'sequential')));
  await add(tagged(savedRun({ ...CPU, mode: 'processes', workers: 4 }, [260]), go(2, 'processes')));
  return id;
}

async function openClassSession() {
  const backend = await sessionBackend();
  const id = await classSession(backend.store);
  const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
  mounted = wrapper;
  const library = useSessionLibrary(pinia);
  await until(() => library.sessions.length === 1);
  await library.open(id);
  await until(() => wrapper.find('table.runs').exists());
  return { ...backend, id, wrapper };
}

const text = (w: { text(): string }): string => w.text().replace(/\s+/g, ' ').trim();

function groups(wrapper: VueWrapper): { heading: string; runs: string[] }[] {
  return wrapper.findAll('.run-group').map((g) => ({
    heading: g.find('h5').exists() ? text(g.find('h5')) : '',
    runs: g.findAll('tbody tr').map((tr) => tr.attributes('data-run')!),
  }));
}

function button(wrapper: VueWrapper, name: string) {
  const found = wrapper.findAll('button').find((b) => text(b) === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('a session’s runs by lesson and go', () => {
  it('names a step as its lesson does, unless a slider changes the name', () => {
    expect(stepName({ lesson: 'convoy', go: 1, step: 'cpu2', settings: '' })).toBe('Beside 2 CPU threads');
    expect(stepName({ lesson: 'pool-size', go: 1, step: 'w5', settings: '' })).toBe('5 processes');
    expect(stepName({ lesson: 'shared-state', go: 1, step: 'lock', settings: '' })).toBe('GIL threads, with a lock');
    // "Send 16 MiB to a process": the go's payload isn't stored, so no name is made up for it.
    expect(stepName({ lesson: 'overhead', go: 1, step: 'transfer', settings: '' })).toBeNull();
    expect(stepName({ lesson: 'no-such-lesson', go: 1, step: 'x', settings: '' })).toBeNull();
  });

  it('gathers the runs of each go, with the runs made outside a lesson in a group of their own', async () => {
    const { store } = await sessionBackend();
    const id = await classSession(store);
    const list = runGroups(sessionRows(store.get(id)));
    expect(list.map((g) => [g.heading, g.settings, g.rows.map((r) => r.index)])).toEqual([
      ['CPU-bound work, go 1', LESSON_1, [1, 2]],
      ['Runs made outside a lesson', '', [3]],
      ['CPU-bound work, go 2', LESSON_1, [4, 5]],
    ]);
  });

  it('shows each go under its lesson and settings, in the order the class ran them', async () => {
    const { wrapper } = await openClassSession();
    expect(groups(wrapper)).toEqual([
      { heading: `CPU-bound work, go 1 ${LESSON_1}`, runs: ['1', '2'] },
      { heading: 'Runs made outside a lesson', runs: ['3'] },
      { heading: `CPU-bound work, go 2 ${LESSON_1}`, runs: ['4', '5'] },
    ]);
    expect(wrapper.find('.run-group__settings').text()).toBe(LESSON_1);
  });
});

describe('stopped runs', () => {
  it('are marked with how long they ran, and have no figures and no speedup', async () => {
    const { wrapper } = await openClassSession();
    const row = wrapper.find('tr[data-run="2"]');
    expect(row.attributes('data-outcome')).toBe('cancelled');
    expect(text(row.find('[data-col="stopped"]'))).toBe('Stopped after 1.4 s; no result');
    expect(row.find('[data-col="wall"]').exists()).toBe(false);
    expect(row.find('[data-col="speedup"]').exists()).toBe(false);
  });

  it('never enter a speedup: a later run is divided into a sequential run that finished', async () => {
    const { store } = await sessionBackend();
    const { id } = await store.create('Stopped baseline');
    await store.appendRun(id, savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [1000]));
    await store.appendRun(id, stopped(savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [400, 500]), 'failed', 600));
    await store.appendRun(id, savedRun({ ...CPU, mode: 'processes', workers: 4 }, [250]));
    const rows = sessionRows(store.get(id));
    expect(rows.map((r) => [r.outcome, r.stopped])).toEqual([
      ['completed', false],
      ['failed', true],
      ['completed', false],
    ]);
    expect(rows[1]!.speedup).toBeNull();
    expect(rows[2]!.speedup).toEqual({ value: 4, basis: 'derived', fromRun: 1 });
  });

  it('are not charted, and the chart says so', async () => {
    const { wrapper } = await openClassSession();
    const chart = wrapper.find('figure.runs-chart');
    expect(chart.find('figcaption').text()).toContain('Stopped runs have no bar.');
    const spoken = chart.find('[role="img"]').attributes('aria-label')!;
    // Lesson 1 ran in two goes here, so its bars say which.
    for (const run of [
      '1. One thread (sequential), go 1:',
      '3. I/O waits · Threads, with the GIL:',
      '4. One thread (sequential), go 2:',
      '5. Processes, go 2:',
    ]) {
      expect(spoken).toContain(run);
    }
    expect(spoken).not.toContain('2. ');
  });

  it('can be hidden, and shown again, with one switch', async () => {
    const { wrapper } = await openClassSession();
    const toggle = wrapper.find('.hide-stopped input');
    expect(text(wrapper.find('.hide-stopped'))).toBe('Hide the stopped run');
    await toggle.setValue(true);
    expect(groups(wrapper).map((g) => g.runs)).toEqual([['1'], ['3'], ['4', '5']]);
    await toggle.setValue(false);
    expect(groups(wrapper).map((g) => g.runs)).toEqual([['1', '2'], ['3'], ['4', '5']]);
  });
});

describe('taking a run out', () => {
  it('asks first, and keeps the run when told to', async () => {
    const { wrapper, store, id } = await openClassSession();
    await button(wrapper, 'Show run 2').trigger('click');
    await until(() => wrapper.find('.traces__title').text().startsWith('Run 2'));
    await button(wrapper, 'Remove run 2…').trigger('click');
    const confirm = button(wrapper, 'Remove run 2');
    expect(document.activeElement).toBe(confirm.element);
    await wrapper.find('.remove-run__ask').trigger('keydown', { key: 'Escape' });
    expect(document.activeElement).toBe(button(wrapper, 'Remove run 2…').element);
    expect(store.get(id).runs).toHaveLength(5);
  });

  it('removes the shown run, with an Undo that puts it back in its place', async () => {
    const { wrapper, store, id } = await openClassSession();
    const before = store.get(id).runs.map((r) => r.id);
    await button(wrapper, 'Show run 2').trigger('click');
    await until(() => wrapper.find('.traces__title').text().startsWith('Run 2'));
    await button(wrapper, 'Remove run 2…').trigger('click');
    await button(wrapper, 'Remove run 2').trigger('click');

    await until(() => wrapper.findAll('table.runs tbody tr').length === 4);
    expect(store.get(id).runs.map((r) => r.id)).toEqual(before.filter((_, i) => i !== 1));
    expect(text(wrapper.find('.toast__text'))).toBe(
      'Removed run 2 (CPU-bound sums · Threads, with the GIL) from "Lesson 1".',
    );
    const undo = wrapper.find('[data-undo]');
    expect(document.activeElement).toBe(undo.element);
    // The stopped run was the only one: there is nothing left to hide.
    expect(wrapper.find('.hide-stopped').exists()).toBe(false);
    // The view moves on to the last run.
    expect(wrapper.find('.traces__title').text()).toMatch(/^Run 4: CPU-bound sums · Processes/);

    await undo.trigger('click');
    await until(() => wrapper.findAll('table.runs tbody tr').length === 5);
    expect(store.get(id).runs.map((r) => r.id)).toEqual(before);
    expect(text(wrapper.find('tr[data-run="2"]'))).toContain('Stopped after 1.4 s; no result');
    expect(text(wrapper.find('.toast__text'))).toBe(
      'Put run 2 (CPU-bound sums · Threads, with the GIL) back in "Lesson 1".',
    );
  });

  it('says why when the engine refuses', async () => {
    const { wrapper, store, id, transport } = await openClassSession();
    const runId = store.get(id).runs.at(-1)!.id;
    // Another window takes the run out just before this one's request arrives.
    transport.onCall = async (channel) => {
      if (channel === 'session:remove-run') await store.removeRun(id, runId);
    };
    await button(wrapper, 'Remove run 5…').trigger('click');
    await button(wrapper, 'Remove run 5').trigger('click');
    await until(() => wrapper.find('.toast--error').exists());
    expect(text(wrapper.find('.toast__text'))).toMatch(
      /^Could not remove run 5 \(CPU-bound sums · Processes\): "Lesson 1" has no run "run-\d+"$/,
    );
    expect(wrapper.find('[data-undo]').exists()).toBe(false);
  });
});

describe('a run with a machine of its own', () => {
  it('keeps the machine column in every group', async () => {
    const { store, transport } = await sessionBackend();
    const { id } = await store.create('Two machines');
    const go = { lesson: 'cpu-bound', go: 1, settings: LESSON_1 };
    await store.appendRun(
      id,
      tagged(savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [1000]), { ...go, step: 'sequential' }),
    );
    await store.appendRun(id, savedRun({ ...CPU, mode: 'processes', workers: 8 }, [200], machine(8)));
    const { wrapper, pinia } = mountSessions(SessionsView, transport);
    mounted = wrapper;
    const library = useSessionLibrary(pinia);
    await until(() => library.sessions.length === 1);
    await library.open(id);
    await until(() => wrapper.find('table.runs').exists());
    for (const table of wrapper.findAll('table.runs')) {
      expect(table.findAll('thead th').map((th) => th.text())).toContain('Machine');
    }
  });
});
