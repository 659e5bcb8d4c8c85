import { stoppedSteps } from '../../lessons/assess';
import type { Conclusion, Lesson, LessonGo, Verdict } from '../../lessons/lesson';

/**
 * What a lesson concludes from a go, as the results show it: a verdict on a checkable claim, or
 * a plain sentence from a lesson that states its findings without one. Every view reads a
 * lesson's conclusions through here, so the lesson's conclude is called in one place.
 */

/** A conclusion as shown: with a verdict and its claim, or (a lesson without claims) a sentence alone. */
export interface ShownConclusion {
  verdict: Verdict | null;
  claim: string | null;
  text: string;
}

/** What the room is told of a verdict: its word and a mark that says it without colour. */
export const VERDICT_SHOWN: Record<Verdict, { word: string; mark: string }> = {
  held: { word: 'Held', mark: '✓' },
  'not-held': { word: 'Did not hold', mark: '✗' },
  'cannot-tell': { word: 'Can’t tell', mark: '?' },
};

export interface ConcludeContext {
  cores: number;
  /** The lesson's goes before this one, oldest first. */
  earlier: readonly LessonGo[];
}

/** The lesson's own conclude, given a go: what it says, in whichever form it says it. */
function said(lesson: Lesson, go: LessonGo, context: ConcludeContext): readonly (string | Conclusion)[] {
  return lesson.conclude(go.results, context.cores);
}

/**
 * The conclusions of a go that has ended. Sentences without a verdict are written for a go whose
 * runs all completed; for a stopped go they would state figures it doesn't have, so they are left
 * out and the go's stopped note speaks instead. Verdicts say for themselves when a go can't tell.
 */
export function conclusionsOf(lesson: Lesson, go: LessonGo, context: ConcludeContext): ShownConclusion[] {
  const lines = said(lesson, go, context);
  const stopped = stoppedSteps(go).length > 0;
  return lines.flatMap<ShownConclusion>((line) =>
    typeof line === 'string'
      ? stopped
        ? []
        : [{ verdict: null, claim: null, text: line }]
      : [{ verdict: line.verdict, claim: line.claim, text: line.text }],
  );
}
