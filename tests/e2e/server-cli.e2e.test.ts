import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchChromium, ROOT, runNode, startServer, waitForLine } from './app';

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
    // Told not to fetch, so this stays off the network; the fetch itself is the next test's.
    const start = runNode(['scripts/start.mjs', '--port', '0', '--no-open'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    try {
      const [, url] = await waitForLine(start.stdout, /^GIL Lab at (http:\/\/127\.0\.0\.1:\d+)$/);
      expect(start.stderr[0]).toMatch(/^GIL Lab: no Electron binary is installed .* starting browser mode instead\.$/);
      expect(noStackTrace(start.stderr)).toBe(true);
      expect((await fetch(url!)).status).toBe(200);
    } finally {
      await start.stop();
    }
  });

  it('tries to fetch the binary first, and when nothing answers gives up in one line within seconds', async () => {
    // A mirror on loopback that accepts the connection and never answers, as a network that
    // silently drops the download does.
    const requests: string[] = [];
    const sockets = new Set<Socket>();
    const mirror = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (chunk) => requests.push(String(chunk).split('\r\n')[0]!));
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    const port = (mirror.address() as { port: number }).port;
    // An empty cache of its own, so a zip downloaded earlier on this machine is never used.
    const cache = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-electron-cache-'));
    const started = Date.now();
    const start = runNode(['scripts/start.mjs', '--port', '0', '--no-open'], {
      ELECTRON_SKIP_BINARY_DOWNLOAD: '',
      npm_config_electron_mirror: `http://127.0.0.1:${port}/`,
      electron_config_cache: cache,
    });
    try {
      const [line] = await waitForLine(start.stderr, /^GIL Lab: no Electron binary is installed .*$/, 45_000);
      const seconds = (Date.now() - started) / 1000;
      console.log(`npm start gave up on the silent mirror after ${seconds.toFixed(1)} s`);
      const { version } = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
        version: string;
      };
      expect(requests).toEqual([
        `GET /v${version}/electron-v${version}-${process.platform}-${process.arch}.zip HTTP/1.1`,
      ]);
      expect(line).toMatch(
        /^GIL Lab: no Electron binary is installed and it could not be fetched \(.*response.*\), so starting browser mode instead\.$/,
      );
      expect(seconds).toBeLessThan(30);
      const [, url] = await waitForLine(start.stdout, /^GIL Lab at (http:\/\/127\.0\.0\.1:\d+)$/, 60_000);
      expect(start.stderr.filter((l) => /electron|fetch/i.test(l))).toEqual([line]);
      expect(noStackTrace(start.stderr)).toBe(true);
      expect((await fetch(url!)).status).toBe(200);
    } finally {
      await start.stop();
      for (const socket of sockets) socket.destroy();
      mirror.close();
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
