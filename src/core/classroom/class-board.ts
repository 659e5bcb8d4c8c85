import { median } from '../../shared/stats';
import type { BoardEntry, ClassBoard, ClassSubmission, ModeMedian } from '../../shared/class-contract';
import { EXECUTION_MODES, type BoardFlag } from '../../shared/vocabulary';

/**
 * The class board, computed: one entry per machine and mode from the submissions kept, medians
 * per mode, and flags on the runs worth a second look. Pure, so the board a teacher sees is the
 * board the tests check.
 */

export interface BoardSubmission {
  id: string;
  address: string;
  receivedAt: string;
  submission: ClassSubmission;
}

/** A speedup this far from its peers' median (as a share of it, and at least this much) is flagged. */
export const OUTLIER_SHARE = 0.3;
export const OUTLIER_MIN = 0.3;
/** Peers needed before a speedup can be called far from theirs. */
export const OUTLIER_MIN_PEERS = 3;
/** Other load during the run, in cores' worth, past which the machine counts as busy. */
export const BUSY_SHARE_OF_CORES = 0.25;
export const BUSY_MIN_CORES = 0.5;

/** Which board entry a submission replaces: the same machine, from the same address, in the same mode. */
export function boardKey(address: string, s: ClassSubmission): string {
  const m = s.machine;
  return [address, m.cpuModel, m.logicalCores, m.os.platform, m.os.release, s.measurement.params.mode].join('|');
}

function otherLoad(s: ClassSubmission): number | null {
  return median(s.measurement.runs.flatMap((r) => (r.otherBusyCores === null ? [] : [r.otherBusyCores])));
}

/** The cores a run could have used: its pool, or the machine, whichever is fewer. */
function usableCores(e: Pick<BoardEntry, 'workers' | 'logicalCores'>): number {
  return Math.min(e.workers, e.logicalCores);
}

function describeOs(s: ClassSubmission): string {
  const os = s.machine.os;
  return [os.distro || os.platform, os.release, os.arch].filter((part) => part !== '').join(' ');
}

function entryOf(b: BoardSubmission): BoardEntry {
  const { measurement: m, machine } = b.submission;
  const other = otherLoad(b.submission);
  const flags: BoardFlag[] = [];
  if (m.outcome !== 'completed') flags.push('not-completed');
  else if (!m.verified) flags.push('not-verified');
  if (b.submission.powerSaver === true) flags.push('power-saver');
  if (other !== null && other > Math.max(BUSY_MIN_CORES, BUSY_SHARE_OF_CORES * machine.logicalCores)) {
    flags.push('busy-machine');
  }
  return {
    id: b.id,
    student: b.submission.student,
    address: b.address,
    receivedAt: b.receivedAt,
    mode: m.params.mode,
    workload: m.params.workload,
    workers: m.params.workers,
    cpuModel: machine.cpuModel,
    logicalCores: machine.logicalCores,
    os: describeOs(b.submission),
    speedup: m.outcome === 'completed' ? m.speedup : null,
    wallMs: m.wallMs.n > 0 ? m.wallMs.median : null,
    otherBusyCores: other,
    powerSaver: b.submission.powerSaver,
    flags,
  };
}

/** Flags a speedup far from the median of runs in the same mode that could use as many cores. */
function flagOutliers(entries: BoardEntry[]): void {
  const groups = new Map<string, BoardEntry[]>();
  for (const e of entries) {
    if (e.speedup === null) continue;
    const key = `${e.mode}|${usableCores(e)}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const group of groups.values()) {
    if (group.length < OUTLIER_MIN_PEERS) continue;
    for (const e of group) {
      const peers = group.filter((p) => p !== e).map((p) => p.speedup!);
      const mid = median(peers)!;
      if (Math.abs(e.speedup! - mid) > Math.max(OUTLIER_MIN, OUTLIER_SHARE * mid)) e.flags.push('speedup-outlier');
    }
  }
}

function mediansByMode(entries: readonly BoardEntry[]): ModeMedian[] {
  return EXECUTION_MODES.flatMap((mode) => {
    const ofMode = entries.filter((e) => e.mode === mode);
    if (ofMode.length === 0) return [];
    const speedups = ofMode.flatMap((e) => (e.speedup === null ? [] : [e.speedup]));
    return [{ mode, machines: ofMode.length, speedup: median(speedups) }];
  });
}

export function computeBoard(submissions: readonly BoardSubmission[]): ClassBoard {
  const entries = submissions.map(entryOf);
  flagOutliers(entries);
  return { entries, medians: mediansByMode(entries) };
}
