import os from 'node:os';
import { RUN_MEMORY_SHARE_OF_RAM } from '../../shared/limits';
import { formatBytes } from '../sessions/session-file';

/** The most memory one run may fill with what it sends its workers, on this machine. */
export function runMemoryBudget(totalBytes = os.totalmem()): number {
  return Math.floor(totalBytes * RUN_MEMORY_SHARE_OF_RAM);
}

/**
 * Why a run that would hold `needBytes` can't start here, in one line that shows the budget, or
 * null when it fits. `what` says how the need was counted.
 */
export function refuseOverBudget(needBytes: number, what: string, totalBytes = os.totalmem()): string | null {
  const budget = runMemoryBudget(totalBytes);
  if (needBytes <= budget) return null;
  const share = Math.round(RUN_MEMORY_SHARE_OF_RAM * 100);
  return `this run would hold about ${formatBytes(needBytes)} (${what}), over the memory budget of ${formatBytes(budget)} (${share}% of this machine's ${formatBytes(totalBytes)} RAM); send smaller payloads or use fewer workers`;
}
