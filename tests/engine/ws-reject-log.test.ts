import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../support/web-host-process';
import { waitFor } from '../support/wait';

const BAD_MESSAGES = 14_000;

describe('rejected browser-mode messages', () => {
  let host: WebHost | undefined;
  let ws: WebSocket | undefined;
  afterEach(async () => {
    ws?.terminate();
    await host?.stop();
    host = undefined;
  });

  it('are logged a few in full, then counted, not one line each', async () => {
    host = await startWebHost();
    const client = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { origin: host.url });
    ws = client;
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    let rejected = 0;
    client.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; ok?: boolean };
      if (message.type === 'result' && message.ok === false) rejected++;
    });
    const linesBefore = host.stderr.length;
    for (let sent = 0; sent < BAD_MESSAGES; sent += 500) {
      for (let i = 0; i < 500; i++) client.send('{not json');
      await waitFor(() => (rejected >= sent + 500 ? true : undefined), 20_000, `${sent + 500} rejections`);
    }
    client.close();
    // The count still owed is written when the client goes.
    await waitFor(
      () => (host!.stderr.some((l) => /more rejected messages/.test(l)) ? true : undefined),
      5_000,
      'summary',
    );
    const lines = host.stderr.slice(linesBefore).filter((line) => /client \d+: .*rejected/.test(line));
    const counted = lines
      .map((line) => Number(line.match(/(\d+) more rejected messages in the last 10 s/)?.[1] ?? 0))
      .reduce((a, b) => a + b, 0);
    const inFull = lines.filter((line) => line.includes('rejected message: message is not valid JSON'));
    console.log(`${BAD_MESSAGES} rejected messages → ${lines.length} log lines:\n${lines.join('\n')}`);

    expect(rejected).toBe(BAD_MESSAGES);
    expect(inFull.length).toBe(5);
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(inFull.length + counted).toBe(BAD_MESSAGES);
  });
});
