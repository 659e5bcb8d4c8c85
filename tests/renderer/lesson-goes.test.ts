import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/renderer/src/lessons/catalog';
import type { Conclusion, Lesson } from '../../src/renderer/src/lessons/lesson';
import { conclusionsOf } from '../../src/renderer/src/components/lesson/conclusions';
import {
  convoyChart,
  counterChart,
  modeGoes,
  stepFigure,
  type NamedGo,
} from '../../src/renderer/src/components/lesson/go-figures';
import { goLabels, revealGo, stepRows } from '../../src/renderer/src/components/lesson/goes';
import { go, step } from './lesson-fixtures';

const lesson = (id: string): Lesson => LESSONS.find((l) => l.id === id)!;
const convoyRun = (k: number, loopsPerSecond: number, interval: number) =>
  step(
    `cpu${k}`,
    k === 0 ? 'I/O loop alone' : `Beside ${k} CPU thread${k === 1 ? '' : 's'}`,
    { workload: 'convoy', mode: 'threads-gil', workers: k + 1, tasks: k + 1, taskMs: 1000, switchIntervalMs: interval },
    { loopsPerSecond },
  );
const convoyGo = (n: number, interval: number, rates: number[]) =>
  go(
    n,
    { interval, cpuThreads: rates.length - 1, seconds: 1 },
    `Switch interval ${interval} ms`,
    rates.map((r, k) => convoyRun(k, r, interval)),
  );
const named = (l: Lesson, goes: ReturnType<typeof go>[]): NamedGo[] => {
  const labels = goLabels(l, goes);
  return goes.map((g, i) => ({ go: g, name: labels[i]!, tag: String(g.go) }));
};

const cpu = (mode: 'sequential' | 'threads-gil' | 'processes', wallMs: number, outcome?: 'cancelled') =>
  step(mode, mode, { workload: 'cpu', mode, workers: mode === 'sequential' ? 1 : 2, tasks: 2 }, { wallMs, outcome });

describe('goes side by side', () => {
  it('names each go by what it changed from the others, or by its number alone', () => {
    const convoy = lesson('convoy');
    const goes = [convoyGo(1, 5, [1000, 200, 100]), convoyGo(2, 1, [1000, 600, 400])];
    expect(goLabels(convoy, goes)).toEqual(['Go 1: Switch interval 5 ms', 'Go 2: Switch interval 1 ms']);
    expect(goLabels(convoy, [goes[0]!, { ...goes[0]!, go: 2 }])).toEqual(['Go 1', 'Go 2']);
  });

  it('shares the rows of every run any go made, in the order they first ran', () => {
    const goes = [
      go(1, {}, '', [cpu('sequential', 1000), cpu('processes', 500)]),
      go(2, {}, '', [cpu('threads-gil', 900)]),
    ];
    expect(stepRows(goes).map((r) => r.key)).toEqual(['sequential', 'processes', 'threads-gil']);
  });

  it('reveals a prediction against the latest go only, once it ended with every run completed', () => {
    const done = go(1, {}, '', [cpu('sequential', 1000), cpu('threads-gil', 1000)]);
    const stopped = go(2, {}, '', [cpu('sequential', 1000), cpu('threads-gil', 300, 'cancelled')]);
    expect(revealGo([done], false)).toBe(done);
    expect(revealGo([done], true)).toBeNull();
    // A stopped go is compared with nothing, and the go before it does not stand in.
    expect(revealGo([done, stopped], false)).toBeNull();
    expect(
      revealGo(
        [
          done,
          go(3, {}, '', [
            cpu('sequential', 1000),
            step('x', 'x', { workload: 'cpu', mode: 'sequential', workers: 1, tasks: 1 }, 'engine failed'),
          ]),
        ],
        false,
      ),
    ).toBeNull();
  });
});

