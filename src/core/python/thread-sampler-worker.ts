/**
 * /proc thread sampler entry: samples every thread of the processes the host watches (a Python
 * runner and its worker processes) at the rate in the shared control block, off the engine's
 * main thread. It sleeps in Atomics.wait between ticks, takes the host's commands from its port
 * without waking an event loop, and measures its own CPU time so the lab can show what it costs.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SchedstatReader } from '../monitor/thread-cpu';
import { listThreads, ProcThread } from './proc-threads';
import {
  HostCommandSchema,
  SAMPLER_CONTROL as CONTROL,
  ThreadSamplerConfigSchema,
  type SamplerMessage,
} from './thread-sampler-protocol';

/** New threads are looked for this often: pools start theirs before the round's clock. */
const RESCAN_MS = 100;
/** State changes travel in batches this often. */
const SEND_MS = 50;

const port = parentPort!;
const control = new Int32Array(ThreadSamplerConfigSchema.parse(workerData).control);
const own = SchedstatReader.own();
const startedNs = process.hrtime.bigint();
const startedCpu = own?.read()?.runNs ?? null;
const send = (message: SamplerMessage): void => port.postMessage(message);

let pids: number[] = [];
const threads = new Map<number, ProcThread>();
/** The same threads as an array: what every tick walks, without an iterator per tick. */
let sampled: ProcThread[] = [];
let changes: Extract<SamplerMessage, { type: 'states' }>['changes'] = [];
let ticks = 0;

function rescan(): void {
  let changed = false;
  for (const pid of pids) {
    for (const tid of listThreads(pid)) {
      if (threads.has(tid)) continue;
      const thread = ProcThread.open(pid, tid);
      if (!thread) continue;
      threads.set(tid, thread);
      changed = true;
    }
  }
  if (changed) sampled = [...threads.values()];
}

function command(raw: unknown): void {
  const cmd = HostCommandSchema.parse(raw);
  if (cmd.type === 'watch') {
    pids = cmd.pids;
    // What the processes no longer watched did is of no use to anyone now.
    if (pids.length === 0) changes = [];
    // A thread that has gone keeps its totals while its process is watched (a round's last
    // snapshot needs them); the round's end watches nothing, which lets every id go.
    for (const [tid, thread] of threads) {
      if (pids.includes(thread.pid)) continue;
      thread.close();
      threads.delete(tid);
    }
    sampled = [...threads.values()];
    rescan();
    return;
  }
  for (const thread of sampled) thread.refresh();
  const ownNow = own?.read()?.runNs ?? null;
  send({
    type: 'totals',
    id: cmd.id,
    t: Date.now(),
    ticks,
    cpuNs: ownNow !== null && startedCpu !== null ? ownNow - startedCpu : null,
    wallNs: Number(process.hrtime.bigint() - startedNs),
    threads: [...threads.values()].map((t) => ({
      pid: t.pid,
      tid: t.tid,
      name: t.name,
      runNs: t.runNs,
      waitNs: t.waitNs,
      lifeNs: t.lifeNs,
      futexSamples: t.futexSamples,
      ioSamples: t.ioSamples,
    })),
  });
}

/** One tick: every thread read once, and whatever changed queued for the host. */
function tickAll(dtNs: number): void {
  let t = 0;
  for (let i = 0; i < sampled.length; i++) {
    const thread = sampled[i]!;
    const state = thread.tick(dtNs);
    if (state === null) continue;
    if (t === 0) t = Date.now();
    changes.push({ pid: thread.pid, tid: thread.tid, t, state });
  }
}

/**
 * The sampling loop. It runs for the sampler's whole life in one call, so what it does per tick
 * lives in functions the JIT optimises after a few calls (a loop body is optimised late).
 */
function sample(): void {
  const { GENERATION, HZ, STOP } = CONTROL;
  let lastTick = process.hrtime.bigint();
  let lastRescan = performance.now();
  let lastSend = lastRescan;
  let nextDue = lastRescan;
  while (Atomics.load(control, STOP) === 0) {
    // The word is read before the port is drained, so a command posted after the drain changes
    // it and the wait below returns at once.
    const generation = Atomics.load(control, GENERATION);
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      command(message.message);
    }
    // With nothing to watch it sleeps until the host says something: no ticks between rounds.
    if (pids.length === 0) {
      Atomics.wait(control, GENERATION, generation);
      lastTick = process.hrtime.bigint();
      nextDue = performance.now();
      continue;
    }
    const wait = nextDue - performance.now();
    if (wait > 0 && Atomics.wait(control, GENERATION, generation, wait) !== 'timed-out') continue;
    const now = process.hrtime.bigint();
    tickAll(Number(now - lastTick));
    lastTick = now;
    ticks++;
    const ms = performance.now();
    nextDue += 1000 / Math.max(1, Atomics.load(control, HZ));
    if (nextDue < ms) nextDue = ms + 1000 / Math.max(1, Atomics.load(control, HZ));
    if (ms - lastRescan >= RESCAN_MS) {
      lastRescan = ms;
      rescan();
    }
    if (changes.length && ms - lastSend >= SEND_MS) {
      lastSend = ms;
      send({ type: 'states', changes });
      changes = [];
    }
  }
}

sample();
for (const thread of threads.values()) thread.close();
own?.close();
process.exit(0);
