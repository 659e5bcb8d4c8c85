import { describe, expect, it } from 'vitest';
import {
  FollowerTransport,
  followerSocketUrl,
  isFollowPage,
} from '../../../src/renderer/src/transport/follower-transport';
import { MemoryTransport } from '../../support/memory-transport';

describe('follower transport', () => {
  it('finds the socket beside the follow page, under the token', () => {
    const loc = { protocol: 'http:', host: '10.0.0.5:4174', pathname: '/join/abcDEF_-123/' };
    expect(followerSocketUrl(loc)).toBe('ws://10.0.0.5:4174/join/abcDEF_-123/ws');
    expect(isFollowPage('/join/abcDEF_-123/')).toBe(true);
    expect(isFollowPage('/')).toBe(false);
    expect(isFollowPage('/join/x/y')).toBe(false);
  });

  it('asks only what a follower may, and hears only what a follower is sent', async () => {
    const inner = new MemoryTransport({
      'app:get-info': () => ({
        name: 'GIL Lab',
        version: '0',
        host: 'browser',
        nodeVersion: '20',
        electronVersion: null,
        platform: 'linux-x64',
      }),
    });
    const t = new FollowerTransport(inner);
    await expect(t.invoke('app:get-info')).resolves.toMatchObject({ name: 'GIL Lab' });
    await expect(t.invoke('session:list', {})).rejects.toMatchObject({ code: 'refused' });
    await expect(
      t.invoke('run:start', { params: { workload: 'cpu', mode: 'processes', workers: 1, tasks: 1 } }),
    ).rejects.toMatchObject({ code: 'refused' });
    expect(inner.calls.map((c) => c.channel)).toEqual(['app:get-info']);
    const views: unknown[] = [];
    const changes: unknown[] = [];
    t.subscribe('class:teacher-view', (v) => views.push(v));
    t.subscribe('session:changed', (c) => changes.push(c));
    inner.emit('class:teacher-view', { view: 'lessons', lesson: 'l1', title: 'Lesson 1' });
    inner.emit('session:changed', { reason: 'created', id: null });
    expect(views).toHaveLength(1);
    expect(changes).toHaveLength(0);
  });
});
