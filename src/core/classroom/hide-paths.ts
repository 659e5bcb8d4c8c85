/**
 * Followers see the teacher's runs, never where things are on the teacher's disk: any absolute
 * path inside a string (a workload's file, an interpreter, a data folder in an error) is cut out.
 */
const ABSOLUTE_PATH = /(?:[A-Za-z]:\\|\\\\|~\/|\/)(?:[^\s"'`<>|:;,()[\]{}\\/]+[\\/])+[^\s"'`<>|:;,()[\]{}]*/g;
export const HIDDEN_PATH = '(path hidden)';

export function hidePathsInText(text: string): string {
  return text.includes('/') || text.includes('\\') ? text.replace(ABSOLUTE_PATH, HIDDEN_PATH) : text;
}

/** A copy of `value` with every string's paths hidden; numbers, booleans and shape unchanged. */
export function hidePaths<T>(value: T): T {
  if (typeof value === 'string') return hidePathsInText(value) as T;
  if (Array.isArray(value)) {
    // Lane batches are mostly numbers and short names: only copy an array if something changed.
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const hidden = hidePaths(item);
      if (hidden !== item) (copy ??= [...value])[i] = hidden;
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const hidden = hidePaths(item);
      if (hidden !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = hidden;
    }
    return (copy ?? value) as T;
  }
  return value;
}
