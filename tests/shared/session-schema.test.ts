import { describe, expect, it } from 'vitest';
import { SESSION_SCHEMA_VERSION } from '../../src/shared/session';
import { migrateSession, SessionVersionError } from '../../src/shared/session-migrations';
import { checkSessionValue, parseSessionText, SessionFileError } from '../../src/shared/session-parse';
import { smallSession } from '../core/sessions/helpers';

describe('session schema and migrations', () => {
  it('accepts a well-formed document unchanged', () => {
    const doc = smallSession();
    expect(parseSessionText(JSON.stringify(doc))).toEqual(doc);
  });

  it('migrates step by step through the table, then validates against the current schema', () => {
    const current = smallSession();
    // A pretend format history: version 1 called the runs "items", version 2 renamed them.
    const v1 = { ...current, schemaVersion: 1, items: current.runs, runs: undefined };
    const table = {
      1: (d: Record<string, unknown>) => {
        const { items, ...rest } = d;
        return { ...rest, schemaVersion: 2, runs: items };
      },
    };
    const migrated = migrateSession(v1, table, 2);
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.runs).toEqual(current.runs);
    expect(() => migrateSession({ ...current, schemaVersion: 1 }, {}, 2)).toThrow(/can no longer read/);
  });

  it.each([
    [
      { ...smallSession(), schemaVersion: SESSION_SCHEMA_VERSION + 6 },
      new RegExp(
        `newer GIL Lab \\(schema version ${SESSION_SCHEMA_VERSION + 6}; this one reads up to ${SESSION_SCHEMA_VERSION}\\)`,
      ),
    ],
    [{ ...smallSession(), schemaVersion: undefined }, /has no "schemaVersion"/],
    [{ ...smallSession(), schemaVersion: '1' }, /invalid "schemaVersion"/],
    [{ ...smallSession(), format: 'hyperfine' }, /not a GIL Lab session/],
    [[1, 2], /the JSON is an array/],
  ])('explains a version or format it cannot read (%#)', (value, message) => {
    expect(() => migrateSession(value)).toThrow(SessionVersionError);
    expect(() => checkSessionValue(value)).toThrow(message);
  });

  it('names a missing field and an unexpected one', () => {
    const { updatedAt: _gone, ...missing } = smallSession();
    expect(() => checkSessionValue(missing)).toThrow('is missing the field updatedAt');
    const doc = smallSession();
    const extra = { ...doc, runs: [{ ...doc.runs[0], evil: 1 }] };
    expect(() => checkSessionValue(extra)).toThrow('has unexpected field "evil" in runs.0');
  });

  it('tells truncated JSON from text that is not JSON', () => {
    const text = JSON.stringify(smallSession());
    expect(() => parseSessionText(text.slice(0, text.length / 2))).toThrow(/is truncated/);
    expect(() => parseSessionText('{"a":')).toThrow(/is truncated/);
    expect(() => parseSessionText('name,runs\nx,1')).toThrow(/is not JSON/);
    expect(() => parseSessionText('  ')).toThrow(SessionFileError);
  });
});
