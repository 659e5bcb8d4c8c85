import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { classSharer, type ShareListenerOptions } from '../../src/core/net/share-listener';
import { startWebServer, type WebServer } from '../../src/server/web-server';
import type { ShareStatus } from '../../src/shared/class-contract';
import { createTestBackends } from './pools';
import { sourceWorkerLocator } from './workers';

/** One message as the wire carries it. */
export type Wire = {
  type?: string;
  id?: number;
  channel?: string;
  ok?: boolean;
  payload?: unknown;
  value?: unknown;
  error?: { code: string; message: string };
};

/**
 * A client that keeps every message it is sent from the moment it connects, and can invoke:
 * events can arrive in the same read as the reply before them, so nothing is matched late.
 */
export class WireClient {
  readonly messages: Wire[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Wire));
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  async invoke(channel: string, payload?: unknown, timeoutMs = 10_000): Promise<Wire> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    return this.until((m) => m.type === 'result' && m.id === id, timeoutMs, `reply to ${channel}`);
  }

  events(channel: string): Wire[] {
    return this.messages.filter((m) => m.type === 'event' && m.channel === channel);
  }

  async until(match: (m: Wire) => boolean, timeoutMs: number, what: string): Promise<Wire> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface ClassServer {
  core: LabCore;
  server: WebServer;
  logs: string[];
  rendererDir: string;
  control(): Promise<WireClient>;
  share(): Promise<ShareStatus>;
  close(): Promise<void>;
}

/**
 * A teacher's browser-mode server for tests: the loopback listener on 127.0.0.1 with a real
 * engine and a sessions folder, and sharing on a second loopback address.
 */
export async function startClassServer(
  share: Partial<Pick<ShareListenerOptions, 'host' | 'maxPerAddress' | 'maxFollowers'>> = {},
): Promise<ClassServer> {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-renderer-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-class-data-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>GIL Lab</title>');
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const core = new LabCore({
    app: appInfo('browser'),
    monitor: { locateWorker: sourceWorkerLocator, hz: 10 },
    backends: createTestBackends(),
    sessions: { dataDir },
    log,
  });
  const server = await startWebServer({ core, rendererDir, port: 0, log });
  core.classroom.useSharer(classSharer({ core, rendererDir, host: '127.0.0.2', port: 0, log, ...share }));
  core.start();
  const clients: WireClient[] = [];
  const control = async () => {
    const client = new WireClient(new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: server.url }));
    clients.push(client);
    await client.opened();
    return client;
  };
  return {
    core,
    server,
    logs,
    rendererDir,
    control,
    share: async () => {
      const c = await control();
      const reply = await c.invoke('class:share-start', {});
      c.close();
      return reply.value as ShareStatus;
    },
    close: async () => {
      for (const c of clients) c.close();
      await core.invoke('class:share-stop', {});
      await server.close();
      await core.close();
      rmSync(rendererDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A follower connecting the way the follow page does, from `localAddress` on loopback. */
export function follower(
  joinUrl: string,
  options: { localAddress?: string; token?: string; host?: string } = {},
): WireClient {
  const url = new URL(joinUrl);
  const token = options.token ?? url.pathname.split('/')[2]!;
  const ws = new WebSocket(`ws://${url.host}/join/${token}/ws`, {
    origin: url.origin,
    localAddress: options.localAddress,
    headers: options.host ? { host: options.host } : {},
  });
  return new WireClient(ws);
}
