/**
 * Packs integer columns (load samples, timeline times) into compact base64 strings: each value is
 * stored as the difference from the one before it in its column, zigzag-mapped so small negative
 * steps stay small, as a LEB128 varint. A core's load changes little from one tick to the next, so
 * most values take one byte, and gzip over the file squeezes the rest. Pure TypeScript, so the
 * renderer can unpack the same strings the engine wrote.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** A packed column that does not decode; the message says where and why. */
export class PackedColumnError extends Error {
  override readonly name = 'PackedColumnError';
}

export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    // Keep each intermediate string short; one huge += chain is slow to flatten.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    chunk += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64Decode(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new PackedColumnError('base64 length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const last = i + 4 === text.length;
    const c = last && padding === 2 ? 0 : sextet(text, i + 2);
    const d = last && padding >= 1 ? 0 : sextet(text, i + 3);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const value = code < 128 ? DECODE[code]! : -1;
  if (value < 0) throw new PackedColumnError(`not base64 at character ${i}`);
  return value;
}

/** Packs integers in [-2^31, 2^31) as zigzag varint deltas, base64-encoded. */
export function packInts(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 5 + 8);
  let o = 0;
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new RangeError(`packInts: ${value} at ${i} is not a 32-bit integer`);
    }
    const delta = value - previous;
    previous = value;
    // Zigzag in float arithmetic: a delta can reach ±2^32, beyond 32-bit bitwise operators.
    let z = delta >= 0 ? delta * 2 : -delta * 2 - 1;
    while (z >= 128) {
      bytes[o++] = (z % 128) | 128;
      z = Math.floor(z / 128);
    }
    bytes[o++] = z;
  }
  return base64Encode(bytes.subarray(0, o));
}

/**
 * Decodes base64 natively where the platform can (Node's Buffer), or returns undefined for text
 * it would not decode exactly as base64Decode does; the checks then take the careful path.
 */
export type Base64Decoder = (text: string) => Uint8Array | undefined;

/**
 * True when `packed` holds exactly `count` integers, each in [min, max]: what unpackInts checks,
 * without building the values, in one tight pass over the bytes. Where it returns false,
 * unpackInts says what is wrong.
 */
export function packedIntsFit(
  packed: string,
  count: number,
  min = -0x80000000,
  max = 0x7fffffff,
  decode: Base64Decoder = base64Decode,
): boolean {
  let bytes: Uint8Array | undefined;
  try {
    bytes = decode(packed);
  } catch {
    return false;
  }
  return bytes !== undefined && varintsFit(bytes, count, min, max);
}

function varintsFit(bytes: Uint8Array, count: number, min: number, max: number): boolean {
  if (count > bytes.length) return false;
  let n = 0;
  let previous = 0;
  const length = bytes.length;
  for (let i = 0; i < length;) {
    if (n >= count) return false;
    let z = bytes[i++]!;
    // Most steps are one byte; longer ones go through the same arithmetic as unpackInts.
    if (z >= 128) {
      z &= 127;
      let scale = 128;
      for (;;) {
        if (i >= length) return false;
        const byte = bytes[i++]!;
        z += (byte & 127) * scale;
        if (byte < 128) break;
        scale *= 128;
        if (scale > 2 ** 35) return false;
      }
    }
    const value = previous + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    if (value < min || value > max) return false;
    previous = value;
    n++;
  }
  return n === count;
}

/** Checks a packed column as unpackInts would, throwing its error, without keeping the values. */
export function checkPackedInts(
  packed: string,
  count: number,
  min?: number,
  max?: number,
  decode: Base64Decoder = base64Decode,
): void {
  if (!packedIntsFit(packed, count, min, max, decode)) unpackInts(packed, count, min, max);
}

/**
 * Unpacks exactly `count` integers. Too few or too many bytes, or a value outside
 * [min, max], is an error, so a column cannot claim more or fewer values than it holds.
 */
export function unpackInts(packed: string, count: number, min = -0x80000000, max = 0x7fffffff): Int32Array {
  const bytes = base64Decode(packed);
  if (count > bytes.length) {
    throw new PackedColumnError(`holds at most ${bytes.length} values, but ${count} are declared`);
  }
  const out = new Int32Array(count);
  let i = 0;
  let previous = 0;
  for (let n = 0; n < count; n++) {
    let z = 0;
    let scale = 1;
    for (;;) {
      if (i >= bytes.length) throw new PackedColumnError(`ends after ${n} of ${count} values`);
      const byte = bytes[i++]!;
      z += (byte & 127) * scale;
      if (byte < 128) break;
      scale *= 128;
      if (scale > 2 ** 35) throw new PackedColumnError(`value ${n} is too long`);
    }
    const delta = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const value = previous + delta;
    if (value < min || value > max) throw new PackedColumnError(`value ${n} is ${value}, outside ${min}–${max}`);
    out[n] = value;
    previous = value;
  }
  if (i !== bytes.length) throw new PackedColumnError(`holds more than the ${count} values declared`);
  return out;
}
