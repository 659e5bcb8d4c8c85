import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { LESSONS } from '../lessons/catalog';
import {
  defaults,
  describeSettings,
  type LessonGo,
  type ParamValues,
  type PlannedRun,
  type StepResult,
} from '../lessons/lesson';
import { BACKEND_TEXT, backendSteps } from '../lib/backend-plan';
import { useBackendChoiceStore } from './backend-choice';
import { useRunStore } from './run';

/** How long a go waits for the engine to finish looking for Python before it runs without it. */
const LOOK_FOR_PYTHON_MS = 15_000;

/**
 * Which lesson is open, its parameters, the room's prediction and what its runs measured.
 * A lesson's plan runs one request at a time, in order, each planned run once per backend the
 * room chose (the simulation, then real Python); Stop cancels the one going and skips the rest.
 * A backend that can't run a step says why and the rest go on; real Python failing drops it for
 * the rest of the go, and the simulation carries on.
 */
export const useLessonStore = defineStore('lessons', () => {
  const runs = useRunStore();
  const choice = useBackendChoiceStore();
  const index = ref(0);
  const cores = ref(1);
  const values = ref<Record<string, ParamValues>>({});
  const predictions = ref<Record<string, number | null>>({});
  /** Per lesson, the planned runs someone unticked: a teacher can rerun just one mode. */
  const skipped = ref<Record<string, string[]>>({});
  /** Every go of every lesson, oldest first. */
  const goes = shallowRef<Record<string, LessonGo[]>>({});
  /** Each lesson's latest go's results. */
  const results = computed<Record<string, StepResult[]>>(() =>
    Object.fromEntries(Object.entries(goes.value).map(([id, list]) => [id, list.at(-1)?.results ?? []])),
  );
  /** The run going, and its place among the go's runs on every backend. */
  const active = ref<{ lessonId: string; step: number; steps: number; label: string } | null>(null);
  const error = ref<string | null>(null);
  /** A go waiting for the engine to finish looking for Python, before its first run. */
  const looking = ref(false);
  let stopRequested = false;
  let stopLooking: (() => void) | null = null;

  const lesson = computed(() => LESSONS[index.value]!);
  const busy = computed(() => active.value !== null || looking.value);

  function paramsOf(id: string): ParamValues {
    const l = LESSONS.find((x) => x.id === id)!;
    if (!values.value[id]) values.value[id] = defaults(l, cores.value);
    return values.value[id];
  }

  function setCores(n: number): void {
    if (n === cores.value) return;
    cores.value = n;
    // Defaults that depend on the machine follow it until someone changes them.
    values.value = {};
  }

  function go(to: number): void {
    if (busy.value) return;
    index.value = (to + LESSONS.length) % LESSONS.length;
  }

  function setParam(id: string, value: number): void {
    paramsOf(lesson.value.id)[id] = value;
  }

  function setPrediction(value: number | null): void {
    predictions.value[lesson.value.id] = value;
  }

  async function runPlan(lessonId: string, plan: PlannedRun[]): Promise<void> {
    if (busy.value || plan.length === 0) return;
    stopRequested = false;
    error.value = null;
    if (choice.undecided) {
      // Run pressed as the lab opens: the go runs where the room would have it once Python is
      // found ("Both" by default), not on the simulation alone because the listing was slow.
      looking.value = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const giveUp = new Promise<void>((resolve) => {
        stopLooking = resolve;
        timer = setTimeout(resolve, LOOK_FOR_PYTHON_MS);
      });
      await choice.settled(giveUp);
      clearTimeout(timer);
      looking.value = false;
      stopLooking = null;
      if (stopRequested) return;
    }
    const lesson = LESSONS.find((l) => l.id === lessonId)!;
    const values = { ...paramsOf(lessonId) };
    const earlier = goes.value[lessonId] ?? [];
    const backends = choice.backends;
    const python = choice.python;
    let current: LessonGo = {
      go: (earlier.at(-1)?.go ?? 0) + 1,
      values,
      settings: describeSettings(lesson, values),
      results: [],
      ...(backends.length > 1 || backends[0] !== 'simulation' ? { backends, paired: [], refused: [] } : {}),
    };
    const keep = (go: LessonGo): void => {
      current = go;
      goes.value = { ...goes.value, [lessonId]: [...earlier, go] };
    };
    keep(current);
    const steps = backendSteps(plan, backends, python);
    let pythonFailed = false;
    for (const [i, { backend, run, refused }] of steps.entries()) {
      if (stopRequested) break;
      const first = backend === backends[0];
      if (refused || (backend === 'python' && pythonFailed)) {
        if (refused) {
          const note = { key: run.key, label: run.label, backend, reason: refused };
          keep({ ...current, refused: [...(current.refused ?? []), note] });
        }
        continue;
      }
      const label = backends.length > 1 ? `${run.label}, ${BACKEND_TEXT[backend]}` : run.label;
      active.value = { lessonId, step: i, steps: steps.length, label };
      const tag = { lesson: lessonId, go: current.go, step: run.key, settings: current.settings };
      const outcome = await runs.run({ ...run.request, tag });
      const done: StepResult = {
        run,
        measurement: outcome.measurement,
        error: outcome.error,
        lanes: runs.recorder,
      };
      keep(
        first
          ? { ...current, results: [...current.results, done] }
          : { ...current, paired: [...(current.paired ?? []), done] },
      );
      if (outcome.error) {
        error.value = `${label}: ${outcome.error}`;
        if (!first) {
          pythonFailed = true;
          continue;
        }
        break;
      }
      if (outcome.measurement && outcome.measurement.runs.some((r) => r.outcome === 'cancelled')) break;
    }
    active.value = null;
  }

  /**
   * Leaves only the lesson's latest go on screen, when the earlier ones have served. Go numbers
   * keep counting, so a later go is never taken for one cleared; not while a go is running.
   */
  function clearEarlierGoes(lessonId: string): void {
    const list = goes.value[lessonId];
    if (busy.value || !list || list.length < 2) return;
    goes.value = { ...goes.value, [lessonId]: list.slice(-1) };
  }

  function planOf(id: string): PlannedRun[] {
    const l = LESSONS.find((x) => x.id === id)!;
    return l.plan(paramsOf(id), cores.value);
  }

  function toggleStep(key: string): void {
    const id = lesson.value.id;
    const current = skipped.value[id] ?? [];
    skipped.value[id] = current.includes(key) ? current.filter((k) => k !== key) : [...current, key];
  }

  function run(): Promise<void> {
    const id = lesson.value.id;
    const skip = skipped.value[id] ?? [];
    return runPlan(
      id,
      planOf(id).filter((step) => !skip.includes(step.key)),
    );
  }

  async function stop(): Promise<void> {
    stopRequested = true;
    stopLooking?.();
    await runs.cancel();
  }

  function toggle(): Promise<void> {
    return busy.value ? stop() : run();
  }

  return {
    index,
    lesson,
    cores,
    values,
    predictions,
    skipped,
    goes,
    results,
    active,
    looking,
    busy,
    error,
    paramsOf,
    planOf,
    toggleStep,
    setCores,
    go,
    setParam,
    setPrediction,
    run,
    runPlan,
    clearEarlierGoes,
    stop,
    toggle,
  };
});
