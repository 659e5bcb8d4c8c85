import { median as sharedMedian } from '../../src/shared/stats';

/** The shared median for tests' lists of figures: NaN for none, which fails any bound. */
export function median(values: readonly number[]): number {
  return sharedMedian(values) ?? Number.NaN;
}
