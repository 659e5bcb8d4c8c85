import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classroom } from '../../../src/core/classroom/classroom';
import { syntheticSubmission } from '../../../src/core/classroom/synthetic-class';
import { startShareListener, type ShareListener } from '../../../src/core/net/share-listener';
import { SYNTHETIC_APP, syntheticMachine } from '../../../src/core/sessions/synthetic-session';
import { boardAnswer, parseJoinAddress } from '../../../src/shared/board-send';
import { SUBMISSIONS_PER_WINDOW, type ClassSendResult } from '../../../src/shared/class-contract';
import { parseInvokeRequest, parseInvokeResponse } from '../../../src/shared/contract';

const TOKEN = 'abcdefghijklmnopqrstuv';

describe('reading a join address', () => {
  it('finds the board beside the token, with or without http://, and names what is wrong otherwise', () => {
    expect(parseJoinAddress(` http://10.0.0.5:4174/join/${TOKEN} `)).toEqual({
      ok: true,
      submitUrl: `http://10.0.0.5:4174/join/${TOKEN}/submit`,
      host: '10.0.0.5:4174',
    });
    expect(parseJoinAddress(`10.0.0.5:4174/join/${TOKEN}/`)).toMatchObject({
      ok: true,
      submitUrl: `http://10.0.0.5:4174/join/${TOKEN}/submit`,
    });
    for (const wrong of [
      '',
      'hello there',
      `https://10.0.0.5/join/${TOKEN}`,
      'http://10.0.0.5/join/short',
      'http://x/',
    ]) {
      const read = parseJoinAddress(wrong);
      expect(read.ok, wrong).toBe(false);
      expect(!read.ok && read.message).toMatch(/is not a join address; one looks like http:\/\//);
    }
  });

  it('tells a refused token, a rate limit and a refusal apart', () => {
    expect(boardAnswer('h:1', 202, { entryId: 'e', replaced: false }, null)).toEqual({
      sent: true,
      host: 'h:1',
      entryId: 'e',
      replaced: false,
    });
    expect(boardAnswer('h:1', 403, {}, null)).toMatchObject({ sent: false, problem: 'token' });
    expect(boardAnswer('h:1', 429, { error: 'x' }, 42)).toMatchObject({
      problem: 'rate-limited',
      message: expect.stringMatching(/Try again in 42 s\.$/),
    });
    expect(boardAnswer('h:1', 400, { error: 'measurement.speedup: bad' }, null)).toMatchObject({
      problem: 'refused',
      message: expect.stringContaining('(HTTP 400): measurement.speedup: bad'),
    });
  });
});

/** A free port on 127.0.0.1 that nothing listens on once this returns. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('class:send, from a student engine to a teacher board over loopback', () => {
  const teacher = new Classroom({ source: () => () => {} });
  const student = new Classroom({
    source: () => () => {},
    sender: { app: SYNTHETIC_APP, readMachine: async () => syntheticMachine(6) },
  });
  let listener: ShareListener;
  let rendererDir: string;
  const send = async (joinAddress: string, i = 0): Promise<ClassSendResult> => {
    const request = parseInvokeRequest('class:send', {
      joinAddress,
      measurement: syntheticSubmission(i).measurement,
      student: 'Ada',
    });
    return parseInvokeResponse('class:send', await student.handlers()['class:send'](request));
  };

  beforeAll(async () => {
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-send-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>GIL Lab</title>');
    listener = await startShareListener({
      core: { classroom: teacher, invoke: async () => ({}) },
      rendererDir,
      host: '127.0.0.2',
      port: 0,
      log: () => {},
    });
  });
  afterAll(async () => {
    await listener.close();
    rmSync(rendererDir, { recursive: true, force: true });
    teacher.close();
    student.close();
  });

  it('lands on the board with this machine and the student name', async () => {
    const result = await send(listener.joinUrl);
    expect(result).toMatchObject({ sent: true, host: new URL(listener.joinUrl).host, replaced: false });
    const [entry] = teacher.board().entries;
    expect(entry).toMatchObject({ student: 'Ada', logicalCores: 6, cpuModel: syntheticMachine(6).cpuModel });
  });

  it('says a wrong address, a refused token and an unreachable board each in its own words', async () => {
    expect(await send('http://127.0.0.2/not-a-join-address')).toMatchObject({ sent: false, problem: 'address' });
    const wrongToken = listener.joinUrl.replace(/[^/]+$/, 'A'.repeat(22));
    expect(await send(wrongToken)).toMatchObject({
      sent: false,
      problem: 'token',
      message: expect.stringContaining('does not know this join address'),
    });
    const nobody = `http://127.0.0.1:${await closedPort()}/join/${TOKEN}`;
    expect(await send(nobody)).toMatchObject({
      sent: false,
      problem: 'unreachable',
      message: expect.stringContaining('Could not reach the class board'),
    });
    expect(teacher.board().entries).toHaveLength(1);
  });

  it('is held to the board rate limit, and told when to try again', async () => {
    const results: ClassSendResult[] = [];
    for (let i = 1; i <= SUBMISSIONS_PER_WINDOW; i++) results.push(await send(listener.joinUrl, i));
    // The first test's run took one of the window's submissions already.
    expect(results.slice(0, SUBMISSIONS_PER_WINDOW - 1).every((r) => r.sent)).toBe(true);
    expect(results.at(-1)).toMatchObject({
      sent: false,
      problem: 'rate-limited',
      message: expect.stringMatching(/Try again in \d+ s\.$/),
    });
  });
});
