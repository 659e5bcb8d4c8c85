import { describe, expect, it } from 'vitest';
import { amdahlSpeedup, fitAmdahl } from '../../../src/renderer/src/lib/amdahl';

describe('amdahlSpeedup', () => {
  it('is n when nothing is serial and 1 when everything is', () => {
    expect(amdahlSpeedup(0, 8)).toBeCloseTo(8);
    expect(amdahlSpeedup(1, 8)).toBeCloseTo(1);
    expect(amdahlSpeedup(0.1, 4)).toBeCloseTo(1 / (0.1 + 0.9 / 4));
  });
});

describe('fitAmdahl', () => {
  it('recovers the serial fraction from exact points', () => {
    const points = [1, 2, 3, 4, 6, 8].map((n) => ({ workers: n, speedup: amdahlSpeedup(0.1, n) }));
    const fit = fitAmdahl(points)!;
    expect(fit.serialFraction).toBeCloseTo(0.1, 6);
    expect(fit.rmse).toBeLessThan(1e-9);
  });

  it('recovers f = 0.1 within 0.01 from noisy points, and reports the misfit', () => {
    const noise = [0.02, -0.03, 0.01, -0.02, 0.03, -0.01, 0.02, -0.02];
    const points = noise.map((e, i) => ({ workers: i + 1, speedup: amdahlSpeedup(0.1, i + 1) * (1 + e) }));
    const fit = fitAmdahl(points)!;
    expect(Math.abs(fit.serialFraction - 0.1)).toBeLessThan(0.01);
    expect(fit.rmse).toBeGreaterThan(0);
    expect(fit.rmse).toBeLessThan(0.2);
  });

  it('reads a GIL-bound sweep as almost all serial', () => {
    const fit = fitAmdahl([1, 2, 4, 8].map((n) => ({ workers: n, speedup: 0.97 })))!;
    expect(fit.serialFraction).toBeGreaterThan(0.95);
  });

  it('clamps to [0, 1]: better than ideal reads 0, slower with more workers reads 1', () => {
    expect(
      fitAmdahl([
        { workers: 1, speedup: 1 },
        { workers: 2, speedup: 2.3 },
      ])!.serialFraction,
    ).toBe(0);
    expect(
      fitAmdahl([
        { workers: 1, speedup: 1 },
        { workers: 4, speedup: 0.5 },
      ])!.serialFraction,
    ).toBe(1);
  });

  it('is null when the points cannot pin f down', () => {
    expect(fitAmdahl([])).toBeNull();
    expect(fitAmdahl([{ workers: 4, speedup: 3 }])).toBeNull();
    expect(
      fitAmdahl([
        { workers: 1, speedup: 1 },
        { workers: 1, speedup: 0.9 },
      ]),
    ).toBeNull();
    expect(
      fitAmdahl([
        { workers: 2, speedup: Number.NaN },
        { workers: 4, speedup: 0 },
      ]),
    ).toBeNull();
  });
});
