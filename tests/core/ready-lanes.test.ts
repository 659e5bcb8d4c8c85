import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/core/gil/gil-report';
import { ReadyLanes, type ReadySample } from '../../src/core/run/ready-lanes';
import { THREAD_STATES, type ThreadState } from '../../src/shared/vocabulary';

function lanes(measured = true) {
  const out: TimelineEvent[] = [];
  return { lanes: new ReadyLanes((e) => out.push(e), measured), out };
}

const brief = (events: TimelineEvent[]) => events.map((e) => `${e.thread}:${e.state}@${e.t}`);

/** Time per state in one worker's emitted lane, up to `end`. */
function totals(events: TimelineEvent[], worker: number, end: number): Map<ThreadState, number> {
  const mine = events.filter((e) => e.thread === worker);
  const sums = new Map<ThreadState, number>();
  mine.forEach((e, i) => {
    const next = mine[i + 1]?.t ?? end;
    sums.set(e.state, (sums.get(e.state) ?? 0) + Math.max(0, next - e.t));
  });
  return sums;
}

describe('ready lanes: the scheduler’s wait laid over what the workers report', () => {
  it('lays each sample’s wait at the end of its running stretch, and the worker’s own state after it', () => {
    const { lanes: l, out } = lanes();
    l.reported({ t: 0, thread: 0, state: 'running' });
    l.waited(0, { from: 0, to: 50, readyMs: 20 });
    l.reported({ t: 100, thread: 0, state: 'idle' });
    l.waited(0, { from: 50, to: 100, readyMs: 10 });
    l.waited(0, { from: 100, to: 150, readyMs: 5 });
    // Nothing goes out before its sample is placed.
    expect(out).toEqual([]);
    l.release(60);
    expect(brief(out)).toEqual(['0:running@0', '0:ready@30']);
    l.flush();
    expect(brief(out)).toEqual(['0:running@0', '0:ready@30', '0:running@50', '0:ready@90', '0:idle@100']);
  });

  it('never lays a wait over idle time, I/O or a wait for the GIL, however long the scheduler says it was', () => {
    const { lanes: l, out } = lanes();
    l.reported({ t: 0, thread: 0, state: 'running' });
    l.reported({ t: 10, thread: 0, state: 'waiting-gil' });
    l.reported({ t: 30, thread: 0, state: 'io' });
    l.reported({ t: 40, thread: 0, state: 'idle' });
    l.waited(0, { from: 0, to: 50, readyMs: 45 });
    l.flush();
    expect(brief(out)).toEqual(['0:ready@0', '0:waiting-gil@10', '0:io@30', '0:idle@40']);
  });

  it('draws no wait under a millisecond, and passes states straight through where none is measured', () => {
    const { lanes: l, out } = lanes();
    l.reported({ t: 0, thread: 1, state: 'running' });
    l.waited(1, { from: 0, to: 50, readyMs: 0.4 });
    l.flush();
    expect(brief(out)).toEqual(['1:running@0']);

    const direct = lanes(false);
    direct.lanes.reported({ t: 5, thread: 0, state: 'running' });
    direct.lanes.waited(0, { from: 0, to: 50, readyMs: 30 });
    expect(brief(direct.out)).toEqual(['0:running@5']);
  });

  it('lets a state that arrives after its sample out at once, in order', () => {
    const { lanes: l, out } = lanes();
    l.reported({ t: 0, thread: 0, state: 'running' });
    l.waited(0, { from: 0, to: 50, readyMs: 10 });
    l.release(50);
    l.reported({ t: 45, thread: 0, state: 'idle' });
    expect(brief(out)).toEqual(['0:running@0', '0:ready@40', '0:idle@45']);
  });

  it('keeps every worker’s lane in time order, and draws exactly the wait it can place', () => {
    const worker = fc.record({
      // Stretches of the worker's own states, in ms.
      spans: fc.array(
        fc.record({
          state: fc.constantFrom(...THREAD_STATES.filter((s) => s !== 'ready')),
          ms: fc.integer({ min: 0, max: 80 }),
        }),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
      waits: fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.array(worker, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 10, max: 60 }),
        (workers, period) => {
          const { lanes: l, out } = lanes();
          const end = period * Math.max(...workers.map((w) => w.waits.length));
          const expected: number[] = [];
          workers.forEach((w, thread) => {
            const own: TimelineEvent[] = [];
            let t = 0;
            for (const span of w.spans) {
              own.push({ t, thread, state: span.state });
              t += span.ms;
            }
            own.forEach((e) => l.reported(e));
            const stateAt = (x: number) => own.filter((e) => e.t <= x).at(-1)?.state ?? 'idle';
            let placed = 0;
            const samples: ReadySample[] = Array.from({ length: Math.ceil(end / period) }, (_, k) => ({
              from: k * period,
              to: (k + 1) * period,
              readyMs: w.waits[k] ?? 0,
            }));
            for (const s of samples) {
              // How much of the sample the worker was runnable, by its own account: the most that can be drawn.
              let runnable = 0;
              for (let x = s.from; x < s.to; x += 0.5) if (['running', 'native'].includes(stateAt(x))) runnable += 0.5;
              placed += s.readyMs >= 1 ? Math.min(s.readyMs, runnable) : 0;
              l.waited(thread, s);
            }
            expected.push(placed);
          });
          l.release(end / 2);
          l.flush();
          workers.forEach((_, thread) => {
            const mine = out.filter((e) => e.thread === thread);
            for (let i = 1; i < mine.length; i++) expect(mine[i]!.t).toBeGreaterThanOrEqual(mine[i - 1]!.t);
            const lastOwn = Math.max(end, ...mine.map((e) => e.t));
            expect(totals(out, thread, lastOwn).get('ready') ?? 0).toBeCloseTo(expected[thread]!, 0);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
