import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/shared/measurement';
import type { InterpreterInfo, PythonChoice } from '../../src/shared/python-contract';
import { RunParamsSchema } from '../../src/shared/run-params';
import App from '../../src/renderer/src/App.vue';
import { APP, MACHINE, MemoryTransport } from '../support/memory-transport';
import { measurement } from './lesson-fixtures';
import { mountWithTransport } from './mount';

const GIL_BUILD: InterpreterInfo = {
  chosen: 'python3',
  path: '/usr/bin/python3.11',
  version: '3.11.7',
  implementation: 'cpython',
  build: 'gil',
  gilEnabled: null,
  startMethod: 'fork',
  modes: {
    sequential: null,
    'threads-gil': null,
    processes: null,
    'threads-free': 'needs a free-threaded build (python3.13t or newer)',
  },
};

/** What each mode measures on each backend: real Python's GIL threads a little slower than the simulation's. */
function figures(mode: string, backend: string): { wallMs: number; busy: number } {
  if (mode === 'processes') return { wallMs: backend === 'python' ? 2100 : 2000, busy: 1.9 };
  if (mode === 'threads-free') return { wallMs: 2000, busy: 2 };
  if (mode === 'threads-gil' && backend === 'python') return { wallMs: 6000, busy: 1.05 };
  return { wallMs: 4000, busy: 1 };
}

/** A run as the engine reports it: real Python's with its interpreter and each thread's measured shares. */
function measured(params: Measurement['params']): Measurement {
  const m = measurement(params, figures(params.mode, params.backend));
  if (params.backend !== 'python') return m;
  const futex = params.mode === 'threads-gil' ? 0.6 : 0;
  m.backend = {
    id: 'python',
    runtime: 'CPython 3.11.7',
    threads: 'threading threads under the GIL',
    processes: 'ProcessPoolExecutor (fork)',
    interpreter: {
      path: GIL_BUILD.path,
      version: '3.11.7',
      implementation: 'cpython',
      build: 'gil',
      gilEnabled: null,
      startMethod: 'fork',
    },
  };
  m.runs[0]!.threads = {
    method: 'proc-task-sampling',
    hz: 100,
    ticks: 400,
    samplerCost: 0.01,
    list: Array.from({ length: params.workers }, (_, w) => ({
      pid: 10,
      tid: 100 + w,
      worker: w,
      name: `worker-${w}`,
      onCpuMs: 100,
      runnableMs: 0,
      futexMs: 100,
      ioMs: 0,
      shares: { running: 1 - futex, runnable: 0, futex, io: 0 },
    })),
  };
  return m;
}

/** `listing`, when given, is what the engine's listing waits for before it answers. */
function labTransport(python: InterpreterInfo | null, listing?: Promise<void>) {
  let n = 0;
  const started: Measurement['params'][] = [];
  const chosen: (string | null)[] = [];
  let selected = python;
  const answer = (error: string | null = null): PythonChoice => ({
    found: python ? [python] : [],
    selected,
    error,
  });
  const transport = new MemoryTransport({
    'app:get-info': () => APP,
    'monitor:get-info': () => MACHINE,
    'monitor:set-rate': ({ hz }) => ({ hz }),
    'python:list': async () => {
      await listing;
      return answer();
    },
    'python:choose': ({ python: path }) => {
      chosen.push(path ?? null);
      if (path === '/opt/python3.13t/bin/python3.13t') {
        selected = {
          ...GIL_BUILD,
          chosen: path,
          path,
          version: '3.13.1',
          build: 'free-threaded',
          gilEnabled: false,
          modes: { ...GIL_BUILD.modes, 'threads-free': null },
        };
        return answer();
      }
      return answer(`no Python at "${path}": no such file or command`);
    },
    'run:start': (request) => {
      const runId = `r${++n}`;
      const params = RunParamsSchema.parse(request.params);
      started.push(params);
      setTimeout(() => transport.emit('run:finished', { runId, measurement: measured(params), error: null }), 1);
      return { runId };
    },
  });
  return { transport, started, chosen };
}

