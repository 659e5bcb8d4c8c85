import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  DEFAULT_MAX_FOLLOWERS,
  MAX_CONNECTIONS_PER_ADDRESS,
  MAX_FOLLOWER_MESSAGE_BYTES,
  SHARING_ENDED_CLOSE_CODE,
  mayInvoke,
} from '../../shared/class-contract';
import { ContractError, isInvokeChannel } from '../../shared/contract';
import type { LabCore } from '../lab-core';
import type { Sharer } from '../classroom/classroom';
import { hidePaths } from '../classroom/hide-paths';
import type { ReplayEvent } from '../classroom/live-replay';
import { newJoinToken, newRoomCode, splitJoinPath, tokenMatches } from './join-token';
import { originsOf, SECURITY_HEADERS, shareHosts } from './security';
import { receiveSubmission } from './share-submit';
import { staticAssets } from './static-assets';
import { eventFrame, serveClient, type ClientPort } from './ws-client';

export interface ShareListenerOptions {
  core: Pick<LabCore, 'invoke' | 'classroom'>;
  rendererDir: string;
  /** The address to listen on; 0.0.0.0 is every interface. */
  host: string;
  port: number;
  maxFollowers?: number;
  maxPerAddress?: number;
  log?: (line: string) => void;
}

export interface ShareListener {
  readonly joinUrl: string;
  readonly roomCode: string;
  readonly port: number;
  readonly maxFollowers: number;
  /** Ends sharing: every follower is disconnected at once and the socket stops listening. */
  close(): Promise<void>;
}

/** The close a follower sees when the teacher ends sharing; the follow page stops reconnecting on it. */
export const SHARING_ENDED_CLOSE = { code: SHARING_ENDED_CLOSE_CODE, reason: 'sharing ended' } as const;

/** IPv4-mapped IPv6 addresses as the IPv4 address they are, so one machine counts once. */
export function remoteAddressOf(socket: { remoteAddress?: string }): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** The address put in the join link: the one bound, or this machine's first LAN address when bound to all. */
function joinHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host;
  const lan = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal);
  return lan?.address ?? '127.0.0.1';
}

/**
 * The shared listener: a second socket, apart from the loopback one, through which the class
 * follows. It uses the same engine and the same per-connection code as browser mode, but every
 * connection on it is a follower: it watches and cannot act, and it gets nothing without the
 * join token in its path.
 */
export async function startShareListener(options: ShareListenerOptions): Promise<ShareListener> {
  const log = options.log ?? ((line: string) => console.error(`[gil-lab class] ${line}`));
  const { core } = options;
  const token = newJoinToken();
  const roomCode = newRoomCode();
  const maxFollowers = options.maxFollowers ?? DEFAULT_MAX_FOLLOWERS;
  const maxPerAddress = options.maxPerAddress ?? MAX_CONNECTIONS_PER_ADDRESS;
  const assets = staticAssets(options.rendererDir);
  let hosts = new Set<string>();
  let origins = new Set<string>();

  const forbid = (res: ServerResponse): void => {
    res.writeHead(403, { 'Content-Type': 'text/plain', ...SECURITY_HEADERS }).end('Forbidden\n');
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!hosts.has(req.headers.host ?? '')) {
      log(`refused HTTP request with Host ${JSON.stringify(req.headers.host ?? '')}`);
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const join = splitJoinPath(url.pathname);
    if (!join || !tokenMatches(join.token, token)) return forbid(res);
    if (join.rest === '/submit' && req.method === 'POST') {
      return receiveSubmission(req, res, core.classroom, remoteAddressOf(req.socket), log);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // The page's assets are relative, so the follow page lives in the token's folder.
    if (join.rest === '') {
      res.writeHead(302, { Location: `/join/${token}/`, ...SECURITY_HEADERS }).end();
      return;
    }
    req.url = join.rest === '/' ? '/index.html' : join.rest;
    assets(req, res);
  });

  // Everyone the listener serves hears the same events: each is serialised once for all of them.
  const delivers = new Set<(frame: string) => void>();
  const stopFeed = core.classroom.followFeed((event: ReplayEvent) => {
    if (delivers.size === 0) return;
    const frame = eventFrame(event.channel, event.payload);
    for (const deliver of delivers) deliver(frame);
  });
  const followerPort: ClientPort = {
    invoke: async (channel, payload) => {
      if (!isInvokeChannel(channel)) throw new ContractError('unknown-channel', 'Unknown channel');
      if (!mayInvoke('follower', channel)) {
        throw new ContractError('refused', `Followers watch the teacher's screen; ${channel} is not open to them.`);
      }
      return hidePaths(await core.invoke(channel, payload));
    },
    events: (deliver) => {
      for (const event of core.classroom.joinEvents()) deliver(eventFrame(event.channel, event.payload), true);
      delivers.add(deliver);
      return () => delivers.delete(deliver);
    },
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FOLLOWER_MESSAGE_BYTES,
    allowSynchronousEvents: false,
  });
  const perAddress = new Map<string, number>();
  let followers = 0;
  let nextId = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string, reason: string): void => {
      log(`refused follower: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n\r\n`);
    };
    const join = splitJoinPath(new URL(req.url ?? '/', 'http://x').pathname);
    if (!join || !tokenMatches(join.token, token) || join.rest !== '/ws') return refuse(403, 'Forbidden', 'no token');
    if (!hosts.has(req.headers.host ?? '')) {
      return refuse(403, 'Forbidden', `Host ${JSON.stringify(req.headers.host ?? '')} is not this listener`);
    }
    const origin = req.headers.origin;
    if (!origin || !origins.has(origin)) {
      return refuse(403, 'Forbidden', `Origin ${JSON.stringify(origin ?? '(none)')} is not allowed`);
    }
    const address = remoteAddressOf(req.socket);
    if ((perAddress.get(address) ?? 0) >= maxPerAddress) {
      return refuse(429, 'Too Many Requests', `${address} already holds ${maxPerAddress} connections`);
    }
    if (followers >= maxFollowers) return refuse(503, 'Service Unavailable', `the class is full (${maxFollowers})`);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      followers++;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      const id = ++nextId;
      const userAgent = String(req.headers['user-agent'] ?? '').slice(0, 200);
      core.classroom.followerJoined({ id, address, userAgent, joinedAt: new Date().toISOString() });
      ws.once('close', () => {
        followers--;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
        core.classroom.followerLeft(id);
      });
      serveClient(ws, followerPort, id, (line) => log(line.replace(/^client/, 'follower')));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = shareHosts(options.host, port, interfaceAddresses());
  origins = originsOf(hosts);
  const host = joinHost(options.host);
  const hostPart = host.includes(':') ? `[${host}]` : host;

  return {
    joinUrl: `http://${hostPart}:${port}/join/${token}`,
    roomCode,
    port,
    maxFollowers,
    close: async () => {
      stopFeed();
      delivers.clear();
      for (const ws of wss.clients) {
        ws.close(SHARING_ENDED_CLOSE.code, SHARING_ENDED_CLOSE.reason);
        // Cut off at once: the close frame is a courtesy, not something to wait for.
        setImmediate(() => ws.terminate());
      }
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sharing as the app turns it on and off: a fresh listener, and so a fresh token, each time. */
export function classSharer(options: ShareListenerOptions): Sharer {
  let listener: ShareListener | undefined;
  return {
    start: async () => {
      listener ??= await startShareListener(options);
      return { joinUrl: listener.joinUrl, roomCode: listener.roomCode, maxFollowers: listener.maxFollowers };
    },
    stop: async () => {
      const closing = listener;
      listener = undefined;
      await closing?.close();
    },
  };
}
