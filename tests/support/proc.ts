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

/**
 * Every live process under `root` (children, their children, and so on) whose command line
 * names `needle`, read from /proc at this moment.
 */
export function descendantsRunning(root: number, needle: string): number[] {
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
  return [...parentOf.keys()].filter((pid) => {
    if (!under(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(needle);
    } catch {
      return false;
    }
  });
}
