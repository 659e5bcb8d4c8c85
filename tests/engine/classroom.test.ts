import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticSubmission } from '../../src/core/classroom/synthetic-class';
import type { ClassBoard, ShareStatus } from '../../src/shared/class-contract';
import { MAX_SUBMISSION_BYTES, SUBMISSIONS_PER_WINDOW } from '../../src/shared/class-contract';
import { follower, startClassServer, type ClassServer, type WireClient } from '../support/class-server';

function http(
  url: string,
  options: { method?: string; host?: string; body?: string; contentType?: string; localAddress?: string } = {},
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: options.method ?? 'GET',
        localAddress: options.localAddress,
        headers: {
          host: options.host ?? u.host,
          ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('sharing with the class, over real listeners on 127.0.0.1 and 127.0.0.2', () => {
  let t: ClassServer;
  let share: ShareStatus;
  let joinUrl: string;
  const open: WireClient[] = [];
  const join = async (options: Parameters<typeof follower>[1] = {}) => {
    const f = follower(joinUrl, options);
    open.push(f);
    await f.opened();
    return f;
  };

  beforeAll(async () => {
    t = await startClassServer({ maxPerAddress: 3 });
    share = await t.share();
    joinUrl = share.joinUrl!;
  });
  afterAll(async () => {
    for (const f of open) f.close();
    await t.close();
  });

  it('shares on a second listener with a 128-bit token in the join address and a room code', () => {
    expect(share.sharing).toBe(true);
    expect(joinUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/join\/[A-Za-z0-9_-]{22}$/);
    expect(new URL(joinUrl).port).not.toBe(String(t.server.port));
    expect(share.roomCode).toMatch(/^[A-Z2-9]{6}$/);
  });

  it('answers 403 to every request and upgrade without the token, and serves the page with it', async () => {
    const base = new URL(joinUrl).origin;
    for (const path of [
      '/',
      '/index.html',
      '/ws',
      '/join/',
      '/join/not-the-token/',
      `${new URL(joinUrl).pathname}x/`,
    ]) {
      expect((await http(base + path)).status, path).toBe(403);
    }
    expect((await http(`${joinUrl}/`)).status).toBe(200);
    expect((await http(`${joinUrl}/`)).body).toContain('GIL Lab');
    await expect(follower(joinUrl, { token: 'A'.repeat(22) }).opened()).rejects.toThrow(/403/);
    // The shared listener is no way into the loopback one's socket path either.
    await expect(follower(`${base}/join/x`, { token: '' }).opened()).rejects.toThrow(/403/);
  });

  it('refuses a DNS-rebinding Host on the shared listener, token or not', async () => {
    const port = new URL(joinUrl).port;
    expect((await http(`${joinUrl}/`, { host: `evil.example:${port}` })).status).toBe(421);
    await expect(follower(joinUrl, { host: `evil.example:${port}` }).opened()).rejects.toThrow(/403/);
    expect(t.logs.some((l) => l.includes('evil.example'))).toBe(true);
  });

  it('refuses a follower every channel that starts, changes or reads anything, on the server', async () => {
    const f = await join({ localAddress: '127.0.0.3' });
    for (const [channel, payload] of [
      ['run:start', { params: { workload: 'cpu', mode: 'processes', workers: 1, tasks: 1 } }],
      ['run:cancel', { runId: 'x' }],
      ['session:list', {}],
      ['session:get', { id: 'any' }],
      ['monitor:set-rate', { hz: 1 }],
      ['class:share-stop', {}],
      ['class:board-get', {}],
      ['class:teacher-view', { view: 'x', lesson: null, title: 'x' }],
    ] as const) {
      const reply = await f.invoke(channel, payload);
      expect(reply, channel).toMatchObject({ ok: false, error: { code: 'refused' } });
    }
    expect(await f.invoke('app:get-info')).toMatchObject({ ok: true });
    // The control connection may do what the follower may not.
    const control = await t.control();
    expect(await control.invoke('session:list', {})).toMatchObject({ ok: true });
    // It watches: samples arrive, and nothing from the session library does.
    await f.until((m) => m.channel === 'monitor:sampled', 5000, 'a sample');
    expect(f.messages.some((m) => m.channel === 'session:changed' || m.channel === 'class:status')).toBe(false);
    f.close();
  });

  it('tells the teacher who follows, and sends followers what the teacher shows', async () => {
    const control = await t.control();
    const f = await join({ localAddress: '127.0.0.4' });
    const status = await control.until(
      (m) =>
        m.channel === 'class:status' && (m.payload as ShareStatus).followers.some((x) => x.address === '127.0.0.4'),
      5000,
      'the follower in class:status',
    );
    expect((status.payload as ShareStatus).count).toBeGreaterThanOrEqual(1);
    await control.invoke('class:teacher-view', { view: 'lesson', lesson: 'threads-vs-processes', title: 'Lesson 1' });
    await f.until((m) => m.channel === 'class:teacher-view', 5000, 'the teacher view');
    // One who joins later is sent it on joining.
    const late = await join({ localAddress: '127.0.0.4' });
    const first = await late.until((m) => m.type === 'event', 5000, 'a first event');
    expect(first).toMatchObject({ channel: 'class:teacher-view', payload: { title: 'Lesson 1' } });
    f.close();
    late.close();
  });

  it('holds each address to its connection limit', async () => {
    const three = await Promise.all([1, 2, 3].map(() => join({ localAddress: '127.0.0.5' })));
    await expect(follower(joinUrl, { localAddress: '127.0.0.5' }).opened()).rejects.toThrow(/429/);
    // Another machine is not held back by that one.
    const other = await join({ localAddress: '127.0.0.6' });
    other.close();
    for (const f of three) f.close();
  });

  it('sends a follower who joins mid-run the run so far, then the rest live', async () => {
    const control = await t.control();
    const started = await control.invoke('run:start', {
      params: { workload: 'cpu', mode: 'threads-gil', workers: 4, tasks: 8, taskMs: 120 },
      baseline: false,
    });
    const runId = (started.value as { runId: string }).runId;
    await control.until(
      (m) =>
        m.channel === 'run:progressed' &&
        (m.payload as { events: { type: string }[] }).events.some((e) => e.type === 'task-finished'),
      15_000,
      'a finished task',
    );
    const f = await join({ localAddress: '127.0.0.7' });
    const firstRun = await f.until((m) => m.channel === 'run:progressed', 5000, 'the run so far');
    expect((firstRun.payload as { runId: string }).runId).toBe(runId);
    expect((firstRun.payload as { events: { type: string }[] }).events[0]!.type).toBe('round-started');
    const done = await f.until((m) => m.channel === 'run:finished', 20_000, 'the end of the run');
    expect((done.payload as { runId: string; measurement: unknown }).measurement).not.toBeNull();
    const seen = f
      .events('run:progressed')
      .filter((m) => (m.payload as { runId: string }).runId === runId)
      .flatMap((m) => (m.payload as { events: { type: string }[] }).events)
      .filter((e) => e.type === 'task-finished');
    expect(seen).toHaveLength(8);
    f.close();
  }, 40_000);

  it('takes checked submissions for the board, capped in size and rate, and shows them to the teacher live', async () => {
    const control = await t.control();
    const submit = `${joinUrl}/submit`;
    const good = JSON.stringify(syntheticSubmission(1));
    const accepted = await http(submit, { method: 'POST', body: good, localAddress: '127.0.0.8' });
    expect(accepted.status).toBe(202);
    const board = await control.until((m) => m.channel === 'class:board', 5000, 'the board');
    expect((board.payload as ClassBoard).entries[0]).toMatchObject({ address: '127.0.0.8', student: 'Student 2' });

    const bad = JSON.parse(good) as { measurement: { speedup: unknown } };
    bad.measurement.speedup = 'fast';
    const invalid = await http(submit, { method: 'POST', body: JSON.stringify(bad), localAddress: '127.0.0.9' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('speedup');
    expect((await http(submit, { method: 'POST', body: '{nope', localAddress: '127.0.0.9' })).status).toBe(400);
    const huge = JSON.stringify({ ...JSON.parse(good), student: 'x'.repeat(MAX_SUBMISSION_BYTES) });
    expect((await http(submit, { method: 'POST', body: huge, localAddress: '127.0.0.9' })).status).toBe(413);
    expect(
      (await http(submit, { method: 'POST', body: good, contentType: 'text/plain', localAddress: '127.0.0.9' })).status,
    ).toBe(415);
    expect((await http(`${new URL(joinUrl).origin}/join/wrong/submit`, { method: 'POST', body: good })).status).toBe(
      403,
    );

    const statuses: number[] = [];
    for (let i = 0; i < SUBMISSIONS_PER_WINDOW + 2; i++) {
      statuses.push((await http(submit, { method: 'POST', body: good, localAddress: '127.0.0.10' })).status);
    }
    expect(statuses.slice(0, SUBMISSIONS_PER_WINDOW).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(SUBMISSIONS_PER_WINDOW)).toEqual([429, 429]);
    // Another address is not held to that one's limit.
    expect((await http(submit, { method: 'POST', body: good, localAddress: '127.0.0.11' })).status).toBe(202);
    // The same machine, sent again, replaces its row rather than adding one.
    const now = (await control.invoke('class:board-get', {})).value as ClassBoard;
    expect(now.entries.filter((e) => e.address === '127.0.0.10')).toHaveLength(1);
  });

  it('saves the board as a session, one run per machine, that the library lists and exports', async () => {
    const control = await t.control();
    const saved = await control.invoke('class:board-save', { name: 'Room 101' });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Room 101' } });
    const board = (await control.invoke('class:board-get', {})).value as ClassBoard;
    expect((saved.value as { runs: number }).runs).toBe(board.entries.length);
    const exported = await control.invoke('session:export', { id: (saved.value as { id: string }).id, format: 'md' });
    expect(exported).toMatchObject({ ok: true });
  });

  it('ends sharing: every follower is disconnected at once, and the address stops answering', async () => {
    const followers = await Promise.all([12, 13, 14].map((n) => join({ localAddress: `127.0.0.${n}` })));
    const control = await t.control();
    const begun = Date.now();
    const stopped = await control.invoke('class:share-stop', {});
    expect((stopped.value as ShareStatus).sharing).toBe(false);
    const closes = await Promise.all(followers.map((f) => f.closed));
    const tookMs = Date.now() - begun;
    console.log(`sharing ended: ${followers.length} followers disconnected in ${tookMs} ms`);
    expect(tookMs).toBeLessThan(2000);
    for (const c of closes) expect([4001, 1006]).toContain(c.code);
    await expect(follower(joinUrl).opened()).rejects.toThrow(/ECONNREFUSED/);
    // Sharing again makes a new token: the old join address admits no one.
    const again = await t.share();
    expect(again.joinUrl).not.toBe(joinUrl);
    joinUrl = again.joinUrl!;
  });
});

describe('the follower cap', () => {
  it('admits no more than the cap, across addresses', async () => {
    const t = await startClassServer({ maxFollowers: 2 });
    try {
      const { joinUrl } = await t.share();
      const a = follower(joinUrl!, { localAddress: '127.0.0.20' });
      const b = follower(joinUrl!, { localAddress: '127.0.0.21' });
      await Promise.all([a.opened(), b.opened()]);
      await expect(follower(joinUrl!, { localAddress: '127.0.0.22' }).opened()).rejects.toThrow(/503/);
      a.close();
      b.close();
    } finally {
      await t.close();
    }
  });
});
