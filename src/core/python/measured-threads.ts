import type { MeasuredThread, MeasuredThreads } from '../../shared/measurement';
import type { TaskRecord } from '../run/run-result';
import type { SamplerTotals, ThreadTotals } from './thread-sampler-protocol';

const NS_PER_MS = 1e6;

export interface MeasuredThreadsInput {
  records: readonly TaskRecord[];
  /** Each worker's OS thread, by its native id, as the worker reported it. */
  byTid: ReadonlyMap<number, { worker: number; pid: number }>;
  /** The sampler's totals at the round's start and end; null where threads weren't sampled. */
  from: SamplerTotals | null;
  to: SamplerTotals | null;
  hz: number | null;
  wallMs: number;
}

function shares(run: number, wait: number, futex: number, io: number): MeasuredThread['shares'] {
  const total = run + wait + futex + io;
  if (total <= 0) return { running: 0, runnable: 0, futex: 0, io: 0 };
  return { running: run / total, runnable: wait / total, futex: futex / total, io: io / total };
}

/**
 * Every thread of a real Python round as the OS measured it: what each did between the round's
 * start and end (the difference of two sampler snapshots), named by its worker number where it
 * is a worker. Off Linux, or without the sampler, only each worker's CPU time from its tasks, and
 * the method says so.
 */
export function measuredThreads(input: MeasuredThreadsInput): MeasuredThreads {
  const { from, to } = input;
  if (from && to) {
    const before = new Map<number, ThreadTotals>(from.threads.map((t) => [t.tid, t]));
    const list: MeasuredThread[] = [];
    for (const end of to.threads) {
      const start = before.get(end.tid);
      const d = (key: 'runNs' | 'waitNs' | 'lifeNs' | 'futexSamples' | 'ioSamples') =>
        Math.max(0, end[key] - (start?.[key] ?? 0));
      const [run, wait] = [d('runNs') / NS_PER_MS, d('waitNs') / NS_PER_MS];
      // Time neither on a core nor runnable was asleep: split by what the ticks found it asleep in.
      const slept = Math.max(0, d('lifeNs') / NS_PER_MS - run - wait);
      const sleepTicks = d('futexSamples') + d('ioSamples');
      const futex = sleepTicks > 0 ? (slept * d('futexSamples')) / sleepTicks : 0;
      const io = Math.max(0, slept - futex);
      if (run + wait + futex + io <= 0) continue;
      const worker = input.byTid.get(end.tid)?.worker ?? null;
      list.push({
        pid: end.pid,
        tid: end.tid,
        worker,
        name: end.name || (end.tid === end.pid ? 'main' : 'thread'),
        onCpuMs: run,
        runnableMs: wait,
        futexMs: futex,
        ioMs: io,
        shares: shares(run, wait, futex, io),
      });
    }
    list.sort((a, b) => (a.worker ?? Infinity) - (b.worker ?? Infinity) || a.tid - b.tid);
    const wallNs = to.wallNs - from.wallNs;
    const cpuNs = to.cpuNs !== null && from.cpuNs !== null ? to.cpuNs - from.cpuNs : null;
    return {
      method: 'proc-task-sampling',
      hz: input.hz,
      ticks: to.ticks - from.ticks,
      samplerCost: cpuNs !== null && wallNs > 0 ? cpuNs / wallNs : null,
      list,
    };
  }
  const list: MeasuredThread[] = [];
  for (const [tid, { worker, pid }] of input.byTid) {
    const cpu = input.records.filter((t) => t.worker === worker).reduce((s, t) => s + t.cpuMs, 0);
    const rest = Math.max(0, input.wallMs - cpu);
    list.push({
      pid,
      tid,
      worker,
      name: 'worker',
      onCpuMs: cpu,
      runnableMs: 0,
      futexMs: 0,
      ioMs: 0,
      // Only on-CPU time is known here; the rest of the round can't be told apart.
      shares: { running: input.wallMs > 0 ? Math.min(1, cpu / (cpu + rest)) : 0, runnable: 0, futex: 0, io: 0 },
    });
  }
  return { method: 'task-spans', hz: null, ticks: 0, samplerCost: null, list };
}
