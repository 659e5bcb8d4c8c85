import type { Conclusion, ConcludeContext, Lesson, LessonGo, Verdict } from '../../lessons/lesson';

/**
 * What a lesson concludes from a go, as the results show it: a verdict on a checkable claim, in
 * plain words with the numbers. Every view reads a lesson's conclusions through here, so the
 * lesson's conclude is called in one place.
 */

/** A conclusion as shown. */
export type ShownConclusion = Conclusion;

/** What the room is told of a verdict: its word and a mark that says it without colour. */
export const VERDICT_SHOWN: Record<Verdict, { word: string; mark: string }> = {
  held: { word: 'Held', mark: '✓' },
  'not-held': { word: 'Did not hold', mark: '✗' },
  'cannot-tell': { word: 'Can’t tell', mark: '?' },
};

/** The conclusions of a go that has ended; a stopped go's claims say themselves that it can't tell. */
export function conclusionsOf(lesson: Lesson, go: LessonGo, context: ConcludeContext): ShownConclusion[] {
  return lesson.conclude(go, context);
}
