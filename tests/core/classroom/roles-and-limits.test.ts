import { describe, expect, it } from 'vitest';
import { WindowLimiter } from '../../../src/core/classroom/rate-limit';
import { hidePaths, HIDDEN_PATH } from '../../../src/core/classroom/hide-paths';
import {
  newJoinToken,
  newRoomCode,
  ROOM_CODE_ALPHABET,
  splitJoinPath,
  tokenMatches,
} from '../../../src/core/net/join-token';
import { shareHosts } from '../../../src/core/net/security';
import { FOLLOWER_EVENT_CHANNELS, mayInvoke, mayReceive } from '../../../src/shared/class-contract';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../src/shared/contract';

describe('roles', () => {
  it('lets a follower only read who the machine is, and the control connection everything', () => {
    const followerMay = INVOKE_CHANNELS.filter((c) => mayInvoke('follower', c));
    expect(followerMay.sort()).toEqual(['app:get-info', 'monitor:get-info']);
    for (const channel of INVOKE_CHANNELS) expect(mayInvoke('control', channel)).toBe(true);
    for (const refused of [
      'run:start',
      'run:cancel',
      'session:list',
      'session:get',
      'monitor:set-rate',
      'class:share-stop',
      'class:board-get',
    ] as const) {
      expect(mayInvoke('follower', refused)).toBe(false);
    }
  });

  it('sends a follower the live stream and the teacher view, never sessions, the board or who follows', () => {
    const followerGets = EVENT_CHANNELS.filter((c) => mayReceive('follower', c));
    expect(followerGets.sort()).toEqual([...FOLLOWER_EVENT_CHANNELS].sort());
    for (const hidden of ['session:changed', 'class:board', 'class:status'] as const) {
      expect(mayReceive('follower', hidden)).toBe(false);
    }
  });
});

describe('join token and room code', () => {
  it('draws 128 bits as base64url, and compares only exact tokens', () => {
    const token = newJoinToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(16);
    expect(newJoinToken()).not.toBe(token);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, token)).toBe(false);
  });

  it('makes room codes only of letters that cannot be misread', () => {
    for (let i = 0; i < 50; i++) {
      const code = newRoomCode();
      expect(code).toHaveLength(6);
      for (const c of code) expect(ROOM_CODE_ALPHABET).toContain(c);
    }
    expect(ROOM_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('splits a join path into its token and the rest', () => {
    expect(splitJoinPath('/join/abc_-9/ws')).toEqual({ token: 'abc_-9', rest: '/ws' });
    expect(splitJoinPath('/join/abc')).toEqual({ token: 'abc', rest: '' });
    expect(splitJoinPath('/ws')).toBeNull();
    expect(splitJoinPath('/join/../etc')).toBeNull();
  });

  it('accepts the listener’s own address as Host, and every interface address when bound to all', () => {
    expect([...shareHosts('127.0.0.2', 5000, ['10.0.0.9'])]).toEqual(['127.0.0.2:5000']);
    expect([...shareHosts('0.0.0.0', 5000, ['127.0.0.1', '10.0.0.9', 'fe80::1'])]).toEqual([
      '127.0.0.1:5000',
      '10.0.0.9:5000',
      '[fe80::1]:5000',
    ]);
  });
});

describe('submission rate limit', () => {
  it('allows a few per window per address, then says how long to wait, and forgets after the window', () => {
    let now = 0;
    const limiter = new WindowLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => limiter.take('10.0.0.1').ok)).toEqual([true, true, true]);
    const refused = limiter.take('10.0.0.1');
    expect(refused).toEqual({ ok: false, retryAfterMs: 60_000 });
    expect(limiter.take('10.0.0.2').ok).toBe(true);
    now = 30_000;
    expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterMs: 30_000 });
    now = 60_001;
    expect(limiter.take('10.0.0.1').ok).toBe(true);
  });

  it('keeps a bounded number of addresses', () => {
    const limiter = new WindowLimiter(1, 60_000, () => 0, 10);
    for (let i = 0; i < 20; i++) limiter.take(`a${i}`);
    // The oldest were forgotten, so the first may submit again; the newest may not.
    expect(limiter.take('a0').ok).toBe(true);
    expect(limiter.take('a19').ok).toBe(false);
  });
});

describe('paths hidden from followers', () => {
  it('cuts absolute paths out of any string, and leaves the rest alone', () => {
    const payload = {
      runtime: 'Python 3.12 (/usr/local/bin/python3.12)',
      taskSpec: { file: '/home/teacher/.config/GIL Lab/io-file.bin', n: 5, win: 'C:\\Users\\t\\AppData\\x.bin' },
      threads: 'worker_threads under a simulated GIL',
      ratio: '1/2',
      events: [1, 2, 3],
    };
    const hidden = hidePaths(payload);
    expect(hidden.runtime).toBe(`Python 3.12 (${HIDDEN_PATH})`);
    expect(hidden.taskSpec.file.startsWith(HIDDEN_PATH)).toBe(true);
    expect(hidden.taskSpec.n).toBe(5);
    expect(JSON.stringify(hidden)).not.toMatch(/home|teacher|\.config/);
    expect(JSON.stringify(hidden)).not.toContain('Users');
    expect(hidden.threads).toBe(payload.threads);
    expect(hidden.ratio).toBe('1/2');
    expect(hidden.events).toBe(payload.events);
    expect(payload.runtime).toContain('/usr/local');
  });
});
