import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { startWebServer, type WebServer } from '../../src/server/web-server';
import { readSession } from '../../src/renderer/src/stores/session-documents';
import { WebSocketTransport } from '../../src/renderer/src/transport/ws-transport';
import { TransportError } from '../../src/renderer/src/transport/transport';
import { SESSION_READ_CHUNK_CHARS } from '../../src/shared/session-read';
import type { SessionDocument } from '../../src/shared/session';
import { folderWithLargeSession } from '../support/large-session';
import { sourceWorkerLocator } from '../support/workers';

/** A long session opened the way the page opens it in browser mode, over the real server and engine. */
describe('a session read in pieces over the WebSocket', () => {
  let core: LabCore;
  let server: WebServer;
  let rendererDir: string;
  let folder: Awaited<ReturnType<typeof folderWithLargeSession>>;
  /** Every frame the page's socket received, by size. */
  const frames: number[] = [];
  const globals = globalThis as unknown as { WebSocket?: unknown };
  const original = globals.WebSocket;

  beforeAll(async () => {
    folder = await folderWithLargeSession();
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-session-read-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>GIL Lab</title>');
    core = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 10 },
      sessions: { dataDir: folder.dataDir },
      log: () => {},
    });
    server = await startWebServer({ core, rendererDir, port: 0, log: () => {} });
    const origin = server.url;
    globals.WebSocket = class extends WebSocket {
      constructor(url: string) {
        super(url, { origin });
        this.on('message', (data: Buffer) => frames.push(data.length));
      }
    };
  }, 60_000);
  afterAll(async () => {
    globals.WebSocket = original;
    await server?.close();
    await core?.close();
    folder?.remove();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const url = () => `ws://127.0.0.1:${server.port}/ws`;

  it('arrives in several messages, none much over a chunk, and is equal to the document', async () => {
    const transport = new WebSocketTransport(url());
    try {
      frames.length = 0;
      const started = performance.now();
      const doc = await readSession(transport, folder.doc.id);
      console.log(
        `read ${frames.length} messages, largest ${Math.max(...frames)} bytes, in ${(performance.now() - started).toFixed(0)} ms`,
      );
      expect(frames.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...frames)).toBeLessThan(SESSION_READ_CHUNK_CHARS + 1024);
      expect(doc).toEqual(folder.doc);
      expect(doc).toEqual((await core.invoke('session:get', { id: folder.doc.id })) as SessionDocument);
    } finally {
      transport.close();
    }
  });

  it('fails with the engine’s reason when a chunk is asked of a read that is over', async () => {
    const transport = new WebSocketTransport(url());
    try {
      const { version } = await transport.invoke('session:read-begin', { id: folder.doc.id });
      const error = await transport
        .invoke('session:read-chunk', { id: folder.doc.id, version: `${version}x`, index: 0 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'refused', message: expect.stringMatching(/open it again/) });
    } finally {
      transport.close();
    }
  });
});
