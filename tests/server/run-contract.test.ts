import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeasurementSchema } from '../../src/shared/measurement';
import { nextMessage, openClient, opened, startTestServer, type TestServer } from '../support/server';
import type WebSocket from 'ws';
import { waitFor } from '../support/wait';

/** Runs through the contract, over the real browser-mode server, as the renderer will use them. */
describe('run:* over the WebSocket contract', () => {
  let t: TestServer;
  let ws: WebSocket;
  let nextId = 100;
  const invoke = async (channel: string, payload: unknown) => {
    const id = nextId++;
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    return nextMessage(ws, (m) => m.type === 'result' && m.id === id);
  };
  // Every message from the start: an event can arrive in the same chunk as the reply before it.
  const log: { type?: string; channel?: string; payload?: unknown }[] = [];
  const finished = (runId: string) =>
    waitFor(
      () => log.find((m) => m.channel === 'run:finished' && (m.payload as { runId: string }).runId === runId),
      15_000,
      `run:finished for ${runId}`,
    );

  beforeAll(async () => {
    t = await startTestServer(0, { pools: true });
    ws = openClient(t.server);
    ws.on('message', (data) => log.push(JSON.parse(String(data)) as (typeof log)[number]));
    await opened(ws);
  });
  afterAll(async () => {
    ws.close();
    await t.close();
  });

  it('starts a run, streams its progress, and ends with a measurement that fits the contract', async () => {
    const started = await invoke('run:start', {
      params: { workload: 'io-sleep', mode: 'threads-gil', workers: 4, tasks: 4, taskMs: 50 },
    });
    expect(started).toMatchObject({ ok: true });
    const runId = (started.value as { runId: string }).runId;
    const done = (await finished(runId)).payload as { measurement: unknown; error: string | null };
    expect(done.error).toBeNull();
    const measurement = MeasurementSchema.parse(done.measurement);
    expect(measurement.verified).toBe(true);
    expect(measurement.baseline).not.toBeNull();
    expect(measurement.speedup).toBeGreaterThan(2);
    const progress = log.filter(
      (m) => m.channel === 'run:progressed' && (m.payload as { runId: string }).runId === runId,
    );
    const events = progress.flatMap((m) => (m.payload as { events: { type: string }[] }).events);
    expect(events.some((e) => e.type === 'task-finished')).toBe(true);
    // Events travel in batches, so a 4-task run takes fewer messages than it has events.
    expect(progress.length).toBeLessThan(events.length);
  });

  it('refuses parameters the machine cannot take, with the engine’s reason, before starting', async () => {
    const reply = await invoke('run:start', { params: { workload: 'cpu', mode: 'processes', workers: 999, tasks: 1 } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(String((reply.error as { message: string }).message)).toMatch(/workers must be at most/);
  });

  it('refuses a second run while one goes, and cancels on request', async () => {
    const first = await invoke('run:start', {
      params: { workload: 'io-sleep', mode: 'threads-gil', workers: 2, tasks: 40, taskMs: 100 },
      baseline: false,
    });
    const runId = (first.value as { runId: string }).runId;
    const second = await invoke('run:start', {
      params: { workload: 'io-sleep', mode: 'threads-gil', workers: 1, tasks: 1 },
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await invoke('run:cancel', { runId: 'no-such-run' })).toMatchObject({
      ok: true,
      value: { cancelled: false },
    });
    expect(await invoke('run:cancel', { runId })).toMatchObject({ ok: true, value: { cancelled: true } });
    const done = (await finished(runId)).payload as { measurement: { runs: { outcome: string }[] } };
    expect(done.measurement.runs[0]!.outcome).toBe('cancelled');
  });
});
