import type { LaneRecorder } from '../../lib/lanes';

/** What WorkerLanes draws: a round's recorder, how far it has got, and what its lanes are called. */
export interface LaneView {
  recorder: LaneRecorder;
  /** Bumped by the owner when the recorder changed; the lanes repaint from it. */
  version: number;
  /** ms since the run's t0: where open segments end while the run goes. */
  nowMs: number;
  running: boolean;
  /** Whether the round had one GIL to draw a holder lane for, as the engine said it did. */
  gil: boolean;
  label?: (worker: number) => string;
}

/** A recorded round once it is over: all of it in view, and nothing in it still moving. */
export function finishedLanes(recorder: LaneRecorder, label: (worker: number) => string): LaneView {
  return { recorder, version: recorder.version, nowMs: recorder.endMs(0), running: false, gil: recorder.gil, label };
}
