import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientFlow, type FlowLimits } from '../../src/core/net/client-flow';
import { RawClient } from '../support/web-host-process';
import { waitFor } from '../support/wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LIMITS: FlowLimits = { maxInFlight: 4, backedUpBytes: 256 * 1024, stalledMs: 800, checkEveryMs: 50 };

/** A real ws server on loopback and a hand-written client that is not reading yet. */
async function connectedPair(): Promise<{ wss: WebSocketServer; server: WebSocket; client: RawClient }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = await RawClient.connect((wss.address() as AddressInfo).port);
  return { wss, server: await accepted, client };
}

/** Sends until the client is backed up: past the kernel's buffers and the flow's bound. */
async function backUp(server: WebSocket, flow: ClientFlow): Promise<void> {
  const chunk = 'x'.repeat(16 * 1024);
  for (let i = 0; i < 4096 && !flow.backedUp; i++) {
    server.send(chunk);
    flow.sent();
    if (i % 64 === 0) await sleep(1);
  }
  expect(flow.backedUp).toBe(true);
}

describe('ClientFlow on a real socket', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  it('drops a client that stays backed up without reading', async () => {
    const { wss, server, client } = await connectedPair();
    closers.push(
      () => client.destroy(),
      () => wss.close(),
    );
    let stalledWith = 0;
    const flow = new ClientFlow(server, (unsent) => (stalledWith = unsent), LIMITS);
    closers.push(() => flow.close());
    await backUp(server, flow);
    const backedUpAt = performance.now();
    // Its requests wait too: the server stops reading it.
    expect(server.isPaused).toBe(true);
    await waitFor(() => (stalledWith > 0 ? true : undefined), 5_000, 'the stall to be noticed');
    const afterMs = performance.now() - backedUpAt;
    console.log(`stalled client noticed ${afterMs.toFixed(0)} ms after backing up, ${stalledWith} bytes unsent`);
    expect(stalledWith).toBeGreaterThan(LIMITS.backedUpBytes);
    expect(afterMs).toBeGreaterThanOrEqual(LIMITS.stalledMs - LIMITS.checkEveryMs);
  });

  it('keeps a client that falls behind but reads again in time, and reads its requests again', async () => {
    const { wss, server, client } = await connectedPair();
    closers.push(
      () => client.destroy(),
      () => wss.close(),
    );
    let stalled = false;
    const flow = new ClientFlow(server, () => (stalled = true), LIMITS);
    closers.push(() => flow.close());
    await backUp(server, flow);
    await sleep(LIMITS.stalledMs / 2);
    client.socket.on('data', () => {});
    client.socket.resume();
    await waitFor(() => (flow.backedUp ? undefined : true), 5_000, 'the client to catch up');
    await sleep(LIMITS.stalledMs * 1.5);
    expect(stalled).toBe(false);
    expect(server.isPaused).toBe(false);
  });

  it('stops reading a client with too many requests in flight until some finish', async () => {
    const { wss, server, client } = await connectedPair();
    closers.push(
      () => client.destroy(),
      () => wss.close(),
    );
    const flow = new ClientFlow(server, () => {}, LIMITS);
    closers.push(() => flow.close());
    for (let i = 0; i < LIMITS.maxInFlight; i++) flow.requestStarted();
    expect(server.isPaused).toBe(true);
    flow.requestSettled();
    expect(server.isPaused).toBe(false);
  });
});
