import { describe, expect, it } from 'vitest';
import { median, spread } from '../../src/shared/stats';

describe('spread', () => {
  it('gives median, range and sample standard deviation', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, stddev: 1, n: 3 });
    expect(spread([1, 2, 3, 4]).median).toBe(2.5);
    expect(spread([5]).stddev).toBe(0);
  });
});

describe('median', () => {
  it('is the middle value, the mean of the two middle ones for an even count, and null for none', () => {
    expect(median([3, 9, 1])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
