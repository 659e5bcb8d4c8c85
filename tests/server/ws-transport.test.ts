import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/renderer/src/transport/transport';
import { WebSocketTransport } from '../../src/renderer/src/transport/ws-transport';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait';

/** The renderer's WebSocket transport, driven against the real server from Node. */
describe('WebSocketTransport against the real server', () => {
  let t: TestServer;
  const globals = globalThis as unknown as { WebSocket?: unknown };
  const original = globals.WebSocket;

  beforeAll(async () => {
    t = await startTestServer();
    const origin = t.server.url;
    // A browser sends its page's Origin; Node's client must be told to.
    globals.WebSocket = class extends WebSocket {
      constructor(url: string) {
        super(url, { origin });
      }
    };
  });
  afterAll(async () => {
    globals.WebSocket = original;
    await t.close();
  });

  const url = () => `ws://127.0.0.1:${t.server.port}/ws`;

  it('invokes, validates the answer, and delivers validated events', async () => {
    const transport = new WebSocketTransport(url());
    const info = await transport.invoke('app:get-info');
    expect(info.name).toBe('GIL Lab');
    const sample = await new Promise<{ cores: number[] }>((resolve) => {
      const off = transport.subscribe('monitor:sampled', (s) => {
        off();
        resolve(s);
      });
    });
    expect(sample.cores.length).toBeGreaterThan(0);
    expect(transport.status).toBe('open');
    transport.close();
  });

  it('surfaces the engine refusing a request as a TransportError with its reason', async () => {
    const transport = new WebSocketTransport(url());
    const error = await transport.invoke('monitor:set-rate', { hz: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('invalid-payload');
    expect((error as TransportError).message).toMatch(/hz/);
    transport.close();
  });

  it('reconnects after the connection drops and keeps its subscriptions', async () => {
    const transport = new WebSocketTransport(url());
    let count = 0;
    transport.subscribe('monitor:sampled', () => count++);
    const statuses: string[] = [];
    transport.onStatus((s) => statuses.push(s));
    await waitFor(() => (count > 0 ? true : undefined), 5000, 'first event');
    // Restart the server on the same port, as a user would after Ctrl+C.
    const port = t.server.port;
    await t.close();
    await waitFor(() => (statuses.includes('reconnecting') ? true : undefined), 5000, 'reconnecting status');
    t = await startTestServer(port);
    await waitFor(() => (statuses.at(-1) === 'open' ? true : undefined), 10_000, 'reopened');
    const before = count;
    await waitFor(() => (count > before ? true : undefined), 5000, 'events after reconnect');
    transport.close();
  });

  it('rejects requests in flight when the connection drops', async () => {
    const transport = new WebSocketTransport('ws://127.0.0.1:9/ws');
    const pending = transport.invoke('app:get-info');
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    transport.close();
  });
});
