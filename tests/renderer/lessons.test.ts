import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { StartRunRequestSchema, type Measurement } from '../../src/shared/measurement';
import { RunParamsSchema } from '../../src/shared/run-params';
import App from '../../src/renderer/src/App.vue';
import { LESSONS } from '../../src/renderer/src/lessons/catalog';
import { GUIDE } from '../../src/renderer/src/lessons/guide';
import { defaults, paragraphs, ratio, type StepResult } from '../../src/renderer/src/lessons/lesson';
import { shortcutFor } from '../../src/renderer/src/lib/shortcuts';
import { APP, MACHINE, MemoryTransport } from '../support/memory-transport';
import { mountWithTransport } from './mount';

function key(k: string, target: Partial<HTMLInputElement> = { tagName: 'BODY' }, mods: Partial<KeyboardEvent> = {}) {
  return shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods } as KeyboardEvent);
}

describe('keyboard shortcuts', () => {
  it('maps the presenter keys', () => {
    expect(key(' ')).toBe('toggle-run');
    expect(key('ArrowLeft')).toBe('previous');
    expect(key('ArrowRight')).toBe('next');
    expect(key('f')).toBe('fullscreen');
    expect(key('P')).toBe('projector');
    expect(key('?')).toBe('help');
  });

  it('leaves typing, modified keys and a focused button alone', () => {
    expect(key('p', { tagName: 'INPUT' })).toBeNull();
    expect(key('ArrowRight', { tagName: 'INPUT' })).toBeNull();
    expect(key('Escape', { tagName: 'INPUT' })).toBe('close');
    expect(key('f', { tagName: 'BODY' }, { ctrlKey: true })).toBeNull();
    expect(key(' ', { tagName: 'BUTTON' })).toBeNull();
    expect(key(' ', { tagName: 'INPUT', type: 'checkbox' })).toBeNull();
  });

  it('runs from a slider that was just set, since Space does nothing there', () => {
    expect(key(' ', { tagName: 'INPUT', type: 'range' })).toBe('toggle-run');
    expect(key('ArrowRight', { tagName: 'INPUT', type: 'range' })).toBeNull();
  });
});

describe('the lesson catalog', () => {
  it('plans requests the contract accepts, on a small and a large machine', () => {
    for (const cores of [1, 2, 64]) {
      for (const lesson of LESSONS) {
        const plan = lesson.plan(defaults(lesson, cores), cores);
        if (lesson.view !== 'guide') expect(plan.length, lesson.id).toBeGreaterThan(0);
        for (const step of plan) {
          expect(() => StartRunRequestSchema.parse(step.request), `${lesson.id}/${step.key}`).not.toThrow();
          // Processes are capped at 4 × cores by the engine.
          if (step.mode === 'processes') expect(step.request.params.workers).toBeLessThanOrEqual(4 * cores);
        }
        for (const p of lesson.params) {
          const v = p.value(cores);
          expect(v, `${lesson.id}.${p.id}`).toBeGreaterThanOrEqual(p.min);
          expect(v, `${lesson.id}.${p.id}`).toBeLessThanOrEqual(p.max);
        }
      }
    }
  });

  it('ends every path of the decision guide in a verdict with two valid runs', () => {
    const seen = new Set<string>();
    const walk = (id: string): void => {
      const node = GUIDE[id];
      expect(node, id).toBeDefined();
      seen.add(id);
      if (node!.kind === 'question') node!.answers.forEach((a) => walk(a.next));
      else {
        for (const cores of [1, 2, 64]) {
          const proof = node!.proof(cores);
          expect(proof).toHaveLength(2);
          for (const run of proof) {
            expect(() => RunParamsSchema.parse(run.request.params)).not.toThrow();
            if (run.mode === 'processes') expect(run.request.params.workers).toBeLessThanOrEqual(4 * cores);
          }
        }
      }
    };
    walk('start');
    expect(seen.size).toBe(Object.keys(GUIDE).length);
  });

  it('computes speedups from the measured medians only', () => {
    const result = (key: string, wallMs: number | null, outcome = 'completed'): StepResult =>
      ({
        run: { key, label: key, mode: 'sequential', request: { params: {} } },
        measurement: wallMs === null ? null : { outcome, wallMs: { median: wallMs } },
        error: null,
      }) as unknown as StepResult;
    const results = [result('a', 4000), result('b', 2000), result('c', null), result('d', 1000, 'cancelled')];
    expect(ratio(results, 'a', 'b')).toBe(2);
    expect(ratio(results, 'a', 'c')).toBeNull();
    // A stopped run measured part of the work: it never enters a speedup.
    expect(ratio(results, 'a', 'd')).toBeNull();
  });

  it('reads an explanation as paragraphs apart by blank lines, a wrapped paragraph as one line', () => {
    const text = `
      First paragraph, on one line.

      Second paragraph,
      wrapped over two lines.


      Third.
    `;
    expect(paragraphs(text)).toEqual([
      'First paragraph, on one line.',
      'Second paragraph, wrapped over two lines.',
      'Third.',
    ]);
    for (const lesson of LESSONS) {
      expect(lesson.explain.length, lesson.id).toBeGreaterThan(0);
      for (const paragraph of lesson.explain) expect(paragraph, lesson.id).toMatch(/^\S(.*\S)?$/);
    }
  });
});

