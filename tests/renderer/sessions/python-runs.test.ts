import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import type { SessionRun } from '../../../src/shared/session';
import { mountSessions, savedRun, sessionBackend, tagged, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const CPU = { workload: 'cpu' as const, tasks: 4, taskMs: 250 };

/** A run as the python backend saves it: its params name real Python, its facts the interpreter. */
function inPython(run: SessionRun): SessionRun {
  return {
    ...run,
    measurement: {
      ...run.measurement,
      params: { ...run.measurement.params, backend: 'python', python: '/usr/bin/python3.11' },
      backend: {
        id: 'python',
        runtime: 'CPython 3.11.7',
        threads: 'threading threads under the GIL',
        processes: 'ProcessPoolExecutor (fork)',
        interpreter: {
          path: '/usr/bin/python3.11',
          version: '3.11.7',
          implementation: 'cpython',
          build: 'gil',
          gilEnabled: null,
          startMethod: 'fork',
        },
      },
    },
  };
}

describe('a session with runs on both backends', () => {
  it('names the interpreter of each real Python run, and divides each run into its own backend’s sequential run', async () => {
    const backend = await sessionBackend();
    const { id } = await backend.store.create('Both');
    const go = (step: string) => ({ lesson: 'cpu-bound', go: 1, step, settings: 'Tasks 4' });
    const add = (run: SessionRun) => backend.store.appendRun(id, run);
    await add(tagged(savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [1000]), go('sequential')));
    await add(tagged(inPython(savedRun({ ...CPU, mode: 'sequential', workers: 1 }, [1200])), go('sequential')));
    await add(tagged(savedRun({ ...CPU, mode: 'threads-gil', workers: 4 }, [1000]), go('threads-gil')));
    await add(tagged(inPython(savedRun({ ...CPU, mode: 'threads-gil', workers: 4 }, [1500])), go('threads-gil')));
    const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    const library = useSessionLibrary(pinia);
    await until(() => library.sessions.length === 1);
    await library.open(id);
    await until(() => wrapper.find('table.runs').exists());
    const row = (n: number) => wrapper.get(`table.runs tr[data-run="${n}"]`);
    expect(row(1).find('[data-col="interpreter"]').exists()).toBe(false);
    expect(row(2).get('[data-col="interpreter"]').text()).toBe('CPython 3.11.7, GIL build');
    expect(row(3).get('[data-col="speedup"]').text()).toContain('1.00');
    expect(row(4).get('[data-col="speedup"]').text()).toContain('0.80');
  });
});
