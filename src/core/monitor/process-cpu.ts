import { readFileSync } from 'node:fs';

/**
 * Linux reports process times in clock ticks of USER_HZ, which the kernel fixes at 100 on
 * every architecture it exports to user space (sysconf(_SC_CLK_TCK)).
 */
const TICKS_PER_SECOND = 100;

/**
 * CPU time used so far, in ms, by a process and all its threads: this process from Node
 * itself, another from `/proc/<pid>/stat` (utime + stime). Null where it can't be read: the
 * process is gone, or the platform has no /proc.
 */
export function processCpuMs(pid: number): number | null {
  if (pid === process.pid) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
  if (process.platform !== 'linux') return null;
  try {
    return cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

/** utime and stime from a /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function cpuMsFromStat(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, fields count from 3 (state): utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}
