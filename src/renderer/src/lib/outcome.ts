/** The outcome of an action, for the view to show beside the control that asked. */
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: string };

/** Engine errors are one line by contract; anything longer is cut to its first line. */
export function oneLine(error: unknown): string {
  const text = String((error as Error)?.message ?? error);
  return text.split('\n')[0]!.trim() || 'something went wrong';
}

/** Runs `work`; a failure comes back as its one-line reason instead of a throw. */
export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    return { ok: false, error: oneLine(e) };
  }
}
