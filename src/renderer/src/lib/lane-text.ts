/** The lanes in words: each state's name, and the summary read out beside the canvas. */
import type { ThreadState } from '../../../shared/vocabulary';
import { formatSecondsOnSpan } from './format';
import type { LaneRecorder, LaneSummary } from './lanes';

/** How each state is named in text, everywhere the lanes are described. */
export const STATE_TEXT: Record<ThreadState, string> = {
  idle: 'idle',
  running: 'running',
  'waiting-gil': 'waiting for the GIL',
  io: 'in I/O',
  native: 'in native code',
  ready: 'waiting for a core',
};

const plural = (n: number, word: string): string => (n === 1 ? word : word.endsWith('s') ? `${word}es` : `${word}s`);

/**
 * The lanes in words, for screen readers and the line under the canvas: each state's share of
 * the time over all lanes (`text`, with the GIL's hand-offs) and per lane (`lanes`). `noun` names
 * one worker ("thread", "process").
 */
export function describeLanes(
  recorder: LaneRecorder,
  nowMs: number,
  { gil, noun }: { gil: boolean; noun: string },
): { text: string; lanes: string[] } {
  const rows = recorder.summary(nowMs);
  const span = Math.max(1, recorder.endMs(nowMs));
  const pct = (ms: number, n: number): string => `${Math.round((100 * ms) / (span * Math.max(1, n)))}%`;
  const parts = (s: Omit<LaneSummary, 'worker'>, n: number): string => {
    const out = [`${STATE_TEXT.running} ${pct(s.runningMs, n)}`];
    if (gil || s.waitingMs > 0) out.push(`${STATE_TEXT['waiting-gil']} ${pct(s.waitingMs, n)}`);
    if (s.ioMs > 0) out.push(`${STATE_TEXT.io} ${pct(s.ioMs, n)}`);
    if (s.nativeMs > 0) out.push(`${STATE_TEXT.native} ${pct(s.nativeMs, n)}`);
    return out.join(', ');
  };
  const total = { runningMs: 0, waitingMs: 0, ioMs: 0, nativeMs: 0 };
  for (const s of rows) {
    total.runningMs += s.runningMs;
    total.waitingMs += s.waitingMs;
    total.ioMs += s.ioMs;
    total.nativeMs += s.nativeMs;
  }
  const n = rows.length;
  let text = `${n} ${plural(n, noun)} over ${formatSecondsOnSpan(span, span)} s: ${parts(total, n)} of the time`;
  const switches = recorder.switches();
  if (gil) text += `; the GIL changed hands ${switches} ${plural(switches, 'time')}`;
  return { text: `${text}.`, lanes: rows.map((s) => parts(s, 1)) };
}
