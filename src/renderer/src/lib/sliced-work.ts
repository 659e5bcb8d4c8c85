/**
 * Long work on the page's thread, cut into slices so the page can draw and answer input between
 * them: the work is a generator whose every `yield` is a point where it may pause. The same
 * generator runs to its end in one go where the work is small, so both paths give one result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step now and returns the result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Lets the page take its turn: a frame, input, other tasks. */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface SliceOptions {
  /** How long one slice may run before the page gets a turn (ms). */
  budgetMs?: number;
  /** Checked before each slice; once true the work stops and nothing is returned. */
  cancelled?: () => boolean;
}

/**
 * Runs the steps a slice at a time, each in a task of its own after the caller's, so none holds
 * the page for much more than `budgetMs` plus its longest step. Resolves to the result, or to
 * undefined if cancelled first; a step that throws rejects.
 */
export async function runInSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T | undefined> {
  const { budgetMs = 8, cancelled = () => false } = options;
  for (;;) {
    await nextTask();
    if (cancelled()) {
      steps.return(undefined as T);
      return undefined;
    }
    const started = performance.now();
    do {
      const next = steps.next();
      if (next.done) return next.value;
    } while (performance.now() - started < budgetMs);
  }
}
