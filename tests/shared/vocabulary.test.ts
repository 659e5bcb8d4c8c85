import { describe, expect, it } from 'vitest';
import { SESSION_SCHEMA_VERSION } from '../../src/shared/session';
import { THREAD_STATES, TIMELINE_KINDS } from '../../src/shared/vocabulary';
import { THREAD_STATE } from '../../src/core/gil/gil-layout';

/**
 * Thread states and timeline kinds are stored by index: in the GIL's shared memory and in the
 * packed columns of every saved session. These tables are the indexes each session format
 * version was written with. Reordering a tuple fails here; a new order needs a new version, a
 * migration, and a new row.
 */
const STORED_INDEXES: Record<number, { threadStates: readonly string[]; timelineKinds: readonly string[] }> = {
  1: {
    threadStates: ['idle', 'running', 'waiting-gil', 'io', 'native'],
    timelineKinds: ['task-started', 'task-finished', 'task-failed', 'worker-state'],
  },
  2: {
    threadStates: ['idle', 'running', 'waiting-gil', 'io', 'native'],
    timelineKinds: ['task-started', 'task-finished', 'task-failed', 'worker-state'],
  },
  3: {
    threadStates: ['idle', 'running', 'waiting-gil', 'io', 'native', 'ready'],
    timelineKinds: ['task-started', 'task-finished', 'task-failed', 'worker-state'],
  },
};

describe('the stored vocabulary', () => {
  it('has a pinned index for every thread state and timeline kind at this session format version', () => {
    const pinned = STORED_INDEXES[SESSION_SCHEMA_VERSION];
    expect(pinned, `no pinned indexes for session format ${SESSION_SCHEMA_VERSION}`).toBeDefined();
    expect([...THREAD_STATES]).toEqual(pinned!.threadStates);
    expect([...TIMELINE_KINDS]).toEqual(pinned!.timelineKinds);
  });

  it('gives the GIL the same state codes the session format stores', () => {
    expect(THREAD_STATE).toEqual({
      IDLE: THREAD_STATES.indexOf('idle'),
      RUNNING: THREAD_STATES.indexOf('running'),
      WAITING_GIL: THREAD_STATES.indexOf('waiting-gil'),
      IO: THREAD_STATES.indexOf('io'),
      NATIVE: THREAD_STATES.indexOf('native'),
    });
    expect(Object.values(THREAD_STATE).every((code) => code >= 0 && code < 8)).toBe(true);
  });
});
