import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { StartRunRequestSchema } from '../../src/shared/measurement';
import GuideView from '../../src/renderer/src/components/lesson/GuideView.vue';
import { LESSONS } from '../../src/renderer/src/lessons/catalog';
import { concludeGo, defaults } from '../../src/renderer/src/lessons/lesson';
import { useLessonStore } from '../../src/renderer/src/stores/lessons';
import { TransportKey } from '../../src/renderer/src/transport/transport';
import { APP, MACHINE, MemoryTransport } from '../support/memory-transport';
import { go, measurement, step, type Measured } from './lesson-fixtures';

const ioBound = LESSONS.find((l) => l.id === 'io-bound')!;
const io = { workload: 'io-sleep', tasks: 10, taskMs: 200 } as const;

/** Lesson 2's go, its three runs measured as given. */
const ioGo = (seq: Measured, threads: Measured, loop: Measured, loopWorkers = 1) =>
  go(1, { tasks: 10, workers: 10, waitSeconds: 0.2 }, 'Downloads 10', [
    step('sequential', 'One thread (sequential)', { ...io, mode: 'sequential', workers: 1 }, seq),
    step('threads-gil', 'Threads, with the GIL', { ...io, mode: 'threads-gil', workers: 10 }, threads),
    step('asyncio', 'asyncio, one event loop', { ...io, mode: 'asyncio', workers: loopWorkers }, loop),
  ]);

describe('lesson 2 runs asyncio beside the threads', () => {
  it('plans one event loop for every download, after the threads', () => {
    const plan = ioBound.plan(defaults(ioBound, 2), 2);
    expect(plan.map((p) => p.key)).toEqual(['sequential', 'threads-gil', 'asyncio']);
    const loop = plan[2]!;
    expect(loop.label).toBe('asyncio, one event loop');
    expect(loop.request.params).toMatchObject({ workload: 'io-sleep', mode: 'asyncio', workers: 1, tasks: 10 });
  });

  it('claims the loop overlaps every wait on one thread, and says so with the numbers', () => {
    const cs = concludeGo(
      ioBound,
      [ioGo({ wallMs: 2000, busy: 0.01 }, { wallMs: 220, busy: 0.05 }, { wallMs: 210, busy: 0.02 })],
      0,
      2,
    );
    expect(cs.map((c) => c.verdict)).toEqual(['held', 'held']);
    expect(cs[1]!.claim).toBe(
      "asyncio at least 6.00× faster than one after another (10.00× if all 10 waits overlap on its event loop's one thread), at most 0.5 cores' worth busy",
    );
    expect(cs[1]!.text).toBe(
      "One after another, the waits took 2.00 s. On one event loop, on 1 thread, they took 0.21 s, 9.52× faster, while 0.02 cores' worth of CPU was busy. Its waits overlapped as the threads' did, on one thread: while a task awaited its reply, the loop ran the next.",
    );
  });

  it('does not hold when the waits ran one after another, or on more than one thread', () => {
    const serial = concludeGo(
      ioBound,
      [ioGo({ wallMs: 2000 }, { wallMs: 220, busy: 0.1 }, { wallMs: 2000, busy: 0.02 })],
      0,
      2,
    );
    expect(serial[1]!.verdict).toBe('not-held');
    expect(serial[1]!.text).toContain('1.00× faster');
    const spread = concludeGo(
      ioBound,
      [ioGo({ wallMs: 2000 }, { wallMs: 220, busy: 0.1 }, { wallMs: 210, busy: 0.02 }, 2)],
      0,
      2,
    );
    expect(spread[1]!.verdict).toBe('not-held');
    expect(spread[1]!.text).toContain('the likeliest measured reason: the event loop ran on 2 lanes, not one.');
  });
});

/** The guide on an engine that measures each run as given by its mode. */
function guide(wallMs: Record<string, number>) {
  let n = 0;
  const transport: MemoryTransport = new MemoryTransport({
    'app:get-info': () => APP,
    'monitor:get-info': () => MACHINE,
    'run:start': (request) => {
      const runId = `r${++n}`;
      const params = StartRunRequestSchema.parse(request).params;
      const m = measurement(params, { wallMs: wallMs[params.mode] ?? 1000, busy: 0.02 });
      setTimeout(() => transport.emit('run:finished', { runId, measurement: m, error: null }), 1);
      return { runId };
    },
  });
  const pinia = createPinia();
  const wrapper = mount(GuideView, {
    global: { plugins: [pinia], provide: { [TransportKey as symbol]: transport } },
  });
  return { wrapper, transport, lessons: useLessonStore(pinia) };
}

const click = async (wrapper: ReturnType<typeof guide>['wrapper'], label: string | RegExp) => {
  const button = wrapper
    .findAll('button')
    .find((b) => (typeof label === 'string' ? b.text() === label : label.test(b.text())));
  if (!button)
    throw new Error(
      `no button "${label}" among: ${wrapper
        .findAll('button')
        .map((b) => b.text())
        .join(' | ')}`,
    );
  await button.trigger('click');
};

describe('the decision guide, for many concurrent waits', () => {
  it('asks how many waits there are, and keeps threads for a few', async () => {
    const { wrapper } = guide({});
    await click(wrapper, 'Waiting: network, disk, a database');
    expect(wrapper.get('h3').text()).toBe('How many of those waits are there at once?');
    await click(wrapper, 'A few, up to tens: some files, a handful of API calls');
    expect(wrapper.get('h3').text()).toBe('Use: Threads');
  });

  it('recommends asyncio for thousands of waits, and proves it against one thread on this machine', async () => {
    const { wrapper, transport, lessons } = guide({ sequential: 2000, asyncio: 60 });
    await click(wrapper, 'Waiting: network, disk, a database');
    await click(wrapper, 'Hundreds or thousands: many connections or requests');
    expect(wrapper.get('h3').text()).toBe('Use: asyncio');
    expect(wrapper.text()).toContain('thousands of waits overlap on one thread');
    await click(wrapper, 'Prove it here: one thread against one event loop (asyncio)');
    await expect.poll(() => lessons.goes.guide?.[0]?.results.length ?? 0).toBe(2);
    const started = transport.calls
      .filter((c) => c.channel === 'run:start')
      .map((c) => StartRunRequestSchema.parse(c.request).params);
    expect(started.map((p) => [p.mode, p.workload, p.tasks, p.workers])).toEqual([
      ['sequential', 'io-sleep', 40, 1],
      ['asyncio', 'io-sleep', 40, 1],
    ]);
    const [c] = concludeGo(
      LESSONS.find((l) => l.id === 'guide')!,
      lessons.goes.guide!,
      0,
      2,
    );
    expect(c!.claim).toBe(
      'One event loop (asyncio) ÷ one thread at least 24.00×: 60% of the 40.00× that 40 tasks on one thread allow',
    );
    expect(c!.verdict).toBe('held');
    expect(c!.text).toContain('a speedup of 33.33×');
  });
});
