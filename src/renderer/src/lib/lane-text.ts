/** The lanes in words: the summary read out beside the canvas. */
import { THREAD_STATES, type BackendId, type ThreadMeasureMethod, type ThreadState } from '../../../shared/vocabulary';
import { MEASURED_THREAD_STATE_TEXT } from '../../../shared/measurement';
import { formatSecondsOnSpan, pluralNoun } from './format';
import type { LaneRecorder, StateTimes } from '../../../shared/lanes';
import { STATE_TEXT, TASK_SPAN_STATE_TEXT } from '../../../shared/lane-names';

/**
 * What a lane's states are called for a run on `backend`, its threads measured by `method`.
 * Real Python's lanes are read from the OS, which sees a futex wait, not the GIL: that state is
 * named for what was measured. Where threads weren't sampled, a lane is a task span, which may
 * hold any state, and is named so.
 */
export function laneStateText(
  backend: BackendId | undefined,
  method: ThreadMeasureMethod | null = null,
): Record<ThreadState, string> {
  if (backend !== 'python') return STATE_TEXT;
  const measured = {
    ...STATE_TEXT,
    'waiting-gil': MEASURED_THREAD_STATE_TEXT.futex,
    io: MEASURED_THREAD_STATE_TEXT.io,
  };
  return method === 'task-spans' ? { ...measured, running: TASK_SPAN_STATE_TEXT } : measured;
}

/**
 * How the lanes of a finished run are named and what their legend says: by its backend and how
 * its threads were measured, so that real Python's lanes are named the same wherever they show.
 */
export function laneNaming(
  backend: BackendId | undefined,
  method: ThreadMeasureMethod | null,
): { stateText: Record<ThreadState, string>; spansOnly: boolean } {
  return { stateText: laneStateText(backend, method), spansOnly: backend === 'python' && method === 'task-spans' };
}

/**
 * The lanes in words, for screen readers and the line under the canvas: each state's share of
 * the time over all lanes (`text`, with the GIL's hand-offs) and per lane (`lanes`). `noun` names
 * one worker ("thread", "process"). `countedSwitches`, once the run is measured, is the GIL's
 * own count of switches, said beside the lanes' count where the two differ.
 */
export function describeLanes(
  recorder: LaneRecorder,
  nowMs: number,
  {
    gil,
    noun,
    countedSwitches = null,
    stateText = STATE_TEXT,
  }: { gil: boolean; noun: string; countedSwitches?: number | null; stateText?: Record<ThreadState, string> },
): { text: string; lanes: string[] } {
  const rows = recorder.stateTimes(nowMs);
  const span = Math.max(1, recorder.endMs(nowMs));
  const pct = (ms: number, n: number): string => `${Math.round((100 * ms) / (span * Math.max(1, n)))}%`;
  // Running is always named, waiting for the GIL whenever there is one, the rest when they happened.
  const named = (state: ThreadState, ms: number): boolean =>
    state !== 'idle' && (state === 'running' || ms > 0 || (state === 'waiting-gil' && gil));
  const parts = (times: StateTimes, n: number): string =>
    THREAD_STATES.filter((state) => named(state, times[state]))
      .map((state) => `${stateText[state]} ${pct(times[state], n)}`)
      .join(', ');
  const total = Object.fromEntries(
    THREAD_STATES.map((state) => [state, rows.reduce((sum, times) => sum + times[state], 0)]),
  ) as StateTimes;
  const n = rows.length;
  let text = `${n} ${pluralNoun(n, noun)} over ${formatSecondsOnSpan(span, span)} s: ${parts(total, n)} of the time`;
  if (gil) {
    const switches = recorder.switches();
    text += `; the GIL changed hands ${switches} ${pluralNoun(switches, 'time')}`;
    if (countedSwitches !== null && countedSwitches !== switches) {
      text += ` in these lanes; the GIL itself counted ${countedSwitches} ${pluralNoun(countedSwitches, 'switch')}, its first take included, and hand-overs too quick for the lanes to receive`;
    }
  }
  return { text: `${text}.`, lanes: rows.map((times) => parts(times, 1)) };
}
