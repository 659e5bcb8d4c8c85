import { describe, expect, it } from 'vitest';
import { formatMeasurement } from '../../src/cli/format';
import { syntheticMeasurement } from '../../src/core/sessions/synthetic-session';
import type { Measurement } from '../../src/shared/measurement';

/** A measurement whose second round was stopped, `elapsedMs` after Run. */
function stopped(outcome: Measurement['outcome'], elapsedMs: number): Measurement {
  const m = syntheticMeasurement(4, 1000);
  return {
    ...m,
    outcome,
    elapsedMs,
    runs: [m.runs[0]!, { ...m.runs[0]!, outcome, wallMs: 400 }],
    speedup: null,
    efficiency: null,
  };
}

describe('the CLI report', () => {
  it('says a stopped run stopped, after how long, and shows none of its figures', () => {
    // Timed from Run: sizing, warm-up, the baseline, a completed round and the stopped one.
    const text = formatMeasurement(stopped('cancelled', 3400));
    expect(text).toMatch(/^result\s+stopped after 3\.4 s; no result$/m);
    for (const figure of ['wall time', 'speedup', 'busy cores', 'per-core load', 'answers', 'sequential'])
      expect(text).not.toContain(figure);
    expect(formatMeasurement(stopped('timed-out', 3600))).toMatch(/^result\s+timed out after 3\.6 s; no result$/m);
    expect(formatMeasurement(stopped('failed', 3100))).toMatch(/^result\s+failed after 3\.1 s; no result$/m);
  });

  it('gives a completed run its figures, with the task length, other load and wait for a core', () => {
    const m = syntheticMeasurement(4, 1000);
    const text = formatMeasurement({
      ...m,
      elapsedMs: 1200,
      taskLength: { targetMs: 250, measuredMs: 262, resized: true },
      runs: [{ ...m.runs[0]!, otherBusyCores: 0.75, waitingForCore: { ms: 480, share: 0.24 } }],
    });
    expect(text).toMatch(/^wall time\s+1000 ms$/m);
    expect(text).toMatch(/^speedup\s+2\.00×/m);
    expect(text).toMatch(/^task length\s+aimed at 250 ms, measured 262 ms \(sized again for this run/m);
    expect(text).toMatch(/^other load\s+0\.75 cores' worth busy/m);
    expect(text).toMatch(/^waiting for a core\s+24% of the workers' time \(480 ms/m);
    expect(text).not.toContain('no result');
    const unmeasured = formatMeasurement({ ...m, runs: [{ ...m.runs[0]!, waitingForCore: null }] });
    expect(unmeasured).toMatch(/^waiting for a core\s+not measured on this OS$/m);
  });
});

describe('the first task line', () => {
  it('gives the median of the later runs, the mean of the middle two for an even count', () => {
    const m = syntheticMeasurement(4, 1000);
    const starts = [40, 5, 1, 3, 2];
    const text = formatMeasurement({ ...m, runs: starts.map((firstStartMs) => ({ ...m.runs[0]!, firstStartMs })) });
    expect(text).toMatch(/^first task\s+2\.5 ms after Run, median of runs 2–5 \(run 1: 40\.0 ms/m);
  });
});
