import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawClient, startWebHost, type WebHost } from '../support/web-host-process';
import { waitFor } from '../support/wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FLOOD_MS = 8_000;
const MAX_REQUESTS = 400_000;
/** The flooding side stops writing while this much is still queued in the test's own process. */
const CLIENT_QUEUE_BYTES = 4 * 1024 * 1024;

describe('a browser-mode client that never reads', () => {
  let host: WebHost | undefined;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await host?.stop();
    host = undefined;
  });

  it('is dropped, and the other clients keep their samples and the server its memory', async () => {
    host = await startWebHost();
    const normal = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { origin: host.url });
    cleanups.push(() => normal.terminate());
    const arrivals: number[] = [];
    normal.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; channel?: string };
      if (message.type === 'event' && message.channel === 'monitor:sampled') arrivals.push(performance.now());
    });
    await waitFor(() => (arrivals.length >= 25 ? true : undefined), 15_000, 'steady samples');
    const rssBefore = host.rssMiB();
    const quiet = arrivals.slice(5);
    const quietGapMs = Math.max(...quiet.slice(1).map((t, i) => t - quiet[i]!));

    const stalled = await RawClient.connect(host.port);
    cleanups.push(() => stalled.destroy());
    const request = RawClient.frame(JSON.stringify({ type: 'invoke', id: 1, channel: 'monitor:get-info' }));
    const batch = Buffer.concat(Array.from({ length: 200 }, () => request));
    const floodStart = performance.now();
    let sent = 0;
    let rssPeak = rssBefore;
    let rssReadAt = 0;
    while (performance.now() - floodStart < FLOOD_MS && sent < MAX_REQUESTS && !stalled.closed) {
      if (stalled.socket.writableLength < CLIENT_QUEUE_BYTES) {
        stalled.socket.write(batch);
        sent += 200;
      }
      if (performance.now() - rssReadAt > 50) {
        rssPeak = Math.max(rssPeak, host.rssMiB());
        rssReadAt = performance.now();
      }
      await sleep(2);
    }
    const floodEnd = performance.now();
    // Samples keep coming after the flood too: the last gap counts until one more arrives.
    await waitFor(() => (arrivals.some((t) => t > floodEnd + 500) ? true : undefined), 10_000, 'samples after');
    rssPeak = Math.max(rssPeak, host.rssMiB());
    const during = arrivals.filter((t) => t >= floodStart - 200);
    const maxGapMs = Math.max(...during.slice(1).map((t, i) => t - during[i]!));
    const dropped = host.stderr.filter((line) => /client \d+: dropped/.test(line));
    console.log(
      `never-reading client: ${sent} requests in ${(floodEnd - floodStart).toFixed(0)} ms; ` +
        `other client's longest sample gap ${maxGapMs.toFixed(0)} ms (${quietGapMs.toFixed(0)} ms before); server RSS ${rssBefore.toFixed(0)} → peak ` +
        `${rssPeak.toFixed(0)} MiB; dropped: ${dropped.join(' | ') || 'no'}; socket closed: ${stalled.closed}`,
    );

    expect(normal.readyState).toBe(WebSocket.OPEN);
    expect(maxGapMs).toBeLessThan(1_000);
    expect(rssPeak - rssBefore).toBeLessThan(100);
    expect(dropped.length).toBe(1);
    expect(dropped[0]).toMatch(/not reading/);
    // The connection is really gone: writing to it fails.
    await waitFor(
      () => {
        if (!stalled.closed) stalled.socket.write(request);
        return stalled.closed ? true : undefined;
      },
      5_000,
      'the server to close the never-reading client',
    );
  });
});
