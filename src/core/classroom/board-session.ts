import type { SessionSummary } from '../../shared/session-contract';
import type { SessionRun } from '../../shared/session';
import { ContractError } from '../../shared/contract';
import type { SessionStore } from '../sessions/session-store';
import type { BoardSubmission } from './class-board';

/** The session store a board is saved into: the app's own, opened on demand. */
export interface BoardSessionTarget {
  open(): Promise<SessionStore>;
}

/** A board entry as a session run: the measurement and machine it came with, no lanes or samples. */
export function boardRun(entry: BoardSubmission): SessionRun {
  const s = entry.submission;
  return {
    id: entry.id,
    startedAt: entry.receivedAt,
    finishedAt: entry.receivedAt,
    measurement: s.measurement,
    machine: s.machine,
    app: s.app,
    load: null,
    timeline: null,
    tag: s.tag,
  };
}

/** Keeps the board as a new session, one run per machine and mode, through the session store. */
export async function saveBoardAsSession(
  target: BoardSessionTarget,
  name: string,
  entries: readonly BoardSubmission[],
): Promise<SessionSummary> {
  const store = await target.open();
  let summary: SessionSummary;
  try {
    summary = await store.create(name);
    for (const entry of entries) summary = await store.appendRun(summary.id, boardRun(entry));
  } catch (error) {
    throw new ContractError('refused', (error as Error).message);
  }
  return summary;
}
