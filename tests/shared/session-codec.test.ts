import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, packInts, PackedColumnError, unpackInts } from '../../src/shared/session-codec';

describe('session codec', () => {
  it('encodes base64 exactly as Node does, and back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base64Encode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(base64Decode(text))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('packs and unpacks any 32-bit integers losslessly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { maxLength: 200 }), (values) => {
        expect(Array.from(unpackInts(packInts(values), values.length))).toEqual(values);
      }),
    );
  });

  it('stores a slowly changing load in about one byte per value', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 500 + Math.round(40 * Math.sin(i / 5)));
    expect(base64Decode(packInts(values)).length).toBeLessThan(values.length * 1.05);
  });

  it.each([
    ['too few values', packInts([1, 2, 3]), 4, /holds at most 3 values|ends after 3 of 4/],
    ['too many values', packInts([1, 2, 3]), 2, /more than the 2 values/],
    ['a value out of range', packInts([0, 1001]), 2, /value 1 is 1001, outside 0–1000/],
    ['bad base64', 'AB$=', 1, /not base64/],
    ['a length that is not a multiple of 4', 'ABC', 1, /multiple of 4/],
  ])('refuses a column with %s', (_label, packed, count, message) => {
    expect(() => unpackInts(packed, count, 0, 1000)).toThrow(PackedColumnError);
    expect(() => unpackInts(packed, count, 0, 1000)).toThrow(message);
  });

  it('refuses a varint that never ends', () => {
    const endless = base64Encode(new Uint8Array(12).fill(0xff));
    expect(() => unpackInts(endless, 1)).toThrow(/too long|ends after/);
  });
});
