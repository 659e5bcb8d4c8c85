import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARENT_PID_ENV } from '../../scripts/lib/parent-watch.mjs';
import { WS_PATH } from '../../src/shared/wire';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface WebHost {
  child: ChildProcessWithoutNullStreams;
  port: number;
  url: string;
  /** Every stderr line so far. */
  stderr: string[];
  /** Resident set size now, in MiB, from /proc. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Starts tests/support/web-host.ts as a real server process with a data folder of its own. */
export async function startWebHost(timeoutMs = 30_000): Promise<WebHost> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-host-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/web-host.ts', dataDir, '10'], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', [PARENT_PID_ENV]: String(process.pid) },
  });
  const stderr: string[] = [];
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + String(chunk)).split('\n');
    partial = lines.pop() ?? '';
    stderr.push(...lines);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no "GIL Lab at" line in ${timeoutMs} ms`)), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const match = out.match(/GIL Lab at (http:\/\/127\.0\.0\.1:\d+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.join('\n')}`)));
    });
    return {
      child,
      url,
      port: Number(new URL(url).port),
      stderr,
      rssMiB: () => {
        const status = readFileSync(`/proc/${child.pid}/status`, 'latin1');
        return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) / 1024;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A WebSocket client written by hand on a raw TCP socket, so it can do what no library client
 * does: send requests while never reading a byte of the answers.
 */
export class RawClient {
  private constructor(readonly socket: net.Socket) {}

  static async connect(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(
      [
        `GET ${WS_PATH} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Origin: http://127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    await new Promise<void>((resolve, reject) => {
      let head = '';
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.off('data', onData);
        if (head.startsWith('HTTP/1.1 101')) resolve();
        else reject(new Error(head.split('\r\n')[0]));
      };
      socket.on('data', onData);
    });
    // From here on the client never reads: the server's answers pile up.
    socket.pause();
    // A reset from the server shows up as an error on the next write; `closed` reports it.
    socket.on('error', () => socket.destroy());
    return new RawClient(socket);
  }

  /** One masked text frame (mask key 0, so the payload goes as is). */
  static frame(text: string): Buffer {
    const payload = Buffer.from(text);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x81, 0x80 | length, 0, 0, 0, 0])
        : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
    return Buffer.concat([header, payload]);
  }

  /** Whether the server has closed or reset the connection. */
  get closed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded || this.socket.writableEnded;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
