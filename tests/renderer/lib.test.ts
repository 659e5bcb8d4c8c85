import { describe, expect, it } from 'vitest';
import { coreMeter } from '../../src/renderer/src/lib/core-meter';
import { formatSeconds, formatSecondsOnSpan, formatTimes } from '../../src/renderer/src/lib/format';
import { gridLayout } from '../../src/renderer/src/lib/grid-layout';
import { loadColor, loadTextColor } from '../../src/renderer/src/lib/load-color';
import { sparklinePoints } from '../../src/renderer/src/lib/sparkline';
import { workerName } from '../../src/shared/lane-names';

const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

describe('loadColor', () => {
  it('runs from dark purple at idle to bright yellow at full load, getting lighter all the way', () => {
    expect(loadColor(0)).toBe('rgb(68, 1, 84)');
    expect(loadColor(100)).toBe('rgb(253, 231, 37)');
    for (let p = 0; p < 100; p += 5) expect(luminance(loadColor(p + 5))).toBeGreaterThan(luminance(loadColor(p)));
  });

  it('clamps nonsense input', () => {
    expect(loadColor(-5)).toBe(loadColor(0));
    expect(loadColor(500)).toBe(loadColor(100));
    expect(loadColor(Number.NaN)).toBe(loadColor(0));
  });

  it('picks dark text on bright cells and light text on dark ones', () => {
    expect(loadTextColor(100)).toBe('#111');
    expect(loadTextColor(0)).toBe('#fff');
  });
});

describe('gridLayout', () => {
  it.each([
    [1, 1, 'tile'],
    [2, 2, 'tile'],
    [4, 4, 'tile'],
    [6, 4, 'tile'],
    [16, 8, 'tile'],
    [32, 8, 'tile'],
    [33, 16, 'heat'],
    [64, 16, 'heat'],
    [128, 16, 'heat'],
    [256, 32, 'heat'],
  ])('lays out %i cores in %i columns as %s', (cores, columns, mode) => {
    expect(gridLayout(cores)).toEqual({ columns, mode });
  });

  it('never has more than 8 rows, so 256 cores fit a 1080p screen', () => {
    for (let n = 1; n <= 256; n++) {
      const { columns } = gridLayout(n);
      expect(Math.ceil(n / columns)).toBeLessThanOrEqual(8);
    }
  });
});

describe('sparklinePoints', () => {
  it('puts the newest value at the right edge and 100% at the top', () => {
    expect(sparklinePoints([0, 100], 2, 100, 30)).toBe('0.0,30.0 100.0,0.0');
    expect(sparklinePoints([50], 3, 100, 30)).toBe('100.0,15.0');
    expect(sparklinePoints([], 10)).toBe('');
  });
});

describe('formatSeconds', () => {
  it('writes milliseconds as seconds to about four significant figures', () => {
    expect(formatSeconds(262)).toBe('0.262');
    expect(formatSeconds(4012.4)).toBe('4.012');
    expect(formatSeconds(9999)).toBe('9.999');
    expect(formatSeconds(12_345)).toBe('12.35');
    expect(formatSeconds(123_456)).toBe('123.5');
  });
});

describe('formatSecondsOnSpan', () => {
  it('gives a time as many decimals as the span on screen needs, not as its own size', () => {
    expect(formatSecondsOnSpan(1234, 50)).toBe('1.2340');
    expect(formatSecondsOnSpan(1234, 500)).toBe('1.234');
    expect(formatSecondsOnSpan(1234, 5000)).toBe('1.23');
    expect(formatSecondsOnSpan(1234, 60_000)).toBe('1.2');
    expect(formatSecondsOnSpan(45_000)).toBe('45.0');
    expect(formatSecondsOnSpan(0, 80)).toBe('0.0000');
  });
});

describe('formatTimes', () => {
  it('writes a ratio with its × sign, and a dash where there is no ratio', () => {
    expect(formatTimes(1.956)).toBe('1.96×');
    expect(formatTimes(0.8, 1)).toBe('0.8×');
    expect(formatTimes(null)).toBe('—');
    expect(formatTimes(undefined)).toBe('—');
    expect(formatTimes(Infinity)).toBe('—');
    expect(formatTimes(Number.NaN)).toBe('—');
  });
});

describe('coreMeter', () => {
  it("names a core by its number and says its load as a 0–100 meter's value and in words", () => {
    expect(coreMeter(3, 42)).toEqual({
      role: 'meter',
      'aria-label': 'Core 3',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': 42,
      'aria-valuetext': '42% busy',
    });
  });
});

describe('workerName', () => {
  it('counts workers from 1, as processes in a process pool and as threads otherwise', () => {
    expect(workerName('processes', 0)).toBe('Process 1');
    expect(workerName('threads-gil', 7)).toBe('Thread 8');
    expect(workerName('threads-free', 1)).toBe('Thread 2');
    expect(workerName('sequential', 0)).toBe('Thread 1');
    expect(workerName(undefined, 2)).toBe('Thread 3');
  });
});
