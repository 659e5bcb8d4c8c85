import { describe, expect, it } from 'vitest';
import { amdahlSpeedup, fitAmdahl, fitWithRange, flatPastCores, readSweep } from '../../../src/renderer/src/lib/amdahl';

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

describe('fitWithRange: a serial fraction only where it is honest', () => {
  const exact = (f: number, sizes: number[]) => sizes.map((n) => ({ workers: n, speedup: amdahlSpeedup(f, n) }));

  it('fits nothing from fewer than three pool sizes at or below the cores', () => {
    expect(fitWithRange(exact(0.2, [1, 2]), 8)).toBeNull();
    // Pool sizes past the cores don't count: four workers on two cores share them.
    expect(fitWithRange(exact(0.2, [1, 2, 3, 4]), 2)).toBeNull();
    expect(fitWithRange(exact(0.2, [1, 2, 3]), 3)).not.toBeNull();
    // One point per pool size: a repeat of the same size is not a third size.
    expect(fitWithRange([...exact(0.2, [1, 2]), { workers: 2, speedup: 1.6 }], 4)).toBeNull();
  });

  it('fits only the sizes at or below the cores, and says which', () => {
    const points = [...exact(0.1, [1, 2, 3, 4]), { workers: 6, speedup: 3.1 }, { workers: 8, speedup: 3.0 }];
    const fit = fitWithRange(points, 4)!;
    expect(fit.serialFraction).toBeCloseTo(0.1, 6);
    expect(fit.upTo).toBe(4);
    expect(fit.sizes).toBe(4);
  });

  it('gives a zero-width range for exact points and a range around f from scattered ones', () => {
    const tight = fitWithRange(exact(0.2, [1, 2, 3, 4]), 4)!;
    expect(tight.high - tight.low).toBeLessThan(1e-9);
    const noise = [0, 0.04, -0.05, 0.03, -0.04, 0.05];
    const scattered = fitWithRange(
      [1, 2, 3, 4, 6, 8].map((n, i) => ({ workers: n, speedup: amdahlSpeedup(0.1, n) * (1 + noise[i]!) })),
      8,
    )!;
    expect(scattered.low).toBeLessThan(scattered.serialFraction);
    expect(scattered.high).toBeGreaterThan(scattered.serialFraction);
    expect(scattered.low).toBeLessThan(0.1);
    expect(scattered.high).toBeGreaterThan(0.1);
    expect(scattered.low).toBeGreaterThanOrEqual(0);
  });

  it('widens the range when fewer points pin it down', () => {
    const noise = [0, 0.03, -0.03, 0.03, -0.03, 0.03, -0.03, 0.03];
    const points = [1, 2, 3, 4, 5, 6, 7, 8].map((n, i) => ({
      workers: n,
      speedup: amdahlSpeedup(0.1, n) * (1 + noise[i]!),
    }));
    const few = fitWithRange(points.slice(0, 3), 8)!;
    const many = fitWithRange(points, 8)!;
    expect(few.high - few.low).toBeGreaterThan(many.high - many.low);
  });
});

describe('flatPastCores', () => {
  it('compares the best pool past the cores with the largest at them', () => {
    const points = [
      { workers: 1, speedup: 1 },
      { workers: 2, speedup: 1.9 },
      { workers: 3, speedup: 1.8 },
      { workers: 4, speedup: 2.05 },
    ];
    const past = flatPastCores(points, 2)!;
    expect(past.atCores).toEqual({ workers: 2, speedup: 1.9 });
    expect(past.bestBeyond).toEqual({ workers: 4, speedup: 2.05 });
    expect(past.flat).toBe(true);
    expect(flatPastCores(points, 2, 1.05)!.flat).toBe(false);
  });

  it('is null without points on both sides of the core count', () => {
    expect(flatPastCores([{ workers: 1, speedup: 1 }], 2)).toBeNull();
    expect(flatPastCores([{ workers: 3, speedup: 1.8 }], 2)).toBeNull();
  });
});

describe('readSweep', () => {
  it('on a 2-core machine: no fitted curve, why not, and that the cores ran out', () => {
    const reading = readSweep(
      [
        { workers: 1, speedup: 1 },
        { workers: 2, speedup: 1.87 },
        { workers: 3, speedup: 1.83 },
        { workers: 4, speedup: 1.9 },
      ],
      2,
    );
    expect(reading.fit).toBeNull();
    expect(reading.text).toContain('No Amdahl fit: a serial fraction needs at least 3 pool sizes');
    expect(reading.text).toContain('this machine has 2 cores');
    expect(reading.text).toContain('the cores ran out, not the parallel part of the work');
    expect(reading.text).not.toMatch(/can beat/);
  });

  it('does not say the cores ran out while the speedup still rises past them', () => {
    const reading = readSweep(
      [
        { workers: 1, speedup: 1 },
        { workers: 2, speedup: 1.4 },
        { workers: 3, speedup: 2.6 },
      ],
      2,
    );
    expect(reading.pastCores?.flat).toBe(false);
    expect(reading.text).not.toContain('ran out');
  });

  it('states the fit with its range and the ceiling it implies', () => {
    const reading = readSweep(
      [1, 2, 3, 4].map((n) => ({ workers: n, speedup: amdahlSpeedup(0.2, n) })),
      4,
    );
    expect(reading.text).toContain('Serial fraction f = 0.200 (20%), 95% range 0.200–0.200, fitted to 1–4 workers');
    expect(reading.text).toContain('No pool size can beat 5.0× with that serial part.');
  });

  it('says so when the range reaches no serial part at all', () => {
    const reading = readSweep(
      [
        { workers: 1, speedup: 1 },
        { workers: 2, speedup: 1.99 },
        { workers: 3, speedup: 2.7 },
        { workers: 4, speedup: 3.98 },
      ],
      4,
    );
    expect(reading.fit!.low).toBe(0);
    expect(reading.text).toMatch(/No pool size can beat 1 ÷ f, which is \d+\.\d× or more, given that range\./);
  });
});
