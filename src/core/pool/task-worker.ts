/**
 * Task worker entry: one per pool slot. The same file runs as a worker thread (threads modes,
 * sequential), a child_process fork, or an Electron utilityProcess; only the port differs.
 */
import type { TaskCpuMethod } from '../../shared/vocabulary';
import { CancelledError, GilThread } from '../gil/gil-thread';
import { EventLoop } from './event-loop';
import { createGilBuffer, epochNow, gilViews } from '../gil/gil-layout';
import { ownThreadId, threadCpuNs } from '../monitor/thread-cpu';
import { calibrate, warmUp } from '../workloads/calibrate';
import { GilTaskContext } from '../workloads/context';
import { expectedResult, parseTaskSpec, START_UP_WARM_UPS, warmUpKey } from '../workloads/run-task';
import { connectToParent } from '../workers/parent-port';
import type { TaskSpec } from '../workloads/task-kind';
import { taskDone, WorkerCommandSchema, type WorkerCommand, type WorkerReport } from './task-protocol';

const port = connectToParent();
const send = (report: WorkerReport): void => port.post(report);
let gil: GilThread | undefined;
const warmed = new Set<string>();

function cpuNow(): { ms: number; method: TaskCpuMethod } {
  const ns = threadCpuNs();
  if (ns !== null) return { ms: ns / 1e6, method: 'thread-schedstat' };
  // A process worker has one busy thread, so its process CPU time is the task's.
  if (port.host !== 'worker-thread') {
    const usage = process.cpuUsage();
    return { ms: (usage.user + usage.system) / 1000, method: 'process-cpu-usage' };
  }
  return { ms: performance.now(), method: 'wall-time' };
}

/** Warms a kernel up unless this worker already has (at any size: see warmUpKey). */
function warmOnce(spec: TaskSpec): void {
  const key = warmUpKey(spec);
  if (warmed.has(key)) return;
  warmUp(spec);
  warmed.add(key);
}

/** Runs one task and reports it; false if the run was cancelled. */
function runOne(id: number, spec: TaskSpec): boolean {
  if (!gil) throw new Error('task before run');
  const startedAt = epochNow();
  send({ type: 'started', id, t: startedAt });
  const before = cpuNow();
  try {
    const task = parseTaskSpec(spec);
    gil.take();
    const result = task.kind.run(task.spec, new GilTaskContext(gil));
    gil.idle();
    const after = cpuNow();
    send(taskDone(id, result, { startedAt, endedAt: epochNow() }, { ms: after.ms - before.ms, method: after.method }));
    return true;
  } catch (error) {
    gil.idle();
    const cancelled = error instanceof CancelledError;
    send({ type: 'failed', id, cancelled, message: (error as Error).message });
    return !cancelled;
  }
}

function handle(command: WorkerCommand): void {
  switch (command.type) {
    case 'run': {
      if (command.gil) {
        const { buffer, threads, capacity, index } = command.gil;
        gil = new GilThread(gilViews(buffer, threads, capacity), index);
      } else {
        const buffer = createGilBuffer({
          threads: 1,
          enabled: true,
          switchIntervalMs: command.switchIntervalMs,
          capacity: 16,
        });
        gil = new GilThread(gilViews(buffer, 1, 16), 0, (state, t) => send({ type: 'state', state, t }));
      }
      return;
    }
    case 'task':
      runOne(command.id, command.spec);
      return;
    case 'batch':
      for (let i = 0; i < command.specs.length; i++) {
        // After a cancel, the rest of the list is reported cancelled without running.
        if (!runOne(command.firstId + i, command.specs[i]!)) {
          for (let j = i + 1; j < command.specs.length; j++) {
            send({ type: 'failed', id: command.firstId + j, cancelled: true, message: 'the run was cancelled' });
          }
          return;
        }
      }
      return;
    case 'gather':
      if (!gil) throw new Error('tasks before run');
      void new EventLoop({ gil, send, cpuMs: cpuNow }).gather(command.firstId, command.specs);
      return;
    case 'warm':
      warmOnce(command.spec);
      send({ type: 'warmed', id: command.id });
      return;
    case 'expect':
      send({ type: 'expected', id: command.id, result: expectedResult(command.spec) });
      return;
    case 'calibrate': {
      const { spec, measuredMs } = calibrate(command.spec, command.targetMs);
      send({ type: 'calibrated', id: command.id, spec, measuredMs });
      return;
    }
  }
}

port.onMessage((message) => {
  const parsed = WorkerCommandSchema.safeParse(message);
  if (!parsed.success) {
    console.error(`[gil-lab worker] ignored a malformed command: ${parsed.error.issues[0]?.message ?? ''}`);
    return;
  }
  handle(parsed.data);
});
// The lessons' CPU-bound kernels are warmed before the worker says it is ready, once for its
// whole life: its first task of them runs the code calibration measured, and no round waits.
const warmStarted = performance.now();
for (const spec of START_UP_WARM_UPS) warmOnce(spec);
const warmMs = performance.now() - warmStarted;
send({ type: 'ready', pid: process.pid, host: port.host, tid: ownThreadId(), warmMs });
