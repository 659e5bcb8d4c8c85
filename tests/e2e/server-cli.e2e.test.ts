import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { launchChromium, runNode, startServer, waitForLine } from './app';

const noStackTrace = (lines: string[]) => lines.every((line) => !/^\s+at /.test(line));

describe('browser-mode server as a program', () => {
  it('prints its address on its own line and exits cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await startServer();
      expect(server.stdout).toContain(`GIL Lab at ${server.url}`);
      const code = await server.stop(signal);
      expect(code).toBe(0);
      expect(server.stderr.join('\n')).toContain(`${signal}: shutting down`);
      expect(noStackTrace(server.stderr)).toBe(true);
    }
  });

  it('says in one line when the port is taken, and exits non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const server = runNode(['out/main/server.js', '--port', String(port), '--no-open']);
    expect(await server.exited).toBe(1);
    expect(server.stderr).toEqual([`gil-lab: Port ${port} is already in use. Choose another with --port N.`]);
    blocker.close();
  });

  it.each([['abc'], ['70000']])('says in one line that --port %s is invalid', async (port) => {
    const server = runNode(['out/main/server.js', '--port', port]);
    expect(await server.exited).toBe(1);
    expect(server.stderr).toHaveLength(1);
    expect(server.stderr[0]).toMatch(/^gil-lab: --port must be/);
  });

  it('refuses a WebSocket opened by a page from another origin, and logs why', async () => {
    const server = await startServer();
    // Another site: a plain page with no CSP, so only GIL Lab's Origin check can stop it.
    const site = createHttpServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<title>other</title>'),
    );
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(siteUrl);
      const wsUrl = server.url.replace('http', 'ws') + '/ws';
      const outcome = await page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => resolve('open');
            ws.onclose = () => resolve('closed');
            setTimeout(() => resolve('timeout'), 5000);
          }),
        wsUrl,
      );
      expect(outcome).toBe('closed');
      await waitForLine(server.stderr, new RegExp(`refused WebSocket: Origin "${siteUrl}" is not allowed`));
      // The server itself is still serving its own page.
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await browser.close();
      await server.stop();
      site.close();
    }
  });
});

describe('npm start without an Electron binary', () => {
  it('says so in one line and serves browser mode instead, with no stack trace', async () => {
    const start = runNode(['scripts/start.mjs', '--port', '0', '--no-open']);
    try {
      const [, url] = await waitForLine(start.stdout, /^GIL Lab at (http:\/\/127\.0\.0\.1:\d+)$/);
      expect(start.stderr[0]).toMatch(/^GIL Lab: no Electron binary is installed .* starting browser mode instead\.$/);
      expect(noStackTrace(start.stderr)).toBe(true);
      expect((await fetch(url!)).status).toBe(200);
    } finally {
      await start.stop();
    }
  });
});
