import { describe, expect, it } from 'vitest';
import { privateContext } from '../../src/core/workloads/context';
import {
  countPrimes,
  countPrimesExpected,
  sha256Blocks,
  sha256BlocksExpected,
  sumOfSquares,
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
