import { describe, expect, it } from 'vitest';
import { formatMeasurement } from '../../src/cli/format';
import { syntheticMeasurement } from '../../src/core/sessions/synthetic-session';
import type { Measurement } from '../../src/shared/measurement';

/** A measurement whose second round was stopped after `stoppedMs`. */
function stopped(outcome: Measurement['outcome'], stoppedMs: number): Measurement {
  const m = syntheticMeasurement(4, 1000);
  return {
    ...m,
    outcome,
    runs: [m.runs[0]!, { ...m.runs[0]!, outcome, wallMs: stoppedMs }],
    speedup: null,
    efficiency: null,
  };
}

describe('the CLI report', () => {
  it('says a stopped run stopped, after how long, and shows none of its figures', () => {
    // The baseline (2 s), a completed round (1 s) and the stopped one (0.4 s).
    const text = formatMeasurement(stopped('cancelled', 400));
    expect(text).toMatch(/^result\s+stopped after 3\.4 s; no result$/m);
    for (const figure of ['wall time', 'speedup', 'busy cores', 'per-core load', 'answers', 'sequential'])
      expect(text).not.toContain(figure);
    expect(formatMeasurement(stopped('timed-out', 600))).toMatch(/^result\s+timed out after 3\.6 s; no result$/m);
    expect(formatMeasurement(stopped('failed', 100))).toMatch(/^result\s+failed after 3\.1 s; no result$/m);
    // Timed by the caller from Run, sizing and start-up included, where it can.
    expect(formatMeasurement(stopped('cancelled', 400), 4250)).toMatch(/^result\s+stopped after 4\.3 s; no result$/m);
  });

  it('gives a completed run its figures, with the task length, other load and wait for a core', () => {
    const m = syntheticMeasurement(4, 1000);
    const text = formatMeasurement({
      ...m,
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
