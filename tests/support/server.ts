import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { startWebServer, type WebServer } from '../../src/server/web-server';
import { createTestBackends } from './pools';
import { sourceWorkerLocator } from './workers';

export interface TestServer {
  core: LabCore;
  server: WebServer;
  logs: string[];
  close(): Promise<void>;
}

/** A real browser-mode server on a free port, serving a stand-in page, with a real engine. */
export async function startTestServer(port = 0, options: { pools?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>GIL Lab</title>');
  const core = new LabCore({
    app: appInfo('browser'),
    monitor: { locateWorker: sourceWorkerLocator, hz: 10 },
    backends: options.pools ? createTestBackends() : undefined,
  });
  const logs: string[] = [];
  const server = await startWebServer({ core, rendererDir: dir, port, log: (line) => logs.push(line) });
  core.start();
  return {
    core,
    server,
    logs,
    close: async () => {
      await server.close();
      await core.close();
    },
  };
}

/** Opens a client the way a page served by `server` would (same Origin). */
export function openClient(server: WebServer, headers: Record<string, string> = {}, origin = server.url): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin, headers });
}

export function nextMessage(ws: WebSocket, match: (m: Record<string, unknown>) => boolean = () => true) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (!match(message)) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${String(reason)}`)));
  });
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}
