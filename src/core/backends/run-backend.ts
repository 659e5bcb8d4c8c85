import type { BackendFacts, RoundStarted, RunEvent } from '../../shared/measurement';
import type { RunParams } from '../../shared/run-params';
import type { BackendId, LoadCounted, ModeId, WorkloadId } from '../../shared/vocabulary';
import type { ValidRunParams } from '../run/run-params';
import type { RunResult } from '../run/run-result';

/**
 * What runs an experiment's rounds. The engine (measure, RunManager, LabCore) knows only this
 * interface; the simulation is one implementation, and each is one line in registry.ts.
 *
 * A round goes: prepare (size the tasks, make their data), then run once (hand the tasks to
 * the workers, stream events, stop on cancel or timeout, check the answers), then dispose.
 */
export interface RunBackend {
  readonly id: BackendId;
  readonly capabilities: BackendCapabilities;
  /** What the backend says of itself, saved with every measurement it makes. */
  facts(): BackendFacts;
  prepare(params: ValidRunParams): Promise<PreparedRound>;
  close(): Promise<void>;
}

/** What a backend can run, checked by parseRunParams before anything starts. */
export interface BackendCapabilities {
  readonly modes: readonly ModeId[];
  readonly workloads: readonly WorkloadId[];
  /** The largest pool for a mode on a machine with this many logical cores, and the rule in words. */
  maxWorkers(mode: ModeId, logicalCores: number): { workers: number; rule: string };
  /** Why these parameters can't run here, or null; for limits no other field describes. */
  refuse?(params: RunParams): string | null;
}

/** One round, sized and ready: run it once, then dispose of it. */
export interface PreparedRound {
  /** The task size actually run, after calibration on this machine. */
  readonly taskSpec: RunResult['taskSpec'];
  run(options: RoundOptions): Promise<RunResult>;
  /** Removes what the round made (temporary files, shared values). */
  dispose(): void;
}

export interface RoundOptions {
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Called once, before the first task starts; its event is also the round's first onEvent. */
  onRoundStarted?: (start: RoundStart) => void;
  /** Epoch ms when Run was asked for, before sizing and warm-up; firstStartMs counts from here. */
  requestedAt?: number;
}

/** A round's first event, and the OS processes whose CPU is the round's own. */
export interface RoundStart {
  event: RoundStarted;
  load: { counted: LoadCounted; pids: number[] };
}