async function runLesson(wrapper: ReturnType<typeof mountWithTransport>['wrapper'], started: unknown[], runs: number) {
  await wrapper.get('.btn--run').trigger('click');
  for (let i = 0; i < 200 && started.length < runs; i++) await new Promise((r) => setTimeout(r, 5));
  for (let i = 0; i < 50 && wrapper.find('.btn--run').text() !== 'Run'; i++) await new Promise((r) => setTimeout(r, 5));
  await flushPromises();
}

describe('choosing where the lessons run', () => {
  it('runs on both by default once a Python is found, and says before Run which mode real Python skips', async () => {
    const { transport } = labTransport(GIL_BUILD);
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    const choice = wrapper.get('[data-testid="backend-choice"]');
    const checked = choice.findAll('input[type="radio"]').filter((r) => (r.element as HTMLInputElement).checked);
    expect(checked.map((r) => (r.element as HTMLInputElement).value)).toEqual(['both']);
    expect(choice.get('[data-testid="python-select"]').text()).toContain(
      'Python 3.11.7, GIL build — /usr/bin/python3.11',
    );
    expect(choice.get('[data-testid="python-refusals"]').text()).toBe(
      'Real Python skips Threads, no GIL (free-threaded): needs a free-threaded build (python3.13t or newer)'.replace(
        /Threads, no GIL \(free-threaded\)/,
        wrapper.findAll('.lesson__steps label').at(-1)!.text(),
      ),
    );
  });

  it('offers the simulation alone when no Python is found, and runs there', async () => {
    const { transport, started } = labTransport(null);
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    const radios = wrapper.get('[data-testid="backend-choice"]').findAll('input[type="radio"]');
    const state = radios.map((r) => [
      (r.element as HTMLInputElement).value,
      (r.element as HTMLInputElement).checked,
      (r.element as HTMLInputElement).disabled,
    ]);
    expect(state).toEqual([
      ['simulation', true, false],
      ['python', false, true],
      ['both', false, true],
    ]);
    await runLesson(wrapper, started, 4);
    expect(started.map((p) => p.backend)).toEqual(['simulation', 'simulation', 'simulation', 'simulation']);
    expect(wrapper.find('[data-testid="backend-pair"]').exists()).toBe(false);
  });

  it('refuses a bad path in one line and keeps the interpreter it had; a good one is taken', async () => {
    const { transport, chosen } = labTransport(GIL_BUILD);
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    const form = wrapper.get('.backend__path');
    await form.get('input').setValue('/nowhere/python9');
    await form.trigger('submit');
    await flushPromises();
    expect(chosen).toEqual(['/nowhere/python9']);
    expect(wrapper.get('[data-testid="python-error"]').text()).toBe(
      'no Python at "/nowhere/python9": no such file or command',
    );
    expect(wrapper.get('[data-testid="python-select"]').text()).toContain('3.11.7');
    await form.get('input').setValue('/opt/python3.13t/bin/python3.13t');
    await form.trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="python-error"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="python-select"]').text()).toContain('3.13.1, free-threaded, GIL off');
    expect(wrapper.find('[data-testid="python-refusals"]').exists()).toBe(false);
  });
});

