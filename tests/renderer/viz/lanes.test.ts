import { describe, expect, it } from 'vitest';
import { describeLanes } from '../../../src/renderer/src/lib/lane-text';
import { LaneRecorder, type LaneEvent, type LaneState } from '../../../src/shared/lanes';

const T0 = 1_700_000_000_000;
const state = (worker: number, s: LaneState, t: number): LaneEvent => ({
  type: 'worker-state',
  worker,
  state: s,
  t: T0 + t,
});

describe('LaneRecorder', () => {
  it('merges repeated states into one segment and converts epoch times to run time', () => {
    const r = new LaneRecorder(1, T0, false);
    r.push(state(0, 'running', 10));
    r.push(state(0, 'running', 20));
    r.push(state(0, 'running', 30));
    r.push(state(0, 'io', 50));
    r.push(state(0, 'io', 60));
    expect(r.lanes(100)).toEqual([
      [
        { start: 10, end: 50, state: 'running' },
        { start: 50, end: 100, state: 'io' },
      ],
    ]);
    expect(r.segmentCount()).toBe(2);
  });

  it('bumps its version on changes only', () => {
    const r = new LaneRecorder(1, T0, false);
    const v0 = r.version;
    r.push(state(0, 'running', 10));
    const v1 = r.version;
    expect(v1).toBeGreaterThan(v0);
    r.push(state(0, 'running', 20));
    expect(r.version).toBe(v1);
    r.push(state(0, 'idle', 30));
    expect(r.version).toBeGreaterThan(v1);
  });

  it('drops zero-length segments and lets the state before carry on', () => {
    const r = new LaneRecorder(1, T0, false);
    r.push(state(0, 'running', 0));
    r.push(state(0, 'waiting-gil', 10));
    r.push(state(0, 'running', 10));
    expect(r.lanes(20)).toEqual([[{ start: 0, end: 20, state: 'running' }]]);
    expect(r.summary(20)[0]).toMatchObject({ runningMs: 20, waitingMs: 0 });
  });

  it('clips the open segment to now, and totals time per state', () => {
    const r = new LaneRecorder(2, T0, false);
    r.push(state(0, 'running', 0));
    r.push(state(0, 'waiting-gil', 30));
    r.push(state(1, 'io', 5));
    r.push(state(1, 'native', 25));
    r.push(state(1, 'idle', 45));
    expect(r.lanes(40)[0]!.at(-1)).toEqual({ start: 30, end: 40, state: 'waiting-gil' });
    expect(r.summary(40)).toEqual([
      { worker: 0, runningMs: 30, waitingMs: 10, ioMs: 0, nativeMs: 0 },
      { worker: 1, runningMs: 0, waitingMs: 0, ioMs: 20, nativeMs: 20 },
    ]);
  });

  it('answers stateAt by time, idle before the first event and after the lane closes', () => {
    const r = new LaneRecorder(1, T0, false);
    r.push(state(0, 'running', 10));
    r.push(state(0, 'io', 20));
    r.push(state(0, 'running', 30));
    expect(r.stateAt(0, 5)).toBe('idle');
    expect(r.stateAt(0, 10)).toBe('running');
    expect(r.stateAt(0, 19.9)).toBe('running');
    expect(r.stateAt(0, 20)).toBe('io');
    expect(r.stateAt(0, 1000)).toBe('running');
    r.finish(T0 + 50);
    expect(r.stateAt(0, 49)).toBe('running');
    expect(r.stateAt(0, 50)).toBe('idle');
    expect(r.stateAt(7, 10)).toBe('idle');
  });

  it('follows the GIL holder, counts switches between different workers only, and answers holderAt', () => {
    const r = new LaneRecorder(2, T0, true);
    r.push(state(0, 'running', 0));
    r.push(state(1, 'waiting-gil', 0));
    r.push(state(0, 'waiting-gil', 5));
    r.push(state(1, 'running', 5));
    r.push(state(1, 'io', 10));
    r.push(state(1, 'running', 12)); // the same thread takes it back: no switch
    r.push(state(1, 'waiting-gil', 15));
    r.push(state(0, 'running', 15));
    expect(r.gilHolds(20)).toEqual([
      { start: 0, end: 5, worker: 0 },
      { start: 5, end: 10, worker: 1 },
      { start: 12, end: 15, worker: 1 },
      { start: 15, end: 20, worker: 0 },
    ]);
    expect(r.switches()).toBe(2);
    expect(r.holderAt(3)).toBe(0);
    expect(r.holderAt(7)).toBe(1);
    expect(r.holderAt(11)).toBeNull();
    expect(r.holderAt(16)).toBe(0);
    expect(r.holderAt(-1)).toBeNull();
  });

  it('has no GIL lane without a GIL', () => {
    const r = new LaneRecorder(2, T0, false);
    r.push(state(0, 'running', 0));
    r.push(state(1, 'running', 0));
    expect(r.gilHolds(10)).toEqual([]);
    expect(r.holderAt(5)).toBeNull();
    expect(r.switches()).toBe(0);
  });

  it('builds the same GIL lane when workers arrive out of order with each other', () => {
    const inOrder = [
      state(0, 'running', 0),
      state(1, 'waiting-gil', 1),
      state(0, 'waiting-gil', 5),
      state(1, 'running', 5),
      state(1, 'waiting-gil', 9),
      state(0, 'running', 9),
      state(0, 'idle', 14),
    ];
    // The engine polls threads' states in batches, so one worker's batch can overtake another's.
    const shuffled = [inOrder[1]!, inOrder[3]!, inOrder[4]!, inOrder[0]!, inOrder[2]!, inOrder[5]!, inOrder[6]!];
    const a = new LaneRecorder(2, T0, true);
    const b = new LaneRecorder(2, T0, true);
    inOrder.forEach((e) => a.push(e));
    shuffled.forEach((e) => b.push(e));
    expect(b.gilHolds(20)).toEqual(a.gilHolds(20));
    expect(b.switches()).toBe(2);
    expect(a.switches()).toBe(2);
    expect(b.lanes(20)).toEqual(a.lanes(20));
  });

  it('grows for workers beyond the announced count', () => {
    const r = new LaneRecorder(1, T0, false);
    r.push(state(3, 'running', 10));
    expect(r.workers).toBe(4);
    expect(r.lanes(20)[3]).toEqual([{ start: 10, end: 20, state: 'running' }]);
    expect(r.lanes(20)[1]).toEqual([]);
  });

  it('closes a lost worker at the latest time seen and ignores its later events', () => {
    const r = new LaneRecorder(2, T0, true);
    r.push(state(0, 'running', 0));
    r.push(state(1, 'waiting-gil', 0));
    r.push(state(1, 'io', 30));
    r.push({ type: 'worker-lost', worker: 0, reason: 'exited with code 1' });
    r.push(state(0, 'idle', 40));
    expect(r.isLost(0)).toBe(true);
    expect(r.lanes(100)[0]).toEqual([{ start: 0, end: 30, state: 'running' }]);
    expect(r.gilHolds(100)).toEqual([{ start: 0, end: 30, worker: 0 }]);
    expect(r.stateAt(0, 35)).toBe('idle');
    expect(r.summary(100)[0]!.runningMs).toBe(30);
  });

  it('ends every lane at finish and ignores events after it', () => {
    const r = new LaneRecorder(1, T0, true);
    r.push(state(0, 'running', 0));
    r.finish(T0 + 25);
    r.push(state(0, 'io', 30));
    expect(r.lanes(1000)).toEqual([[{ start: 0, end: 25, state: 'running' }]]);
    expect(r.gilHolds(1000)).toEqual([{ start: 0, end: 25, worker: 0 }]);
    expect(r.endMs(1000)).toBe(25);
    expect(r.summary(1000)[0]!.runningMs).toBe(25);
  });

  it('stores state changes, not events: 10⁵ events with few changes stay a few segments', () => {
    const r = new LaneRecorder(4, T0, true);
    let changes = 0;
    for (let i = 0; i < 100_000; i++) {
      const worker = i % 4;
      // Each worker changes state every 1000 of its own events and repeats it in between.
      const s: LaneState = Math.floor(i / 4000) % 2 === 0 ? 'running' : 'waiting-gil';
      if (i % 4000 < 4) changes++;
      r.push(state(worker, s, i / 10));
    }
    expect(r.segmentCount()).toBe(changes);
    expect(r.segmentCount()).toBe(100);
    // Under the GIL only 'running' opens a hold: 13 running stretches of 4 workers each.
    expect(r.gilHolds(1e4)).toHaveLength(52);
  });

  it('finds states by binary search in a long lane, and walks only the visible part', () => {
    const r = new LaneRecorder(1, T0, false);
    for (let i = 0; i < 50_000; i++) r.push(state(0, i % 2 === 0 ? 'running' : 'io', i));
    expect(r.segmentCount()).toBe(50_000);
    expect(r.stateAt(0, 31_337.5)).toBe('io');
    expect(r.stateAt(0, 31_338)).toBe('running');
    const seen: number[] = [];
    r.eachSegment(0, 100.5, 103.5, 50_000, (start) => seen.push(start));
    expect(seen).toEqual([100, 101, 102, 103]);
  });
});