describe('each go’s figures', () => {
  it('gives a stopped run no figure, and no speedup to the runs raced against it', () => {
    const g = go(1, {}, '', [cpu('sequential', 2000, 'cancelled'), cpu('processes', 1000)]);
    expect(stepFigure('modes', g, g.results[0]!)).toBe('cancelled; no result');
    expect(stepFigure('modes', g, g.results[1]!)).toBe('1.000 s');
    const [series] = modeGoes(named(lesson('cpu-bound'), [g]));
    expect(series!.rows).toEqual([
      { label: 'processes', wallMs: { median: 1000, min: 1000, max: 1000 }, speedup: null },
    ]);
    const clean = go(2, {}, '', [cpu('sequential', 2000), cpu('processes', 1000)]);
    expect(stepFigure('modes', clean, clean.results[1]!)).toBe('1.000 s, 2.00×');
  });

  it('charts the convoy’s loop rate per case, a series per go, with its share of the rate alone', () => {
    const convoy = lesson('convoy');
    const spec = convoyChart(named(convoy, [convoyGo(1, 5, [1000, 200, 100]), convoyGo(2, 1, [1000, 600, 400])]));
    expect(spec.categories).toEqual(['I/O loop alone', 'Beside 1 CPU thread', 'Beside 2 CPU threads']);
    expect(spec.series.map((s) => s.name)).toEqual(['Go 1: Switch interval 5 ms', 'Go 2: Switch interval 1 ms']);
    expect(spec.series.map((s) => s.bars.map((b) => b?.text))).toEqual([
      ['1000/s (100%)', '200/s (20%)', '100/s (10%)'],
      ['1000/s (100%)', '600/s (60%)', '400/s (40%)'],
    ]);
    expect(spec.plotLabel).toContain('Go 2: Switch interval 1 ms, Beside 2 CPU threads 400/s (40%)');
  });

  it('charts the counter’s updates lost, leaving out the processes that added to copies of their own', () => {
    const counter = (key: string, c: { expected: number; final: number; lost: number; returned?: number }) =>
      step(key, key, { workload: 'counter', mode: 'threads-gil', workers: 4, tasks: 4 }, { counter: c });
    const g = go(1, { workers: 4 }, 'Workers 4', [
      counter('plain', { expected: 1000, final: 1000, lost: 0 }),
      counter('call-between', { expected: 1000, final: 750, lost: 250 }),
      counter('processes', { expected: 1000, final: 0, lost: 1000, returned: 1000 }),
    ]);
    const spec = counterChart(named(lesson('shared-state'), [g]));
    expect(spec.categories).toEqual(['plain', 'call-between']);
    expect(spec.series[0]!.bars.map((b) => b?.value)).toEqual([0, 25]);
    expect(stepFigure('counter', g, g.results[2]!)).toBe('own copies; 1,000 sent back');
    expect(stepFigure('counter', g, g.results[1]!)).toBe('25.0% lost');
  });
});

describe('a go’s conclusions', () => {
  const cpuBound = lesson('cpu-bound');
  const clean = go(1, {}, '', [cpu('sequential', 2000), cpu('threads-gil', 2000)]);
  const stopped = go(2, {}, '', [cpu('sequential', 2000), cpu('threads-gil', 500, 'cancelled')]);

  it('gives every conclusion a verdict and a claim, and a stopped go’s claims say they can’t tell', () => {
    const shown = conclusionsOf(cpuBound, clean, { cores: 2, earlier: [] });
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((c) => c.verdict !== null && c.claim.length > 0 && c.text.length > 0)).toBe(true);
    const afterStop = conclusionsOf(cpuBound, stopped, { cores: 2, earlier: [clean] });
    expect(afterStop.filter((c) => c.claim.includes('GIL threads')).map((c) => c.verdict)).toEqual(['cannot-tell']);
  });

  it('shows verdicts as the lesson gives them, a stopped go’s too', () => {
    const verdicts: Conclusion[] = [
      { claim: 'GIL threads ÷ one thread within 0.9–1.2', verdict: 'cannot-tell', text: 'The run was stopped.' },
    ];
    const withClaims = { ...cpuBound, conclude: () => verdicts };
    expect(conclusionsOf(withClaims, stopped, { cores: 2, earlier: [] })).toEqual(verdicts);
  });
});
