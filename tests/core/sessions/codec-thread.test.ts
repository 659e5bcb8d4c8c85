import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as inThread from '../../../src/core/sessions/session-bytes';
import { SessionCodecThread } from '../../../src/core/sessions/session-codec-thread';
import { decodeSessionBytes, encodeSessionFile, useSessionCodecThread } from '../../../src/core/sessions/session-file';
import { SessionStore } from '../../../src/core/sessions/session-store';
import { syntheticSession } from '../../../src/core/sessions/synthetic-session';
import { EventLoopWatch } from '../../../src/core/util/event-loop-watch';
import { SessionFileError } from '../../../src/shared/session-parse';
import { sourceWorkerLocator } from '../../support/workers';
import { useTempDirs } from './helpers';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the session codec thread', () => {
  const tempDir = useTempDirs();
  const threads: SessionCodecThread[] = [];
  const started = () => {
    const thread = new SessionCodecThread(sourceWorkerLocator);
    threads.push(thread);
    return thread;
  };
  afterEach(async () => {
    useSessionCodecThread(null);
    await Promise.all(threads.splice(0).map((t) => t.close()));
  });

  it('saves and loads a session to an equal document, and its file reads on this thread too', async () => {
    const thread = started();
    const doc = syntheticSession({ cores: 32, hz: 10, seconds: 300, runs: 3 });
    const bytes = await thread.encode(doc);
    expect(await thread.decode(bytes, 64 * 1024 * 1024)).toEqual(doc);
    expect(await inThread.decodeSessionBytes(bytes)).toEqual(doc);
    // And a file written on this thread loads there.
    expect(await thread.decode(await inThread.encodeSessionFile(doc), 64 * 1024 * 1024)).toEqual(doc);
  }, 60_000);

  it('hands back two sessions decoded at once whole, each run in its place, and fails one cut off by a close', async () => {
    const thread = started();
    const first = syntheticSession({ cores: 16, hz: 10, seconds: 120, runs: 5, seed: 1, name: 'First' });
    const second = syntheticSession({ cores: 8, hz: 10, seconds: 90, runs: 3, seed: 2, name: 'Second' });
    const [a, b] = await Promise.all([inThread.encodeSessionFile(first), inThread.encodeSessionFile(second)]);
    const [backA, backB] = await Promise.all([thread.decode(a, 64 * 1024 * 1024), thread.decode(b, 64 * 1024 * 1024)]);
    expect(backA).toEqual(first);
    expect(backB).toEqual(second);
    expect(Object.keys(backA)).toEqual(Object.keys(first));
    // A decode still coming in when the thread closes fails rather than resolving with part of its runs.
    const cut = thread.decode(a, 64 * 1024 * 1024);
    // The thread leaves on its own between two messages (exit code 0), not terminated mid-statement
    // (exit code 1), which can abort the whole process when it lands inside zlib's set-up.
    const exitCode = new Promise<number>((resolve) => thread['worker']!.once('exit', resolve));
    const closed = thread.close();
    await expect(cut).rejects.toThrow(/closed/);
    await closed;
    expect(await exitCode).toBe(0);
  }, 60_000);

  it('refuses a corrupt file with the same error as on the engine thread', async () => {
    const thread = started();
    const doc = syntheticSession({ cores: 8, hz: 10, seconds: 60 });
    const good = await inThread.encodeSessionFile(doc);
    const badColumn = structuredClone(doc);
    badColumn.runs[0]!.load!.values = badColumn.runs[0]!.load!.values.slice(0, -8);
    const corrupt: [string, Uint8Array][] = [
      ['truncated gzip', good.subarray(0, good.length - 20)],
      ['not JSON', gzipSync('{"format": "gil-lab-session", ')],
      ['a column short of values', gzipSync(JSON.stringify(badColumn))],
      ['damaged gzip', Buffer.concat([good.subarray(0, 10), Buffer.alloc(200, 7)])],
    ];
    for (const [what, bytes] of corrupt) {
      const here = await inThread.decodeSessionBytes(bytes).catch((error: Error) => error);
      const there = await thread.decode(bytes, 64 * 1024 * 1024).catch((error: Error) => error);
      expect(here, what).toBeInstanceOf(SessionFileError);
      expect(there, what).toBeInstanceOf(SessionFileError);
      expect((there as Error).message, what).toBe((here as Error).message);
    }
    // The file the store quarantines says so in the same words, whichever thread read it.
    useSessionCodecThread(sourceWorkerLocator, 0);
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'x'), '');
    const sessions = path.join(dataDir, 'sessions');
    (await import('node:fs')).mkdirSync(sessions);
    writeFileSync(path.join(sessions, 'cut-000001.session.json.gz'), corrupt[0]![1]);
    const notices = (await SessionStore.open(dataDir)).list().notices.map((n) => n.message);
    expect(notices.join('\n')).toContain('is truncated: the gzip data ends before it is complete');
  }, 60_000);

  it("keeps the engine's event loop answering while a large session is saved and loaded", async () => {
    useSessionCodecThread(sourceWorkerLocator);
    // Half an hour on 256 cores: about half the bench's session.
    const doc = syntheticSession({ cores: 256, hz: 10, seconds: 1800, runs: 6 });
    await decodeSessionBytes(await encodeSessionFile(syntheticSession({ cores: 64, hz: 10, seconds: 600 })));
    const watch = new EventLoopWatch().start();
    try {
      await settle();
      watch.reset();
      const bytes = await encodeSessionFile(doc);
      // The watch's timer records a stall when it next runs, after the work.
      await settle();
      const save = watch.report().maxStallMs;
      watch.reset();
      const loaded = await decodeSessionBytes(bytes);
      await settle();
      const load = watch.report().maxStallMs;
      console.log(`longest event-loop block: save ${save} ms, load ${load} ms (${(bytes.length / 1e6).toFixed(1)} MB)`);
      expect(loaded.runs.length).toBe(doc.runs.length);
      // On this thread the load alone blocks for several hundred ms; a shared 2-core machine can
      // still hold any thread back, hence the margin.
      expect(save).toBeLessThan(250);
      expect(load).toBeLessThan(250);
    } finally {
      watch.stop();
    }
  }, 120_000);
});
