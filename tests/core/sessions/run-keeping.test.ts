import { describe, expect, it } from 'vitest';
import { appInfo } from '../../../src/core/app-info';
import { LabCore } from '../../../src/core/lab-core';
import { parseRunParams } from '../../../src/core/run/run-params';
import type { RunKept } from '../../../src/core/sessions/session-service';
import { SessionListSchema } from '../../../src/shared/session-contract';
import { createTestBackends } from '../../support/pools';
import { waitFor } from '../../support/wait';
import { sourceWorkerLocator } from '../../support/workers';
import { useTempDirs } from './helpers';

const QUICK_RUN = {
  params: { workload: 'io-sleep', mode: 'threads-gil', workers: 2, tasks: 2, taskMs: 20 },
  baseline: false,
} as const;

/** A real engine on a fresh data folder, with every line it logs. */
function engine(dataDir: string) {
  const log: string[] = [];
  const backends = createTestBackends();
  const core = new LabCore({
    app: appInfo('browser'),
    monitor: { locateWorker: sourceWorkerLocator, hz: 10 },
    backends,
    sessions: { dataDir },
    log: (line) => log.push(line),
  });
  core.start();
  const kept: RunKept[] = [];
  core.sessions!.kept.add((k) => kept.push(k));
  return { core, log, kept, backends };
}

/** Starts `count` runs, each as soon as the one before has finished, as quick clicks would. */
async function quickRuns(core: LabCore, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const finished = new Promise<void>((resolve) => {
      const off = core.subscribe('run:finished', () => {
        off();
        // The engine is free again once run:finished has gone out to everyone.
        setImmediate(resolve);
      });
    });
    ids.push(((await core.invoke('run:start', QUICK_RUN)) as { runId: string }).runId);
    await finished;
  }
  return ids;
}

describe('keeping quick runs on a fresh data folder', () => {
  const tempDir = useTempDirs();

  it('keeps every one of many quick runs in one new session of the day, several tries', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { core, log, kept } = engine(tempDir());
      try {
        const started = Date.now();
        const ids = await quickRuns(core, 8);
        await waitFor(() => (kept.length === ids.length ? true : undefined), 20_000, 'every run kept');
        console.log(`try ${attempt + 1}: 8 runs of 20 ms tasks kept in ${Date.now() - started} ms`);
        expect(kept.map((k) => k.error)).toEqual(ids.map(() => null));
        expect(log.filter((line) => line.includes('could not keep'))).toEqual([]);
        const list = SessionListSchema.parse(await core.invoke('session:list', undefined));
        expect(list.sessions).toHaveLength(1);
        expect(list.sessions[0]!.name).toMatch(/^Session \d{4}-\d\d-\d\d$/);
        expect(list.sessions[0]!.runs).toBe(ids.length);
        expect(list.currentId).toBe(list.sessions[0]!.id);
      } finally {
        await core.close();
      }
    }
  }, 90_000);
});

describe('a finished run that could not be kept', () => {
  const tempDir = useTempDirs();

  it('is announced to every client, listed with its reason, and kept by a retry', async () => {
    const { core, kept, backends } = engine(tempDir());
    const changes: { reason: string; id: string | null }[][] = [[], []];
    // Two clients, each with its own subscription.
    for (const seen of changes) core.subscribe('session:changed', (c) => seen.push(c));
    try {
      const target = (await core.invoke('session:create', { name: 'Gone by the end' })) as { id: string };
      const finished = new Promise<void>((resolve) => core.subscribe('run:finished', () => resolve()));
      // A run aimed at a session (as the CLI's --session does) that is deleted while it goes.
      const { runId } = core.runs!.begin({
        params: parseRunParams({ ...QUICK_RUN.params, taskMs: 300 }, backends),
        repeat: 1,
        baseline: false,
        sessionId: target.id,
      });
      await core.invoke('session:delete', { id: target.id });
      await finished;
      await waitFor(() => kept[0], 10_000, 'the run to be kept or refused');
      expect(kept[0]).toMatchObject({ runId, session: null, error: expect.stringMatching(/no session with id/) });
      for (const seen of changes) expect(seen).toContainEqual({ reason: 'save-failed', id: null });

      const list = SessionListSchema.parse(await core.invoke('session:list', undefined));
      expect(list.unsavedRuns).toEqual([
        { runId, reason: expect.stringMatching(/no session with id/), at: expect.any(String) },
      ]);

      await expect(core.invoke('session:retry-saves', undefined)).resolves.toEqual({ saved: 1 });
      const after = SessionListSchema.parse(await core.invoke('session:list', undefined));
      expect(after.unsavedRuns).toEqual([]);
      const day = after.sessions.find((s) => s.id === after.currentId)!;
      expect(day.name).toMatch(/^Session \d{4}-\d\d-\d\d$/);
      const doc = (await core.invoke('session:get', { id: day.id })) as { runs: { id: string }[] };
      expect(doc.runs.map((r) => r.id)).toEqual([runId]);
      for (const seen of changes) expect(seen).toContainEqual({ reason: 'run-added', id: day.id });
    } finally {
      await core.close();
    }
  });
});
