import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MAX_SESSION_NAME_LENGTH } from '../../shared/session-limits';
import { SessionIdSchema } from '../../shared/session';

/**
 * Session names are display text kept inside the file; file names come from the session's id,
 * never from its name, so no name can reach outside the data folder. Names a person types are
 * still checked, so a bad one gets a reason rather than a surprise; names arriving in imported
 * files are cleaned instead, because refusing a classmate's file over its title helps nobody.
 */

// C0 and C1 controls, DEL, and the bidirectional overrides that can make a name display
// differently from what it is ("Trojan Source"). Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

export class SessionNameError extends Error {
  override readonly name = 'SessionNameError';
}

/** Checks a name a person gave; returns it trimmed, or throws with the reason. */
export function checkSessionName(input: string): string {
  const name = input.normalize('NFC').trim();
  if (name === '') throw new SessionNameError('a session name cannot be empty');
  if (name.length > MAX_SESSION_NAME_LENGTH) {
    throw new SessionNameError(
      `a session name can be at most ${MAX_SESSION_NAME_LENGTH} characters; this one has ${name.length}`,
    );
  }
  if (FORBIDDEN.test(name)) throw new SessionNameError('a session name cannot contain control characters');
  if (/[/\\]/.test(name)) throw new SessionNameError('a session name cannot contain / or \\');
  if (name === '.' || name === '..' || name.includes('..'))
    throw new SessionNameError('a session name cannot contain ".."');
  return name;
}

/** Makes any string a usable name: controls and separators dropped, ".." broken up, cut to length. */
export function sanitiseSessionName(input: string, fallback = 'Imported session'): string {
  let name = input.normalize('NFC').replace(FORBIDDEN_ALL, '').replace(/[/\\]/g, '-');
  while (name.includes('..')) name = name.replace(/\.\./g, '.');
  name = name.trim();
  if (name === '' || name === '.') name = fallback;
  return Array.from(name).slice(0, MAX_SESSION_NAME_LENGTH).join('').trim();
}

/** "name", else "name (2)", "name (3)", … whichever is free; stays within the length limit. */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const base = Array.from(name)
      .slice(0, MAX_SESSION_NAME_LENGTH - suffix.length)
      .join('')
      .trimEnd();
    const candidate = `${base}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/** A name as lower-case ASCII words joined by dashes, at most 40 characters: "Ünï 4 cores" → "uni-4-cores". */
export function slugOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      // Decomposed accents are separate marks; drop them so "Ünï" reads "uni", not "u-ni".
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '')
  );
}

/** A fresh id: a readable slug of the name plus random hex, e.g. "cpu-4-cores-3f9a1c". */
export function newSessionId(name: string): string {
  const id = `${slugOf(name) || 'session'}-${randomBytes(3).toString('hex')}`;
  return SessionIdSchema.parse(id);
}

export const SESSION_FILE_SUFFIX = '.session.json.gz';

/** Why a file whose name no GIL Lab would give a session is listed rather than opened. */
export const NOT_A_SESSION_NAME = 'has a name GIL Lab never gives a session file; import it to add it to the library';

/** The session id a file name stands for, or null when GIL Lab would never give a file that name. */
export function sessionIdOfFile(fileName: string): string | null {
  if (!fileName.endsWith(SESSION_FILE_SUFFIX)) return null;
  const id = fileName.slice(0, -SESSION_FILE_SUFFIX.length);
  return SessionIdSchema.safeParse(id).success ? id : null;
}

/** A file name fit to show: controls and direction overrides replaced, cut to 120 characters. */
export function displayFileName(fileName: string): string {
  const chars = Array.from(fileName.replace(FORBIDDEN_ALL, '\uFFFD'));
  return chars.length > 120 ? `${chars.slice(0, 119).join('')}…` : chars.join('');
}

/**
 * The file for a session id inside `dir`. The id is checked against its pattern, and the
 * resolved path is checked to sit directly in `dir`, so even a forged id can't escape it.
 */
export function sessionFilePath(dir: string, id: string): string {
  const checked = SessionIdSchema.safeParse(id);
  if (!checked.success) throw new SessionNameError(`"${id.slice(0, 80)}" is not a session id`);
  const root = path.resolve(dir);
  const file = path.resolve(root, `${checked.data}${SESSION_FILE_SUFFIX}`);
  if (path.dirname(file) !== root) throw new SessionNameError(`"${id.slice(0, 80)}" is not a session id`);
  return file;
}
