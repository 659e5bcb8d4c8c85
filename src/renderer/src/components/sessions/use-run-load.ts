import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import type { SessionRun } from '../../../../shared/session';
import { replayLoadSteps, type LoadReplay } from '../../lib/run-replay';
import { runInSlices, runToEnd } from '../../lib/sliced-work';

/** Per-core values decoded in one piece: a few ms of work. */
const DECODE_AT_ONCE = 100_000;

/**
 * The run's load, decoded once per run. A long one (an hour on hundreds of cores) is decoded in
 * slices after the page has drawn the rest, so opening it never holds the page; a short one
 * straight away. A column that fails to unpack is said, not drawn.
 */
export function useRunLoad(run: () => SessionRun) {
  const load = shallowRef<LoadReplay | null>(null);
  const readingLoad = ref(false);
  const loadProblem = ref<string | null>(null);
  let loadGeneration = 0;
  watch(
    () => [run().load, run().startedAt, run().finishedAt] as const,
    ([trace, startedAt, finishedAt]) => {
      const generation = ++loadGeneration;
      readingLoad.value = false;
      // The run read again keeps its picture until the new one is ready.
      const settle = (replay: LoadReplay | null, why: string | null) => {
        if (generation !== loadGeneration) return;
        load.value = replay;
        loadProblem.value = why;
      };
      if (!trace) return settle(null, null);
      const steps = replayLoadSteps(trace, Date.parse(startedAt), Date.parse(finishedAt));
      const done = (replay: LoadReplay | undefined) => replay && settle(replay, null);
      const failed = (e: unknown) => settle(null, `The saved samples could not be read: ${(e as Error).message}`);
      if (trace.ticks * trace.cores <= DECODE_AT_ONCE) {
        try {
          done(runToEnd(steps));
        } catch (e) {
          failed(e);
        }
        return;
      }
      readingLoad.value = true;
      runInSlices(steps, { cancelled: () => generation !== loadGeneration })
        .then(done, failed)
        .finally(() => {
          if (generation === loadGeneration) readingLoad.value = false;
        });
    },
    { immediate: true },
  );
  onBeforeUnmount(() => loadGeneration++);
  return { load, readingLoad, loadProblem };
}
