import type { LessonTag } from '../../../shared/measurement';
import { LESSONS } from '../lessons/catalog';
import type { Lesson, ParamValues } from '../lessons/lesson';
import type { RunRow } from './session-runs';

/**
 * What a saved run's lesson tag says in words, and a session's runs gathered by lesson and go:
 * each press of Run in a lesson is a go with its own settings, so its runs belong together, and
 * runs made outside a lesson (the command line, files from before runs were tagged) form a group
 * of their own.
 */

export function lessonTitle(id: string): string {
  return LESSONS.find((l) => l.id === id)?.title ?? id;
}

const stepNames = new Map<string, ReadonlyMap<string, string>>();

/**
 * The names a lesson's plan gives its steps, where no slider changes the name: the plan is laid
 * out at every slider's lowest and at its highest, and a step named differently by the two (say
 * "Send 1 MiB" and "Send 256 MiB") is left out, since the go's own slider values aren't stored.
 */
function namesOf(lesson: Lesson): ReadonlyMap<string, string> {
  const known = stepNames.get(lesson.id);
  if (known) return known;
  const at = (pick: 'min' | 'max'): ParamValues => Object.fromEntries(lesson.params.map((p) => [p.id, p[pick]]));
  const low = new Map(lesson.plan(at('min'), 1).map((r) => [r.key, r.label]));
  const high = new Map(lesson.plan(at('max'), 1).map((r) => [r.key, r.label]));
  const names = new Map<string, string>();
  for (const key of new Set([...low.keys(), ...high.keys()])) {
    const a = low.get(key);
    const b = high.get(key);
    if (a === undefined || b === undefined || a === b) names.set(key, (a ?? b)!);
  }
  stepNames.set(lesson.id, names);
  return names;
}

/** The step's name in its lesson ("Beside 2 CPU threads"), or null where the lesson doesn't fix one. */
export function stepName(tag: LessonTag): string | null {
  const lesson = LESSONS.find((l) => l.id === tag.lesson);
  return lesson ? (namesOf(lesson).get(tag.step) ?? null) : null;
}

/** One lesson's go in a session, or the runs made outside any lesson. */
export interface RunGroup {
  key: string;
  /** "CPU-bound work, go 2", or what untagged runs are. */
  heading: string;
  /** The go's settings in words; empty for untagged runs and goes without sliders. */
  settings: string;
  tagged: boolean;
  rows: RunRow[];
}

export const UNTAGGED_HEADING = 'Runs made outside a lesson';

export function groupKey(tag: LessonTag | null): string {
  return tag ? `lesson:${tag.lesson}|go:${tag.go}` : 'untagged';
}

/** The runs by lesson and go, each group where its first run is in the session, runs in session order. */
export function runGroups(rows: readonly RunRow[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const row of rows) {
    const key = groupKey(row.tag);
    let group = groups.get(key);
    if (!group) {
      group = row.tag
        ? {
            key,
            heading: `${lessonTitle(row.tag.lesson)}, go ${row.tag.go}`,
            settings: row.tag.settings,
            tagged: true,
            rows: [],
          }
        : { key, heading: UNTAGGED_HEADING, settings: '', tagged: false, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

/**
 * Each run's name under its bar: its number and its step in the lesson (or its workload and
 * mode), and which go, where its lesson was run in more than one go among these runs.
 */
export function barLabels(rows: readonly RunRow[]): string[] {
  const goes = new Map<string, Set<number>>();
  for (const r of rows) if (r.tag) goes.set(r.tag.lesson, (goes.get(r.tag.lesson) ?? new Set()).add(r.tag.go));
  return rows.map((r) => {
    const go = r.tag && goes.get(r.tag.lesson)!.size > 1 ? `, go ${r.tag.go}` : '';
    return `${r.index}. ${r.step ?? r.label}${go}`;
  });
}
