import type { ThreadState } from '../../../shared/vocabulary';

/** How each state is named in text, everywhere the lanes are described. */
export const STATE_TEXT: Record<ThreadState, string> = {
  idle: 'idle',
  running: 'running',
  'waiting-gil': 'waiting for the GIL',
  io: 'in I/O',
  native: 'in native code',
};

/** Seconds with as many decimals as the span shown needs. */
export function formatSeconds(ms: number, spanMs = ms): string {
  const digits = spanMs < 100 ? 4 : spanMs < 1000 ? 3 : spanMs < 20_000 ? 2 : 1;
  return (ms / 1000).toFixed(digits);
}
