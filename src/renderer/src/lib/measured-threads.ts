/** How a real Python run's threads were measured, and what measuring them cost, as the app says it. */
import type { Measurement } from '../../../shared/measurement';
import type { ThreadMeasureMethod } from '../../../shared/vocabulary';
import { formatPercentOfCore, pluralNoun } from './format';

/** The /proc thread sampler's cost over one real Python round. */
export interface ThreadSamplerCost {
  /** The sampling thread's CPU time ÷ the round's wall time: share of one core. */
  share: number;
  hz: number | null;
  /** Threads the sampler measured in the round. */
  threads: number;
}

/**
 * The thread sampler's cost in a run: its last round that measured one, the baseline's rounds
 * after the run's own. Null for the simulation, off Linux, and where the cost wasn't measured.
 */
export function threadSamplerCost(m: Measurement | null): ThreadSamplerCost | null {
  if (!m || m.backend.id !== 'python') return null;
  const rounds = [...(m.baseline?.runs ?? []), ...m.runs];
  for (const round of rounds.reverse()) {
    const t = round.threads;
    if (t && t.samplerCost !== null) return { share: t.samplerCost, hz: t.hz, threads: t.list.length };
  }
  return null;
}

/** The readout's line: "thread sampler (last real Python run): 3.1% of a core at 100 Hz over 17 threads". */
export function threadSamplerText(cost: ThreadSamplerCost | null): string | null {
  if (!cost) return null;
  const rate = cost.hz === null ? '' : ` at ${cost.hz} Hz`;
  return `thread sampler (last real Python run): ${formatPercentOfCore(100 * cost.share)}${rate} over ${cost.threads} ${pluralNoun(cost.threads, 'thread')}`;
}

/** How a run's threads were measured: its last round's method; null for the simulation. */
export function threadMethodOf(m: Measurement | null | undefined): ThreadMeasureMethod | null {
  return m?.runs.at(-1)?.threads?.method ?? null;
}
