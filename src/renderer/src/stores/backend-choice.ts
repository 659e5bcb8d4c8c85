import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { PythonChoice } from '../../../shared/python-contract';
import { backendsFor, type RunOn } from '../lib/backend-plan';
import { useTransport } from '../transport/transport';

/**
 * Which backends the lessons run on, and in which Python. The engine finds the interpreters and
 * keeps the chosen one in its data folder (python:choose), so the choice is the desktop app's
 * and browser mode's alike and survives a restart; "Both" is the default once one is found.
 */
export const useBackendChoiceStore = defineStore('backend-choice', () => {
  const transport = useTransport();
  const choice = shallowRef<PythonChoice | null>(null);
  /** Null until the room picks; then it stays as picked. */
  const picked = ref<RunOn | null>(null);
  /** Why the engine couldn't list or take an interpreter, in one line. */
  const error = ref<string | null>(null);
  /** The engine's answer being waited for, if any: a listing or a choice. */
  const pending = shallowRef<Promise<void> | null>(null);
  const loading = computed(() => pending.value !== null);

  const python = computed(() => choice.value?.selected ?? null);
  const runOn = computed<RunOn>(() => (python.value ? (picked.value ?? 'both') : 'simulation'));
  const backends = computed(() => backendsFor(runOn.value, python.value));

  /** A host that can't list interpreters runs the simulation alone; a refused choice says why. */
  async function receive(answer: Promise<PythonChoice>, quiet: boolean): Promise<void> {
    try {
      choice.value = await answer;
      error.value = choice.value.error;
    } catch (e) {
      choice.value ??= { found: [], selected: null, error: null };
      error.value = quiet ? null : `Real Python is not available here: ${(e as Error).message}`;
    }
  }

  function settle(answer: Promise<PythonChoice>, quiet: boolean): Promise<void> {
    const settling: Promise<void> = receive(answer, quiet).finally(() => {
      if (pending.value === settling) pending.value = null;
    });
    pending.value = settling;
    return settling;
  }

  /** Asks the engine what it found; refresh probes the PATH again. */
  function load(refresh = false): Promise<void> {
    return settle(transport.invoke('python:list', { refresh }), true);
  }

  /** Uses the interpreter at `path` if it is one GIL Lab can run; else says why and keeps the last. */
  function choose(path: string | null): Promise<void> {
    return settle(transport.invoke('python:choose', { python: path }), false);
  }

  function setRunOn(value: RunOn): void {
    picked.value = value;
  }

  /**
   * Whether a go started now should wait for the engine's answer: it is still looking, and the
   * room has not picked where to run, so where the go runs depends on what it finds.
   */
  const undecided = computed(() => loading.value && picked.value === null);

  /** Resolves when the engine has answered, or when `giveUp` does, whichever is first. */
  function settled(giveUp: Promise<void>): Promise<void> {
    return pending.value ? Promise.race([pending.value, giveUp]) : Promise.resolve();
  }

  return { choice, python, runOn, backends, error, loading, undecided, load, choose, setRunOn, settled };
});
