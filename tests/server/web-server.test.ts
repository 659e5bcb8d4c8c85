import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../src/shared/limits';
import { nextMessage, openClient, opened, startTestServer, type TestServer } from '../support/server';

describe('browser-mode server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('listens on 127.0.0.1 only and serves the page with a strict CSP', async () => {
    expect(t.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(t.server.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('GIL Lab');
  });

  it('refuses HTTP requests for another Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: t.server.port, path: '/', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it('streams samples to a client from its own origin', async () => {
    const ws = openClient(t.server);
    await opened(ws);
    const event = await nextMessage(ws, (m) => m.type === 'event' && m.channel === 'monitor:sampled');
    expect((event.payload as { cores: number[] }).cores.length).toBeGreaterThan(0);
    ws.close();
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['the right host on another port', 'http://127.0.0.1:1'],
    ['a file:// page', 'null'],
  ])('refuses a WebSocket from %s, with a logged reason', async (_label, origin) => {
    const ws = openClient(t.server, {}, origin);
    await expect(opened(ws)).rejects.toThrow(/403/);
    expect(t.logs.some((l) => l.includes('Origin') && l.includes(origin))).toBe(true);
  });

  it('answers requests and rejects bad ones with a clear error, and keeps serving', async () => {
    const ws = openClient(t.server);
    await opened(ws);
    const bystander = openClient(t.server);
    await opened(bystander);

    ws.send('{not json');
    expect(await nextMessage(ws, (m) => m.type === 'result')).toMatchObject({
      ok: false,
      error: { code: 'invalid-message', message: 'message is not valid JSON' },
    });

    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'fs:delete', payload: {} }));
    const unknown = await nextMessage(ws, (m) => m.type === 'result' && m.id === 1);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });

    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'monitor:set-rate', payload: { hz: 99 } }));
    const invalid = await nextMessage(ws, (m) => m.type === 'result' && m.id === 2);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(String((invalid.error as { message: string }).message)).toMatch(/monitor:set-rate.*hz/);
    expect(t.core.monitor.rateHz).toBe(10);

    ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'monitor:set-rate', payload: { hz: 5 } }));
    expect(await nextMessage(ws, (m) => m.type === 'result' && m.id === 3)).toMatchObject({
      ok: true,
      value: { hz: 5 },
    });
    expect(t.logs.some((l) => l.includes('unknown channel') || l.includes('Unknown channel'))).toBe(true);

    // The other client never noticed.
    await nextMessage(bystander, (m) => m.type === 'event');
    ws.close();
    bystander.close();
  });

  it('drops a client that sends an oversized message, and serves the others', async () => {
    const big = openClient(t.server);
    await opened(big);
    const other = openClient(t.server);
    await opened(other);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009); // "message too big"
    expect(t.logs.some((l) => /dropped: Max payload size exceeded/.test(l))).toBe(true);
    await nextMessage(other, (m) => m.type === 'event');
    other.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app:get-info' }));
    expect(await nextMessage(other, (m) => m.id === 7)).toMatchObject({ ok: true });
    other.close();
  });
});