describe('describeLanes', () => {
  /** Two GIL threads handing the GIL over every 50 ms for 200 ms. */
  function gilRun(): LaneRecorder {
    const r = new LaneRecorder(2, T0, true);
    for (const [worker, s, t] of [
      [0, 'running', 0],
      [1, 'waiting-gil', 0],
      [0, 'waiting-gil', 50],
      [1, 'running', 50],
      [1, 'waiting-gil', 100],
      [0, 'running', 100],
      [0, 'waiting-gil', 150],
      [1, 'running', 150],
    ] as const) {
      r.push(state(worker, s, t));
    }
    r.finish(T0 + 200);
    return r;
  }

  it('gives the shares over all lanes and the GIL hand-offs, and each lane its own shares', () => {
    expect(describeLanes(gilRun(), 200, { gil: true, noun: 'thread' })).toEqual({
      text: '2 threads over 0.200 s: running 50%, waiting for the GIL 50% of the time; the GIL changed hands 3 times.',
      lanes: ['running 50%, waiting for the GIL 50%', 'running 50%, waiting for the GIL 50%'],
    });
  });

  it('names I/O and native code only when they happened, and no GIL without one', () => {
    const r = new LaneRecorder(2, T0, false);
    r.push(state(0, 'running', 0));
    r.push(state(0, 'io', 300));
    r.push(state(1, 'native', 0));
    r.finish(T0 + 400);
    expect(describeLanes(r, 400, { gil: false, noun: 'process' })).toEqual({
      text: '2 processes over 0.400 s: running 38%, in I/O 13%, in native code 50% of the time.',
      lanes: ['running 75%, in I/O 25%', 'running 0%, in native code 100%'],
    });
  });

  it('counts in the singular, and says waiting for the GIL even at 0% under the GIL', () => {
    const r = new LaneRecorder(1, T0, true);
    r.push(state(0, 'running', 0));
    r.finish(T0 + 2500);
    expect(describeLanes(r, 2500, { gil: true, noun: 'thread' }).text).toBe(
      '1 thread over 2.50 s: running 100%, waiting for the GIL 0% of the time; the GIL changed hands 0 times.',
    );
    const one = new LaneRecorder(2, T0, true);
    one.push(state(0, 'running', 0));
    one.push(state(0, 'waiting-gil', 10));
    one.push(state(1, 'running', 10));
    expect(describeLanes(one, 20, { gil: true, noun: 'thread' }).text).toMatch(/changed hands 1 time\.$/);
  });

  it('describes a live run up to now', () => {
    const r = new LaneRecorder(1, T0, false);
    r.push(state(0, 'running', 0));
    r.push(state(0, 'waiting-gil', 30));
    expect(describeLanes(r, 40, { gil: false, noun: 'worker' }).lanes).toEqual([
      'running 75%, waiting for the GIL 25%',
    ]);
  });
});

