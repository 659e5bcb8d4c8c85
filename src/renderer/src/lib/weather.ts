import { otherBusyCores } from '../../../shared/measurement';

/**
 * The machine's own weather while a run goes: how busy the whole machine was over the last
 * second, and how much of that was not the run's own. The run's figure (from `run:load-measured`)
 * covers about the last second, so the machine's is averaged over as long, not read off the
 * latest sample alone.
 */

/** Cores' worth busy over the last `samples` monitor samples: each core's mean, summed. */
export function recentMachineBusy(history: readonly (readonly number[])[], samples: number): number {
  const k = Math.max(1, Math.round(samples));
  let sum = 0;
  for (const row of history) {
    const recent = row.slice(-k);
    if (recent.length) sum += recent.reduce((a, b) => a + b, 0) / recent.length;
  }
  return sum / 100;
}

export interface LiveWeather {
  /** The whole machine, this page's own browser included, in cores' worth. */
  machine: number;
  /** The machine less the run's own CPU ÷ wall, in cores' worth. */
  other: number;
  /** Whether the other load is past what distorts a lesson's figures. */
  busy: boolean;
}

export function liveWeather(machine: number, ownBusyCores: number, threshold: number): LiveWeather {
  const other = otherBusyCores(machine, ownBusyCores);
  return { machine, other, busy: other > threshold };
}
