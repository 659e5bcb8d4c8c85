import { describe, expect, it } from 'vitest';
import { spread } from '../../src/core/util/stats';

describe('spread', () => {
  it('gives median, range and sample standard deviation', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, stddev: 1, n: 3 });
    expect(spread([1, 2, 3, 4]).median).toBe(2.5);
    expect(spread([5]).stddev).toBe(0);
  });
});
