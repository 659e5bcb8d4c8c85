import type { MeasuredThreads, RunSummary } from '../../shared/measurement';
import type { RunOutcome } from '../../shared/vocabulary';
import type { GilReport, TimelineEvent } from '../gil/gil-report';
import type { TaskResult } from '../workloads/task-kind';
import type { ValidRunParams } from './run-params';

/** One task of a round, as its worker ran it. Times are epoch ms. */
export interface TaskRecord {
  index: number;
  worker: number;
  dispatchedAt: number;
  startedAt: number;
  endedAt: number;
  cpuMs: number;
  result: TaskResult | null;
  error: string | null;
}

export type WorkerFigures = RunSummary['workers'][number];

/** How a round's tasks were sized, and the way to have them sized again (see task-length.ts). */
export interface RoundSizing {
  /** The length one task aimed at, ms; null for workloads of a fixed size. */
  targetMs: number | null;
  /** Indexes of the tasks sized by calibration to targetMs; empty where nothing was calibrated. */
  calibratedTasks: readonly number[];
  /** This round's size was calibrated again because the last one had drifted from its target. */
  resized: boolean;
  /** Forgets the calibration this round used, so the next round to ask sizes again. */
  forget(): void;
}

/** One round of one experiment, as a backend reports it. */
export interface RunResult {
  params: ValidRunParams;
  outcome: RunOutcome;
  /** Workers the round ran on: one lane each. */
  lanes: number;
  wallMs: number;
  cpuMs: number;
  /** CPU ÷ wall: how many cores' worth of work the run kept busy. */
  busyCores: number;
  /** From Run to the first task starting: sizing the task (once per workload), warm-up, hand-out. */
  firstStartMs: number;
  workers: WorkerFigures[];
  tasks: TaskRecord[];
  /** Every task's answer checked against an independent computation. */
  verified: boolean;
  verifyNote: string;
  /** Time from handing a task to the pool to the worker starting it: dispatch plus serialization. */
  dispatchMs: RunSummary['dispatchMs'];
  /** Spawn times of the pool's workers (pools are warm, so not inside wallMs). */
  spawnMs: number[];
  /** The task size actually run, after calibration to taskMs on this machine. */
  taskSpec: { workload: string } & Record<string, string | number | boolean>;
  counter: RunSummary['counter'];
  ioLoop: NonNullable<RunSummary['ioLoop']> | null;
  gil: GilReport | null;
  /** The lanes' states, oldest first, `ready` included where the OS measured a wait for a core. */
  timeline: TimelineEvent[];
  cpuMethod: string;
  /** The workers' wait for a core during the round, from the OS scheduler; null where it can't be read. */
  waitingForCore: RunSummary['waitingForCore'];
  /** What measuring that wait cost the host: readings taken and ms spent taking them. */
  coreWaitCost: { readings: number; ms: number } | null;
  sizing: RoundSizing;
  /** Date.now() at the round's start and end: the clock the monitor's samples carry. */
  clock: { from: number; to: number };
  /** CPU ÷ wall over `clock` of every GIL Lab process in the round: the engine's and the workers'. */
  labBusyCores: number;
  /** Real Python: each OS thread's measured states over the round. */
  threads?: MeasuredThreads;
}
