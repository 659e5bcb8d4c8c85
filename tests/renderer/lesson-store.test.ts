import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { StartRunRequestSchema } from '../../src/shared/measurement';
import { TransportKey } from '../../src/renderer/src/transport/transport';
import { useLessonStore } from '../../src/renderer/src/stores/lessons';
import { planned } from '../../src/renderer/src/lessons/lesson';
import { APP, MACHINE, MemoryTransport } from '../support/memory-transport';
import { measurement } from './lesson-fixtures';

/** The lesson store on an engine that finishes every run at once, as measured. */
function store() {
  let n = 0;
  const transport: MemoryTransport = new MemoryTransport({
    'app:get-info': () => APP,
    'monitor:get-info': () => MACHINE,
    'run:start': (request) => {
      const runId = `r${++n}`;
      const params = StartRunRequestSchema.parse(request).params;
      setTimeout(() => transport.emit('run:finished', { runId, measurement: measurement(params), error: null }), 1);
      return { runId };
    },
  });
  const pinia = createPinia();
  const app = createApp({});
  app.use(pinia);
  app.provide(TransportKey, transport);
  setActivePinia(pinia);
  return app.runWithContext(() => useLessonStore());
}

describe('a lesson’s goes', () => {
  it('clears the earlier goes, keeping the latest, and counts the next go on from it', async () => {
    const lessons = store();
    const plan = [planned('sequential', 'One thread', { workload: 'cpu', mode: 'sequential', workers: 1, tasks: 1 })];
    await lessons.runPlan('cpu-bound', plan);
    await lessons.runPlan('cpu-bound', plan);
    expect(lessons.goes['cpu-bound']!.map((g) => g.go)).toEqual([1, 2]);
    lessons.clearEarlierGoes('cpu-bound');
    expect(lessons.goes['cpu-bound']!.map((g) => g.go)).toEqual([2]);
    expect(lessons.results['cpu-bound']).toHaveLength(1);
    await lessons.runPlan('cpu-bound', plan);
    expect(lessons.goes['cpu-bound']!.map((g) => g.go)).toEqual([2, 3]);
  });
});