describe('Run pressed while the engine still looks for Python', () => {
  it('says so, waits for the answer, and runs where the room would have it once found: on both', async () => {
    let found!: () => void;
    const { transport, started } = labTransport(GIL_BUILD, new Promise((resolve) => (found = resolve)));
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    expect(wrapper.get('.backend__looking').text()).toBe('Looking for Python on this machine…');
    await wrapper.get('.btn--run').trigger('click');
    await flushPromises();
    expect(wrapper.get('#live-heading').text()).toBe('Looking for Python on this machine…');
    expect(wrapper.find('.live').text()).not.toContain('Save PNG');
    expect(wrapper.get('.btn--run').text()).toBe('Stop');
    expect(started).toEqual([]);
    found();
    for (let i = 0; i < 200 && started.length < 7; i++) await new Promise((r) => setTimeout(r, 5));
    expect(started.map((p) => p.backend)).toContain('python');
    expect(started[0]!.backend).toBe('simulation');
    expect(wrapper.find('.backend__looking').exists()).toBe(false);
  });

  it('starts nothing when Stop is pressed while it looks', async () => {
    let found!: () => void;
    const { transport, started } = labTransport(GIL_BUILD, new Promise((resolve) => (found = resolve)));
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    await wrapper.get('.btn--run').trigger('click');
    await flushPromises();
    await wrapper.get('.btn--run').trigger('click');
    await flushPromises();
    expect(wrapper.get('.btn--run').text()).toBe('Run');
    found();
    await flushPromises();
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual([]);
    expect(wrapper.get('#live-heading').text()).toBe('Live view');
  });
});

describe('a lesson on both backends', () => {
  it('runs each planned run on the simulation then in real Python, skips what Python lacks, and sets them side by side', async () => {
    const { transport, started } = labTransport(GIL_BUILD);
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    await runLesson(wrapper, started, 7);
    expect(started.map((p) => `${p.mode}/${p.backend}`)).toEqual([
      'sequential/simulation',
      'sequential/python',
      'threads-gil/simulation',
      'threads-gil/python',
      'processes/simulation',
      'processes/python',
      'threads-free/simulation',
    ]);
    expect(started.filter((p) => p.backend === 'python').map((p) => p.python)).toEqual([
      GIL_BUILD.path,
      GIL_BUILD.path,
      GIL_BUILD.path,
    ]);
    const pair = wrapper.get('[data-testid="backend-pair"]');
    const row = (key: string, backend: string) => pair.get(`tr[data-key="${key}"][data-backend="${backend}"]`);
    const gilKey = pair.findAll('tr[data-backend="python"]')[1]!.attributes('data-key')!;
    expect(row(gilKey, 'simulation').get('[data-col="speedup"]').text()).toBe('1.00');
    expect(row(gilKey, 'python').get('[data-col="speedup"]').text()).toBe('0.67');
    expect(row(gilKey, 'python').get('[data-col="wall"]').text()).toBe('6.000');
    expect(row(gilKey, 'python').get('[data-col="waiting"]').text()).toBe(
      Array.from({ length: started[3]!.workers }, () => '60%').join(' · '),
    );
    const freeKey = pair.findAll('tr[data-backend="python"]').at(-1)!.attributes('data-key')!;
    expect(row(freeKey, 'python').get('[data-col="note"]').text()).toBe(
      'needs a free-threaded build (python3.13t or newer)',
    );
    // The line says where they agree and where they differ, from the figures.
    const line = wrapper.get('[data-testid="backend-agreement"]').text();
    console.log(line);
    expect(line).toMatch(
      /^The simulation and real Python agree on .*Processes: speedup 2\.00× vs 1\.90×.*\. They differ on Threads.*: speedup 1\.00× vs 0\.67×\.$/,
    );
    // The lesson's own table and claims still read the simulation's runs.
    expect(wrapper.findAll('.results__table tbody tr')).toHaveLength(4);
    expect(wrapper.get('[data-testid="refused-runs"]').text()).toContain('needs a free-threaded build');
  });

  it('runs on real Python alone when picked, and offers the simulation back', async () => {
    const { transport, started } = labTransport(GIL_BUILD);
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    await wrapper.get('input[value="python"]').setValue(true);
    await runLesson(wrapper, started, 3);
    expect(started.map((p) => `${p.mode}/${p.backend}`)).toEqual([
      'sequential/python',
      'threads-gil/python',
      'processes/python',
    ]);
    expect(wrapper.findAll('.results__table tbody tr')).toHaveLength(3);
    expect(wrapper.find('[data-testid="backend-pair"]').exists()).toBe(false);
  });
});
