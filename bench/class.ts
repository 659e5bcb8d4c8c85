/**
 * `npm run bench -- class`: the teacher's server with N simulated followers over loopback
 * (N = 10, 50, 200), the monitor at 10 Hz and a 16-thread GIL run streaming. Reports the
 * server's main-thread CPU (where every follower's frames are serialised and written) and its
 * growth per follower, delivery delay p95 from the teacher's event to a follower's socket,
 * the server's memory, and whether one follower that stops reading holds the others back.
 * Options: --seconds N (window per step, default 6), --only 10,50,200.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { runNode, waitForLine } from '../tests/e2e/app';
import { printTable, writeResults, type Row } from './lib/report';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const SECONDS = Number(arg('--seconds') ?? 6);
const COUNTS = (arg('--only') ?? '10,50,200').split(',').map(Number);

function mainThreadSeconds(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ')[0]) / 1e9;
}
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'latin1').match(/VmRSS:\s+(\d+)/);
  return Number(line?.[1] ?? 0) / 1024;
}
function p95(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

interface Follower {
  ws: WebSocket;
  sampleDelays: number[];
  laneDelays: number[];
}

/** Records, for each sample and lane batch it is sent, how long after the teacher's event it arrived. */
function recordDelays(ws: WebSocket): Follower {
  const f: Follower = { ws, sampleDelays: [], laneDelays: [] };
  ws.on('message', (data) => {
    const now = Date.now();
    const m = JSON.parse(String(data)) as { channel?: string; payload?: { t?: number; events?: { t?: number }[] } };
    if (m.channel === 'monitor:sampled' && m.payload?.t) f.sampleDelays.push(now - m.payload.t);
    if (m.channel === 'run:progressed') {
      const last = Math.max(...(m.payload?.events ?? []).map((e) => e.t ?? 0));
      if (last > 0) f.laneDelays.push(now - last);
    }
  });
  return f;
}

function connect(joinUrl: string, i: number, reading = true): Promise<Follower> {
  const u = new URL(joinUrl);
  const ws = new WebSocket(`ws://${u.host}${u.pathname}/ws`, {
    origin: u.origin,
    localAddress: `127.1.${Math.floor(i / 200)}.${1 + (i % 200)}`,
  });
  const f = recordDelays(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      // A follower that stops reading: its socket is never read again, so the server's buffer for it fills.
      if (!reading) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      resolve(f);
    });
    ws.once('error', reject);
  });
}

/** The teacher's own connection: it invokes, and its delays are the baseline a follower's are read against. */
async function control(url: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url });
  const own = recordDelays(ws);
  await new Promise((resolve) => ws.once('open', resolve));
  let id = 0;
  const invoke = (channel: string, payload: unknown) =>
    new Promise((resolve) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(String(data)) as { type: string; id: number };
        if (m.type === 'result' && m.id === mine) {
          ws.off('message', onMessage);
          resolve(m);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'invoke', id: mine, channel, payload }));
    });
  return { invoke, own };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-bench-class-'));
const server = runNode([
  'out/main/server.js',
  '--port',
  '0',
  '--no-open',
  '--data-dir',
  dataDir,
  '--share',
  '--share-host',
  '127.0.0.2',
]);
const followers: Follower[] = [];
try {
  const [, url] = await waitForLine(server.stdout, /^GIL Lab at (http:\/\/127\.0\.0\.1:\d+)$/);
  const [, joinUrl] = await waitForLine(server.stdout, /^GIL Lab class at (\S+)$/);
  const pid = server.child.pid!;
  const { invoke, own } = await control(url!);
  await invoke('monitor:set-rate', { hz: 10 });
  const startRun = () =>
    invoke('run:start', {
      params: { workload: 'cpu', mode: 'threads-gil', workers: 16, tasks: 400, taskMs: 100 },
      baseline: false,
    });
  const measure = async (label: string, stalled = false) => {
    for (const f of [...followers, own]) {
      f.sampleDelays.length = 0;
      f.laneDelays.length = 0;
    }
    const a = mainThreadSeconds(pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const cpu = ((mainThreadSeconds(pid) - a) / ((performance.now() - t0) / 1000)) * 100;
    const reading = followers.filter((f) => f.ws.readyState === WebSocket.OPEN);
    const samples = reading.flatMap((f) => f.sampleDelays);
    const lanes = reading.flatMap((f) => f.laneDelays);
    const result = {
      label,
      followers: followers.length,
      stalled,
      mainThreadPercent: cpu,
      rssMiB: rssMiB(pid),
      sampleP95Ms: p95(samples),
      laneP95Ms: p95(lanes),
      samplesPerFollower: samples.length / Math.max(1, reading.length),
      teacherSampleP95Ms: p95(own.sampleDelays),
      teacherLaneP95Ms: p95(own.laneDelays),
    };
    console.log(JSON.stringify(result));
    return result;
  };

  await startRun();
  const results = [await measure('0 followers')];
  for (const n of COUNTS) {
    while (followers.length < n) followers.push(await connect(joinUrl!, followers.length));
    results.push(await measure(`${n} followers`));
    if (n === COUNTS[1] || COUNTS.length === 1) {
      const slow = await connect(joinUrl!, 10_000, false);
      results.push(await measure(`${n} followers + 1 not reading`, true));
      slow.ws.terminate();
    }
  }
  const base = results[0]!.mainThreadPercent;
  const rows: Row[] = results.map((r) => ({
    measure: r.label,
    value: `main thread ${r.mainThreadPercent.toFixed(1)}% of a core · RSS ${r.rssMiB.toFixed(0)} MiB · followers' p95 samples ${r.sampleP95Ms.toFixed(0)} ms, lanes ${r.laneP95Ms.toFixed(0)} ms (teacher's own socket: ${r.teacherSampleP95Ms.toFixed(0)} ms, ${r.teacherLaneP95Ms.toFixed(0)} ms)`,
    target: r.followers === 200 ? 'p95 ≤ 300 ms, ≤ 15% of a core' : '',
    note:
      r.followers > 0
        ? `${((r.mainThreadPercent - base) / r.followers).toFixed(3)}% of a core per follower over 0; ${r.samplesPerFollower.toFixed(0)} samples each`
        : 'the run and monitor alone',
  }));
  const md = printTable(`class: followers of a 16-thread GIL run, monitor at 10 Hz, ${SECONDS} s windows`, rows);
  console.log(`results in ${writeResults('class', { seconds: SECONDS, results }, md)}`);
} finally {
  for (const f of followers) f.ws.terminate();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
