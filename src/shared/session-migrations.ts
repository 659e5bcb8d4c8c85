import { SESSION_FORMAT, SESSION_SCHEMA_VERSION } from './session';

/**
 * One step per schema version: migrations[n] turns a version-n document into version n + 1.
 * A file is migrated step by step up to SESSION_SCHEMA_VERSION and then validated against the
 * current schema, so only the newest schema needs to be exact. Version 1 is the first, so the
 * table is empty; the next change to the format adds `1: (doc) => ({ ...doc, schemaVersion: 2, … })`.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

export const SESSION_MIGRATIONS: Readonly<Record<number, Migration>> = {};

export class SessionVersionError extends Error {
  override readonly name = 'SessionVersionError';
}

/** Brings a parsed session file to the current schema version, or says why it can't. */
export function migrateSession(
  value: unknown,
  migrations: Readonly<Record<number, Migration>> = SESSION_MIGRATIONS,
  current = SESSION_SCHEMA_VERSION,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SessionVersionError(`is not a GIL Lab session: the JSON is ${describe(value)}, not an object`);
  }
  let doc = value as Record<string, unknown>;
  if (doc.format !== SESSION_FORMAT) {
    throw new SessionVersionError(`is not a GIL Lab session: "format" is not "${SESSION_FORMAT}"`);
  }
  const version = doc.schemaVersion;
  if (version === undefined) throw new SessionVersionError('has no "schemaVersion"');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new SessionVersionError(`has an invalid "schemaVersion": ${JSON.stringify(version)?.slice(0, 40)}`);
  }
  if (version > current) {
    throw new SessionVersionError(
      `was written by a newer GIL Lab (schema version ${version}; this one reads up to ${current}); update GIL Lab to open it`,
    );
  }
  for (let v = version; v < current; v++) {
    const step = migrations[v];
    if (!step) throw new SessionVersionError(`has schema version ${v}, which this GIL Lab can no longer read`);
    doc = step(doc);
    if (doc.schemaVersion !== v + 1) throw new Error(`migration from schema version ${v} did not produce ${v + 1}`);
  }
  return doc;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
