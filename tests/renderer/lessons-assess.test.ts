import { describe, expect, it } from 'vitest';
import type { Measurement, RunSummary } from '../../src/shared/measurement';
import type { RunOutcome } from '../../src/shared/vocabulary';
import {
  busyThreshold,
  completed,
  otherLoad,
  stoppedNote,
  stoppedSteps,
  weatherNote,
} from '../../src/renderer/src/lessons/assess';
import type { LessonGo, StepResult } from '../../src/renderer/src/lessons/lesson';

/** A round that lasted wallMs and ended as `outcome`, with other programs' load as measured. */
function round(wallMs: number, outcome: RunOutcome, otherBusyCores: number | null): RunSummary {
  return { outcome, wallMs, otherBusyCores } as RunSummary;
}

function step(
  label: string,
  rounds: RunSummary[],
  { baseline = [] as RunSummary[], error = null as string | null } = {},
): StepResult {
  const outcome = [...baseline, ...rounds].find((r) => r.outcome !== 'completed')?.outcome ?? 'completed';
  // Timed from Run: here, as long as its rounds took.
  const elapsedMs = [...baseline, ...rounds].reduce((sum, r) => sum + r.wallMs, 0);
  const measurement = {
    outcome,
    elapsedMs,
    runs: rounds,
    baseline: baseline.length ? { runs: baseline } : null,
  } as unknown as Measurement;
  return {
    run: {
      key: label,
      label,
      mode: 'threads-gil',
      request: { params: { workload: 'cpu', mode: 'threads-gil', workers: 2, tasks: 2 } },
    },
    measurement: error ? null : measurement,
    error,
  };
}

const go = (...results: StepResult[]): LessonGo => ({ go: 1, values: {}, settings: '', results });

describe('busyThreshold', () => {
  it('is a quarter of a core on a small machine and a tenth of the machine on a big one', () => {
    expect(busyThreshold(1)).toBe(0.25);
    expect(busyThreshold(2)).toBe(0.25);
    expect(busyThreshold(2.5)).toBe(0.25);
    expect(busyThreshold(4)).toBeCloseTo(0.4);
    expect(busyThreshold(64)).toBeCloseTo(6.4);
  });
});

describe('stopped steps', () => {
  it('counts a step complete only when every round completed and nothing refused it', () => {
    expect(completed(step('a', [round(100, 'completed', 0)]))).toBe(true);
    expect(completed(step('b', [round(100, 'completed', 0), round(40, 'cancelled', 0)]))).toBe(false);
    expect(completed(step('c', [round(100, 'completed', 0)], { baseline: [round(30, 'timed-out', 0)] }))).toBe(false);
    expect(completed(step('d', [], { error: 'bad parameters' }))).toBe(false);
    expect(completed(undefined)).toBe(false);
  });

  it('names the first stopped step and how long it ran, baseline included, with no result', () => {
    const cancelled = step('Threads, with the GIL', [round(900, 'completed', 0), round(440, 'cancelled', 0)], {
      baseline: [round(1000, 'completed', 0)],
    });
    const g = go(step('One thread', [round(1000, 'completed', 0)]), cancelled, step('Later', [round(5, 'failed', 0)]));
    expect(stoppedSteps(g).map((r) => r.run.label)).toEqual(['Threads, with the GIL', 'Later']);
    expect(stoppedNote(g)).toBe('Threads, with the GIL: Stopped after 2.3 s; no result.');
  });

  it('says a timed-out run timed out, and a failed one why', () => {
    expect(stoppedNote(go(step('Processes', [round(600_000, 'timed-out', 0)])))).toBe(
      'Processes: Timed out after 600.0 s; no result.',
    );
    expect(stoppedNote(go(step('Processes', [round(120, 'failed', 0)])))).toBe(
      'Processes: Failed after 0.1 s; no result.',
    );
    expect(stoppedNote(go(step('Processes', [], { error: 'worker 2 exited' })))).toBe(
      'Processes: Failed: worker 2 exited; no result.',
    );
  });

  it('says nothing of a go that ran to the end', () => {
    expect(stoppedNote(go(step('One thread', [round(1000, 'completed', 0)])))).toBeNull();
    expect(stoppedNote(go())).toBeNull();
  });
});

describe('the weather: other programs’ load', () => {
  it('takes each step’s median over its rounds, and the worst step', () => {
    const g = go(
      step('a', [round(1, 'completed', 0.1), round(1, 'completed', 0.9), round(1, 'completed', 0.2)]),
      step('b', [round(1, 'completed', 0.3)]),
    );
    expect(otherLoad(g)).toBeCloseTo(0.3);
  });

  it('ignores stopped steps and rounds the monitor could not measure', () => {
    const g = go(
      step('a', [round(1, 'completed', null), round(1, 'completed', 0.05)]),
      step('b', [round(1, 'cancelled', 1.9)]),
    );
    expect(otherLoad(g)).toBeCloseTo(0.05);
    expect(otherLoad(go(step('a', [round(1, 'completed', null)])))).toBeNull();
  });

  it('speaks only past the threshold, and then with the numbers', () => {
    const at = (other: number, cores: number) => weatherNote(go(step('a', [round(1, 'completed', other)])), cores);
    expect(at(0.25, 2)).toBeNull();
    expect(at(0.26, 2)).toBe(
      "While these runs went, other programs kept 0.26 of 2 cores' worth busy, so the figures below are slowed by more than the lesson's own work.",
    );
    expect(at(0.4, 8)).toBeNull();
    expect(at(0.81, 8)).toContain("other programs kept 0.81 of 8 cores' worth busy");
    expect(weatherNote(go(step('a', [round(1, 'completed', null)])), 2)).toBeNull();
  });
});
