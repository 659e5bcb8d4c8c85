import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { LabCore } from '../core/lab-core';
import { MAX_MESSAGE_BYTES } from '../shared/limits';
import { WS_PATH } from '../shared/wire';
import { allowedHosts, allowedOrigins, LOOPBACK_HOST } from '../core/net/security';
import { staticAssets } from '../core/net/static-assets';
import { controlPort, serveClient } from '../core/net/ws-client';

export interface WebServerOptions {
  core: LabCore;
  rendererDir: string;
  port: number;
  log?: (line: string) => void;
}

export interface WebServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the built renderer and the engine's WebSocket on 127.0.0.1 only. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.log ?? ((line: string) => console.error(`[gil-lab web] ${line}`));
  const assets = staticAssets(options.rendererDir);
  let port = options.port;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts(port).has(req.headers.host ?? '')) {
      log(`refused HTTP request with Host ${JSON.stringify(req.headers.host ?? '')}`);
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    assets(req, res);
  });

  // One message per turn of the event loop, so a client flooding the socket can't hold the
  // loop for the length of a whole TCP read while other clients' samples wait.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, allowSynchronousEvents: false });
  let clients = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string): void => {
      log(`refused WebSocket: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Bad Request'}\r\nConnection: close\r\n\r\n`);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH) return refuse(400, `unknown path ${JSON.stringify(path)}`);
    if (!allowedHosts(port).has(req.headers.host ?? '')) {
      return refuse(403, `Host ${JSON.stringify(req.headers.host ?? '')} is not this server`);
    }
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins(port).has(origin)) {
      return refuse(403, `Origin ${JSON.stringify(origin ?? '(none)')} is not allowed`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const id = ++clients;
      serveClient(ws, controlPort(options.core), id, log);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://${LOOPBACK_HOST}:${port}`,
    close: async () => {
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
