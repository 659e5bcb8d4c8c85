import { describe, expect, it } from 'vitest';
import { base64Text, isBase64 } from '../../src/shared/schemas';
import { checkSessionValue, SessionFileError } from '../../src/shared/session-parse';
import { smallSession } from '../core/sessions/helpers';

describe('base64 text in the contract', () => {
  it('takes exactly the alphabet with at most two "=" at the end', () => {
    for (const good of ['', 'AAAA', 'AA==', 'AAA=', 'iVBORw0K', 'ab+/09Zz']) expect(isBase64(good), good).toBe(true);
    for (const bad of ['not base64!', 'AA=A', '=AAA', 'AAA===', 'AA\nA', 'AAé=', 'AA-_', ' AAA']) {
      expect(isBase64(bad), bad).toBe(false);
    }
    const schema = base64Text(16);
    expect(schema.parse('AA==')).toBe('AA==');
    expect(schema.safeParse('AA=A').error?.issues[0]?.message).toBe('must be base64');
    expect(schema.safeParse('A'.repeat(20)).success).toBe(false);
  });

  it('checks a megabyte-long text in one scan that finds a bad character anywhere', () => {
    const long = 'QUJD'.repeat(1 << 18);
    expect(isBase64(long)).toBe(true);
    expect(isBase64(`${long.slice(0, 600_001)}*${long.slice(600_002)}`)).toBe(false);
  });

  it("refuses a packed column's stray character by its place, from the column decoder's own check", () => {
    const doc = structuredClone(smallSession());
    const load = doc.runs[0]!.load!;
    load.values = `${load.values.slice(0, 4)}*${load.values.slice(5)}`;
    const error = (() => {
      try {
        checkSessionValue(doc);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(SessionFileError);
    expect(error?.message).toBe('runs.0.load: values not base64 at character 4');
    // A column whose length can't be base64 is refused by the schema itself.
    load.values = load.values.slice(0, -1);
    expect(() => checkSessionValue(doc)).toThrow(/runs\.0\.load\.values: must be base64/);
  });
});
