import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import FollowApp from '../../../src/renderer/src/components/classroom/FollowApp.vue';
import { syntheticSubmission } from '../../../src/core/classroom/synthetic-class';
import { SHARING_ENDED_CLOSE_CODE } from '../../../src/shared/class-contract';
import { FollowerTransport } from '../../../src/renderer/src/transport/follower-transport';
import { APP, MACHINE, MemoryTransport } from '../../support/memory-transport';
import { mountWithTransport } from '../mount';

function follower(probe: () => Promise<number | null> = async () => 200) {
  const inner = new MemoryTransport({ 'app:get-info': () => APP, 'monitor:get-info': () => MACHINE });
  return { inner, transport: new FollowerTransport(inner, probe) };
}

describe('the follow page ending', () => {
  it('stops for good on the teacher ending sharing, and only on that close', () => {
    const { transport } = follower();
    const heard: string[] = [];
    transport.onEnded((why) => heard.push(why));
    expect(transport.closedWith(1006)).toBe(false);
    expect(transport.ended).toBeNull();
    expect(transport.closedWith(SHARING_ENDED_CLOSE_CODE)).toBe(true);
    expect(transport.ended).toBe('sharing-ended');
    expect(heard).toEqual(['sharing-ended']);
  });

  it('gives up reconnecting when the join page answers 403, and keeps trying when it cannot be reached', async () => {
    let answer: number | null = null;
    const { inner, transport } = follower(async () => answer);
    inner.setStatus('reconnecting');
    await flushPromises();
    expect(transport.ended).toBeNull();
    answer = 403;
    inner.setStatus('reconnecting');
    await flushPromises();
    expect(transport.ended).toBe('address-refused');
  });

  it('says plainly that the teacher ended sharing, and keeps the runs to look through', async () => {
    const { inner, transport } = follower();
    const { wrapper } = mountWithTransport(FollowApp, transport as never);
    await flushPromises();
    inner.emit('run:progressed', {
      runId: 'r1',
      phase: 'run',
      round: 0,
      events: [{ type: 'round-started', lanes: 2, gilLane: true, t: 0 }],
    });
    inner.emit('run:finished', { runId: 'r1', measurement: syntheticSubmission(0).measurement, error: null });
    await flushPromises();
    expect(wrapper.find('[data-testid="follow-ended"]').exists()).toBe(false);
    transport.closedWith(SHARING_ENDED_CLOSE_CODE);
    await flushPromises();
    expect(wrapper.get('[data-testid="follow-ended"]').text()).toMatch(/^The teacher ended sharing\./);
    expect(wrapper.text()).not.toContain('Connecting to the teacher');
    expect(wrapper.find('[data-testid="follow-lanes"]').exists()).toBe(true);
  });

  it('says a join address that is no longer let in is not valid any more', async () => {
    const { inner, transport } = follower(async () => 403);
    const { wrapper } = mountWithTransport(FollowApp, transport as never);
    inner.setStatus('reconnecting');
    await flushPromises();
    expect(wrapper.get('[data-testid="follow-ended"]').text()).toMatch(/^This join address is not valid any more\./);
  });
});

describe('the follow page mid-run', () => {
  it('draws the run so far for a late joiner, lesson title, gauge and lanes before the core tiles', async () => {
    const { inner, transport } = follower();
    const { wrapper } = mountWithTransport(FollowApp, transport as never);
    await flushPromises();
    inner.emit('class:teacher-view', { view: 'lessons', lesson: 'cpu-bound', title: 'CPU-bound work' });
    // What the server replays on joining: the round so far.
    inner.emit('run:progressed', {
      runId: 'r2',
      phase: 'run',
      round: 0,
      events: [
        { type: 'round-started', lanes: 2, gilLane: true, t: 1000 },
        { type: 'task-started', task: 0, worker: 0, t: 1001 },
        { type: 'worker-state', worker: 0, state: 'running', t: 1001 },
        { type: 'worker-state', worker: 1, state: 'waiting-gil', t: 1002 },
      ],
    });
    await flushPromises();
    expect(wrapper.get('[data-testid="teacher-view"]').text()).toBe('CPU-bound work');
    expect(wrapper.get('.follow__pick').text()).toContain('Run 1 (live)');
    const html = wrapper.html();
    const order = ['data-testid="teacher-view"', 'role="meter"', 'data-testid="follow-lanes"', 'follow__cores'].map(
      (marker) => html.indexOf(marker),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('names a real Python run’s lanes as the teacher’s screen does while it runs: processes, and futex waits', async () => {
    const { inner, transport } = follower();
    const { wrapper } = mountWithTransport(FollowApp, transport as never);
    await flushPromises();
    const round = (naming: object) =>
      inner.emit('run:progressed', {
        runId: `r-${JSON.stringify(naming)}`,
        phase: 'run',
        round: 0,
        events: [
          { type: 'round-started', lanes: 2, gilLane: false, t: 1000, ...naming },
          { type: 'worker-state', worker: 0, state: 'running', t: 1001 },
          { type: 'worker-state', worker: 1, state: 'waiting-gil', t: 1001 },
          { type: 'worker-state', worker: 1, state: 'running', t: 1050 },
        ],
      });
    round({ mode: 'processes', backend: 'python', threadMethod: 'proc-task-sampling' });
    await flushPromises();
    const lanes = wrapper.get('[data-testid="follow-lanes"]');
    expect(lanes.text()).toContain('waiting (futex: GIL or lock)');
    expect(lanes.text()).not.toContain('waiting for the GIL');
    expect(lanes.text()).toContain('Process 1');
    // A round that says nothing of its naming, as saved before rounds did, keeps the simulation's.
    round({});
    await flushPromises();
    expect(wrapper.get('[data-testid="follow-lanes"]').text()).toContain('waiting for the GIL');
  });
});
