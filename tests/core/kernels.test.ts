import { describe, expect, it } from 'vitest';
import { privateContext } from '../../src/core/workloads/context';
import {
  countPrimes,
  countPrimesExpected,
  sha256Blocks,
  sha256BlocksExpected,
  sumOfSquares,
  sumOfSquaresAcrossWrap,
  sumOfSquaresExpected,
} from '../../src/core/workloads/kernels';

const ctx = privateContext(false).context;

describe('workload kernels', () => {
  it('sum of squares matches a brute-force sum and the closed form, mod 2^32', () => {
    for (const n of [0, 1, 2, 10, 4097, 100_000]) {
      let brute = 0n;
      for (let i = 0n; i < BigInt(n); i++) brute += i * i;
      expect(sumOfSquares(n, ctx)).toBe(Number(brute % 2n ** 32n));
      expect(sumOfSquaresExpected(n)).toBe(Number(brute % 2n ** 32n));
    }
  });

  it('sums past 2^31 terms, where the loop folds its index back into small integers', () => {
    // The terms from 2^30 - 2^20 to 2^30 + 999, where the fold happens, against the closed form.
    const closed = (n: bigint) => ((n - 1n) * n * (2n * n - 1n)) / 6n;
    const across = closed(2n ** 30n + 1000n) - closed(2n ** 30n - 2n ** 20n);
    expect(sumOfSquaresAcrossWrap(ctx)).toBe(Number(across % 2n ** 32n) | 0);
    const n = 2 ** 31 + 12_345;
    expect(sumOfSquares(n, ctx)).toBe(sumOfSquaresExpected(n));
  });

  it('counts primes by trial division as the sieve does', () => {
    expect(countPrimesExpected(100)).toBe(25);
    expect(countPrimes(100, ctx)).toBe(25);
    expect(countPrimes(10_007, ctx)).toBe(countPrimesExpected(10_007));
  });

  it('hashes the same bytes whether or not the GIL is released', () => {
    const { context, gil } = privateContext(true);
    gil.take();
    expect(sha256Blocks(3, true, context)).toBe(sha256BlocksExpected(3));
    expect(sha256Blocks(3, false, context)).toBe(sha256BlocksExpected(3));
    gil.idle();
  });
});
