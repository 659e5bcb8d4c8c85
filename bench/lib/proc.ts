import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface CpuReading {
  at: number;
  /** utime + stime of every thread of the process, seconds. */
  selfSeconds: number;
  /** cutime + cstime: children it spawned and reaped, seconds. */
  childSeconds: number;
  /** Sum of the scheduler's exact on-CPU time of the live threads, seconds. */
  threadsSeconds: number;
}

/** CPU used so far by a process, from /proc (Linux only). */
export function readCpu(pid: number): CpuReading {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after the parenthesised command name; utime is field 14 overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = (i: number) => Number(fields[i - 3]);
  let threadsNs = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      threadsNs += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // thread exited between listing and reading
    }
  }
  return {
    at: performance.now(),
    selfSeconds: (ticks(14) + ticks(15)) / CLK_TCK,
    childSeconds: (ticks(16) + ticks(17)) / CLK_TCK,
    threadsSeconds: threadsNs / 1e9,
  };
}

/** Percent of one core between two readings, children included. */
export function percentOfCore(a: CpuReading, b: CpuReading): { total: number; children: number; threads: number } {
  const wall = (b.at - a.at) / 1000;
  return {
    total: (100 * (b.selfSeconds - a.selfSeconds + b.childSeconds - a.childSeconds)) / wall,
    children: (100 * (b.childSeconds - a.childSeconds)) / wall,
    threads: (100 * (b.threadsSeconds - a.threadsSeconds)) / wall,
  };
}
