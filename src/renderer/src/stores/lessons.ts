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
import { useRunStore } from './run';

/**
 * Which lesson is open, its parameters, the room's prediction and what its runs measured.
 * A lesson's plan runs one request at a time, in order; Stop cancels the one going and skips
 * the rest.
 */
export const useLessonStore = defineStore('lessons', () => {
  const runs = useRunStore();
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
  const active = ref<{ lessonId: string; step: number; steps: number; label: string } | null>(null);
  const error = ref<string | null>(null);
  let stopRequested = false;

  const lesson = computed(() => LESSONS[index.value]!);
  const busy = computed(() => active.value !== null);

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
    const lesson = LESSONS.find((l) => l.id === lessonId)!;
    const values = { ...paramsOf(lessonId) };
    const earlier = goes.value[lessonId] ?? [];
    let current: LessonGo = {
      go: (earlier.at(-1)?.go ?? 0) + 1,
      values,
      settings: describeSettings(lesson, values),
      results: [],
    };
    const keep = (go: LessonGo): void => {
      current = go;
      goes.value = { ...goes.value, [lessonId]: [...earlier, go] };
    };
    keep(current);
    for (const [step, run] of plan.entries()) {
      if (stopRequested) break;
      active.value = { lessonId, step, steps: plan.length, label: run.label };
      const tag = { lesson: lessonId, go: current.go, step: run.key, settings: current.settings };
      const outcome = await runs.run({ ...run.request, tag });
      const done: StepResult = {
        run,
        measurement: outcome.measurement,
        error: outcome.error,
        lanes: runs.recorder,
      };
      keep({ ...current, results: [...current.results, done] });
      if (outcome.error) {
        error.value = `${run.label}: ${outcome.error}`;
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
