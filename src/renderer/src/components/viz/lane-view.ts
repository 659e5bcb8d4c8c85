import type { LaneRecorder } from '../../../../shared/lanes';
import type { ThreadState } from '../../../../shared/vocabulary';

export type CoreWaits = 'measured' | 'not-measured';

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
  /**
   * Whether the OS reports when workers wait for a core (Linux does): measured puts the state in
   * the legend, not-measured says so there, unset leaves it to whether any lane has it.
   */
  coreWaits?: CoreWaits;
  /** The GIL's own count of switches in this round, once measured, said beside the lanes' count. */
  countedSwitches?: number | null;
  /** What each state is called: real Python's futex waits are not named the GIL's. */
  stateText?: Record<ThreadState, string>;
  /**
   * Real Python whose threads weren't sampled (off Linux): each lane is a worker's task spans,
   * with no state measured inside them, and the legend says so rather than list states as absent.
   */
  spansOnly?: boolean;
}

/** What is known of a recorded round beside its lanes: whether core waits were measured, GIL switches. */
export type LaneFacts = Pick<LaneView, 'coreWaits' | 'countedSwitches' | 'stateText' | 'spansOnly'>;

/** A recorded round once it is over: all of it in view, and nothing in it still moving. */
export function finishedLanes(
  recorder: LaneRecorder,
  label: (worker: number) => string,
  facts: LaneFacts = {},
): LaneView {
  return {
    recorder,
    version: recorder.version,
    nowMs: recorder.endMs(0),
    running: false,
    gil: recorder.gil,
    label,
    ...facts,
  };
}
