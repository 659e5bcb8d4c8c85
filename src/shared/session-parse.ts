import type { z } from 'zod';
import { SessionDocumentSchema, type SessionDocument } from './session';
import { checkSessionContent, SessionContentError, type ContentCheckOptions } from './session-content';
import { migrateSession, SessionVersionError } from './session-migrations';

/**
 * Turns a session file's JSON text into a checked document, or throws SessionFileError with one
 * line that says what is wrong: not JSON, cut short, another program's file, a version this
 * build can't read, a field missing or unexpected, too much data, or a column that doesn't add up.
 */
export class SessionFileError extends Error {
  override readonly name = 'SessionFileError';
}

export function parseSessionText(text: string, options?: ContentCheckOptions): SessionDocument {
  if (text.trim() === '') throw new SessionFileError('is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SessionFileError(describeJsonError(text, (error as Error).message));
  }
  return checkSessionValue(value, options);
}

export function checkSessionValue(value: unknown, options?: ContentCheckOptions): SessionDocument {
  let migrated: Record<string, unknown>;
  try {
    migrated = migrateSession(value);
  } catch (error) {
    if (error instanceof SessionVersionError) throw new SessionFileError(error.message);
    throw error;
  }
  const parsed = SessionDocumentSchema.safeParse(migrated);
  if (!parsed.success) throw new SessionFileError(describeSchemaIssue(parsed.error));
  try {
    checkSessionContent(parsed.data, options);
  } catch (error) {
    if (error instanceof SessionContentError) throw new SessionFileError(error.message);
    throw error;
  }
  return parsed.data;
}

function describeJsonError(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : undefined;
  const end = text.trimEnd().length;
  if (/Unexpected end of JSON input|Unterminated string/.test(message) || (position !== undefined && position >= end)) {
    return 'is truncated: the JSON ends before it is complete';
  }
  return `is not JSON (${message.split('\n')[0]!.slice(0, 120)})`;
}

/** The first problem, phrased for a person: which field, and what is wrong with it. */
export function describeSchemaIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'does not match the session schema';
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k.slice(0, 60))).join(', ');
    return `has unexpected field${issue.keys.length > 1 ? 's' : ''} ${keys}${where ? ` in ${where}` : ''}`;
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return `is missing the field ${where || '(root)'}`;
  }
  return `has an invalid ${where || 'document'}: ${issue.message}`;
}
