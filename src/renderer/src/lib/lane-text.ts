import type { ThreadState } from '../../../shared/vocabulary';

/** How each state is named in text, everywhere the lanes are described. */
export const STATE_TEXT: Record<ThreadState, string> = {
  idle: 'idle',
  running: 'running',
  'waiting-gil': 'waiting for the GIL',
  io: 'in I/O',
  native: 'in native code',
};
