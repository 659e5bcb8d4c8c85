import { stoppedSteps } from '../../lessons/assess';
import { describeSettings, type Lesson, type LessonGo, type ParamDef } from '../../lessons/lesson';

/**
 * A lesson's goes as the room sees them side by side: each named by what it changed, the rows
 * they share, and the one go a prediction may be revealed against.
 */

/** The sliders whose values differ between any two of the goes. */
export function changedParams(lesson: Pick<Lesson, 'params'>, goes: readonly LessonGo[]): ParamDef[] {
  return lesson.params.filter((p) => new Set(goes.map((g) => g.values[p.id])).size > 1);
}

/**
 * Each go named by its number and what it changed from the others: "Go 2: Switch interval
 * 1 ms". A go that changed nothing the sliders set (another try, other runs ticked) is its number.
 */
export function goLabels(lesson: Pick<Lesson, 'params'>, goes: readonly LessonGo[]): string[] {
  const changed = changedParams(lesson, goes);
  return goes.map((g) =>
    changed.length ? `Go ${g.go}: ${describeSettings({ params: changed }, g.values)}` : `Go ${g.go}`,
  );
}

/**
 * The go a prediction is revealed against: the latest, once it has ended with every run it
 * made completed. A stopped go is compared with nothing, and neither is an earlier go in its place.
 */
export function revealGo(goes: readonly LessonGo[], running: boolean): LessonGo | null {
  const last = goes.at(-1);
  if (!last || running || last.results.length === 0 || stoppedSteps(last).length > 0) return null;
  return last;
}

/** The planned runs the goes made, each once, in the order they first ran: the rows goes share. */
export function stepRows(goes: readonly LessonGo[]): { key: string; label: string }[] {
  const rows = new Map<string, string>();
  for (const g of goes) for (const r of g.results) if (!rows.has(r.run.key)) rows.set(r.run.key, r.run.label);
  return [...rows].map(([key, label]) => ({ key, label }));
}
