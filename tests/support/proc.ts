import { readdirSync, readFileSync } from 'node:fs';

/** A process's state letter and parent pid from /proc/<pid>/stat, or null once it is gone. */
function stat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name in parentheses may hold spaces; the fields after it don't.
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/** Whether a process is still there and not a zombie waiting to be reaped. */
export function alive(pid: number): boolean {
  const s = stat(pid);
  return s !== null && s.state !== 'Z';
}

/** Every live process under `root` (children, their children, and so on), read from /proc at this moment. */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s && s.state !== 'Z') parentOf.set(Number(name), s.ppid);
  }
  const under = (pid: number): boolean => {
    // A process tree is shallow; the count bounds the walk should /proc change under it.
    for (let hops = 0, p = parentOf.get(pid); p !== undefined && hops < 64; hops++, p = parentOf.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  return [...parentOf.keys()].filter(under);
}

/** Every live process under `root` whose command line names `needle`. */
export function descendantsRunning(root: number, needle: string): number[] {
  return descendants(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(needle);
    } catch {
      return false;
    }
  });
}

/**
 * CPU ms of every process on the machine from /proc, its own and its reaped children's (fields 14
 * to 17 of its stat line): an account of the load independent of the monitor's. A process that
 * appears between two readings started in between, so all of its time counts.
 */
export function everyProcessCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      if (Number.isFinite(ticks)) cpu.set(Number(name), ticks * 10);
    } catch {
      // Gone since the listing.
    }
  }
  return cpu;
}

/**
 * The machine's times from /proc/stat's first line, in ms summed over its cores. `busy` counts as
 * the monitor does (and top): user, nice, system, irq, softirq and steal. `uncharged` is the part
 * of it no process is charged for: interrupts, softirqs, and the host's steal on a shared virtual
 * machine, so an account of other load from the processes alone must add it.
 */
export function machineTimes(): { busy: number; total: number; uncharged: number } {
  const f = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const ms = (i: number) => (f[i] ?? 0) * 10;
  const uncharged = ms(5) + ms(6) + ms(7);
  const busy = ms(0) + ms(1) + ms(2) + uncharged;
  return { busy, total: busy + ms(3) + ms(4), uncharged };
}

/**
 * CPU ms so far of everything on the machine but `root` and its descendants: every other
 * process, and the time charged to no process. Two readings apart give other programs' load
 * beside a process tree (a browser drawing its page among them).
 */
export function cpuOutside(root: number): number {
  const tree = new Set([root, ...descendants(root)]);
  let ms = machineTimes().uncharged;
  for (const [pid, used] of everyProcessCpu()) if (!tree.has(pid)) ms += used;
  return ms;
}