describe('waiting for a core', () => {
  it('totals ready time per lane and names it in the summary only where a lane had any', () => {
    const r = new LaneRecorder(2, T0, false);
    r.push(state(0, 'running', 0));
    r.push(state(0, 'ready', 60));
    r.push(state(1, 'running', 0));
    r.finish(T0 + 100);
    expect(r.stateTimes(100)[0]).toMatchObject({ running: 60, ready: 40 });
    expect(describeLanes(r, 100, { gil: false, noun: 'process' })).toEqual({
      text: '2 processes over 0.100 s: running 80%, waiting for a core 20% of the time.',
      lanes: ['running 60%, waiting for a core 40%', 'running 100%'],
    });
  });

  it('keeps the GIL with a thread the OS put aside, and gives none to a thread woken without a core', () => {
    const r = new LaneRecorder(2, T0, true);
    r.push(state(0, 'running', 0));
    r.push(state(1, 'waiting-gil', 0));
    // Preempted while holding the GIL: nobody else runs Python, the hold goes on.
    r.push(state(0, 'ready', 20));
    r.push(state(0, 'running', 30));
    r.push(state(0, 'waiting-gil', 50));
    // Woken to take the GIL, but with no core yet: no hold until it runs.
    r.push(state(1, 'ready', 50));
    r.push(state(1, 'running', 60));
    r.finish(T0 + 100);
    expect(r.gilHolds(100)).toEqual([
      { start: 0, end: 50, worker: 0 },
      { start: 60, end: 100, worker: 1 },
    ]);
    expect(r.holderAt(25)).toBe(0);
    expect(r.holderAt(55)).toBeNull();
    expect(r.switches()).toBe(1);
  });
});

describe('the GIL’s switches beside the lanes’ hand-overs', () => {
  function handOver(): LaneRecorder {
    const r = new LaneRecorder(2, T0, true);
    r.push(state(0, 'running', 0));
    r.push(state(0, 'waiting-gil', 10));
    r.push(state(1, 'running', 10));
    r.finish(T0 + 20);
    return r;
  }

  it('says what each counts where the GIL counted more than the lanes drew', () => {
    expect(describeLanes(handOver(), 20, { gil: true, noun: 'thread', countedSwitches: 4 }).text).toBe(
      '2 threads over 0.0200 s: running 50%, waiting for the GIL 25% of the time; the GIL changed hands 1 time in these lanes; the GIL itself counted 4 switches, its first take included, and hand-overs too quick for the lanes to receive.',
    );
  });

  it('says one count where the two agree, or before the GIL has counted', () => {
    const agreed = describeLanes(handOver(), 20, { gil: true, noun: 'thread', countedSwitches: 1 }).text;
    expect(agreed).toMatch(/changed hands 1 time\.$/);
    expect(describeLanes(handOver(), 20, { gil: true, noun: 'thread' }).text).toBe(agreed);
  });
});