function measurementFor(params: Measurement['params'], wallMs: number, busy: number): Measurement {
  const spread = (v: number) => ({ median: v, min: v, max: v, stddev: 0, n: 1 });
  return {
    params,
    backend: { id: 'simulation', runtime: 'Node 20', threads: 'worker_threads', processes: 'child_process.fork' },
    outcome: 'completed',
    elapsedMs: 1200,
    taskLength: { targetMs: params.taskMs ?? null, measuredMs: params.taskMs ?? null, resized: false },
    machine: { cpu: 'test', logicalCores: 2, platform: 'linux', node: 'v20' },
    taskSpec: { workload: params.workload },
    runs: [
      {
        outcome: 'completed',
        lanes: params.workers,
        wallMs,
        cpuMs: wallMs * busy,
        busyCores: busy,
        firstStartMs: 1,
        verified: true,
        verifyNote: '',
        dispatchMs: { median: 0.1, max: 0.2 },
        otherBusyCores: 0,
        waitingForCore: null,
        workers: [],
        counter: null,
        gil: null,
        coreLoad: null,
      },
    ],
    wallMs: spread(wallMs),
    busyCores: spread(busy),
    baseline: null,
    speedup: null,
    efficiency: null,
    spawnMs: spread(0),
    verified: true,
  };
}

describe('running a lesson', () => {
  it('runs each planned mode in turn, shows the measured table, and reveals the prediction', async () => {
    let n = 0;
    const started: Measurement['params'][] = [];
    const transport = new MemoryTransport({
      'app:get-info': () => APP,
      'monitor:get-info': () => MACHINE,
      'monitor:set-rate': ({ hz }) => ({ hz }),
      'run:start': (request) => {
        const runId = `r${++n}`;
        const params = RunParamsSchema.parse(request.params);
        started.push(params);
        const wall = params.mode === 'sequential' || params.mode === 'threads-gil' ? 4000 : 2000;
        const busy = params.mode === 'sequential' || params.mode === 'threads-gil' ? 1 : 2;
        setTimeout(() => {
          transport.emit('run:progressed', {
            runId,
            phase: 'run',
            round: 0,
            events: [{ type: 'task-started', task: 0, worker: 0, t: Date.now() }],
          });
          transport.emit('run:finished', { runId, measurement: measurementFor(params, wall, busy), error: null });
        }, 1);
        return { runId };
      },
    });
    const { wrapper } = mountWithTransport(App, transport);
    await flushPromises();
    await wrapper.get('.predict input').setValue('3');
    await wrapper.get('.btn--run').trigger('click');
    for (let i = 0; i < 20 && started.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    await flushPromises();
    expect(started.map((p) => p.mode)).toEqual(['sequential', 'threads-gil', 'processes', 'threads-free']);
    const rows = wrapper.findAll('.results__table tbody tr');
    expect(rows).toHaveLength(4);
    expect(rows[2]!.text()).toContain('2.00');
    expect(wrapper.get('.predict__reveal').text()).toMatch(/Predicted\s*3.00 ×\s*Measured\s*1.00 ×/);
    expect(wrapper.get('.results__conclusion').text()).toContain('a speedup of 1.00×');
    // The results repeat the room's guess beside the measurement, and the chart and the live
    // view can each be saved as a picture.
    expect(wrapper.get('[data-testid="prediction-reveal"]').text()).toMatch(
      /predicted 3.00 ×; GIL Lab measured 1.00 ×/,
    );
    const saves = wrapper.findAll('button').filter((b) => b.text() === 'Save PNG');
    expect(saves).toHaveLength(2);
  });

  it('moves between lessons with the arrow keys, but not while a run goes', async () => {
    const { wrapper } = mountWithTransport(App);
    await flushPromises();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    await flushPromises();
    expect(wrapper.get('.lesson__title').text()).toContain('I/O-bound work');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    await flushPromises();
    expect(wrapper.get('.lesson__title').text()).toContain('Which one should I use?');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'p' }));
    await flushPromises();
    expect(document.documentElement.classList.contains('projector')).toBe(true);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'p' }));
    await flushPromises();
    expect(document.documentElement.classList.contains('projector')).toBe(false);
    wrapper.unmount();
  });
});
