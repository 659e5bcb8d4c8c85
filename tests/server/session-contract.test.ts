import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSION_SCHEMA_VERSION } from '../../src/shared/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { exportJson } from '../../src/core/sessions/export';
import { SessionStore } from '../../src/core/sessions/session-store';
import { startWebServer, type WebServer } from '../../src/server/web-server';
import { SessionDocumentSchema, SessionListSchema } from '../../src/shared/session-contract';
import { importChunks } from '../../src/shared/session-import';
import { decodeLoadTrace, decodeTimeline } from '../../src/shared/session-content';
import { MAX_MESSAGE_BYTES } from '../../src/shared/limits';
import { smallSession } from '../core/sessions/helpers';
import { createTestBackends } from '../support/pools';
import { nextMessage, openClient, opened } from '../support/server';
import { waitFor } from '../support/wait';
import { sourceWorkerLocator } from '../support/workers';

/** The session channels over the real browser-mode server and engine, as the renderer will use them. */
describe('session:* over the WebSocket contract', () => {
  let core: LabCore;
  let server: WebServer;
  let ws: WebSocket;
  let dir: string;
  let nextId = 1;
  const log: { type?: string; channel?: string; payload?: unknown }[] = [];
  const invoke = async (channel: string, payload?: unknown) => {
    const id = nextId++;
    const text = JSON.stringify({ type: 'invoke', id, channel, payload });
    expect(text.length).toBeLessThan(MAX_MESSAGE_BYTES);
    ws.send(text);
    return (await nextMessage(ws, (m) => m.type === 'result' && m.id === id)) as {
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string };
    };
  };
  const value = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const reply = await invoke(channel, payload);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error?.code} ${reply.error?.message}`);
    return reply.value as T;
  };
  const changes = (reason: string) =>
    log.filter((m) => m.channel === 'session:changed' && (m.payload as { reason: string }).reason === reason);

  /** Imports bytes the way the page does: begin with the size, base64 chunks, commit. */
  const importBytes = async (bytes: Uint8Array, fileName: string) => {
    const began = await invoke('session:import-begin', { fileName, totalBytes: bytes.length });
    if (!began.ok) return began;
    const { uploadId, chunkChars } = began.value as { uploadId: string; chunkChars: number };
    const chunks = importChunks(Buffer.from(bytes).toString('base64'), chunkChars);
    for (const [index, base64] of chunks.entries()) {
      const sent = await invoke('session:import-chunk', { uploadId, index, base64 });
      if (!sent.ok) return sent;
    }
    return invoke('session:import-commit', { uploadId });
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-session-contract-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>GIL Lab</title>');
    core = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 10 },
      backends: createTestBackends(),
      sessions: { dataDir: path.join(dir, 'data') },
      log: () => {},
    });
    server = await startWebServer({ core, rendererDir: dir, port: 0, log: () => {} });
    core.start();
    ws = openClient(server);
    ws.on('message', (data) => log.push(JSON.parse(String(data)) as (typeof log)[number]));
    await opened(ws);
  });
  afterAll(async () => {
    ws.close();
    await server.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('autosaves a finished run, with its samples and timeline, into a new dated session', async () => {
    const empty = SessionListSchema.parse(await value('session:list'));
    expect(empty).toMatchObject({ sessions: [], trash: [], currentId: null, notices: [] });
    expect(empty.dir).toBe(path.join(dir, 'data', 'sessions'));

    await value('run:start', { params: { workload: 'cpu', mode: 'threads-gil', workers: 2, tasks: 2, taskMs: 200 } });
    await waitFor(() => changes('run-added')[0], 20_000, 'session:changed run-added');
    const list = SessionListSchema.parse(await value('session:list'));
    expect(list.sessions).toHaveLength(1);
    const session = list.sessions[0]!;
    expect(session).toMatchObject({ runs: 1, saved: true, importedFrom: null });
    expect(session.name).toMatch(/^Session \d{4}-\d\d-\d\d$/);
    expect(list.currentId).toBe(session.id);

    const doc = SessionDocumentSchema.parse(await value('session:get', { id: session.id }));
    const run = doc.runs[0]!;
    expect(run.measurement.params.mode).toBe('threads-gil');
    expect(run.app.host).toBe('browser');
    expect(decodeLoadTrace(run.load!).timesMs.length).toBeGreaterThan(2);
    const timeline = decodeTimeline(run.timeline!);
    expect(timeline.filter((e) => e.kind === 'task-finished')).toHaveLength(4);
    expect(timeline.some((e) => e.state === 'waiting-gil')).toBe(true);

    // A second run goes to the same, current session.
    await value('run:start', {
      params: { workload: 'io-sleep', mode: 'threads-gil', workers: 2, tasks: 2, taskMs: 20 },
    });
    await waitFor(() => changes('run-added')[1], 20_000, 'second run-added');
    const after = await value<{ sessions: { runs: number }[] }>('session:list');
    expect(after.sessions[0]!.runs).toBe(2);
  });

  it('renames, duplicates, deletes with undo, and exports', async () => {
    const { id } = (await value<{ sessions: { id: string }[] }>('session:list')).sessions[0]!;
    await expect(value('session:rename', { id, name: 'Threads vs processes' })).resolves.toMatchObject({
      name: 'Threads vs processes',
    });
    const copy = await value<{ id: string; name: string }>('session:duplicate', { id });
    expect(copy.name).toBe('Threads vs processes (copy)');
    await expect(value('session:delete', { id: copy.id })).resolves.toEqual({ id: copy.id, undoable: true });
    let list = await value<{ sessions: unknown[]; trash: { id: string }[] }>('session:list');
    expect(list.sessions).toHaveLength(1);
    expect(list.trash.map((s) => s.id)).toEqual([copy.id]);
    await value('session:restore', { id: copy.id });
    list = await value('session:list');
    expect(list.sessions).toHaveLength(2);

    for (const format of ['json', 'csv-runs', 'csv-samples', 'md', 'html']) {
      const out = await value<{ fileName: string; mediaType: string; text: string }>('session:export', { id, format });
      expect(out.fileName.startsWith('threads-vs-processes')).toBe(true);
      expect(out.text.length).toBeGreaterThan(100);
    }
    const md = await value<{ text: string }>('session:export', { id, format: 'md' });
    expect(md.text).toContain('## Threads vs processes');
  });

  it('removes a single run, saved at once, and puts it back in its place on undo', async () => {
    const { id } = (await value<{ sessions: { id: string; name: string }[] }>('session:list')).sessions.find(
      (s) => s.name === 'Threads vs processes',
    )!;
    const before = SessionDocumentSchema.parse(await value('session:get', { id })).runs.map((r) => r.id);
    expect(before).toHaveLength(2);
    const runId = before[0]!;
    await expect(value('session:remove-run', { id, runId })).resolves.toEqual({ id, runId, undoable: true });
    await waitFor(() => changes('run-removed')[0], 5000, 'session:changed run-removed');
    expect(SessionDocumentSchema.parse(await value('session:get', { id })).runs.map((r) => r.id)).toEqual([before[1]]);
    // On disk at once: a store of its own on the same folder reads it without the run.
    const onDisk = await SessionStore.open(path.join(dir, 'data'));
    expect(onDisk.get(id).runs.map((r) => r.id)).toEqual([before[1]]);

    await expect(value('session:restore-run', { id, runId })).resolves.toMatchObject({ id, runs: 2 });
    await waitFor(() => changes('run-restored')[0], 5000, 'session:changed run-restored');
    expect(SessionDocumentSchema.parse(await value('session:get', { id })).runs.map((r) => r.id)).toEqual(before);
    expect((await SessionStore.open(path.join(dir, 'data'))).get(id).runs.map((r) => r.id)).toEqual(before);

    const cases: [string, unknown, string, RegExp][] = [
      [
        'session:remove-run',
        { id, runId: 'no-such-run' },
        'refused',
        /^"Threads vs processes" has no run "no-such-run"$/,
      ],
      ['session:restore-run', { id, runId }, 'refused', new RegExp(`^no removed run "${runId}" to put back$`)],
      ['session:remove-run', { id: 'no-such-1', runId }, 'refused', /^no session with id "no-such-1"$/],
      ['session:remove-run', { id, runId: '' }, 'invalid-payload', /runId/],
    ];
    for (const [channel, payload, code, message] of cases) {
      const reply = await invoke(channel, payload);
      expect(reply.ok, channel).toBe(false);
      expect(reply.error?.code, channel).toBe(code);
      expect(reply.error?.message, channel).toMatch(message);
    }
  });

  it('refuses bad requests with a reason the page can show', async () => {
    const list = await value<{ sessions: { id: string }[] }>('session:list');
    const id = list.sessions[0]!.id;
    const cases: [string, unknown, string, RegExp][] = [
      ['session:rename', { id, name: 'a/b' }, 'refused', /cannot contain \/ or \\/],
      ['session:rename', { id, name: 'x'.repeat(10_000) }, 'refused', /at most 120 characters/],
      ['session:get', { id: 'no-such-1' }, 'refused', /no session with id "no-such-1"/],
      ['session:get', { id: '../etc' }, 'invalid-payload', /id/],
      ['session:export', { id, format: 'pdf' }, 'invalid-payload', /format/],
      [
        'session:import-begin',
        { fileName: 'huge.json', totalBytes: 2 * 1024 ** 3 },
        'refused',
        /"huge\.json" is 2\.0 GB; the limit is 64\.0 MB/,
      ],
      ['session:import-commit', { uploadId: 'nope' }, 'refused', /no such import in progress/],
    ];
    for (const [channel, payload, code, message] of cases) {
      const reply = await invoke(channel, payload);
      expect(reply.ok, channel).toBe(false);
      expect(reply.error?.code, channel).toBe(code);
      expect(reply.error?.message, channel).toMatch(message);
    }
  });

  it('imports a file larger than one message in chunks, and never keeps a bad one', async () => {
    const big = smallSession('From a classmate', 40);
    const bytes = new TextEncoder().encode(exportJson(big));
    expect(bytes.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    const reply = await importBytes(bytes, 'classmate.json');
    expect(reply.ok).toBe(true);
    const summary = reply.value as { id: string; runs: number; importedFrom: string };
    expect(summary).toMatchObject({ runs: 40, importedFrom: 'From a classmate' });
    const doc = SessionDocumentSchema.parse(await value('session:get', { id: summary.id }));
    expect(doc.runs).toEqual(big.runs);

    const before = (await value<{ sessions: unknown[] }>('session:list')).sessions.length;
    const truncated = await importBytes(bytes.subarray(0, bytes.length - 10), 'cut.json');
    expect(truncated.error).toEqual({
      code: 'refused',
      message: '"cut.json" is truncated: the JSON ends before it is complete',
    });
    const future = await importBytes(
      new TextEncoder().encode(JSON.stringify({ ...big, schemaVersion: SESSION_SCHEMA_VERSION + 1 })),
      'f.json',
    );
    expect(future.error?.message).toMatch(/newer GIL Lab/);
    expect((await value<{ sessions: unknown[] }>('session:list')).sessions).toHaveLength(before);
  });

  it('refuses chunks out of order or beyond the announced size', async () => {
    const { uploadId } = await value<{ uploadId: string }>('session:import-begin', {
      fileName: 'x.json',
      totalBytes: 3,
    });
    const over = await invoke('session:import-chunk', { uploadId, index: 0, base64: 'AAAAAA==' });
    expect(over.error?.message).toMatch(/larger than the 3 bytes announced/);
    const again = await value<{ uploadId: string }>('session:import-begin', { fileName: 'y.json', totalBytes: 6 });
    const skipped = await invoke('session:import-chunk', { uploadId: again.uploadId, index: 1, base64: 'AAAA' });
    expect(skipped.error?.message).toMatch(/chunk 1 arrived where 0 was expected/);
  });
});
